"""``vogent-async webhooks verify`` and ``serve``: exit statuses, printed events, no secret."""

from __future__ import annotations

import asyncio
import contextlib
import io
import os
import re
import signal
import sys
from pathlib import Path

import aiohttp
import attrs
import pytest

from vogent_async.cli import main
from vogent_async.cli._webhooks import event_line, serve_webhooks
from vogent_async.webhooks import (
    DialCreated,
    DialUpdated,
    FunctionCall,
    UnknownEvent,
    encode_event,
    sign,
)

from ..conftest import ctrl_c_reaches_it
from .conftest import SECRET

ENV = "VOGENT_WEBHOOK_SECRET"
BODY = encode_event(DialCreated(dial_id="d1", dial_session_id="s1"))


@attrs.frozen
class Result:
    """One run of the command line."""

    code: int
    out: str
    err: str


def run(*args: str) -> Result:
    """Run ``vogent-async *args`` in process; capture what it prints."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return Result(code, out.getvalue(), err.getvalue())


@pytest.fixture(autouse=True)
def _secret_in_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV, SECRET)


def test_verify_accepts_a_signed_body_from_a_file(tmp_path: Path) -> None:
    """A body signed with the secret exits 0 and shows its event; the secret is not printed."""
    path = tmp_path / "body.json"
    path.write_bytes(BODY)
    result = run(
        "webhooks",
        "verify",
        "--secret-env",
        ENV,
        "--signature",
        sign(BODY, SECRET),
        "--body",
        str(path),
    )
    assert result.code == 0, result.err
    assert result.out == 'signature OK: dial.created {"dial_id":"d1","dial_session_id":"s1"}\n'
    assert SECRET not in result.out + result.err


def test_verify_reads_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without --body the raw bytes come from stdin, trailing newline included."""
    body = BODY + b"\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(body)))
    assert (
        run("webhooks", "verify", "--secret-env", ENV, "--signature", sign(body, SECRET)).code == 0
    )


def test_verify_fails_on_a_wrong_signature(monkeypatch: pytest.MonkeyPatch) -> None:
    """Another secret's signature exits 1 with one line saying so."""
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(BODY)))
    result = run("webhooks", "verify", "--secret-env", ENV, "--signature", sign(BODY, "other"))
    assert result.code == 1
    assert result.err.startswith("Error: X-Elto-Signature does not match the body")
    assert result.err.count("\n") == 1
    assert SECRET not in result.out + result.err


def test_verify_fails_on_a_body_that_does_not_fit(monkeypatch: pytest.MonkeyPatch) -> None:
    """A signed body without a dial id exits 1 naming the field."""
    body = b'{"event": "dial.updated", "payload": {}}'
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(body)))
    result = run("webhooks", "verify", "--secret-env", ENV, "--signature", sign(body, SECRET))
    assert result.code == 1
    assert "the signature matches, but" in result.err
    assert "payload.dial_id: required field is missing" in result.err


def test_an_unset_secret_variable_is_a_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """Naming an unset variable exits 2 before reading anything."""
    monkeypatch.delenv(ENV)
    result = run("webhooks", "verify", "--secret-env", ENV, "--signature", "00")
    assert result.code == 2
    assert f"the environment variable {ENV} is not set" in result.err


async def until_line(stream: io.StringIO, pattern: str) -> re.Match[str]:
    """Wait for a line matching ``pattern`` to be printed to ``stream``."""
    while not (found := re.search(pattern, stream.getvalue())):
        await asyncio.sleep(0.01)
    return found


async def test_serve_prints_events_and_reports_rejections() -> None:
    """Each event is one line, escape sequences removed; bad signatures are reported on stderr."""
    out, err, stop = io.StringIO(), io.StringIO(), asyncio.Event()
    serving = asyncio.create_task(
        serve_webhooks(SECRET, host="127.0.0.1", port=0, out=out, err=err, stop=stop)
    )
    port = (await until_line(out, r"listening on http://127\.0\.0\.1:(\d+)/"))[1]
    sneaky = encode_event(DialUpdated(dial_id="d2", status="\x9b2J\u202eevil"))
    async with aiohttp.ClientSession(f"http://127.0.0.1:{port}") as http:
        for body, signature in [
            (BODY, sign(BODY, SECRET)),
            (sneaky, sign(sneaky, SECRET)),
            (BODY, "0" * 64),
        ]:
            async with http.post(
                "/any/path", data=body, headers={"X-Elto-Signature": signature}
            ) as resp:
                await resp.read()
    stop.set()
    await serving
    lines = out.getvalue().splitlines()
    assert lines[1] == 'dial.created {"dial_id":"d1","dial_session_id":"s1"}'
    assert lines[2] == 'dial.updated {"dial_id":"d2","status":"evil"}'
    assert "rejected with 401" in err.getvalue()
    assert SECRET not in out.getvalue() + err.getvalue()


async def start_serving() -> tuple[asyncio.subprocess.Process, str]:
    """``vogent-async webhooks serve --port 0`` as a process, and the URL it listens on."""
    env = {**os.environ, ENV: SECRET}
    command = ["-m", "vogent_async", "webhooks", "serve", "--port", "0", "--secret-env", ENV]
    pipe = asyncio.subprocess.PIPE
    proc = await asyncio.create_subprocess_exec(
        sys.executable, *command, stdout=pipe, stderr=pipe, env=env, preexec_fn=ctrl_c_reaches_it
    )
    assert proc.stdout is not None
    first = (await proc.stdout.readline()).decode()
    port = re.search(r":(\d+)/", first)
    assert port is not None, first
    return proc, f"http://127.0.0.1:{port[1]}/"


async def post(url: str, signature: str) -> int:
    """POST `BODY` with ``signature``; the status of the answer."""
    async with (
        aiohttp.ClientSession() as http,
        http.post(url, data=BODY, headers={"X-Elto-Signature": signature}) as resp,
    ):
        return resp.status


async def test_the_serve_command_runs_until_interrupted(tmp_path: Path) -> None:
    """``vogent-async webhooks serve --port 0`` prints arrivals and exits 130 on Ctrl-C."""
    proc, url = await start_serving()
    assert proc.stdout is not None
    assert await post(url, sign(BODY, SECRET)) == 200
    line = (await proc.stdout.readline()).decode()
    proc.send_signal(signal.SIGINT)
    _, err = await proc.communicate()
    assert line.startswith("dial.created ")
    assert proc.returncode == 130
    assert SECRET.encode() not in err


async def test_the_serve_command_reports_each_rejection_once(tmp_path: Path) -> None:
    """A bad signature is one line on stderr: the receiver's log warning is not shown too."""
    proc, url = await start_serving()
    assert await post(url, "0" * 64) == 401
    proc.send_signal(signal.SIGINT)
    _, err = await proc.communicate()

    reports = [line for line in err.decode().splitlines() if "signature" in line.lower()]
    assert len(reports) == 1, err.decode()
    assert reports[0].startswith("rejected with 401: ")


def test_event_lines_name_bodies_without_an_event() -> None:
    """Function calls and unnamed unknown bodies get a name of their own, then the whole body."""
    call = FunctionCall(dial_id="d", params={"x": 1})
    assert event_line(call) == 'function-call {"dial_id":"d","params":{"x":1}}'
    assert event_line(UnknownEvent(event=None, payload={"a": 1})) == '(unnamed) {"a":1}'
    assert event_line(UnknownEvent(event="dial.new", payload=[1])) == "dial.new [1]"
