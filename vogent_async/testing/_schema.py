"""A small validator for the subset of JSON Schema the contract's request bodies use.

The fake must not need jsonschema or PyYAML (users import it with the plain
package), so it ships the contract's request schemas as JSON
(``_request_schemas.json``, built by ``tests/testing/request_schemas.py``) and
checks them here. The subset: ``type``, ``properties``, ``required``, ``items``,
``additionalProperties``, ``enum``, ``allOf``/``anyOf``/``oneOf`` (with an
OpenAPI ``discriminator``), ``nullable``, ``minimum``/``maximum``,
``minLength``/``maxLength``, ``minItems``/``maxItems`` and ``pattern``; a
``$ref`` holds a schema's name. The build refuses a contract using more.

Two keywords are the fake's own, for rules the contract states only in words:
``format: iana-timezone``, and ``x-ordered: [a, b]`` (field ``b`` after field
``a``). ``x-message`` replaces a schema's own messages with one sentence.
Unknown fields are accepted, as the API does.
"""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

__all__ = ["SchemaValidator"]

_TYPES: dict[str, tuple[str, Any]] = {
    "string": ("a string", lambda v: isinstance(v, str)),
    "integer": ("an integer", lambda v: isinstance(v, int) and not isinstance(v, bool)),
    "number": (
        "a number",
        lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    ),
    "boolean": ("true or false", lambda v: isinstance(v, bool)),
    "object": ("an object", lambda v: isinstance(v, dict)),
    "array": ("an array", lambda v: isinstance(v, list)),
    "null": ("null", lambda v: v is None),
}


class SchemaValidator:
    """Checks instances against named schemas.

    Args:
        schemas: Schema name to schema, in the subset above.
    """

    def __init__(self, schemas: Mapping[str, Any]) -> None:
        self._schemas = schemas

    def errors(self, name: str, instance: Any) -> list[str]:
        """Every problem of ``instance`` against schema ``name``, as ``"<path>: <problem>"``."""
        problems: list[str] = []
        self._check({"$ref": name}, instance, "", problems)
        return list(dict.fromkeys(problems))  # allOf branches may find the same problem

    def _check(self, schema: Mapping[str, Any], value: Any, path: str, out: list[str]) -> None:
        if "$ref" in schema:
            self._check(self._schemas[schema["$ref"]], value, path, out)
            return
        if value is None and schema.get("nullable"):
            return
        found: list[str] = []
        self._check_own(schema, value, path, found)
        if found and "x-message" in schema:
            found = [f"{path or '$'}: {schema['x-message']}"]
        out += found
        if not found:
            self._check_children(schema, value, path, out)

    def _check_own(self, schema: Mapping[str, Any], value: Any, path: str, out: list[str]) -> None:
        where = path or "$"
        kind = schema.get("type")
        if kind is not None and not _TYPES[kind][1](value):
            out.append(f"{where}: expected {_TYPES[kind][0]}")
            return
        if "enum" in schema and value not in schema["enum"]:
            out.append(f"{where}: expected one of {', '.join(map(str, schema['enum']))}")
        for sub in schema.get("allOf", ()):
            self._check(sub, value, path, out)
        if "anyOf" in schema and all(self._fails(s, value) for s in schema["anyOf"]):
            out.append(f"{where}: matches none of the accepted shapes")
        if "oneOf" in schema:
            self._one_of(schema, value, path, out)
        out += [f"{where}: {problem}" for problem in _bounds(schema, value)]

    def _check_children(
        self, schema: Mapping[str, Any], value: Any, path: str, out: list[str]
    ) -> None:
        if isinstance(value, dict):
            before = len(out)
            properties = schema.get("properties", {})
            for key in schema.get("required", ()):
                if key not in value:
                    out.append(f"{_join(path, key)}: required")
            for key, sub in properties.items():
                if key in value:
                    self._check(sub, value[key], _join(path, key), out)
            extra = schema.get("additionalProperties")
            if isinstance(extra, dict):
                for key, item in value.items():
                    if key not in properties:
                        self._check(extra, item, _join(path, key), out)
            order = schema.get("x-ordered")
            if order and len(out) == before and _out_of_order(value, order):
                out.append(f"{path or '$'}: expected {order[1]} after {order[0]}")
        elif isinstance(value, list) and "items" in schema:
            for i, item in enumerate(value):
                self._check(schema["items"], item, f"{path}[{i}]", out)

    def _one_of(self, schema: Mapping[str, Any], value: Any, path: str, out: list[str]) -> None:
        discriminator = schema.get("discriminator")
        if discriminator is not None and isinstance(value, dict):
            field, mapping = discriminator["propertyName"], discriminator["mapping"]
            tag = value.get(field)
            if tag not in mapping:
                out.append(f"{_join(path, field)}: expected one of {', '.join(mapping)}")
            else:
                self._check({"$ref": mapping[tag]}, value, path, out)
            return
        if sum(not self._fails(s, value) for s in schema["oneOf"]) != 1:
            out.append(f"{path or '$'}: expected exactly one of the accepted shapes")

    def _fails(self, schema: Mapping[str, Any], value: Any) -> bool:
        found: list[str] = []
        self._check(schema, value, "", found)
        return bool(found)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _bounds(schema: Mapping[str, Any], value: Any) -> list[str]:
    """Problems with the size, range, pattern and format keywords."""
    problems = []
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"]:
            problems.append(f"expected at least {schema['minimum']}")
        if "maximum" in schema and value > schema["maximum"]:
            problems.append(f"expected at most {schema['maximum']}")
    if isinstance(value, (str, list)):
        unit = "characters" if isinstance(value, str) else "items"
        low, high = schema.get(f"min{_KIND[unit]}"), schema.get(f"max{_KIND[unit]}")
        if low is not None and len(value) < low:
            problems.append(f"expected at least {low} {unit}")
        if high is not None and len(value) > high:
            problems.append(f"expected at most {high} {unit}")
    if isinstance(value, str):
        if "pattern" in schema and not re.search(schema["pattern"], value):
            problems.append(f"expected a string matching {schema['pattern']}")
        if schema.get("format") == "iana-timezone" and not _known_timezone(value):
            problems.append("expected an IANA timezone")
    return problems


_KIND = {"characters": "Length", "items": "Items"}


def _out_of_order(value: Mapping[str, Any], order: list[str]) -> bool:
    first, second = (value.get(key) for key in order)
    return isinstance(first, str) and isinstance(second, str) and second <= first


@lru_cache(maxsize=256)
def _known_timezone(name: str) -> bool:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True
