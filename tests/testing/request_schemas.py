"""Build vogent_async/testing/_request_schemas.json from the contract's request bodies.

The fake checks request bodies, and the items seeded into it, against the
contract, but users import it
without PyYAML or jsonschema. So this script (run with the dev extras) keeps,
for every operation with a JSON request body, the schemas that body reaches,
in the subset of JSON Schema that `vogent_async.testing._schema` checks, and
writes them next to the fake. ``test_request_schemas_are_up_to_date`` fails
when the contract changes and this was not re-run::

    .venv/bin/python -m tests.testing.request_schemas
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from ._openapi import SPEC_PATH, spec

OUTPUT = Path(__file__).resolve().parents[2] / "vogent_async" / "testing" / "_request_schemas.json"

#: Keywords the fake's validator checks; a schema using any other fails the build.
CHECKED = {
    "type",
    "properties",
    "required",
    "items",
    "enum",
    "allOf",
    "oneOf",
    "anyOf",
    "nullable",
    "additionalProperties",
    "minimum",
    "maximum",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "pattern",
    "discriminator",
}
#: The schema each collection of the fake reads its items back with: what a seed must fit.
ITEMS = {
    "agents": "Agent",
    "batch_dial_jobs": "BatchDialJob",
    "eval_configs": "EvalConfig",
    "eval_records": "EvalRecord",
    "eval_runs": "AIEvalRun",
    "extractors": "Extractor",
    "functions": "Function",
    "models": "Model",
    "phone_numbers": "PhoneNumber",
    "versioned_prompts": "VersionedPrompt",
    "voices": "Voice",
}
#: Annotations: they say nothing a body can break.
DROPPED = {"description", "example", "default", "title", "deprecated", "format"}


def _name(ref: str) -> str:
    prefix = "#/components/schemas/"
    if not ref.startswith(prefix):
        raise ValueError(f"unsupported $ref {ref!r}")
    return ref[len(prefix) :]


def _compile(node: dict[str, Any], reached: set[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "$ref":
            reached.add(_name(value))
            out[key] = _name(value)
        elif key == "properties":
            out[key] = {name: _compile(sub, reached) for name, sub in value.items()}
        elif key in ("items", "additionalProperties") and isinstance(value, dict):
            out[key] = _compile(value, reached)
        elif key in ("allOf", "oneOf", "anyOf"):
            out[key] = [_compile(sub, reached) for sub in value]
        elif key == "discriminator":
            mapping = {tag: _name(ref) for tag, ref in value.get("mapping", {}).items()}
            out[key] = {"propertyName": value["propertyName"], "mapping": mapping}
        elif key in CHECKED:
            out[key] = value
        elif key not in DROPPED and not key.startswith("x-"):
            raise ValueError(f"the fake's validator does not check {key!r}")
    return out


def build() -> dict[str, Any]:
    """The JSON document the fake ships: request and item schemas, and what they reach."""
    operations: dict[str, str] = {}
    for path, item in spec()["paths"].items():
        for method, operation in item.items():
            if not isinstance(operation, dict):
                continue
            content = (operation.get("requestBody") or {}).get("content", {})
            if "application/json" in content:
                schema = content["application/json"]["schema"]
                operations[f"{method.upper()} {path}"] = _name(schema["$ref"])
    components = spec()["components"]["schemas"]
    schemas: dict[str, Any] = {}
    todo = set(operations.values()) | set(ITEMS.values())
    while todo:
        name = todo.pop()
        reached: set[str] = set()
        schemas[name] = _compile(components[name], reached)
        todo |= reached - schemas.keys()
    digest = hashlib.sha256(SPEC_PATH.read_bytes()).hexdigest()
    return {
        "contract": {"version": spec()["info"]["version"], "sha256": digest},
        "operations": dict(sorted(operations.items())),
        "items": ITEMS,
        "schemas": dict(sorted(schemas.items())),
    }


def render() -> str:
    """The file's text: stable, one key per line, so a diff shows what changed."""
    return json.dumps(build(), indent=1, sort_keys=False) + "\n"


if __name__ == "__main__":
    OUTPUT.write_text(render(), encoding="utf-8")
    print(f"wrote {OUTPUT}")
