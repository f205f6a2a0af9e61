"""The fake checks request bodies against the contract's own schemas, shipped as JSON."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from typing import Any

import pytest

from vogent_async.testing._schema import SchemaValidator
from vogent_async.testing._validate import body_problems

from . import request_schemas
from ._openapi import operation, schema_errors


def test_the_shipped_request_schemas_are_built_from_the_current_contract() -> None:
    """_request_schemas.json is what the build script makes from tests/api today."""
    shipped = request_schemas.OUTPUT.read_text(encoding="utf-8")

    assert shipped == request_schemas.render(), (
        "the contract changed: run .venv/bin/python -m tests.testing.request_schemas"
    )


def test_the_build_refuses_a_keyword_the_fake_cannot_check() -> None:
    """A contract using JSON Schema the fake's validator lacks fails the build, loudly."""
    with pytest.raises(ValueError, match="does not check 'multipleOf'"):
        request_schemas._compile({"type": "integer", "multipleOf": 5}, set())
    with pytest.raises(ValueError, match="unsupported"):
        request_schemas._compile({"$ref": "other.yaml#/X"}, set())


#: Bodies for operations outside Batch Dials (no server rules there): the fake's verdict
#: must be the one jsonschema gives on the YAML itself.
_AGREEMENT: list[tuple[str, Any]] = [
    ("POST /tts", {"text": "hi", "voiceId": "v"}),
    ("POST /tts", {"text": "hi"}),
    ("POST /tts", {"text": 3, "voiceId": "v"}),
    ("POST /tts", {"text": "hi", "voiceId": "v", "format": {"outputType": "MP3"}}),
    ("POST /tts", {"text": "hi", "voiceId": "v", "format": {"outputType": "OGG", "sampleRate": 1}}),
    ("POST /dials", {"callAgentId": "a", "toNumber": None, "voiceVolumeLevel": 2}),
    ("POST /dials", {"callAgentId": "a", "voiceVolumeLevel": 2.5}),
    ("POST /dials", {"callAgentId": "a", "browserCall": "yes"}),
    ("POST /functions", {"name": "f", "description": "d", "type": "api"}),
    ("POST /functions", {"name": "f", "description": "d", "type": "fax"}),
    ("POST /tts/multispeaker", {"lines": [{"text": "a", "voiceId": "v"}, {"text": "b"}]}),
    ("POST /tts/multispeaker", {"lines": "a"}),
    ("POST /batch_dial_jobs/{id}/paused", {"paused": True}),
    ("POST /batch_dial_jobs/{id}/paused", {"paused": 1}),
    ("PUT /batch_dial_jobs/{id}", {"fromPhoneNumberIds": ["a", 2]}),
]


@pytest.mark.parametrize(("route", "body"), _AGREEMENT)
def test_the_fake_agrees_with_jsonschema_on_the_contract(route: str, body: Any) -> None:
    """Valid for the fake exactly when valid for jsonschema on the OpenAPI file."""
    schema = operation(route)["requestBody"]["content"]["application/json"]["schema"]

    assert bool(body_problems(route, body)) == bool(schema_errors(schema, body))


def test_problems_name_the_field_path_and_what_is_expected() -> None:
    """Each problem reads '<path>: <expectation>', with array indices and nested keys."""
    problems = body_problems(
        "POST /tts/multispeaker", {"lines": [{"text": "a", "voiceId": "v"}, {"text": 5}]}
    )

    assert problems == ["lines[1].voiceId: required", "lines[1].text: expected a string"]
    assert body_problems("POST /tts", None) == ["$: expected an object"]


_SCHEMAS: dict[str, Any] = {
    "Thing": {
        "type": "object",
        "required": ["n"],
        "properties": {
            "n": {"type": "integer", "minimum": 1, "maximum": 9},
            "tags": {"type": "array", "items": {"type": "string"}, "minItems": 1, "maxItems": 2},
            "code": {"type": "string", "minLength": 2, "maxLength": 3, "pattern": "^[A-Z]+$"},
            "kind": {"anyOf": [{"type": "string"}, {"type": "number"}]},
            "one": {"oneOf": [{"type": "string"}, {"type": "integer"}, {"type": "number"}]},
            "maybe": {"nullable": True, "allOf": [{"$ref": "Inner"}]},
            "zone": {"type": "string", "format": "iana-timezone"},
            "labels": {"type": "object", "additionalProperties": {"type": "string"}},
        },
    },
    "Inner": {"type": "object", "properties": {"flag": {"type": "boolean"}}},
}


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ({"n": True}, "n: expected an integer"),
        ({"n": 0}, "n: expected at least 1"),
        ({"n": 10}, "n: expected at most 9"),
        ({"n": 1, "tags": []}, "tags: expected at least 1 items"),
        ({"n": 1, "tags": ["a", "b", "c"]}, "tags: expected at most 2 items"),
        ({"n": 1, "code": "A"}, "code: expected at least 2 characters"),
        ({"n": 1, "code": "ABCD"}, "code: expected at most 3 characters"),
        ({"n": 1, "code": "ab"}, "code: expected a string matching ^[A-Z]+$"),
        ({"n": 1, "kind": []}, "kind: matches none of the accepted shapes"),
        ({"n": 1, "one": 3}, "one: expected exactly one of the accepted shapes"),
        ({"n": 1, "maybe": {"flag": "x"}}, "maybe.flag: expected true or false"),
        ({"n": 1, "zone": "Mars/Olympus"}, "zone: expected an IANA timezone"),
        ({"n": 1, "labels": {"a": 1}}, "labels.a: expected a string"),
        ({}, "n: required"),
    ],
)
def test_each_keyword_of_the_subset_is_checked(body: dict[str, Any], problem: str) -> None:
    """Every keyword the validator claims to check does reject what it forbids."""
    assert SchemaValidator(_SCHEMAS).errors("Thing", body) == [problem]


def test_a_body_fitting_the_subset_passes_and_unknown_fields_are_ignored() -> None:
    """A body meeting every keyword has no problem; fields the schema lacks are accepted."""
    body = {
        "n": 5,
        "tags": ["a"],
        "code": "AB",
        "kind": 2.5,
        "one": "x",
        "maybe": None,
        "zone": "Europe/Paris",
        "labels": {"a": "b"},
        "later": "anything",
    }

    assert SchemaValidator(_SCHEMAS).errors("Thing", body) == []


def test_the_fake_checks_bodies_without_pyyaml_or_jsonschema() -> None:
    """Users import the fake with the plain package: neither library is needed to validate."""
    code = textwrap.dedent(
        """
        import sys
        sys.modules["yaml"] = None
        sys.modules["jsonschema"] = None
        from vogent_async.testing import FakeVogent
        from vogent_async.testing._validate import body_problems
        print(body_problems("POST /batch_dial_jobs/{id}/paused", {}))
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )

    assert out.stdout.strip() == "['paused: required']"
