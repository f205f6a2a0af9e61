"""``python -m vogent_async`` and ``demo``: the full command line, and demo without the extra."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from vogent_async.__main__ import main as module_main
from vogent_async.cli import main
from vogent_async.testing import FakeVogent

from .conftest import SECRET_KEY, invoke


def hide_the_cli_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make ``import click`` fail, as in an environment without the cli extra."""
    monkeypatch.setitem(sys.modules, "click", None)
    for name in [m for m in sys.modules if m.startswith("vogent_async.cli.")]:
        monkeypatch.delitem(sys.modules, name)


async def test_demo_subcommand_runs_the_offline_walk() -> None:
    """vogent-async demo runs the same walk as make demo, against a fake it starts itself."""
    result = await invoke(None, "demo")
    assert result.code == 0, result.err
    assert "A fake Vogent API is serving on http://127.0.0.1:" in result.out
    assert "done in" in result.out


async def test_demo_live_uses_the_global_options(
    fake: FakeVogent, monkeypatch: pytest.MonkeyPatch
) -> None:
    """demo --live walks the API of --base-url with --api-key, read-only, and restores the env."""
    fake.seed_jobs(3, rows=5, status="ACTIVE")
    result = await invoke(fake, "demo", "--live")
    assert result.code == 0, result.out + result.err
    assert "Your batch dial jobs" in result.out
    assert {r.method for r in fake.requests} == {"GET"}
    assert SECRET_KEY not in result.out + result.err
    assert "VOGENT_API_KEY" not in os.environ


def test_module_entry_point_is_the_full_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    """python -m vogent_async has every command, under its own program name."""
    assert module_main(["--help"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("Usage: python -m vogent_async [OPTIONS] COMMAND")
    for command in ("demo", "dials", "jobs"):
        assert f"  {command} " in text


def test_without_the_extra_demo_still_runs(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without click, demo falls back to a plain dispatcher, as make demo needs."""
    hide_the_cli_extra(monkeypatch)
    monkeypatch.delenv("VOGENT_API_KEY", raising=False)
    assert main(["demo", "--live"]) == 2  # parsed by the fallback, answered by the demo
    assert "VOGENT_API_KEY" in capsys.readouterr().out
    assert main(["demo"]) == 0
    assert "done in" in capsys.readouterr().out


def test_without_the_extra_other_commands_say_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without click, any other command prints the install line and exits 2."""
    hide_the_cli_extra(monkeypatch)
    assert main(["jobs", "list"]) == 2
    assert "pip install 'vogent-async[cli]'" in capsys.readouterr().err


def test_module_runs_as_a_process() -> None:
    """python -m vogent_async runs in a fresh interpreter and prints the package version."""
    done = subprocess.run(
        [sys.executable, "-m", "vogent_async", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("vogent-async, version ")


def test_the_top_level_help_names_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    """The description above the command list covers them all, not only batch campaigns."""
    from vogent_async.cli._app import cli

    assert main(["--help"]) == 0
    text = capsys.readouterr().out
    description = text.split("Options:")[0]
    missing = [name for name in cli.commands if name not in description]
    assert missing == []
