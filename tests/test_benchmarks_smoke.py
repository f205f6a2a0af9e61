"""Smoke tests of `benchmarks/`: every benchmark runs at tiny sizes and checks its results.

Correctness only, never timing: the variants must see the same items, build
equal models and documents, and the report must be written.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import statistics
import sys
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest

import vogent_async
from benchmarks import (
    budget,
    create_memory,
    create_rows,
    data,
    decode,
    fanout,
    findings,
    memory,
    overlap,
    server,
    walk,
)
from benchmarks.__main__ import main
from benchmarks.config import FULL, SMOKE
from benchmarks.timing import WALL, Row
from vogent_async._client import _CONVERTER
from vogent_async._codec._converter import Converter
from vogent_async.models.dials import Dial

TOTAL = SMOKE.walk_jobs
LAST_JOB = f"bdj_{TOTAL - 1:08d}"


def _bench_extra() -> bool:
    generator = Path(sys.executable).parent / "openapi-python-client"
    found = all(importlib.util.find_spec(m) for m in ("httpx", "pydantic", "orjson"))
    return found and generator.exists()


needs_bench_extra = pytest.mark.skipif(not _bench_extra(), reason="no bench extra installed")


@pytest.fixture(scope="module")
def root() -> Iterator[str]:
    """The benchmark page server, in its own process."""
    with server.running() as url:
        yield url


async def test_raw_and_package_walks_see_every_job(root: str) -> None:
    """The raw loop and the package walk the same jobs, across a short last page."""
    base = f"{root}/n{TOTAL}/api"
    assert await walk.raw_walk(f"{base}/batch_dial_jobs", SMOKE.page_size) == (TOTAL, LAST_JOB)
    for prefetch in (0, 1):
        got = await walk.vogent_walk(base, SMOKE.page_size, prefetch=prefetch)
        assert got == (TOTAL, LAST_JOB)


async def test_package_walk_yields_the_served_dials(root: str) -> None:
    """``list_dials`` over the server yields what the converter makes of the generated dials."""
    base = f"{root}/n5-t3/api"
    async with vogent_async.Client(walk.KEY, base_url=base) as client:
        got = await client.batch_dial_jobs.list_dials(walk.JOB_ID, page_size=2).to_list()
    assert got == [_CONVERTER.structure(data.dial(n, 3), Dial) for n in range(5)]


@needs_bench_extra
async def test_every_walk_variant_agrees(root: str) -> None:
    """Every walk variant, jobs and dials, passes the suite's own item check."""
    for dials in (False, True):
        rows = await walk.run(root, SMOKE, dials=dials)
        variants = [walk.RAW, walk.HAND, walk.OURS, walk.PYDANTIC, walk.GENERATED]
        assert [r.variant for r in rows] == variants


def test_reduced_contract_keeps_batch_dials_and_what_they_reference() -> None:
    """The generator's fallback contract holds only the batch paths and their schemas."""
    yaml = pytest.importorskip("yaml")
    spec = yaml.safe_load(walk_contract().read_text())
    reduced = pytest.importorskip("benchmarks.generated_baseline").reduce_contract(spec)
    assert reduced["paths"]
    assert all(p.startswith("/batch_dial_jobs") for p in reduced["paths"])
    schemas = reduced["components"]["schemas"]
    assert {"BatchDialJob", "Dial", "Agent", "ListBatchDialJobsResult"} <= set(schemas)
    assert "Voice" not in schemas


def walk_contract() -> Path:
    """The contract the generator reads."""
    return Path(__file__).resolve().parents[1] / "tests/api/vogent-openapi.yaml"


def test_decoders_agree_frozen_and_not() -> None:
    """Converter and hand-written code build equal models, from frozen and mutable classes."""
    twins = decode.non_frozen_twins(
        decode.models_namespace(["vogent_async.models.dials", "vogent_async.models.agents"])
    )
    twin = Converter().structure(data.dial(3, 8), twins.Dial)
    twin.agent.name = "changed"  # nested classes are twins too
    assert twin.agent.name == "changed"
    assert [f.name for f in attrs.fields(twins.Dial)] == [f.name for f in attrs.fields(Dial)]
    rows = decode.run_models(SMOKE)
    assert {r.benchmark for r in rows} == {
        "decode BatchDialJob",
        "decode Dial",
        "decode BatchDialJob (distinct)",
        "decode Dial (distinct)",
    }


def test_create_body_matches_the_plain_document() -> None:
    """The checked, unstructured body is the same JSON as dumping the plain rows."""
    rows = [data.row(n) for n in range(20)]
    assert json.loads(create_rows.package_body(rows)) == json.loads(create_rows.plain_body(rows))


async def test_fanout_sees_every_dial_without_errors(root: str) -> None:
    """Both fan-outs walk every job's dials with zero errors."""
    base = f"{root}/n{SMOKE.fanout_dials_per_job}-t1/api"
    job_ids = [f"bdj_{n:08d}" for n in range(SMOKE.fanout_jobs)]
    expected = (SMOKE.fanout_jobs * SMOKE.fanout_dials_per_job, 0)
    assert await fanout.raw_fanout(base, job_ids, SMOKE) == expected
    assert await fanout.vogent_fanout(base, job_ids, SMOKE) == expected


async def test_fanout_calls_make_every_call_without_errors(root: str) -> None:
    """Both make every single call (dial gets, agent gets, creates) with zero errors."""
    base = f"{root}/n{SMOKE.fanout_agents}-t1/api"
    work = fanout.calls(SMOKE)
    assert {item.split(":")[0] for item in work} == {"get", "agent", "create"}
    assert await fanout.raw_calls(base, work, SMOKE) == (len(work), 0)
    assert await fanout.vogent_calls(base, work, SMOKE) == (len(work), 0)


async def test_fanout_rows_give_cpu_with_targets_and_wall(root: str) -> None:
    """CPU rows carry the target; wall rows come with them, for both workloads."""
    rows = await fanout.run(root, SMOKE)
    assert [r.benchmark for r in rows if r.target is not None] == ["fanout", "fanout calls"]
    assert {r.benchmark for r in rows} == {
        "fanout", "fanout (wall)", "fanout calls", "fanout calls (wall)"
    }  # fmt: skip
    assert all(r.unit == WALL for r in rows if r.benchmark.endswith("(wall)"))
    text = "\n".join(findings._fanout(findings.Rows(rows)))
    assert "fanout calls:" in text


async def test_overlap_consumer_sees_every_page(root: str) -> None:
    """With and without read-ahead, with and without work, the consumer gets every item."""
    total = SMOKE.overlap_pages * SMOKE.page_size
    for prefetch in (0, 1):
        for work in (0.0, 0.001):
            assert await overlap.consume(f"{root}/n{total}/api", SMOKE, prefetch, work) == total


async def test_overlap_states_the_calibrated_work(root: str) -> None:
    """The note and the findings give the work per page that the calibration walks set."""
    rows = await overlap.run(root, SMOKE)
    assert [r.variant for r in rows] == ["prefetch=0", "prefetch=1", overlap.CALIBRATION]
    fetch = 1000 * rows[2].median / SMOKE.overlap_pages
    work = 1000 * overlap.work_per_page(rows[2].median, SMOKE)
    assert f"{fetch:.2f} ms" in rows[0].note
    text = "\n".join(findings._overlap(findings.Rows(rows), SMOKE))
    assert f"{fetch:.2f} ms here, so {work:.2f} ms of work" in text


def test_overlap_work_is_the_fetch_time_with_a_floor() -> None:
    """Work per page is a walk's time per page, at least ``overlap_work_ms``."""
    sizes = dataclasses.replace(SMOKE, overlap_pages=4, overlap_work_ms=1.0)
    assert overlap.work_per_page(0.02, sizes) == 0.005
    assert overlap.work_per_page(0.002, sizes) == 0.001
    assert overlap.note(sizes, [0.02, 0.03, 0.01]) == (
        f"4 pages of {SMOKE.page_size}, work per page = measured fetch time, 5.00 ms"
    )
    assert overlap.note(sizes, [0.002]) == (
        f"4 pages of {SMOKE.page_size}, work per page = 1 ms (floor; measured fetch time 0.50 ms)"
    )


async def test_overlap_pages_grow_until_a_fetch_takes_the_floor(root: str) -> None:
    """A page fetched faster than the work's floor is made larger, so work can equal fetch."""
    sizes = dataclasses.replace(SMOKE, overlap_work_ms=3.0)  # far above 50 jobs' fetch
    grown, calibration = await overlap._calibrated(root, sizes)
    assert grown.page_size > SMOKE.page_size
    assert statistics.median(calibration) / grown.overlap_pages >= 0.003


def _overlap_rows(bare_ms: float, seq_ms: float, ratio: float) -> findings.Rows:
    """``overlap`` rows from milliseconds per page, ``prefetch=1`` at ``ratio``."""
    walk = FULL.overlap_pages / 1000  # seconds a walk takes per millisecond a page
    return findings.Rows(
        [
            Row("overlap", "prefetch=0", (seq_ms * walk,), WALL),
            Row("overlap", "prefetch=1", (seq_ms * ratio * walk,), WALL, "prefetch=0", ratio),
            Row("overlap", overlap.CALIBRATION, (bare_ms * walk,), WALL, "prefetch=0"),
        ]
    )


def test_overlap_findings_use_the_calibrated_work() -> None:
    """Fetch and work come from the calibration row; the ratio says how much was hidden."""
    text = findings._overlap(_overlap_rows(10.0, 25.0, 0.6), FULL)[0]
    assert "10.00 ms here, so 10.00 ms of work (at least 8 ms)" in text
    assert "(0.5\u00d7 here)" in text
    assert "0.6\u00d7 hides 80%" in text
    assert "25.00 ms without read-ahead and 15.00 ms with it" in text
    assert "more than the 20.00 ms of fetch and work measured apart" in text
    floored = findings._overlap(_overlap_rows(2.0, 9.5, 0.9), FULL)[0]
    assert "2.00 ms here, so 8.00 ms of work" in floored
    assert "(0.8\u00d7 here)" in floored
    assert "measured apart" not in floored


def test_memory_child_reports_its_walk(root: str) -> None:
    """The child process walks every job and reports a plausible peak RSS."""
    mb, items = memory.peak_rss(f"{root}/n{TOTAL}/api", TOTAL, SMOKE.page_size, "vogent_async")
    assert items == TOTAL
    assert 5 < mb < 2048


@pytest.mark.parametrize("mode", ["encode", "send"])
def test_create_memory_child_reports_its_rise_and_body(root: str, mode: str) -> None:
    """The child creates a job from a generator and reports the body size and its peak rise."""
    report = create_memory.measure(f"{root}/n1/api", 5_000, mode)
    assert set(report) == {"rise_mb", "body_mb"}
    assert 0.3 < report["body_mb"] < 0.5  # 5,000 rows of about 80 bytes


def test_budget_rows_run_both_budgets_on_one_and_three_processes(root: str) -> None:
    """Every group of ``budget`` sees every item (its own check) in wall and CPU rows."""
    rows = budget.run(root, SMOKE)
    groups = {
        f"budget {shape} x{n} {unit}"
        for shape in budget.TARGETS
        for n in budget.PROCESSES
        for unit in ("wall", "CPU")
    }
    assert {row.benchmark for row in rows} == groups
    assert len(rows) == len(groups) * 2  # the local budget, the Redis one
    for row in rows:
        assert len(row.samples) == SMOKE.runs
        if row.variant == budget.REDIS:
            assert row.baseline == budget.LOCAL
            assert row.target == budget.TARGETS[row.benchmark.split()[1]]


def test_quick_suite_writes_the_report(tmp_path: Path) -> None:
    """``python -m benchmarks --quick`` runs every benchmark and writes the table."""
    only = ["overlap", "decode", "memory", "fanout", "create-rows", "create-memory"]
    if _bench_extra():
        only += ["walk", "walk-dials"]
    assert main(["--quick", "--only", ",".join(only), "--out", str(tmp_path)]) == 0
    text = (tmp_path / "RESULTS.md").read_text()
    for name in only:
        assert f"| {name}" in text
    assert "| create-rows | encode_body, dict rows |" in text


def test_page_server_pages_follow_the_contract() -> None:
    """A rendered page has ``data`` and a cursor that is null only on the last page."""
    first = json.loads(server.render_page("jobs", 0, 2, 3, 0))
    last = json.loads(server.render_page("jobs", 2, 2, 3, 0))
    assert [j["id"] for j in first["data"]] == ["bdj_00000000", "bdj_00000001"]
    assert first["cursor"] == "o2"
    assert last["cursor"] is None
    assert len(last["data"]) == 1


def test_to_list_child_reports_what_the_list_holds(root: str) -> None:
    """The ``memory to_list`` child lists every dial of the job, with sharing and without."""
    for mode in ("plain", "shared"):
        mb, items = memory.peak_rss(f"{root}/n40-t1/api", 40, 100, mode)
        assert items == 40
        assert -64 < mb < 512
    held = {
        m: memory.peak_rss(f"{root}/n40-t1/api", 40, 100, f"{m}-traced")
        for m in ("plain", "shared")
    }
    assert held["plain"][1] == held["shared"][1] == 40
    assert (
        0 < held["shared"][0] < held["plain"][0] < 1
    )  # traced bytes: exact, and shared holds less


def test_realistic_data_repeats_and_distinct_data_does_not() -> None:
    """Realistic dials embed one agent and schedules repeat; distinct ones differ per item."""
    assert data.dial(1, 1)["agent"] == data.dial(2, 1)["agent"]
    assert data.dial(1, 1, True)["agent"] != data.dial(2, 1, True)["agent"]
    assert data.job(1)["schedule"] == data.job(5)["schedule"]
    assert data.job(1, True)["schedule"] != data.job(5, True)["schedule"]


def test_the_report_says_when_a_run_was_partial_or_loaded() -> None:
    """A run of some benchmarks on a busy machine says both above the table."""
    run = findings.Run(SMOKE, 60.0, ["walk"], ["walk", "decode"], (6.0, 3.0))
    text = "\n".join(findings._conditions(run))
    assert "Partial run: `decode`" in text
    assert "load average 6.0" in text
    assert findings._conditions(findings.Run(SMOKE, 1.0, ["walk"], ["walk"], (0.5, 0.5))) == []
