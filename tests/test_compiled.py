"""The compiled structure functions build exactly what cattrs' generated ones build.

The fast converter decodes with `vogent_async._codec._compiled`; the detailed twin
still uses cattrs' own functions. For every model class of the package, on
generated bodies that fit (with optional keys left out, nulls, unknown enum
values, ints for floats) and on bodies broken one value at a time, both must
succeed or fail together, and succeed with the same values of the same types.
"""

from __future__ import annotations

import copy
import enum
import linecache
import random
import re
import types
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any, Union, get_args, get_origin

import attrs
import pytest

import vogent_async
from vogent_async import models
from vogent_async._codec._compiled import compile_structure
from vogent_async._codec._converter import Converter, SchemaMismatch, wire_name
from vogent_async._sentinel import NotGiven
from vogent_async.models._shared import KEEP_EXTRA, LOCAL, TAGGED_UNIONS

from .test_published_examples import MODELS, SAMPLES


def _model_classes() -> list[type]:
    found: dict[str, type] = {}
    modules = [vogent_async, *(getattr(models, m) for m in dir(models) if not m.startswith("_"))]
    for module in modules:
        for name in getattr(module, "__all__", ()):
            obj = getattr(module, name)
            if isinstance(obj, type) and attrs.has(obj) and not getattr(obj, "__parameters__", ()):
                found[f"{obj.__module__}.{obj.__qualname__}"] = obj
    return sorted(found.values(), key=lambda c: c.__qualname__)


CLASSES = _model_classes()
WRONG = [None, "text", 7, 2.5, True, [], {}, [1], {"a": 1}, "2025-11-02T09:00:00"]


def _members(tp: Any) -> tuple[Any, ...]:
    return get_args(tp) if get_origin(tp) in (Union, types.UnionType) else (tp,)


def _json_for(tp: Any, rng: random.Random, depth: int = 0) -> Any:
    """A JSON value that ``tp`` should accept (or, rarely, a near miss)."""
    if tp in TAGGED_UNIONS:
        tag, cls = rng.choice(sorted(TAGGED_UNIONS[tp].variants.items()))
        return {**_object_for(cls, rng, depth), TAGGED_UNIONS[tp].tag_key: tag}
    members = [m for m in _members(tp) if m is not NotGiven]
    if any(isinstance(m, type) and attrs.has(m) for m in members):  # a request's `X | Fields`
        members = [m for m in members if m != Mapping[str, Any]]
    if len(members) > 1:
        if type(None) in members and rng.random() < 0.3:
            return None
        return _json_for(rng.choice([m for m in members if m is not type(None)]), rng, depth)
    (tp,) = members
    origin = get_origin(tp)
    if tp is str:
        return rng.choice(["", "x", "hello", "é"])
    if tp is bool:
        return rng.random() < 0.5
    if tp is int:
        return rng.randrange(-5, 100)
    if tp is float:
        return rng.choice([1, 0.5, -0.0, 3])
    if tp is datetime:
        return rng.choice(["2025-11-02T09:00:00Z", "2025-11-02T09:00:00.123+02:00"])
    if tp is bytes:
        return "aGVsbG8="
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return rng.choice([*(m.value for m in tp), "SOMETHING_NEW"])
    if origin in (list, tuple, Sequence) and depth < 3:
        return [_json_for(get_args(tp)[0], rng, depth + 1) for _ in range(rng.randrange(3))]
    if origin in (dict, Mapping) or tp is Any:
        return rng.choice([{}, {"k": [1, {"n": None}]}])
    if isinstance(tp, type) and attrs.has(tp) and depth < 3:
        return _object_for(tp, rng, depth + 1)
    return None


def _object_for(cls: type, rng: random.Random, depth: int) -> dict[str, Any]:
    attrs.resolve_types(cls)
    body: dict[str, Any] = {}
    for a in attrs.fields(cls):
        if a.metadata.get(LOCAL) or a.metadata.get(KEEP_EXTRA):
            continue
        if a.default is not attrs.NOTHING and rng.random() < 0.3:
            continue  # an optional key left out
        body[wire_name(cls, a.name)] = _json_for(a.type, rng, depth)
    if rng.random() < 0.2:
        body["somethingAddedLater"] = 1
    return body


def _broken(value: Any, rng: random.Random) -> Iterator[Any]:
    """``value`` with one of its values (or keys) replaced or removed, in several ways."""
    if isinstance(value, dict):
        for key in list(value):
            rest = {k: v for k, v in value.items() if k != key}
            yield rest
            yield {**value, key: rng.choice(WRONG)}
            for inner in _broken(value[key], rng):
                yield {**value, key: inner}
    elif isinstance(value, list) and value:
        yield [rng.choice(WRONG), *value[1:]]
        for inner in _broken(value[0], rng):
            yield [inner, *value[1:]]


def _same(a: Any, b: Any) -> bool:
    """Equal, and of the same types all the way down (``1 == 1.0 == True`` is not enough)."""
    if type(a) is not type(b):
        return False
    if attrs.has(type(a)):
        return all(_same(getattr(a, f.name), getattr(b, f.name)) for f in attrs.fields(type(a)))
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(map(_same, a, b))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    return bool(a == b) or (a != a and b != b)


def _outcome(conv: Any, body: Any, cls: type) -> tuple[bool, Any]:
    try:
        return True, conv.structure(body, cls)
    except Exception as exc:  # any failure: the caller compares both sides
        return False, exc


def _check(conv: Converter, body: Any, cls: type) -> bool:
    """Both converters agree on ``body``; returns whether it decoded."""
    ok_fast, fast = _outcome(conv._fast, body, cls)
    ok_slow, slow = _outcome(conv._detailed, body, cls)
    assert ok_fast == ok_slow, (cls, body, fast, slow)
    # The same JSON again: now whatever repeats is shared or rebuilt from the first.
    ok_again, again = _outcome(conv._fast, copy.deepcopy(body), cls)
    assert ok_again == ok_fast, (cls, body, again)
    if ok_fast:
        assert _same(fast, slow), (cls, body, fast, slow)
        assert _same(again, slow), (cls, body, again, slow)
    return ok_fast


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__qualname__)
@pytest.mark.parametrize("share", [True, False])
def test_generated_bodies_decode_alike(cls: type, share: bool) -> None:
    """Bodies that fit and bodies broken one value at a time: same outcome, same values."""
    conv = Converter(share=share)
    rng = random.Random(f"{cls.__qualname__}-{share}")
    fitting = 0
    for _ in range(25):
        body = _object_for(cls, rng, 0)
        fitting += _check(conv, body, cls)
        for broken in _broken(body, rng):
            _check(conv, broken, cls)
        _check(conv, rng.choice(WRONG), cls)
    assert fitting, "no generated body fit: the comparison would prove nothing"


@pytest.mark.parametrize("sample", sorted(MODELS))
def test_published_examples_decode_alike(sample: str) -> None:
    """Every published example body, and each of its one-value breakages."""
    import json

    cls, key = MODELS[sample]
    body = json.loads((SAMPLES / sample).read_text())
    items = body[key] if key else [body]
    conv = Converter()
    rng = random.Random(sample)
    for item in items:
        _check(conv, item, cls)
        for broken in _broken(item, rng):
            _check(conv, broken, cls)


def test_every_response_model_is_compiled() -> None:
    """Only a class whose default needs ``self`` falls back to cattrs' function."""
    conv = Converter()
    for cls in CLASSES:
        assert compile_structure(cls, conv._fast, wire_name, set()) is not None, cls


def test_frozen_models_are_filled_without_init() -> None:
    """A frozen class without converters or validators still gets every slot, and stays frozen."""
    conv = Converter()
    dial = conv.structure({"id": "d1", "status": "completed"}, vogent_async.Dial)
    assert dial == vogent_async.Dial(id="d1", status="completed")
    assert hash(dial) == hash(vogent_async.Dial(id="d1", status="completed"))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        dial.id = "other"  # type: ignore[misc]


def _upper(text: str) -> str:
    return text.upper()


def _init_cases(make: Callable[[type[Any]], type[Any]]) -> tuple[type[Any], ...]:
    """Classes made by ``make`` whose ``__init__`` converts, validates, or calls a hook."""

    @make
    class Converted:
        name: str = attrs.field(converter=_upper)

    @make
    class Validated:
        count: int = attrs.field(validator=attrs.validators.ge(0))

    @make
    class PostInit:
        name: str
        seen: list[str] = attrs.field(factory=list, init=False)

        def __attrs_post_init__(self) -> None:
            self.seen.append(self.name)

    return Converted, Validated, PostInit


_FROZEN_CASES, _MUTABLE_CASES = _init_cases(attrs.frozen), _init_cases(attrs.define)
_Converted, _MutableValidated = _FROZEN_CASES[0], _MUTABLE_CASES[1]


@attrs.define
class _KeywordInTheMiddle:
    first: str
    middle: str = attrs.field(kw_only=True)
    last: int = 0


def test_a_class_built_through_init_gets_its_arguments_right() -> None:
    """Positional arguments in order, a keyword-only one by name wherever it is declared."""
    built = Converter().structure({"first": "a", "middle": "b", "last": 2}, _KeywordInTheMiddle)
    assert built == _KeywordInTheMiddle("a", middle="b", last=2)


@pytest.mark.parametrize(
    ("converted", "validated", "post_init"),
    [_FROZEN_CASES, _MUTABLE_CASES],
    ids=["frozen", "mutable"],
)
def test_what_init_would_do_still_happens(
    converted: type[Any], validated: type[Any], post_init: type[Any]
) -> None:
    """A converter runs, a validator rejects, ``__attrs_post_init__`` is called."""
    conv = Converter()
    assert conv.structure({"name": "ada"}, converted).name == "ADA"
    assert conv.structure({"count": 1}, validated).count == 1
    with pytest.raises(SchemaMismatch):
        conv.structure({"count": -1}, validated)
    assert conv.structure({"name": "ada"}, post_init).seen == ["ada"]


def test_a_mutable_model_is_filled_by_plain_stores() -> None:
    """A mutable slotted class with nothing in ``__init__`` but stores skips the call to it."""
    source = _compiled_source(vogent_async.DialTranscriptItem)
    assert "obj.text = v0" in source
    assert "_cls(" not in source
    item = Converter().structure(
        {"text": "Hi", "speaker": "AI", "startTimeMs": 5}, vogent_async.DialTranscriptItem
    )
    assert item == vogent_async.DialTranscriptItem("Hi", "AI", start_time_ms=5)
    assert "obj.count" not in _compiled_source(_MutableValidated)


def _compiled_source(cls: type[Any]) -> str:
    fn = compile_structure(cls, Converter()._fast, wire_name, set())
    assert fn is not None
    return "".join(linecache.getlines(fn.__code__.co_filename))


def test_a_converter_that_keeps_tuples_is_not_called_on_a_decoded_array() -> None:
    """``keeps_tuples`` converters are skipped where the tuple is built from JSON; others run."""
    calls_converter = re.compile(r"= _c\d+\(")
    assert not calls_converter.search(_compiled_source(models.ScheduleDay))
    assert not calls_converter.search(_compiled_source(models.FlowDefinition))
    assert calls_converter.search(_compiled_source(_Converted))
    day = Converter().structure(
        {"dayOfWeek": 1, "timeSlots": [{"startTime": "09:00", "endTime": "17:00"}]},
        models.ScheduleDay,
    )
    assert day == models.ScheduleDay(1, [models.TimeSlot("09:00", "17:00")])
    assert type(day.time_slots) is tuple
