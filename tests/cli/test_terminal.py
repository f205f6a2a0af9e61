"""Server text never drives the terminal: no escape sequences in tables or error lines."""

from __future__ import annotations

import json
import sys

import pytest

from vogent_async.cli._terminal import terminal_text

from .conftest import SECRET_KEY, RawAPI, Result, invoke, job_body, run_in_terminal

#: A retitle (OSC 0), a clear screen (CSI 2J), a hyperlink (OSC 8), a C1 CSI, a bidi
#: override, and text rich would read as markup.
HOSTILE = (
    "\x1b]0;pwned\x07Renewals\x1b[2J \x1b]8;;https://evil.test\x1b\\click\x1b]8;;\x1b\\"
    " \x9b31mred \u202egnp.exe [/bold]"
)
SHOWN = "Renewals click red gnp.exe [/bold]"


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("a\x1b]0;title\x07b", "ab"),
        ("a\x1b]2;title\x1b\\b", "ab"),
        ("x\x1b[2J\x1b[Hy", "xy"),
        ("\x1b]8;;https://evil.test\x1b\\link\x1b]8;;\x1b\\", "link"),
        ("a\x9b31mb\x9d0;t\x9cc", "abc"),
        ("a\x1bcb\x1b(Bc", "abc"),
        ("abc\u202edcba\u2066x\u2069", "abcdcbax"),
        ("one\r\ntwo\tthree\x00\x07\x7f", "one  two three"),
        ("lone \ud800 surrogate", "lone \ufffd surrogate"),
        ("\x1b]0;never terminated", ""),
        ("café אבג 東京 [b]x[/b]", "café אבג 東京 [b]x[/b]"),
    ],
)
def test_terminal_text_removes_whole_sequences(raw: str, shown: str) -> None:
    """Escape sequences go whole (no ``]0;`` left behind); plain text of any script stays."""
    assert terminal_text(raw) == shown


async def run_on(api: RawAPI, *args: str) -> Result:
    """Run the command line against ``api``."""
    return await invoke(None, "--api-key", SECRET_KEY, "--base-url", api.base_url, *args)


def assert_inert(text: str) -> None:
    """No character a terminal would act on."""
    assert not set(text) & {"\x1b", "\x07", "\x9b", "\x9c", "\x9d", "\u202e"}, repr(text)


async def test_tables_show_server_text_inert(raw_api: RawAPI) -> None:
    """A job name full of escapes is shown as its visible text in list and get, markup too."""
    job = job_body(name=HOSTILE, callAgentId="agent\x1b[2J")
    raw_api.answer("/batch_dial_jobs", json.dumps({"data": [json.loads(job)], "cursor": None}))
    raw_api.answer("/batch_dial_jobs/job_1", job)
    for args in (["jobs", "list"], ["jobs", "get", "job_1"]):
        result = await run_on(raw_api, *args)
        assert result.code == 0, result.err
        assert_inert(result.out)
        assert SHOWN in " ".join(result.out.split())


async def test_status_line_shows_server_text_inert(raw_api: RawAPI) -> None:
    """The line printed after pause (id, status, name) is cleaned too."""
    paused = job_body(id="job_1\x1b]0;x\x07", name=HOSTILE, status="PAUSED")
    raw_api.answer("/batch_dial_jobs/job_1/paused", paused)
    result = await run_on(raw_api, "jobs", "pause", "job_1")
    assert result.code == 0, result.err
    assert_inert(result.out)
    assert result.out.split()[:2] == ["job_1", "PAUSED"]


async def test_error_lines_show_server_text_inert(raw_api: RawAPI) -> None:
    """The server's message in an ``Error:`` line loses its escapes and line breaks."""
    message = "job gone\x1b]0;pwned\x07\x1b[2J\nsecond line \u202eevil"
    raw_api.answer("/batch_dial_jobs/job_x", json.dumps({"message": message}), status=404)
    result = await run_on(raw_api, "jobs", "get", "job_x")
    assert result.code == 1
    (line,) = result.err.splitlines()
    assert line.startswith("Error: ")
    assert_inert(line)


async def test_json_output_escapes_what_a_terminal_would_act_on(raw_api: RawAPI) -> None:
    """--json stays valid JSON holding the exact name, with escapes written as \\uXXXX."""
    raw_api.answer("/batch_dial_jobs/job_1", job_body(name=HOSTILE + "\u2028"))
    result = await run_on(raw_api, "jobs", "get", "job_1", "--json")
    assert result.code == 0, result.err
    assert_inert(result.out)
    assert "\u2028" not in result.out
    assert json.loads(result.out)["name"] == HOSTILE + "\u2028"


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
async def test_a_real_terminal_gets_no_escape_from_the_server(raw_api: RawAPI) -> None:
    """Under a pseudo-terminal (rich in terminal mode, colours on) no server escape gets out."""
    raw_api.answer("/batch_dial_jobs/job_1", job_body(name=HOSTILE))
    message = json.dumps({"message": "gone\x1b]0;pwned\x07\x1b[2J"})
    raw_api.answer("/batch_dial_jobs/job_x", message, status=404)
    outputs = []
    for job_id in ("job_1", "job_x"):
        _, output = await run_in_terminal(raw_api.base_url, "jobs", "get", job_id)
        outputs.append(output)
    shown, error = outputs
    assert b"Renewals" in shown
    assert b"Error: " in error
    for output in outputs:
        assert b"\x1b]" not in output  # no OSC: no title, no hyperlink
        assert b"\x1b[2J" not in output
        assert b"\xc2\x9b" not in output
        assert "\u202e".encode() not in output
        assert b"Traceback" not in output
