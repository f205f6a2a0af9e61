"""The contract in tests/api/vogent-openapi.yaml as JSON Schema validators.

OpenAPI 3.0 schemas are not JSON Schema: ``nullable: true`` means "or null",
including on ``allOf: [$ref]`` wrappers (``schedule: {nullable: true, allOf:
[BatchDialJobSchedule]}``), the idiom this contract uses for nullable objects.
Strict OpenAPI 3.0.3 validators ignore ``nullable`` unless ``type`` sits next
to it and so reject ``schedule: null``; here every nullable schema becomes
``anyOf: [{type: null}, <schema>]`` in JSON Schema 2020-12 instead.

Validation is strict the other way too: an object schema that lists its
properties rejects any other property (``unevaluatedProperties: false``), so
the fake cannot invent fields the contract does not have. Timestamps are held
to RFC 3339 by a checker of our own, whatever format extras are installed.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

import jsonschema
import yaml

SPEC_PATH = Path(__file__).resolve().parent.parent / "api" / "vogent-openapi.yaml"

_RFC3339 = re.compile(
    r"\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)"
    r"(\.\d+)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)"
)
_FORMATS = jsonschema.FormatChecker(formats=())


@_FORMATS.checks("date-time")
def _is_datetime(value: object) -> bool:
    return not isinstance(value, str) or _RFC3339.fullmatch(value) is not None


ADDED = "x-documented-in-copy"
"""Marks what this copy of the contract adds to the shared one, and why."""


def without_additions(document: Any) -> Any:
    """The contract with what `ADDED` marks taken out: the shared contract again.

    An addition is a value marked `ADDED` (a response, a schema), a ``$ref`` to a
    marked component, or a list of nothing but those (an ``allOf`` of pins).
    """
    components = document.get("components", {}) if isinstance(document, dict) else {}
    marked = {
        f"#/components/{kind}/{name}"
        for kind, group in components.items()
        for name, item in group.items()
        if isinstance(item, dict) and ADDED in item
    }

    def added(value: Any) -> bool:
        if isinstance(value, dict):
            return ADDED in value or value.get("$ref") in marked
        return isinstance(value, list) and bool(value) and all(map(added, value))

    def strip(node: Any) -> Any:
        if isinstance(node, dict):
            return {k: strip(v) for k, v in node.items() if not added(v)}
        if isinstance(node, list):
            return [strip(v) for v in node]
        return node

    return strip(document)


@functools.cache
def spec() -> dict[str, Any]:
    """The parsed contract."""
    with SPEC_PATH.open(encoding="utf-8") as f:
        loaded: dict[str, Any] = yaml.safe_load(f)
    return loaded


def to_json_schema(node: Any) -> Any:
    """Translate an OpenAPI 3.0 schema (recursively) into JSON Schema 2020-12."""
    if isinstance(node, list):
        return [to_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {k: to_json_schema(v) for k, v in node.items() if k != "nullable"}
    listed = "properties" in out and "additionalProperties" not in out
    if listed and ADDED not in node:  # an addition constrains fields; it does not list them
        out["unevaluatedProperties"] = False
    if "oneOf" in out and "mapping" in out.get("discriminator", {}):
        out = _by_discriminator(out)
    if node.get("nullable") is True:
        return {"anyOf": [{"type": "null"}, out]}
    return out


def _by_discriminator(node: dict[str, Any]) -> dict[str, Any]:
    """A ``oneOf`` with a discriminator as OpenAPI means it: the tag picks the one schema.

    Plain JSON Schema would demand that exactly one variant match, which fails
    when a variant allows any property (an API function matches a transfer one).
    """
    tag, mapping = node["discriminator"]["propertyName"], node["discriminator"]["mapping"]
    out = {k: v for k, v in node.items() if k not in ("oneOf", "discriminator")}
    branches = [
        {"if": {"properties": {tag: {"const": name}}, "required": [tag]}, "then": {"$ref": ref}}
        for name, ref in mapping.items()
    ]
    known = {"required": [tag], "properties": {tag: {"enum": sorted(mapping)}}}
    out["allOf"] = [*out.get("allOf", []), *branches, known]
    return out


@functools.cache
def _components() -> dict[str, Any]:
    converted: dict[str, Any] = to_json_schema(spec()["components"])
    return converted


def validator(schema: dict[str, Any]) -> jsonschema.Draft202012Validator:
    """A validator for an OpenAPI schema of the contract, ``$ref``s resolved in it."""
    root = {**to_json_schema(schema), "components": _components()}
    return jsonschema.Draft202012Validator(root, format_checker=_FORMATS)


def schema_errors(schema: dict[str, Any], instance: Any) -> list[str]:
    """Every way ``instance`` breaks ``schema``, each as ``<json path>: <message>``."""
    problems = []
    for error in validator(schema).iter_errors(instance):
        # A failed nullable anyOf: report what the non-null branch (index 1) wanted.
        inner = [e for e in error.context or () if list(e.relative_schema_path)[:1] == [1]]
        problems += [f"{e.json_path}: {e.message}" for e in inner or [error]]
    return problems


def response_schema(route: str, status: int) -> dict[str, Any] | None:
    """The contract's JSON schema for ``status`` of ``"METHOD /path"``, if it documents one."""
    method, path = route.split(" ", 1)
    operation = spec()["paths"][path][method.lower()]
    response = operation["responses"].get(str(status))
    if response is None:
        return None
    if "$ref" in response:
        response = spec()["components"]["responses"][response["$ref"].rsplit("/", 1)[1]]
    content = response.get("content", {}).get("application/json")
    return None if content is None else dict(content["schema"])


def websocket_route(route: str) -> bool:
    """Whether ``"METHOD /path"`` is the contract's websocket pseudo-operation (a 101 upgrade)."""
    method, path = route.split(" ", 1)
    return bool(spec()["paths"][path][method.lower()].get("x-protocol") == "websocket")


def binary_response(route: str) -> bool:
    """Whether the contract's 200 of ``"METHOD /path"`` is bytes (audio), not JSON."""
    method, path = route.split(" ", 1)
    content = spec()["paths"][path][method.lower()]["responses"]["200"].get("content", {})
    return "application/octet-stream" in content


def documented_statuses(route: str) -> set[int]:
    """The statuses the contract lists for a route."""
    method, path = route.split(" ", 1)
    return {int(s) for s in spec()["paths"][path][method.lower()]["responses"]}


def routes_tagged(tag: str) -> set[str]:
    """Every ``"METHOD /path"`` of one API group (an OpenAPI tag) in the contract."""
    routes = set()
    for path, item in spec()["paths"].items():
        for method, operation in item.items():
            if isinstance(operation, dict) and tag in operation.get("tags", []):
                routes.add(f"{method.upper()} {path}")
    return routes


def batch_dial_routes() -> set[str]:
    """Every ``"METHOD /path"`` of the Batch Dials group in the contract."""
    return routes_tagged("Batch Dials")


def operation(route: str) -> dict[str, Any]:
    """The contract's operation object for ``"METHOD /path"``."""
    method, path = route.split(" ", 1)
    found: dict[str, Any] = spec()["paths"][path][method.lower()]
    return found


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        section, name = node["$ref"].split("/")[-2:]
        node = spec()["components"][section][name]
    return node


def paging(route: str) -> tuple[str, int | None] | None:
    """For a paginated route, the key of its item array and its documented default limit."""
    op = operation(route)
    if not op.get("x-paginated"):
        return None
    schema = _resolve(response_schema(route, 200) or {})
    items = next(k for k, v in schema["properties"].items() if v.get("type") == "array")
    params = [_resolve(p) for p in op.get("parameters", [])]
    limit = next(p for p in params if p["name"] == "limit")
    return items, limit["schema"].get("default")
