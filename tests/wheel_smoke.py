"""Smoke test of an installed wheel, run by noxfile.py's ``wheel`` session from outside the tree.

``python wheel_smoke.py bare`` checks a wheel installed without extras: the package
and its public modules import from site-packages, ``py.typed`` and the fake's request
schemas are package data, the fake refuses a body its schemas refuse, the
``vogent-async`` entry point names the missing extra, and ``vogent-async demo`` (what
``make demo`` runs) succeeds. ``python wheel_smoke.py cli`` checks the ``cli`` extra:
the entry point's help and version.

Not collected by pytest (no ``test_`` prefix): it needs an installed wheel, not the tree.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import sys
from importlib import metadata, resources
from pathlib import Path

import aiohttp

import vogent_async
import vogent_async.webhooks
from vogent_async.testing import FakeVogent


def _check(condition: object, what: str) -> None:
    if not condition:
        raise SystemExit(f"wheel smoke test FAILED: {what}")
    print(f"ok: {what}")


def _command(*args: str) -> subprocess.CompletedProcess[str]:
    entry = shutil.which("vogent-async")
    _check(entry is not None, "the vogent-async entry point is installed")
    assert entry is not None
    return subprocess.run([entry, *args], capture_output=True, text=True, timeout=120)


async def _fake_checks_bodies() -> None:
    async with FakeVogent(api_key="smoke") as fake:
        async with vogent_async.Client(fake.api_key, base_url=fake.base_url) as client:
            jobs = [job async for job in client.batch_dial_jobs.list()]
        _check(jobs == [], "a client lists jobs on the fake")
        async with aiohttp.ClientSession() as session:
            headers = {"Authorization": f"Bearer {fake.api_key}"}
            url = f"{fake.base_url}/batch_dial_jobs"
            async with session.post(url, json={"name": 3}, headers=headers) as answer:
                status = answer.status
        _check(status == 422, f"the fake's schemas refuse a bad body with 422 ({status})")


def bare() -> None:
    """The wheel without extras: package, package data, fake, entry point, demo."""
    where = Path(vogent_async.__file__).resolve()
    _check("site-packages" in where.parts, f"vogent_async imports from the wheel ({where})")
    _check(vogent_async.webhooks.parse_event is not None, "vogent_async.webhooks imports")
    extras = set(metadata.metadata("vogent-async").get_all("Provides-Extra") or ())
    wanted = {"cli", "redis", "arq", "postgres", "fastapi", "speedups"}
    _check(wanted <= extras, f"the wheel declares the extras the guides use ({sorted(extras)})")
    package = resources.files("vogent_async")
    _check(package.joinpath("py.typed").is_file(), "py.typed is in the wheel")
    schemas = resources.files("vogent_async.testing").joinpath("_request_schemas.json")
    _check(json.loads(schemas.read_text("utf-8")), "the fake's request schemas are in the wheel")
    asyncio.run(_fake_checks_bodies())

    no_extra = _command("--help")
    _check(no_extra.returncode == 2 and "[cli]" in no_extra.stderr, "the entry point names [cli]")
    demo = _command("demo")
    _check(demo.returncode == 0, f"vogent-async demo runs (make demo's job): {demo.stderr}")
    _check("fake Vogent API" in demo.stdout, "the demo ran against the fake")


def cli() -> None:
    """The wheel with the ``cli`` extra: the command line's help and version."""
    help_text = _command("--help")
    _check(help_text.returncode == 0 and "fake" in help_text.stdout, "vogent-async --help")
    version = _command("--version")
    _check(vogent_async.__version__ in version.stdout, "vogent-async --version")


if __name__ == "__main__":
    {"bare": bare, "cli": cli}[sys.argv[1]]()
