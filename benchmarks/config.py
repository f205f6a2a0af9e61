"""Every size knob of the suite, in one place: the full run and the smoke run."""

from __future__ import annotations

import dataclasses


@dataclasses.dataclass(frozen=True)
class Sizes:
    """How big each benchmark is and how often it runs.

    Attributes:
        runs: Timed runs per variant (after one untimed warm-up); the median is reported.
        walk_jobs: Jobs walked by ``walk``.
        page_size: Items per page of every job listing.
        walk_dials: Dials walked by ``walk-dials``.
        dial_page_size: Items per page of every dial listing.
        transcript_len: Transcript entries in each generated dial.
        overlap_pages: Pages walked by ``overlap``.
        overlap_work_ms: The least work the ``overlap`` consumer awaits per page: the work
            is set to the fetch time per page measured in the same run (pages grow until
            it takes this long), so that read-ahead can at best halve a page; the floor
            keeps the event loop's timer (epoll waits in whole milliseconds) a small
            part of a page.
        decode_items: Dicts structured per ``decode`` run (dials: a fifth of it).
        memory_small: Jobs walked by the small ``memory`` walk.
        memory_large: Jobs walked by the large ``memory`` walk.
        memory_runs: Runs of each ``memory`` walk (peak RSS varies little).
        memory_dials: Dials of one job that ``memory to_list`` lists into memory.
        memory_transcript_len: Transcript entries of each of those dials.
        fanout_jobs: Jobs whose dials ``fanout`` lists.
        fanout_dials_per_job: Dials of each of those jobs.
        fanout_page_size: Items per page of the ``fanout`` dial listings.
        fanout_tasks: Concurrent tasks of ``fanout``, sharing one client.
        fanout_calls: Single calls of ``fanout calls`` (dial gets, agent gets, creates).
        fanout_agents: Agents in the listing that ``agents.get`` reads.
        budget_walk_jobs: Jobs walked by each process of the ``budget`` walks.
        budget_fanout_jobs: Jobs whose dials the ``budget`` fan-outs list, one small
            page each: many short requests, where a budget's own cost shows most.
        budget_fanout_dials: Dials of each of those jobs (one transcript entry each).
        budget_slots: Slots of the ``budget`` fan-outs, across their processes.
        budget_tasks: Tasks of the ``budget`` fan-outs, across their processes.
        create_rows: Rows of the ``create-rows`` request.
        create_memory_rows: Rows of the ``create-memory`` job.
        server_jobs: Jobs walked by ``server`` (static page server vs `FakeVogent`).
        tts_mb: Megabytes of audio streamed per ``tts`` run.
        tts_memory_small_mb: Megabytes of the small ``tts-memory`` generation.
        tts_memory_large_mb: Megabytes of the large ``tts-memory`` generation.
        tts_ws_mb: Megabytes of each large ``tts-ws`` generation (bytes per second).
        tts_ws_larges: Large ``tts-ws`` generations per run and contender.
        tts_ws_firsts: Short ``tts-ws`` generations per run (first-byte latency).
        tts_ws_chunk: Bytes of audio per websocket chunk the ``tts-ws`` fake sends.
        webhooks_calls: Calls of each ``webhooks`` run; each sends every example event once.
        webhooks_connections: Keep-alive connections ``webhooks`` sends over, one
            request in flight on each.
    """

    runs: int = 5
    walk_jobs: int = 100_000
    page_size: int = 100
    walk_dials: int = 20_000
    dial_page_size: int = 100
    transcript_len: int = 20
    overlap_pages: int = 100
    overlap_work_ms: float = 8.0
    decode_items: int = 50_000
    memory_small: int = 10_000
    memory_large: int = 1_000_000
    memory_runs: int = 5
    memory_dials: int = 100_000
    memory_transcript_len: int = 2
    fanout_jobs: int = 600
    fanout_dials_per_job: int = 40
    fanout_page_size: int = 20
    fanout_tasks: int = 50
    fanout_calls: int = 6000
    fanout_agents: int = 7
    budget_walk_jobs: int = 20_000
    budget_fanout_jobs: int = 3_000
    budget_fanout_dials: int = 2
    budget_slots: int = 6
    budget_tasks: int = 24
    create_rows: int = 100_000
    create_memory_rows: int = 1_000_000
    server_jobs: int = 20_000
    tts_mb: float = 1000.0
    tts_memory_small_mb: float = 1.0
    tts_memory_large_mb: float = 200.0
    tts_ws_mb: float = 20.0
    tts_ws_larges: int = 5
    tts_ws_firsts: int = 200
    tts_ws_chunk: int = 8192
    webhooks_calls: int = 700
    webhooks_connections: int = 16


FULL = Sizes()

SMOKE = Sizes(
    runs=1,
    walk_jobs=230,
    page_size=50,
    walk_dials=30,
    dial_page_size=7,
    transcript_len=3,
    overlap_pages=3,
    overlap_work_ms=1.0,
    decode_items=50,
    memory_small=100,
    memory_large=300,
    memory_runs=1,
    memory_dials=40,
    memory_transcript_len=1,
    fanout_jobs=6,
    fanout_dials_per_job=5,
    fanout_page_size=2,
    fanout_tasks=3,
    fanout_calls=9,
    fanout_agents=3,
    budget_walk_jobs=230,
    budget_fanout_jobs=6,
    budget_fanout_dials=2,
    budget_slots=3,
    budget_tasks=6,
    create_rows=100,
    create_memory_rows=1_000,
    server_jobs=120,
    tts_mb=0.5,
    tts_memory_small_mb=0.1,
    tts_memory_large_mb=0.5,
    tts_ws_mb=0.5,
    tts_ws_larges=2,
    tts_ws_firsts=3,
    tts_ws_chunk=8192,
    webhooks_calls=3,
    webhooks_connections=2,
)
