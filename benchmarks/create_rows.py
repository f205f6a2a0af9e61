"""``create-rows``: checking and serialising a big create request vs ``json.dumps`` of the rows.

The package's variants run what ``client.batch_dial_jobs.create`` runs before
sending: `vogent_async._request._rows.encode_body` (every row checked and encoded
into JSON as it is read). They must produce the same JSON document as the
baseline. A last variant sends the
request for real, to the local server, and counts only client CPU.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import vogent_async
from benchmarks import data
from benchmarks.config import Sizes
from benchmarks.timing import Row, compare, measure
from vogent_async._client import _CONVERTER
from vogent_async._request._rows import encode_body
from vogent_async.models.batch_dial_jobs import BatchDialRow, _CreateJobBody

BASELINE = "json.dumps of the plain list"
DICTS = "encode_body, dict rows"
OBJECTS = "encode_body, BatchDialRow rows"
END_TO_END = "create() to the local server"
NAME, AGENT, CONCURRENCY = "Renewals", "agent_1", 10


def package_body(rows: list[Any]) -> bytes:
    """What ``create`` sends: every row checked, the body encoded as the rows are read."""
    body = _CreateJobBody(
        name=NAME, call_agent_id=AGENT, max_concurrent_dials=CONCURRENCY, rows=rows
    )
    return encode_body(body, _CONVERTER, stream="rows")


def plain_body(rows: list[dict[str, Any]]) -> str:
    """The baseline: the same document from plain dicts, no checks."""
    job = {"name": NAME, "callAgentId": AGENT, "maxConcurrentDials": CONCURRENCY}
    return json.dumps({**job, "rows": rows}, separators=(",", ":"))


async def send(base_url: str, rows: list[Any]) -> str:
    """Create the job on the local server; return its id."""
    async with vogent_async.Client("bench-key", base_url=base_url, max_retries=0) as client:
        job = await client.batch_dial_jobs.create(
            name=NAME, call_agent_id=AGENT, max_concurrent_dials=CONCURRENCY, rows=rows
        )
    return job.id


def variants(root: str, sizes: Sizes) -> dict[str, Callable[[], object]]:
    """The four ways of building (or sending) the same request."""
    rows = [data.row(n) for n in range(sizes.create_rows)]
    objects = [BatchDialRow(r["toNumber"], r["inputs"]) for r in rows]
    base = f"{root}/n1/api"
    return {
        BASELINE: lambda: plain_body(rows),
        DICTS: lambda: package_body(rows),
        OBJECTS: lambda: package_body(objects),
        END_TO_END: lambda: asyncio.run(send(base, rows)),
    }


def run(root: str, sizes: Sizes) -> list[Row]:
    """Rows with ratios to ``json.dumps``; the documents must be equal first."""
    runs = variants(root, sizes)
    expected = json.loads(str(runs[BASELINE]()))
    for name in (DICTS, OBJECTS):
        if json.loads(runs[name]()) != expected:  # type: ignore[arg-type]
            raise AssertionError(f"{name} built another document than json.dumps")
    samples = measure(runs, sizes.runs)
    return compare(
        "create-rows",
        samples,
        baseline=BASELINE,
        targets={DICTS: 3.0, OBJECTS: 3.0},
        notes={BASELINE: f"{sizes.create_rows:,} rows", END_TO_END: "client CPU only"},
    )
