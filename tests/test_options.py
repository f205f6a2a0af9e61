"""Per-call options: checked at the door, each bad value named with what is accepted."""

from __future__ import annotations

import math
from typing import Any

import pytest
from aioresponses import aioresponses
from yarl import URL

from vogent_async._transport._options import check_options

from .conftest import API_KEY, BASE
from .test_transport import make_transport

JOBS = f"{BASE}/batch_dial_jobs"


def test_good_options_come_back_as_given() -> None:
    """Valid options are returned unchanged (numbers as floats), None kept as 'not set'."""
    given = {
        "timeout": 5,
        "max_retries": 0,
        "total_timeout": None,
        "extra_headers": {"X-Trace": "abc"},
    }
    assert check_options(given) == {
        "timeout": 5.0,
        "max_retries": 0,
        "total_timeout": None,
        "extra_headers": {"X-Trace": "abc"},
    }
    assert check_options({"timeout": math.inf}) == {"timeout": math.inf}


@pytest.mark.parametrize(
    ("options", "error", "words"),
    [
        ({"timeout": "5"}, TypeError, "timeout must be a number of seconds above 0"),
        ({"timeout": True}, TypeError, "timeout must be a number"),
        ({"timeout": 0}, ValueError, "timeout must be a number of seconds above 0, got 0"),
        ({"timeout": -1.5}, ValueError, "got -1.5"),
        ({"timeout": math.nan}, ValueError, "timeout"),
        ({"total_timeout": -1}, ValueError, "total_timeout must be a number of seconds above 0"),
        ({"max_retries": -5}, ValueError, "max_retries must be an int >= 0, got -5"),
        ({"max_retries": 2.5}, TypeError, "max_retries must be an int >= 0, got float 2.5"),
        ({"max_retries": False}, TypeError, "max_retries must be an int"),
        ({"extra_headers": ["X-A"]}, TypeError, "extra_headers must be a mapping"),
        ({"extra_headers": {"X-A": 1}}, TypeError, "extra_headers['X-A'] must be a str"),
        ({"extra_headers": {"X-A": "a\r\nX-B: b"}}, ValueError, "CR, LF or NUL"),
        ({"extra_headers": {"X-A": "a\0"}}, ValueError, "CR, LF or NUL"),
        ({"extra_headers": {"X A": "a"}}, ValueError, "not a valid HTTP header name"),
        ({"extra_headers": {"": "a"}}, ValueError, "not a valid HTTP header name"),
        ({"extra_headers": {"authorization": "Bearer x"}}, ValueError, "cannot set Authorization"),
        ({"timout": 5}, TypeError, "unexpected request option(s) 'timout'; accepted: timeout"),
    ],
)
def test_a_bad_option_is_named_with_what_is_accepted(
    options: dict[str, Any], error: type[Exception], words: str
) -> None:
    """Each bad value raises TypeError/ValueError naming the option and the accepted values."""
    with pytest.raises(error) as info:
        check_options(options)
    assert words in str(info.value)


async def test_extra_headers_are_sent_and_bad_options_send_nothing(
    mocked: aioresponses,
) -> None:
    """extra_headers reach the server with the client's own headers; a bad option sends nothing."""
    transport = make_transport(timeout=5.0, max_retries=0)
    mocked.get(JOBS, payload={"ok": True})
    await transport.request("GET", "/batch_dial_jobs", extra_headers={"X-Trace": "t-1"})
    headers = mocked.requests[("GET", URL(JOBS))][0].kwargs["headers"]
    assert headers["X-Trace"] == "t-1"
    assert headers["Authorization"] == f"Bearer {API_KEY}"
    with pytest.raises(ValueError, match="max_retries"):
        await transport.request("GET", "/batch_dial_jobs", max_retries=-5)
    assert len(mocked.requests[("GET", URL(JOBS))]) == 1
    await transport.close()
