"""How users call the public API, checked by ``mypy --strict`` and never run by pytest.

If a change to the package's types would break a caller's type checking, this
file stops type-checking (the ``assert_type`` calls pin the exact types).
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

from typing_extensions import assert_type

import vogent_async
from vogent_async import (
    NOT_GIVEN,
    AsyncPager,
    BatchDialJob,
    BatchDialJobStatus,
    BatchDialRow,
    Dial,
    Model,
    Page,
    QueuedDial,
    Schedule,
    ScheduleDay,
    TimeSlot,
    with_raw_response,
)


async def walk_and_steer(agent_id: str) -> None:
    async with vogent_async.Client(timeout=10.0, max_retries=3, total_timeout=60.0) as client:
        pager = client.batch_dial_jobs.list(status=BatchDialJobStatus.ACTIVE, page_size=50)
        assert_type(pager, AsyncPager[BatchDialJob])
        async for job in pager:
            assert_type(job.status, BatchDialJobStatus | str)
            assert_type(job.created_at, datetime)
            assert_type(job.schedule, Schedule | None)
        async for page in client.batch_dial_jobs.list(prefetch=1).pages():
            assert_type(page, Page[BatchDialJob])
            assert_type(page.next_cursor, str | None)
        jobs = await client.batch_dial_jobs.list(max_items=10).to_list()
        assert_type(jobs, list[BatchDialJob])

        job = await client.batch_dial_jobs.create(
            name="Renewals",
            call_agent_id=agent_id,
            max_concurrent_dials=5,
            rows=[BatchDialRow("+15551234567", {"name": "Ada"}), {"to_number": "+15557654321"}],
            schedule=Schedule(days=[ScheduleDay(1, [TimeSlot("09:00", "17:00")])], timezone="UTC"),
        )
        assert_type(job, BatchDialJob)
        job = await client.batch_dial_jobs.update(job.id, max_concurrent_dials=2, schedule=None)
        job = await client.batch_dial_jobs.update(job.id, from_phone_number_ids=NOT_GIVEN)
        weekdays = {"timezone": "UTC", "days": [{"day_of_week": 1, "time_slots": []}]}
        job = await client.batch_dial_jobs.update(job.id, schedule=weekdays)  # a mapping too
        await client.batch_dial_jobs.update(job.id, schedule="weekdays")  # type: ignore[arg-type]
        await client.batch_dial_jobs.update(job.id, max_concurrent=2)  # type: ignore[call-arg]
        job = await client.batch_dial_jobs.resume(job.id, timeout=5.0)
        assert_type(await client.batch_dial_jobs.get(job.id, max_retries=0), BatchDialJob)
        assert_type(client.batch_dial_jobs.list_queued(job.id), AsyncPager[QueuedDial])
        async for dial in client.batch_dial_jobs.list_dials(job.id, prefetch=1):
            assert_type(dial, Dial)
            assert_type(dial.ai_result, dict[str, Any] | None)
        assert_type(job.status_enum, BatchDialJobStatus | None)
        raw = await with_raw_response(client.batch_dial_jobs.get)(job.id, timeout=3.0)
        assert_type(raw.status_code, int)
        assert_type(raw.parsed, BatchDialJob)
        async for model in client.models.list(page_size=20, extra_headers={"X-Trace": "1"}):
            assert_type(model, Model)


def handle(error: vogent_async.VogentError) -> float | None:
    if isinstance(error, vogent_async.RateLimitError):
        return error.retry_after
    if isinstance(error, vogent_async.APIStatusError):
        assert_type(error.status_code, int)
    if isinstance(error, vogent_async.ResponseValidationError):
        assert_type(error.errors, tuple[str, ...])
    if isinstance(error, vogent_async.PaginationError):
        assert_type(error.cursor, str)
    return None


async def views_and_options(job_id: str) -> None:
    client = vogent_async.Client(timeout=math.inf, max_concurrency=4)
    fast = client.with_options(timeout=5.0, max_retries=0, extra_headers={"X-Team": "ops"})
    assert_type(fast, vogent_async.Client)
    assert_type(await fast.batch_dial_jobs.get(job_id), BatchDialJob)
    options: vogent_async.RequestOptions = {"total_timeout": 30.0}
    assert_type(client.with_options(**options), vogent_async.Client)
    try:
        await client.batch_dial_jobs.get(job_id)
    except vogent_async.APIError as error:
        assert_type(error.request_id, str | None)
    except vogent_async.EventLoopError:
        pass
    finally:
        await client.close()
