"""What the command line says when the options are wrong or a job cannot do what was asked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vogent_async.cli._app import Settings
from vogent_async.testing import FakeVogent

from .conftest import SECRET_KEY, RawAPI, invoke, job_body


async def test_missing_key_names_the_option_and_the_variable() -> None:
    """No key: the line names --api-key and VOGENT_API_KEY, not the library's Client(...)."""
    result = await invoke(None, "jobs", "list")
    assert result.code == 1
    (line,) = result.err.splitlines()
    assert "--api-key" in line
    assert "VOGENT_API_KEY" in line
    assert "Client(" not in line


@pytest.mark.parametrize(
    ("key", "said"),
    [
        (SECRET_KEY + "\r", "line break"),  # a .env file saved on Windows
        (SECRET_KEY + "\r\n", "line break"),
        ("sk-live-\x00-5f1c9a-abcdef", "control character"),
        (" " + SECRET_KEY, "space"),
        ("sk-live-clé-5f1c9a-abcdef", "outside ASCII"),
    ],
)
async def test_a_key_no_header_can_carry_is_one_line_and_sends_nothing(
    fake: FakeVogent, key: str, said: str
) -> None:
    """A key with CR/LF, NUL, spaces or non-ASCII is refused in one line, never a traceback."""
    result = await invoke(fake, "--api-key", key, "jobs", "list", key=False)
    assert result.code == 1
    (line,) = result.err.splitlines()
    assert said in line
    assert "VOGENT_API_KEY" in line
    assert SECRET_KEY not in result.err
    assert fake.requests == []


async def test_a_windows_env_file_key_is_one_line(
    fake: FakeVogent, monkeypatch: pytest.MonkeyPatch
) -> None:
    """VOGENT_API_KEY read from a CRLF .env (a trailing CR) says what is wrong with it."""
    monkeypatch.setenv("VOGENT_API_KEY", SECRET_KEY + "\r")
    result = await invoke(fake, "dials", "export", "job_1", "--out", "d.jsonl", key=False)
    assert result.code == 1
    (line,) = result.err.splitlines()
    assert "line break" in line
    assert "Traceback" not in result.err
    assert fake.requests == []


async def test_a_setting_the_client_refuses_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    """Should the client's own door checks raise ValueError, it is one redacted line."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise ValueError(f"api_key {SECRET_KEY!r} cannot go in a header")

    monkeypatch.setattr("vogent_async.cli._app.Client", refuse)
    result = await invoke(None, "--api-key", SECRET_KEY, "jobs", "list")
    assert result.code == 1
    assert result.err.splitlines() == ["Error: api_key '***' cannot go in a header"]


@pytest.mark.parametrize(
    "url", ["notaurl", "api.vogent.ai/api", "ftp://example.com/api", "http://", "http://[::1"]
)
async def test_a_base_url_that_is_no_url_says_so(url: str) -> None:
    """--base-url notaurl names the option and shows the expected form."""
    result = await invoke(None, "--api-key", SECRET_KEY, "--base-url", url, "jobs", "list")
    assert result.code == 1
    (line,) = result.err.splitlines()
    assert f"--base-url (or VOGENT_BASE_URL) {url!r} is not a URL" in line
    assert "https://api.vogent.ai/api" in line
    assert "(got '')" not in line


async def test_plain_http_to_a_remote_host_is_one_line() -> None:
    """http:// to a host that is not loopback is refused before any connection, in one line."""
    url = "http://api.example.test/api"
    result = await invoke(None, "--api-key", SECRET_KEY, "--base-url", url, "jobs", "list")
    assert result.code == 1
    (line,) = result.err.splitlines()
    assert "http://" in line


async def test_a_404_under_a_base_url_without_api_hints_at_it(fake: FakeVogent) -> None:
    """The API root ends in /api; a 404 under a base URL without it says so (the library does)."""
    root = fake.base_url.removesuffix("/api")
    result = await invoke(None, "--api-key", SECRET_KEY, "--base-url", root, "jobs", "list")
    assert result.code == 1
    (line,) = result.err.splitlines()
    assert "404" in line
    assert f"the API root usually ends in /api: is the base URL {root} right?" in line
    normal = await invoke(fake, "jobs", "get", "job_missing")
    assert "/api" not in normal.err.split("404", 1)[1]


def test_a_short_key_does_not_mangle_words() -> None:
    """Only keys of a real key's length are redacted: ``--api-key e`` leaves "example" whole."""
    assert Settings("e", None, 1.0, 0, 0).redact("see example.com") == "see example.com"
    assert Settings("sk-1234", None, 1.0, 0, 0).redact("sk-1234") == "sk-1234"
    long_key = Settings(SECRET_KEY, None, 1.0, 0, 0)
    assert long_key.redact(f"key={SECRET_KEY}; again {SECRET_KEY}.") == "key=***; again ***."


@pytest.mark.parametrize(
    ("command", "status", "said"),
    [
        ("pause", "COMPLETE", "is COMPLETE: it has finished; it was not paused"),
        ("pause", "CANCELLED", "is CANCELLED: it was cancelled; it was not paused"),
        ("pause", "INIT", "it has not been started (start it with: vogent-async jobs resume"),
        ("resume", "COMPLETE", "is COMPLETE: it has finished; it was not resumed"),
        ("resume", "CANCELLED", "is CANCELLED: it was cancelled; it was not resumed"),
    ],
)
async def test_steering_a_job_that_cannot_move_fails(
    fake: FakeVogent, command: str, status: str, said: str
) -> None:
    """Pausing or resuming a finished job prints its status and exits 1 saying why."""
    (job_id,) = fake.seed_jobs(1, status=status)
    result = await invoke(fake, "jobs", command, job_id)
    assert result.code == 1
    assert result.out.split()[:2] == [job_id, status]
    (line,) = result.err.splitlines()
    assert line.startswith(f"Error: job {job_id} ")
    assert said in line
    as_json = await invoke(fake, "jobs", command, job_id, "--json")
    assert as_json.code == 1
    assert json.loads(as_json.out)["status"] == status


async def test_steering_again_is_fine(fake: FakeVogent) -> None:
    """Pausing a paused job, or resuming an active one, is what was asked: exit 0."""
    (paused,) = fake.seed_jobs(1, status="PAUSED")
    (active,) = fake.seed_jobs(1, status="ACTIVE")
    assert (await invoke(fake, "jobs", "pause", paused)).code == 0
    assert (await invoke(fake, "jobs", "resume", active)).code == 0


async def test_a_status_added_later_is_shown_not_refused(raw_api: RawAPI) -> None:
    """A status this version does not know is printed as is, with exit 0."""
    raw_api.answer("/batch_dial_jobs/job_1/paused", job_body(status="SCHEDULED"))
    prefix = ["--api-key", SECRET_KEY, "--base-url", raw_api.base_url]
    result = await invoke(None, *prefix, "jobs", "resume", "job_1")
    assert result.code == 0, result.err
    assert result.out.split()[:2] == ["job_1", "SCHEDULED"]


@pytest.mark.parametrize(("command", "doing"), [("resume", "resuming"), ("pause", "pausing")])
async def test_a_failed_pause_or_resume_names_the_command_not_the_route(
    fake: FakeVogent, command: str, doing: str
) -> None:
    """A 404 from jobs resume says "resuming job X failed", not "POST .../paused"."""
    result = await invoke(fake, "jobs", command, "job_missing")
    assert result.code == 1
    (line,) = result.err.splitlines()
    assert line.startswith(f"Error: {doing} job job_missing failed with 404")
    assert "/paused" not in line


@pytest.mark.parametrize(
    "args",
    [
        ["jobs", "get", "\udcff"],
        ["jobs", "list", "--agent", "a\udcff"],
        ["jobs", "update", "job_1", "--from-number", "\udcff"],
        ["jobs", "create", "--name", "n\udcff", "--agent", "a", "--max-concurrent", "1",
         "--rows", "rows.csv"],
    ],
)  # fmt: skip
async def test_undecodable_arguments_are_usage_errors(fake: FakeVogent, args: list[str]) -> None:
    """An argument holding bytes that are not UTF-8 exits 2 naming it; nothing is sent."""
    result = await invoke(fake, *args)
    assert result.code == 2
    assert "holds bytes that are not UTF-8 text" in result.err
    assert "Traceback" not in result.err
    assert fake.requests == []


async def test_one_row_is_one_row(fake: FakeVogent) -> None:
    """A job created from one row says "1 row", not "1 rows"."""
    Path("rows.csv").write_text("to_number\n+15551234567\n", encoding="utf-8")
    args = ["--agent", fake.agent_ids[0], "--max-concurrent", "1", "--rows", "rows.csv"]
    result = await invoke(fake, "jobs", "create", "--name", "One", *args)
    assert result.code == 0, result.err
    assert " with 1 row.\n" in result.out


async def test_a_status_line_is_never_wrapped(raw_api: RawAPI) -> None:
    """The line after pause stays one line in a pipe, however long the job's name."""
    name = "Renewals for the northern region " * 10
    raw_api.answer("/batch_dial_jobs/job_1/paused", job_body(name=name, status="PAUSED"))
    prefix = ["--api-key", SECRET_KEY, "--base-url", raw_api.base_url]
    result = await invoke(None, *prefix, "jobs", "pause", "job_1")
    assert result.code == 0, result.err
    assert result.out.count("\n") == 1
    assert result.out.startswith("job_1  PAUSED  Renewals for the northern region")
