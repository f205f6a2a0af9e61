"""Failures print one clear line and exit non-zero; the API key is never printed."""

from __future__ import annotations

import socket

import pytest

from vogent_async.cli import main
from vogent_async.testing import FakeVogent

from .conftest import SECRET_KEY, invoke


async def test_not_found_is_one_line(fake: FakeVogent) -> None:
    """A 404 prints the method, path, status and the server's message on one line."""
    result = await invoke(fake, "jobs", "get", "job_missing")
    assert result.code == 1
    assert result.out == ""
    (line,) = result.err.splitlines()
    assert line.startswith("Error: GET /batch_dial_jobs/job_missing failed with 404")


async def test_invalid_argument_is_one_line_and_sends_nothing(fake: FakeVogent) -> None:
    """An id the client refuses (a dot segment) is one line and no request."""
    result = await invoke(fake, "jobs", "pause", "..")
    assert result.code == 1
    assert result.err.splitlines() == [
        "Error: job_id: '..' is a path segment, not a job id (nothing was sent)"
    ]
    assert fake.requests == []


async def test_missing_key_is_one_line() -> None:
    """Without --api-key or VOGENT_API_KEY the command says how to give one."""
    result = await invoke(None, "jobs", "list")
    assert result.code == 1
    (line,) = result.err.splitlines()
    assert "no API key" in line
    assert "VOGENT_API_KEY" in line


async def test_key_from_environment(fake: FakeVogent, monkeypatch: pytest.MonkeyPatch) -> None:
    """VOGENT_API_KEY and VOGENT_BASE_URL stand in for the options."""
    monkeypatch.setenv("VOGENT_API_KEY", SECRET_KEY)
    monkeypatch.setenv("VOGENT_BASE_URL", fake.base_url)
    result = await invoke(None, "jobs", "list", "--json")
    assert result.code == 0, result.err


async def test_wrong_key_is_one_line_with_a_hint(fake: FakeVogent) -> None:
    """A 401 says to check the key, without printing the key that was sent."""
    wrong = "sk-wrong-DO-NOT-PRINT"
    result = await invoke(fake, "--api-key", wrong, "jobs", "list", key=False)
    assert result.code == 1
    (line,) = result.err.splitlines()
    assert "401" in line
    assert "check --api-key or VOGENT_API_KEY" in line
    assert wrong not in result.err + result.out


@pytest.mark.parametrize("key", ["k", "api"])
async def test_unreachable_server_is_one_line(key: str) -> None:
    """Connection refused is one line naming the base URL whole, after the retries given.

    A short key is not redacted: ``--api-key api`` used to show the URL as ``.../***``.
    """
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again before use: nothing listens there
    url = f"http://127.0.0.1:{port}/api"
    result = await invoke(
        None, "--api-key", key, "--base-url", url, "--max-retries", "0", "jobs", "list"
    )
    assert result.code == 1
    (line,) = result.err.splitlines()
    assert "could not connect" in line
    assert url in line


async def test_timeout_option_applies(fake: FakeVogent) -> None:
    """--timeout bounds each attempt: a stalled server gives a one-line timeout error."""
    fake.faults.add("GET /batch_dial_jobs", delay=5)
    result = await invoke(fake, "--timeout", "0.2", "--max-retries", "0", "jobs", "list")
    assert result.code == 1
    (line,) = result.err.splitlines()
    assert "no complete response within 0.2s" in line


async def test_verbose_logs_requests_but_never_the_key(fake: FakeVogent) -> None:
    """-v logs each request and retry on stderr; the key appears nowhere in the output."""
    (job_id,) = fake.seed_jobs(1)
    fake.seed_dials(job_id, 4)
    fake.faults.add("GET /batch_dial_jobs", status=500)
    listed = await invoke(fake, "-v", "jobs", "list", "--json")
    assert listed.code == 0, listed.err
    assert "GET /batch_dial_jobs -> 500 (attempt 1)" in listed.err
    assert "retrying GET /batch_dial_jobs after 500" in listed.err
    assert "GET /batch_dial_jobs -> 200 (attempt 2)" in listed.err
    exported = await invoke(fake, "-v", "dials", "export", job_id, "--out", "d.csv")
    assert f"GET /batch_dial_jobs/{job_id}/dials -> 200" in exported.err
    for result in (listed, exported):
        assert SECRET_KEY not in result.out + result.err
    assert all(SECRET_KEY not in str(r.headers) for r in fake.requests)


def test_redaction_filter_hides_a_key_in_any_log_message() -> None:
    """Should a log message ever contain the key, -v logging prints *** instead; no escapes."""
    import logging

    from vogent_async.cli._app import Settings, _Redact

    record = logging.LogRecord("vogent_async", logging.INFO, "x", 1, "key=%s", (SECRET_KEY,), None)
    assert _Redact(Settings(SECRET_KEY, None, 1.0, 0, 1)).filter(record)
    assert record.getMessage() == "key=***"
    escape = ("a\x1b]0;t\x07b",)
    hostile = logging.LogRecord("vogent_async", logging.INFO, "x", 1, "%s", escape, None)
    assert _Redact(Settings(SECRET_KEY, None, 1.0, 0, 1)).filter(hostile)
    assert hostile.getMessage() == "ab"
    assert SECRET_KEY not in repr(Settings(SECRET_KEY, None, 1.0, 0, 1))


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown command is a usage error: exit 2 with the usage line."""
    assert main(["jobs", "frobnicate"]) == 2
    assert "No such command 'frobnicate'" in capsys.readouterr().err


def test_help_and_version(capsys: pytest.CaptureFixture[str]) -> None:
    """--help lists the commands and global options; --version prints the version."""
    assert main(["--help"]) == 0
    text = capsys.readouterr().out
    for word in ("jobs", "dials", "--api-key", "--base-url", "--timeout", "--max-retries"):
        assert word in text
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("vogent-async, version ")


async def test_a_rejected_update_prints_the_servers_reason(fake: FakeVogent) -> None:
    """A 422 prints the server's own reason, not only the status (issue 18, item 2)."""
    (job_id,) = fake.seed_jobs(1)
    result = await invoke(fake, "jobs", "update", job_id, "--max-concurrent", "999")
    assert result.code == 1
    (line,) = result.err.splitlines()
    assert "422" in line
    assert "exceeds the workspace concurrent-dial limit of 50" in line
