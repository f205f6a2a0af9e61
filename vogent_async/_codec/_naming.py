"""The JSON key of each attribute: camelCase by the API's rule, unless declared otherwise.

A class marked `SNAKE_CASE_WIRE` keeps its attribute names as keys (webhook
payloads); a field may declare its own key (`WIRE_NAME`); local fields and the
holder of undeclared keys are never read from JSON.
"""

from __future__ import annotations

import re
from typing import Any

import attrs
from cattrs.gen import override

from vogent_async.models._shared import ALWAYS_SENT, KEEP_EXTRA, LOCAL, WIRE_NAME

__all__ = ["SNAKE_CASE_WIRE", "extra_field", "omitted", "renames", "to_camel", "wire_name"]

_FIRST_CAP = re.compile(r"_([a-z0-9])")


def to_camel(name: str) -> str:
    """``max_concurrent_dials`` -> ``maxConcurrentDials``: the API's naming rule."""
    return _FIRST_CAP.sub(lambda m: m.group(1).upper(), name)


#: A class attribute: when true, the class's JSON keys are its attribute names as they are.
SNAKE_CASE_WIRE = "__vogent_snake_case__"


def wire_name(cls: type[Any], name: str) -> str:
    """The JSON key of attribute ``name`` of ``cls`` (its `WIRE_NAME`, if it declares one)."""
    declared = attrs.fields_dict(cls)[name].metadata.get(WIRE_NAME) if attrs.has(cls) else None
    if declared is not None:
        return str(declared)
    return name if getattr(cls, SNAKE_CASE_WIRE, False) else to_camel(name)


def renames(cls: type[Any]) -> dict[str, Any]:
    """Each attribute's override: its JSON key by the class's rule, or left out if local."""
    left_out = omitted(cls)
    return {
        a.name: override(omit=True)
        if a.name in left_out
        else override(
            rename=wire_name(cls, a.name),
            omit_if_default=False if a.metadata.get(ALWAYS_SENT) else None,
        )
        for a in attrs.fields(cls)
    }


def omitted(cls: type[Any]) -> set[str]:
    """The attributes that are not read from JSON: local ones and the extra-keys holder."""
    return {
        a.name for a in attrs.fields(cls) if a.metadata.get(LOCAL) or a.metadata.get(KEEP_EXTRA)
    }


def extra_field(cls: type[Any]) -> str | None:
    """The attribute that keeps a class's undeclared JSON keys (`KEEP_EXTRA`), if any."""
    return next((a.name for a in attrs.fields(cls) if a.metadata.get(KEEP_EXTRA)), None)
