"""The contract as the judge: schemathesis fuzzes the standalone fake over every operation.

Schemathesis (the OpenAPI fuzzer, in the dev extra) reads tests/api/vogent-openapi.yaml,
generates requests for all of its operations, valid and invalid, sends them to a
fake started with ``python -m vogent_async.testing serve``, and checks every answer:
no 5xx, no status the contract does not list for that operation, no body outside
the operation's response schema. Everything that decides the run is here: the seed,
the number of examples, the phases and the checks, so a failure reproduces as is.
"""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from ._openapi import SPEC_PATH
from .conftest import start_served, stop_served

SEED = 20261207
MAX_EXAMPLES = 10  # per operation: about 300 requests, 10-20 s on a laptop
CHECKS = "not_a_server_error,status_code_conformance,response_schema_conformance"
KEY = "fuzz-key"


@pytest.fixture
def served_fake() -> Iterator[str]:
    """The base URL of a standalone fake, its clock frozen, stopped after the test."""
    process, base_url = start_served("--speed", "0", "--api-key", KEY)
    try:
        yield base_url
    finally:
        stop_served(process, signal.SIGTERM)


def test_the_fake_answers_every_operation_as_the_contract_says(
    served_fake: str, tmp_path: Path
) -> None:
    """No 5xx, no undocumented status, no response outside its schema, on all operations."""
    command = [
        str(Path(sys.executable).parent / "schemathesis"),
        "run",
        str(SPEC_PATH),
        "--url",
        served_fake,
        "--header",
        f"Authorization: Bearer {KEY}",
        "--checks",
        CHECKS,
        "--mode",
        "all",  # valid requests and invalid ones
        "--phases",
        "examples,fuzzing",
        "--max-examples",
        str(MAX_EXAMPLES),
        "--seed",
        str(SEED),
        "--workers",
        "1",
        "--no-color",
    ]
    done = subprocess.run(
        command, cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False
    )
    report = done.stdout + done.stderr
    assert "Tested: 49" in report, report[-3000:]
    assert done.returncode == 0, report[-20000:]
