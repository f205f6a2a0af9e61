"""``python -m vogent_async demo``, run in process: offline, live (read-only) and without a key."""

from __future__ import annotations

import asyncio
import io
import re

import pytest

from vogent_async.__main__ import main
from vogent_async.cli._demo import run_demo
from vogent_async.testing import FakeVogent

SECRET = "sk-live-SECRET-31337"


async def test_the_offline_demo_runs_a_campaign_to_complete_and_summarises_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The demo shows both jobs, progress up to 240/240, the summary, and no key, quickly."""
    monkeypatch.setenv("VOGENT_API_KEY", SECRET)  # a user's real key must not be used or shown
    out = io.StringIO()

    code = await asyncio.wait_for(run_demo(out=out), timeout=60)

    text = out.getvalue()
    assert code == 0
    assert re.search(r"http://127\.0\.0\.1:\d+/api", text)
    assert re.search(r"Win-back \(demo, not started\)\s+INIT", text)
    assert re.search(r"Renewals \(demo\)\s+COMPLETE", text)
    assert "240/240 done   0 in progress     0 queued" in text
    agent_id = re.search(r"^Agent '.+' \((\S+)\) will make the calls\.$", text, re.M)
    assert agent_id is not None  # the demo seeds an agent and its job uses that agent's id
    assert "Completed dials of 'Renewals (demo)': 240" in text
    assert "Extracted outcomes (aiResult): " in text
    assert SECRET not in text
    shares = [int(m) for m in re.findall(r"^  \w[\w -]+ / \w+\s+(\d+)\s+\d+%$", text, re.M)]
    assert sum(shares) == 240


async def test_the_live_demo_only_reads_and_never_prints_the_key(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With --live the walk uses VOGENT_API_KEY, sends only GETs, and prints no key."""
    async with FakeVogent(api_key=SECRET) as api:
        ids = api.seed_jobs(30, rows=40, status="ACTIVE")
        api.advance(600)
        monkeypatch.setenv("VOGENT_API_KEY", SECRET)
        monkeypatch.setenv("VOGENT_BASE_URL", api.base_url)
        out = io.StringIO()

        code = await run_demo(live=True, out=out)

    text = out.getvalue()
    assert code == 0
    assert "Your batch dial jobs (newest 20)" in text
    assert f"Completed dials of {api.job(ids[-1])['name']!r}" in text
    assert SECRET not in text
    assert {r.method for r in api.requests} == {"GET"}
    assert api.requests[0].route == "GET /batch_dial_jobs"


async def test_the_live_demo_without_a_key_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    """--live with no VOGENT_API_KEY explains what is missing and exits 2."""
    monkeypatch.delenv("VOGENT_API_KEY", raising=False)
    out = io.StringIO()

    assert await run_demo(live=True, out=out) == 2
    assert "VOGENT_API_KEY" in out.getvalue()


async def test_the_live_demo_reports_api_errors_in_one_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A rejected key ends the demo with exit code 1 and one error line, without the key."""
    async with FakeVogent(api_key="the-right-key") as api:
        monkeypatch.setenv("VOGENT_API_KEY", SECRET)
        monkeypatch.setenv("VOGENT_BASE_URL", api.base_url)
        out = io.StringIO()

        code = await run_demo(live=True, out=out)

    assert code == 1
    assert "error: AuthenticationError" in out.getvalue()
    assert SECRET not in out.getvalue()


def test_the_module_entry_point_dispatches_to_the_demo(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """python -m vogent_async demo --live parses its flag and returns the demo's exit code."""
    monkeypatch.delenv("VOGENT_API_KEY", raising=False)

    assert main(["demo", "--live"]) == 2
    assert "VOGENT_API_KEY" in capsys.readouterr().out
    assert main([]) == 2  # no command: the usage, and the exit status of bad usage
