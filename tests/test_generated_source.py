"""Generated functions (structure, exact check, fast check) show their source in tracebacks."""

from __future__ import annotations

import traceback
from typing import Any

import attrs

from vogent_async._codec._compiled import compile_structure
from vogent_async._codec._converter import Converter, wire_name
from vogent_async._codec._sharing import exact_check
from vogent_async._codec._source import Source
from vogent_async._request._validation import _fast_check
from vogent_async.models._rules import Rule, checks


def _broken(value: Any) -> bool:
    raise RuntimeError("a rule that breaks")


@attrs.frozen
class _Point:
    x: float
    label: str = attrs.field(default="", metadata=checks(Rule(_broken, lambda v, p, o: None)))


def _traceback_of(call: Any, *args: Any) -> str:
    try:
        call(*args)
    except (TypeError, AttributeError, RuntimeError) as exc:
        return "".join(traceback.format_exception(exc))
    raise AssertionError("the generated function did not raise")


def test_a_compiled_structure_function_shows_its_lines() -> None:
    """A structure function that raises shows the generated line that raised, by file name."""
    fn = compile_structure(_Point, Converter()._fast, wire_name, set())
    assert fn is not None
    shown = _traceback_of(fn, ["not", "an", "object"], _Point)
    assert "<vogent_async compiled structure__Point" in shown
    assert "raise _expect('an object', o)" in shown


def test_an_exact_check_shows_its_lines() -> None:
    """The sharing's exact check (written for the type's numbers) shows its lines too."""
    check = exact_check(_Point, wire_name)
    assert check is not None
    shown = _traceback_of(check, {"x": 1.0}, None)  # not a dict: b.get raises
    assert "<vogent_async exact check" in shown
    assert "b.get('x')" in shown


def test_a_fast_check_shows_its_lines() -> None:
    """The walker's fast check shows the generated test of the field whose rule raised."""
    shown = _traceback_of(_fast_check(_Point), _Point(1.0, "a"))
    assert f"<vogent_async fast check {__name__}._Point>" in shown
    assert "if not (v is _NOT_GIVEN or (_ok" in shown


def test_a_source_names_values_and_defines_one_function() -> None:
    """`Source.name` gives each value a fresh name; `define` returns the function."""
    w = Source({"_base": 10})
    one, two = w.name("k", 1), w.name("k", 2)
    w.emit(f"return _base + {one} + {two} + x")
    add = w.define("add(x)", "test add")
    assert (one, two, add(4)) == ("_k1", "_k2", 17)
