"""The pytest plugin shipped with the package: its fixtures, its registration, its import cost."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import vogent_async
from vogent_async.testing import FakeVogent


async def test_the_fixtures_give_a_fake_and_a_client_pointed_at_it(
    fake_vogent: FakeVogent, vogent_client: vogent_async.Client
) -> None:
    """fake_vogent is a started fake; vogent_client talks to it with its key."""
    ids = fake_vogent.seed_jobs(12, status="ACTIVE")

    jobs = await vogent_client.batch_dial_jobs.list(page_size=5).to_list()

    assert [j.id for j in jobs] == ids[::-1]
    assert vogent_client.base_url == fake_vogent.base_url
    assert len(fake_vogent.requests) == 3


def test_the_plugin_is_registered_through_the_entry_point(pytestconfig: pytest.Config) -> None:
    """pytest loaded vogent_async.testing.pytest_plugin from the pytest11 entry point."""
    plugin = pytestconfig.pluginmanager.get_plugin("vogent_async")

    assert plugin is not None
    assert plugin.__name__ == "vogent_async.testing.pytest_plugin"


def test_importing_the_plugin_does_not_import_the_server() -> None:
    """Every pytest run loads the plugin, so it must not pull in aiohttp.web or the fake."""
    code = (
        "import sys, vogent_async.testing.pytest_plugin; "
        "print(sorted(m for m in sys.modules if m == 'aiohttp.web' or "
        "m.startswith('vogent_async.testing._')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )

    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("loop_scope", ["function", "module", "session"])
def test_a_user_project_gets_the_fixtures_without_warnings(tmp_path: Path, loop_scope: str) -> None:
    """In a fresh strict-mode project run with -W error, the fixtures work whatever the
    project's default fixture loop scope: they are pinned to the test's loop."""
    (tmp_path / "test_user.py").write_text(
        textwrap.dedent(
            '''
            import pytest

            @pytest.mark.asyncio
            async def test_report(fake_vogent, vogent_client):
                """A user's test."""
                fake_vogent.seed_jobs(3)
                assert len(await vogent_client.batch_dial_jobs.list().to_list()) == 3

            @pytest.mark.asyncio
            async def test_again(fake_vogent, vogent_client):
                """A second test gets a fresh fake."""
                assert await vogent_client.batch_dial_jobs.list().to_list() == []
            '''
        )
    )
    (tmp_path / "pytest.ini").write_text(
        "[pytest]\nasyncio_mode = strict\n"
        f"asyncio_default_fixture_loop_scope = {loop_scope}\nfilterwarnings = error\n"
    )

    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-W", "error", "-p", "no:cacheprovider"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert run.returncode == 0, run.stdout + run.stderr
    assert "2 passed" in run.stdout
    assert "warning" not in run.stdout.lower()
