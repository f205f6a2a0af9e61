"""Check and encode a request whose one long list is read item by item (a job's rows).

`encode_body` walks the body like `vogent_async._request._validation.check`, but the
list field it names is consumed as it is read: each item is checked (by the
rules on its class's fields) and encoded into JSON text at once, in batches,
so a million-row job is never held as rows, dicts and a JSON string together.
Items may be instances of the class or mappings with its fields in snake_case
or camelCase; a plain, well-formed dict is turned into its JSON directly.
"""

from __future__ import annotations

import functools
import json
import typing
from collections.abc import Callable, Iterable, Mapping
from typing import Any, get_args

import attrs

from vogent_async._codec._cattrs_hooks import union_members
from vogent_async._codec._converter import Converter, to_camel
from vogent_async._request._validation import (
    _fast_check,
    _plan,
    _spellings,
    _walk,
    check,
    coerce,
)
from vogent_async.models._show import show

__all__ = ["encode_body"]

_BATCH = 4096  # items encoded per json.dumps call


def encode_body(body: Any, converter: Converter, *, stream: str) -> bytes:
    """Check ``body`` and encode it as JSON, its ``stream`` field read item by item.

    That field holds any iterable (read once) of the attrs class its
    annotation names (``Iterable[BatchDialRow | Mapping[str, Any]]``), or of
    mappings with that class's fields in snake_case or camelCase. Each item is
    checked, then encoded in batches; after the first problem nothing more is
    encoded, but checking goes on so that every problem is reported.

    Raises:
        InvalidRequestError: Listing every problem; nothing is returned to send.
    """
    items_json = bytearray()  # grows in place (one block, returned to the OS when freed)
    body_cls: Any = type(body)
    item_cls = _item_class(body_cls, stream)

    def stream_items(items: object, where: str, out: list[str]) -> None:
        _stream(items, where, item_cls, converter, out, items_json)

    body = check(body, streamed={stream: stream_items})
    head = converter.unstructure(attrs.evolve(body, **{stream: []}))
    del head[to_camel(stream)]
    text = json.dumps(head, separators=(",", ":"))
    opening = text[:-1] + ("," if head else "") + f'"{to_camel(stream)}":['
    return b"".join((opening.encode(), items_json, b"]}"))  # at most twice the body at once


@functools.cache
def _item_class(cls: Any, name: str) -> type:
    """The attrs class in the annotation of ``cls``'s field ``name`` (``Iterable[X | ...]``)."""
    (item,) = get_args(typing.get_type_hints(cls)[name])
    return next(m for m in union_members(item) if isinstance(m, type) and attrs.has(m))


def _stream(
    items: object,
    where: str,
    cls: type,
    converter: Converter,
    out: list[str],
    items_json: bytearray,
) -> None:
    if isinstance(items, (str, bytes, Mapping)) or not isinstance(items, Iterable):
        kind = f"an iterable of {cls.__name__} or mappings"
        out.append(f"{where}: expected {kind}, got {show(items)}")
        return
    fast_ok, unstructure, read = _fast_check(cls), converter.unstructure, _json_reader(cls)
    batch: list[Any] = []
    count = 0
    for index, item in enumerate(items):
        count += 1
        if read is not None and type(item) is dict:
            ready = read(item)  # the common, well-formed row: its JSON without an object
            if ready is not None:
                if not out:
                    batch.append(ready)
                    if len(batch) == _BATCH:
                        _dump_items(batch, items_json)
                continue
        if type(item) is not cls:
            item = coerce(cls, item, f"{where}[{index}]", out)
            if item is None:
                continue
        if not fast_ok(item):  # the walker's messages, or the item with its mappings built
            item = _walk(item, f"{where}[{index}]", out)
        if not out:  # once anything is wrong, nothing will be sent: stop encoding
            batch.append(unstructure(item))
            if len(batch) == _BATCH:
                _dump_items(batch, items_json)
    if count == 0:
        out.append(f"{where}: must not be empty")
    elif batch and not out:
        _dump_items(batch, items_json)


def _dump_items(batch: list[Any], items_json: bytearray) -> None:
    """Append the items as JSON, comma-separated, and empty the batch (a view becomes an object)."""
    if items_json:
        items_json += b","
    items_json += json.dumps(batch, separators=(",", ":"), default=dict)[1:-1].encode()
    batch.clear()


# ------------------------------------------------------ items given as mappings

_JSON_NATIVE = (str, int, float, bool, type(None), dict[str, str], dict[str, Any])


@functools.cache
def _json_reader(cls: Any) -> Callable[[dict[Any, Any]], dict[str, Any] | None] | None:
    """For a class of JSON-native fields only: a dict item's JSON, checked, or ``None``.

    ``None`` means "not the plain case" (a key unknown, repeated or missing, a
    rule failed): the item then takes the slow path, which says what is wrong.
    Values equal to a field's default are left out, as the converter does.
    """
    fields, object_checks = _plan(cls)
    hints = typing.get_type_hints(cls)
    native = all(m in _JSON_NATIVE for a in attrs.fields(cls) for m in union_members(hints[a.name]))
    if object_checks or not native:
        return None
    keys = {k: to_camel(name) for k, name in _spellings(cls)[0].items()}
    specs = [
        (to_camel(f.name), a.default, tuple(r.ok for r in f.rules))
        for f, a in zip(fields, attrs.fields(cls), strict=True)
    ]
    most = len(specs)

    def read(item: dict[Any, Any]) -> dict[str, Any] | None:
        if len(item) > most:
            return None
        ready: dict[str, Any] = {}
        for key, value in item.items():
            camel = keys.get(key)
            if camel is None or camel in ready:
                return None
            ready[camel] = value
        for camel, default, oks in specs:
            if camel not in ready:
                if default is attrs.NOTHING:
                    return None
                continue
            value = ready[camel]
            if value is default or (value is None and default is None):
                del ready[camel]
                continue
            for ok in oks:
                if not ok(value):
                    return None
        return ready

    return read
