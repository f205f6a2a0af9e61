"""The suite on every supported Python, and on the lowest dependencies pyproject.toml allows.

``make test`` runs the whole suite once on the primary Python (3.11, in .venv, with
coverage), then ``nox`` for the rest: `quick` on 3.10, 3.12 and 3.13 (the core of
the suite: decoding, transport, pagination, the fake, the Redis budget) and `lowest`
(the same core on 3.10 with every runtime dependency at its lower bound).

Interpreters come from PATH, then from pyenv's versions folder. One that is on
neither is skipped, and named in a warning here and in nox's summary; with
``NOX_REQUIRE_ALL=1`` a missing one fails the run instead.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nox

PRIMARY = "3.11"  # .venv's, where `make pytest` runs the whole suite with coverage
OTHERS = ("3.10", "3.12", "3.13")
LOWEST = "3.10"  # the oldest Python with the oldest dependencies: the pair most likely to break

# The core each Python must pass: models and decoding, the transport and its retries,
# pagination, the fake server and the client on it, the Redis request budget and
# checkpoints (with a stalled Redis: the bounded waits differ below 3.11).
QUICK = (
    "tests/test_converter.py",
    "tests/test_responses.py",
    "tests/test_tagged_unions.py",
    "tests/test_dial_models.py",
    "tests/test_calls_models.py",
    "tests/test_transport.py",
    "tests/test_retry.py",
    "tests/test_retry_loop.py",
    "tests/test_pagination.py",
    "tests/test_options.py",
    "tests/testing/test_client_on_fake.py",
    "tests/testing/test_fake_world.py",
    "tests/testing/test_fake_paging.py",
    "tests/testing/test_dial_wait.py",
    "tests/testing/test_demo.py",
    "tests/distributed/test_redis_budget.py",
    "tests/distributed/test_redis_checkpoints.py",
    "tests/distributed/test_redis_stalled.py",  # redis_timeout: the 3.10 branch of _bounded
    "tests/reliability/test_cancel_races.py",
    "tests/reliability/test_deadlines.py",  # Deadlines: `within` on 3.10
    "tests/webhooks/test_stalled_store.py",  # a receiver's store calls: `within` on 3.10
    "tests/tts/test_websocket_reading.py",  # the reading handed between tasks by cancelling
    "tests/tts/test_websocket_limits.py",  # a cancelled aiohttp read keeps its frame
)

nox.options.sessions = ["quick", "lowest", "wheel"]
nox.options.error_on_missing_interpreters = os.environ.get("NOX_REQUIRE_ALL") == "1"
nox.options.reuse_existing_virtualenvs = True


def _pyenv_bins() -> list[str]:
    """The bin folders of pyenv's interpreters, newest patch release first."""
    root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    found = [p for p in root.glob("3.*") if re.fullmatch(r"3\.\d+\.\d+", p.name)]
    found.sort(key=lambda p: tuple(int(n) for n in p.name.split(".")), reverse=True)
    return [str(p / "bin") for p in found]


def _runs(command: str) -> bool:
    """Whether ``command`` is on PATH and starts (a pyenv shim of a version not selected
    is on PATH, and fails)."""
    found = shutil.which(command)
    if found is None:
        return False
    return subprocess.run([found, "-c", ""], capture_output=True, check=False).returncode == 0


def _find_interpreters() -> list[str]:
    """Put pyenv's interpreters first on PATH; warn about, and return, the versions missing."""
    os.environ["PATH"] = os.pathsep.join([*_pyenv_bins(), os.environ.get("PATH", "")])
    missing = sorted({v for v in (PRIMARY, *OTHERS, LOWEST) if not _runs(f"python{v}")})
    if missing:
        print(
            f"\n*** WARNING: no interpreter for Python {', '.join(missing)}: its sessions are "
            "SKIPPED (install it, e.g. `pyenv install 3.x`; NOX_REQUIRE_ALL=1 fails instead) ***\n",
            file=sys.stderr,
        )
    return missing


_find_interpreters()


def _lower_bounds() -> list[str]:
    """Each runtime dependency pinned to the lowest version pyproject.toml allows."""
    project = nox.project.load_toml("pyproject.toml")["project"]
    pins = []
    for requirement in project["dependencies"]:
        pin = re.sub(r">=", "==", requirement.split(";")[0].strip(), count=1)
        marker = requirement.partition(";")[2].strip()
        pins.append(f"{pin}; {marker}" if marker else pin)
    return pins


def _pytest(session: nox.Session) -> None:
    session.run(
        "python", "-m", "pytest", "-q", "-p", "no:cacheprovider", *(session.posargs or QUICK)
    )


@nox.session(python=OTHERS)
def quick(session: nox.Session) -> None:
    """The core of the suite on one Python (the newest dependencies)."""
    session.install("-e", ".[test]")
    _pytest(session)


@nox.session(python=LOWEST)
def lowest(session: nox.Session) -> None:
    """The core of the suite with every runtime dependency at its lower bound."""
    session.install("-e", ".[test]", *_lower_bounds())
    session.run("python", "-m", "pip", "freeze", silent=False)
    _pytest(session)


@nox.session(python=PRIMARY, reuse_venv=False)
def wheel(session: nox.Session) -> None:
    """Build the sdist and the wheel (from the sdist), check their metadata, smoke-test the wheel.

    The wheel goes into this session's fresh venv, and the smoke test runs from a
    temporary folder, so nothing of the source tree can stand in for what is missing.
    """
    tmp = Path(session.create_tmp()).resolve()
    dist = tmp / "dist"
    shutil.rmtree(dist, ignore_errors=True)
    tools = (sys.executable, "-m")  # nox's own venv (.venv) has build and twine: the dev extra
    session.run(*tools, "build", "--outdir", str(dist), ".", external=True, silent=True)
    built = sorted(str(path) for path in dist.iterdir())
    session.run(*tools, "twine", "check", "--strict", *built, external=True)
    (wheel_file,) = (path for path in built if path.endswith(".whl"))
    smoke = tmp / "wheel_smoke.py"
    shutil.copyfile("tests/wheel_smoke.py", smoke)
    session.install(wheel_file)
    with session.chdir(tmp):
        session.run("python", str(smoke), "bare")
        session.install(f"{wheel_file}[cli]")
        session.run("python", str(smoke), "cli")
