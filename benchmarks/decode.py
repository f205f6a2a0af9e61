"""``decode``: the converter vs hand-written attrs construction, frozen vs not, json vs orjson.

All variants turn the same list of contract-shaped dicts into models; their
outputs are checked equal before anything is timed. Non-frozen twins of the
models are built here, at bench time, with the same fields, types and
defaults, so that the cost of ``frozen=True`` is measured and not guessed.
"""

from __future__ import annotations

import importlib
import json
import types
from collections.abc import Callable
from functools import reduce
from operator import or_
from types import SimpleNamespace
from typing import Any, Union, get_args, get_origin

import attrs

from benchmarks import data, handwritten
from benchmarks.config import Sizes
from benchmarks.timing import Row, compare, measure
from vogent_async._client import _CONVERTER
from vogent_async._codec._converter import Converter

HAND = "hand-written attrs"
OURS = "vogent_async converter"
OURS_MUTABLE = "converter, non-frozen twins"
HAND_MUTABLE = "hand-written, non-frozen twins"
PYDANTIC = "pydantic v2 validate_python"


def models_namespace(module_names: list[str]) -> SimpleNamespace:
    """Every class of the given model modules, by name."""
    found: dict[str, Any] = {}
    for name in module_names:
        module = importlib.import_module(name)
        found.update({k: getattr(module, k) for k in module.__all__})
    return SimpleNamespace(**found)


def non_frozen_twins(ns: SimpleNamespace) -> SimpleNamespace:
    """The same namespace with every attrs class replaced by a mutable twin."""
    memo: dict[type, type] = {}

    def twin(cls: type) -> type:
        if cls not in memo:
            attrs.resolve_types(cls)
            fields = {
                a.name: attrs.field(type=swap(a.type), default=a.default, kw_only=a.kw_only)
                for a in attrs.fields(cls)
            }
            memo[cls] = attrs.make_class(cls.__name__, fields, slots=True, frozen=False)
        return memo[cls]

    def swap(tp: Any) -> Any:
        if isinstance(tp, type) and attrs.has(tp):
            return twin(tp)
        if get_origin(tp) is list:
            return list[swap(get_args(tp)[0])]  # type: ignore[misc]
        if get_origin(tp) is tuple:
            return tuple[swap(get_args(tp)[0]), ...]  # type: ignore[misc]
        if get_origin(tp) in (Union, types.UnionType):
            return reduce(or_, [swap(a) for a in get_args(tp)])
        return tp

    return SimpleNamespace(
        **{k: twin(v) if attrs.has(v) else v for k, v in vars(ns).items() if isinstance(v, type)}
    )


def _variants(
    items: list[dict[str, Any]],
    cls_name: str,
    hand: Callable[..., Any],
    ns: SimpleNamespace,
    page_size: int,
) -> dict[str, Callable[[], list[Any]]]:
    """Each variant decodes page by page, like a walk, and keeps the last page."""
    mutable = non_frozen_twins(ns)
    fresh = Converter()
    cls, twin = getattr(ns, cls_name), getattr(mutable, cls_name)
    pages = [items[i : i + page_size] for i in range(0, len(items), page_size)]

    def paged(decode_page: Callable[[list[dict[str, Any]]], list[Any]]) -> Callable[[], list[Any]]:
        def decode_all() -> list[Any]:
            out: list[Any] = []
            for page in pages:
                out = decode_page(page)
            return out

        return decode_all

    found = {
        HAND: paged(lambda page: [hand(ns, d) for d in page]),
        OURS: paged(lambda page: _CONVERTER.structure_list(page, cls, path="data")),
        OURS_MUTABLE: paged(lambda page: fresh.structure_list(page, twin, path="data")),
        HAND_MUTABLE: paged(lambda page: [hand(mutable, d) for d in page]),
    }
    try:
        pyd: Any = importlib.import_module("benchmarks.pydantic_baseline")
        pydantic: Any = importlib.import_module("pydantic")
    except ImportError:  # the bench extra is not installed
        return found
    model: Any = getattr(pyd, cls_name)
    adapter = pydantic.TypeAdapter(list[model])
    found[PYDANTIC] = paged(adapter.validate_python)
    return found


def check(variants: dict[str, Callable[[], list[Any]]]) -> None:
    """Hand-written and converter output must be equal, frozen and non-frozen alike.

    Only the last page is compared; `tests/test_benchmarks_smoke.py` runs with
    one page, so there every item is.
    """
    if variants[OURS]() != variants[HAND]():
        raise AssertionError("the converter and the hand-written code disagree")
    if variants[OURS_MUTABLE]() != variants[HAND_MUTABLE]():
        raise AssertionError("the converter and the hand-written code disagree on twins")


def run_models(sizes: Sizes) -> list[Row]:
    """``decode`` rows for ``BatchDialJob`` and ``Dial``, realistic and distinct data sets."""
    jobs_ns = models_namespace(["vogent_async.models.batch_dial_jobs"])
    dials_ns = models_namespace(["vogent_async.models.dials", "vogent_async.models.agents"])
    n = max(1, sizes.decode_items // 10)
    cases = []
    for distinct in (False, True):
        suffix = " (distinct)" if distinct else ""
        jobs = [data.job(i, distinct) for i in range(sizes.decode_items)]
        dials = [data.dial(i, sizes.transcript_len, distinct) for i in range(n)]
        cases += [
            (f"decode BatchDialJob{suffix}", jobs, jobs_ns),
            (f"decode Dial{suffix}", dials, dials_ns),
        ]
    rows: list[Row] = []
    for name, items, ns in cases:
        cls_name = name.split()[1]
        hand = handwritten.job if cls_name == "BatchDialJob" else handwritten.dial
        variants = _variants(items, cls_name, hand, ns, sizes.page_size)
        check(variants)
        samples = measure(variants, sizes.runs)
        targets = {} if "distinct" in name else {OURS: 1.0}
        rows += compare(name, samples, baseline=HAND, targets=targets, items=len(items))
    return rows


def has_dial_model() -> bool:
    """Whether ``vogent_async.models.dials`` exists yet (issue 3)."""
    try:
        importlib.import_module("vogent_async.models.dials")
    except ImportError:
        return False
    return True


def run_json(sizes: Sizes) -> list[Row]:
    """``json.loads`` vs ``orjson.loads`` on whole pages, to decide orjson by measurement."""
    try:
        orjson: Any = importlib.import_module("orjson")
    except ImportError:
        return []
    size = sizes.page_size
    pages = [
        json.dumps({"data": [data.job(n) for n in range(i, i + size)], "cursor": "c"}).encode()
        for i in range(0, sizes.decode_items, size)
    ]
    if [orjson.loads(p) for p in pages] != [json.loads(p) for p in pages]:
        raise AssertionError("orjson and json disagree")
    samples = measure(
        {
            "json.loads": lambda: [json.loads(p) for p in pages],
            "orjson.loads": lambda: [orjson.loads(p) for p in pages],
        },
        sizes.runs,
    )
    note = f"{len(pages)} job pages of {size}"
    return compare("json pages", samples, baseline="json.loads", notes={"json.loads": note})


def run(sizes: Sizes) -> list[Row]:
    """Every ``decode`` row."""
    return run_models(sizes) + run_json(sizes)
