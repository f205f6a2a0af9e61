"""The sandbox shell session of docs/testing.md and docs/cli.md runs as written.

Each ``$`` line of docs/examples/sandbox_session.console runs in bash from the
repository's root, with the virtual environment's ``bin`` first on ``PATH``, as a
user of a fresh clone would type it. Only the two ports are swapped for free
ones, so that parallel runs cannot collide. ``export`` lines set the environment
of the lines after them, ``... &`` lines run in the background until the session
ends (``kill %2 %1``), each waited for until it prints its first line. What is
printed varies with the fake's data, so the test checks its shape: the call
ends, and its webhooks, final status included, reach the receiver.
"""

from __future__ import annotations

import os
import queue
import shlex
import socket
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SESSION = ROOT / "docs" / "examples" / "sandbox_session.console"
PORTS = ("8090", "8091")
FINAL = ("completed", "no-answer", "busy", "failed")


def _free_port() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return str(sock.getsockname()[1])


def _commands() -> list[str]:
    text = SESSION.read_text()
    for port in PORTS:
        text = text.replace(port, _free_port())
    return [line[2:] for line in text.splitlines() if line.startswith("$ ")]


class _Background:
    """A ``... &`` command: its output lines arrive on a queue as it prints them."""

    def __init__(self, command: str, env: dict[str, str]) -> None:
        self.process = subprocess.Popen(
            ["bash", "-c", f"exec {command}"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def next_line(self) -> str:
        return self.lines.get(timeout=30)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        self._reader.join(timeout=30)
        assert self.process.stdout is not None
        self.process.stdout.close()


def _run(commands: list[str]) -> tuple[list[str], _Background]:
    """Run the session; return each foreground command's output and the webhook receiver."""
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    background: list[_Background] = []
    outputs: list[str] = []
    try:
        for command in commands:
            if command.startswith("export "):
                for word in shlex.split(command)[1:]:
                    name, _, value = word.partition("=")
                    env[name] = value
            elif command.endswith(" &"):
                background.append(_Background(command[:-2], env))
                assert background[-1].next_line()  # it is listening
            elif command.startswith("kill "):
                assert len(background) == 2
            else:
                done = subprocess.run(
                    ["bash", "-c", command], cwd=ROOT, env=env, capture_output=True, text=True,
                    timeout=120, check=False,
                )  # fmt: skip
                assert done.returncode == 0, (command, done.stdout, done.stderr)
                outputs.append(done.stdout)
        receiver = background[0]
        return outputs, receiver
    finally:
        for process in reversed(background[1:]):
            process.stop()


def test_the_sandbox_session_places_a_call_that_ends_and_sends_its_webhooks() -> None:
    """The call ends by itself; its lifecycle webhooks, final status last, reach the receiver."""
    outputs, receiver = _run(_commands())
    try:
        call, advanced = outputs
        status = next(line.split()[1] for line in call.splitlines() if line.startswith("status"))
        assert status in FINAL, call
        assert advanced.startswith('{"finished":'), advanced
        events: list[str] = []
        while not any(e.startswith("dial.updated") and f'"{status}"' in e for e in events):
            events.append(receiver.next_line())
    finally:
        receiver.stop()
    assert [event.split()[0] for event in events[:2]] == ["dial.created", "dial.updated"]
    assert '"status":"ringing"' in events[1]
