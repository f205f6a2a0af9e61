"""Smoke tests of `benchmarks/tts.py`: tiny sizes, results checked, never timings."""

from __future__ import annotations

from benchmarks import tts, tts_ws
from benchmarks.config import SMOKE


async def test_both_loops_stream_the_same_bytes_and_rows_compare_them() -> None:
    rows = await tts.run(SMOKE)
    assert [r.variant for r in rows] == [tts.RAW, tts.OURS]
    assert rows[1].baseline == tts.RAW
    assert rows[1].target is not None
    assert rows[1].target > 1.1  # the time ratio for a throughput of at least 0.9x


def test_memory_rows_come_from_child_processes_that_streamed_everything() -> None:
    rows = tts.run_memory(SMOKE)
    assert [r.variant for r in rows] == ["0.1 MB generation", "0.5 MB generation"]
    assert all(0 < r.median < 1000 for r in rows)  # a peak RSS in MB, not bytes


async def test_the_generation_sizes_follow_the_text() -> None:
    with tts.serving() as base_url:
        got = await tts.package_stream(base_url, tts.characters(0.2))
    assert got == tts.characters(0.2) * tts.BYTES_PER_CHAR + 44  # the WAV header


async def test_websocket_rows_compare_both_loops_on_every_metric() -> None:
    rows = await tts_ws.run(SMOKE)
    assert [(r.benchmark, r.variant) for r in rows] == [
        (bench, variant)
        for bench in ("tts-ws first byte", "tts-ws", "tts-ws (CPU)")
        for variant in (tts_ws.RAW, tts_ws.OURS)
    ]
    assert all(r.target == tts_ws.TARGET for r in rows if r.variant == tts_ws.OURS)
    assert all(r.median > 0 for r in rows)


async def test_both_websocket_loops_see_the_whole_generation() -> None:
    with tts.serving(SMOKE.tts_ws_chunk) as base_url:
        async with tts_ws.raw_socket(base_url) as raw, tts_ws.package_socket(base_url) as ours:
            chars = tts.characters(0.2)
            assert (
                (await raw("a", chars))[1]
                == (await ours("b", chars))[1]
                == chars * tts.BYTES_PER_CHAR
            )
