"""A throwaway ``redis-server`` on a free loopback port, for the distributed tests."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_for_port(port: int, proc: subprocess.Popen[bytes], what: str) -> None:
    """Return once ``port`` accepts connections; fail if ``proc`` died or 20 s passed."""
    give_up = time.monotonic() + 20
    while time.monotonic() < give_up:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited with {proc.returncode} before listening")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.02)
    raise RuntimeError(f"{what} did not listen on port {port} within 20 s")


class RedisServer:
    """One ``redis-server`` process; `restart` keeps its port, `paused` stalls it.

    Args:
        workdir: Where the server writes its append-only file, if it keeps one.
        persistent: Keep an append-only file (fsync on every write), as a
            production Redis would, so that a restart loses nothing.
    """

    def __init__(self, workdir: Path, *, persistent: bool = False) -> None:
        executable = shutil.which("redis-server")
        if executable is None:
            message = "redis-server is not installed (Debian: apt-get install redis-server)"
            if os.environ.get("CI"):
                pytest.fail(message)
            pytest.skip(message)
        self._executable = executable
        self._workdir = workdir
        self._persistence = ["--appendonly", "yes", "--appendfsync", "always"]
        if not persistent:
            self._persistence = ["--appendonly", "no"]
        self.port = free_port()
        self._proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """``redis://127.0.0.1:<port>/0``."""
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        """Start the server and wait until it accepts connections."""
        args = [self._executable, "--port", str(self.port), "--bind", "127.0.0.1"]
        args += ["--save", "", *self._persistence, "--dir", str(self._workdir)]
        self._proc = subprocess.Popen(
            args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=self._workdir
        )
        wait_for_port(self.port, self._proc, "redis-server")

    @contextmanager
    def paused(self) -> Iterator[None]:
        """Stall the server (``SIGSTOP``): its connections stay open, nothing answers.

        It is resumed (``SIGCONT``) on leaving, whatever happened inside; `stop`
        resumes it too, so a test that fails while it is paused leaves no stopped process.
        """
        assert self._proc is not None, "start() the server first"
        self._proc.send_signal(signal.SIGSTOP)
        try:
            yield
        finally:
            self.resume()

    def resume(self) -> None:
        """Let a paused server go on (``SIGCONT``); harmless when it is not paused."""
        if self._proc is not None and self._proc.poll() is None:
            self._proc.send_signal(signal.SIGCONT)

    def stop(self) -> None:
        """Stop the server (its data is gone unless it is persistent); a paused one too."""
        self.resume()
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    def restart(self) -> None:
        """Stop, then start again on the same port (empty unless persistent)."""
        self.stop()
        self.start()
