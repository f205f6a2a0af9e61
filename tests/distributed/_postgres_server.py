"""A throwaway PostgreSQL server on a free loopback port, for the PostgreSQL sink's test."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from tests.distributed._redis_server import free_port, wait_for_port


def _bin(name: str) -> str | None:
    """A PostgreSQL program: on the PATH, or in Debian's versioned directory."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return candidates[-1] if candidates else None


class PostgresServer:
    """``initdb`` into a new temporary directory, then ``postgres`` with trust auth on 127.0.0.1.

    PostgreSQL refuses to run as root: as root, both run as the ``postgres`` user
    (and the directory is theirs: pytest's own temporary directories are not open
    to other users).
    """

    def __init__(self) -> None:
        initdb, postgres = _bin("initdb"), _bin("postgres")
        if initdb is None or postgres is None:
            message = "PostgreSQL is not installed (Debian: apt-get install postgresql)"
            if os.environ.get("CI"):
                pytest.fail(message)
            pytest.skip(message)
        self._initdb, self._postgres = initdb, postgres
        self._ready = _bin("pg_isready") or "pg_isready"
        self._data = Path(tempfile.mkdtemp(prefix="vogent-pg-"))
        self.port = free_port()
        self._proc: subprocess.Popen[bytes] | None = None

    @property
    def dsn(self) -> str:
        """``postgresql://postgres@127.0.0.1:<port>/postgres``."""
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _as_owner(self, args: list[str]) -> list[str]:
        if os.geteuid() != 0:
            return args
        return ["runuser", "-u", "postgres", "--", *args]

    def start(self) -> None:
        """Make the cluster and start the server; return once it accepts connections."""
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            os.chown(self._data, owner.pw_uid, owner.pw_gid)
        init = [self._initdb, "-D", str(self._data), "-U", "postgres", "--auth=trust"]
        subprocess.run(
            self._as_owner([*init, "--no-sync", "-E", "UTF8"]),
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        args = [self._postgres, "-D", str(self._data), "-p", str(self.port)]
        args += ["-k", str(self._data), "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off"]
        self._proc = subprocess.Popen(
            self._as_owner(args), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        wait_for_port(self.port, self._proc, "postgres")
        ready = [self._ready, "-q", "-h", "127.0.0.1", "-p", str(self.port)]
        give_up = time.monotonic() + 30
        while subprocess.run(ready, check=False).returncode != 0:
            if time.monotonic() > give_up:
                raise RuntimeError("postgres did not become ready within 30 s")
            time.sleep(0.05)

    def stop(self) -> None:
        """Stop the server (a fast shutdown)."""
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        shutil.rmtree(self._data, ignore_errors=True)
