"""The text rule's one-call path agrees with its full check on every value."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from vogent_async.models._rules import text


def reference(value: Any, min_length: int, max_length: int | None) -> bool:
    """What `text` documents: a str of min..max characters, not blank when min >= 1,
    that UTF-8 can encode."""
    if not isinstance(value, str) or len(value) < min_length:
        return False
    if max_length is not None and len(value) > max_length:
        return False
    if min_length and not value.strip():
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class Text(str):
    """A str subclass: accepted, like a str."""


values = st.one_of(
    st.text(alphabet=st.sampled_from(" \t\n\u3000\xa0ab\u00e9\ud800"), max_size=6),
    st.text(max_size=6),
    st.builds(Text, st.text(max_size=4)),
    st.none(),
    st.integers(),
    st.binary(max_size=3),
)


@given(values, st.sampled_from([0, 1, 3]), st.sampled_from([None, 0, 2, 5]))
def test_ok_is_the_documented_check(value: Any, min_length: int, max_length: int | None) -> None:
    rule = text(min_length=min_length, max_length=max_length)
    assert rule.ok(value) is reference(value, min_length, max_length)
    out: list[str] = []
    if not rule.ok(value):
        rule.explain(value, "f", out)
        assert out
        assert out[0].startswith("f: ")
        assert out[0] != "f: None"  # a problem was named
