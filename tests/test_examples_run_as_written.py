"""Every file in docs/examples/ runs as written: ``python docs/examples/X.py``, no key or argument.

Each is its own process, started from an empty directory with no ``VOGENT_API_KEY``:
it must end by itself with status 0, having said on stderr, in one line, that it
plays against the fake (`vogent_async.testing.sandbox`). The test file of the
testing guide runs pytest on itself instead; its fixtures start the fake.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from vogent_async.testing import SANDBOX_NOTICE

EXAMPLES = Path(__file__).resolve().parent.parent / "docs" / "examples"
#: Examples documented as Python 3.11+ (asyncio.TaskGroup and ``except*``).
NEEDS_3_11 = {"export_pipeline.py"}


def run(example: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run ``python example`` in ``cwd``, with no key nor base URL in its environment."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("VOGENT_")}
    command = [sys.executable, str(example)]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.glob("*.py")))
def test_each_example_runs_with_no_key_and_no_arguments(name: str, tmp_path: Path) -> None:
    """Exit status 0; the one line saying the fake is in use; output of its own."""
    if name in NEEDS_3_11 and sys.version_info < (3, 11):
        pytest.skip("the recipe uses asyncio.TaskGroup and except*, Python 3.11+")
    done = run(EXAMPLES / name, tmp_path)

    assert done.returncode == 0, done.stderr
    assert done.stdout.strip()
    if name.startswith("test_"):
        assert " passed" in done.stdout
    else:
        notices = [line for line in done.stderr.splitlines() if line.startswith(SANDBOX_NOTICE)]
        assert len(notices) == 1, done.stderr
