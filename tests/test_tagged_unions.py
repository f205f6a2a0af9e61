"""``type``-tagged unions: cattrs' tagged-union strategy, an unknown tag kept raw.

No API group in the package has a tagged union yet (functions and phone-number
creation will), so a synthetic one declared here drives the mechanism.
"""

from __future__ import annotations

import attrs
import pytest

from vogent_async import UnknownVariant
from vogent_async._codec._converter import Converter, SchemaMismatch
from vogent_async.models import _shared


@attrs.frozen
class _Transfer:
    id: str
    allowed_numbers: list[str]


@attrs.frozen
class _Api:
    id: str
    url: str


_Function = _Transfer | _Api | UnknownVariant


@attrs.frozen
class _Holder:
    function: _Function
    fallback: _Function | None = None
    others: list[_Function] | None = None


@pytest.fixture
def converter(monkeypatch: pytest.MonkeyPatch) -> Converter:
    """A converter that knows the synthetic union, declared for this test only."""
    spec = _shared.TaggedUnion("type", {"transfer": _Transfer, "api": _Api})
    monkeypatch.setitem(_shared.TAGGED_UNIONS, _Function, spec)
    return Converter()


def test_declaring_returns_the_annotation(monkeypatch: pytest.MonkeyPatch) -> None:
    """`tagged_union` records the variants by tag and hands the annotation back."""
    monkeypatch.setattr(_shared, "TAGGED_UNIONS", {})
    assert _shared.tagged_union(_Function, {"api": _Api, "transfer": _Transfer}) is _Function
    assert _shared.TAGGED_UNIONS[_Function].variants == {"api": _Api, "transfer": _Transfer}


def test_each_tag_selects_its_variant(converter: Converter) -> None:
    """The ``type`` key picks the class; the other keys are its camelCase fields."""
    holder = converter.structure(
        {
            "function": {"type": "transfer", "id": "f1", "allowedNumbers": ["+15551234567"]},
            "others": [{"type": "api", "id": "f2", "url": "https://example.com/hook"}],
        },
        _Holder,
    )
    assert holder.function == _Transfer("f1", ["+15551234567"])
    assert holder.others == [_Api("f2", "https://example.com/hook")]


def test_an_unknown_or_missing_tag_is_kept_raw(converter: Converter) -> None:
    """A variant this version does not know never fails the decode."""
    new = {"type": "sms", "id": "f3", "template": "hi"}
    holder = converter.structure(
        {"function": new, "fallback": {"id": "f4"}, "others": [{"type": 7}]}, _Holder
    )
    assert holder.function == UnknownVariant("sms", new)
    assert holder.fallback == UnknownVariant(None, {"id": "f4"})
    assert holder.others == [UnknownVariant(None, {"type": 7})]
    assert converter.structure({"function": new, "fallback": None}, _Holder).fallback is None


def test_a_known_variant_that_does_not_fit_names_the_path(converter: Converter) -> None:
    """A bad known variant is a mismatch with field paths, like any model."""
    with pytest.raises(SchemaMismatch) as info:
        converter.structure({"function": {"type": "api", "id": 3}}, _Holder)
    assert info.value.errors == [
        "function.id: expected a string, got int 3",
        "function.url: required field is missing",
    ]


@pytest.mark.parametrize("value", ["transfer", ["transfer"], None])
def test_a_non_object_is_a_mismatch(converter: Converter, value: object) -> None:
    """Only an object can be a variant; ``None`` only where the field is optional."""
    with pytest.raises(SchemaMismatch, match=r"^function: expected an object"):
        converter.structure({"function": value}, _Holder)


def test_round_trip_puts_the_tag_back(converter: Converter) -> None:
    """Unstructuring writes the variant's tag; an unknown variant goes back as it came.

    (``fallback`` is at its default, so it is left out, as for any model.)
    """
    raw = {"type": "sms", "id": "f3"}
    holder = _Holder(_Api("f2", "u"), None, [_Transfer("f1", []), UnknownVariant("sms", raw)])
    assert converter.unstructure(holder) == {
        "function": {"type": "api", "id": "f2", "url": "u"},
        "others": [{"type": "transfer", "id": "f1", "allowedNumbers": []}, raw],
    }
    assert converter.structure(converter.unstructure(holder), _Holder) == holder
    assert converter._fast.unstructure(None, _Function | None) is None  # an optional field
