"""The fake's batch simulator calls only from phone numbers the workspace holds."""

from __future__ import annotations

from typing import Any

from vogent_async.testing import FakeVogent

from .conftest import RawApi, job_input


async def test_unknown_caller_numbers_are_refused(api: RawApi, fake: FakeVogent) -> None:
    """Each caller id the workspace does not hold is a 422 problem naming its index."""
    [number_id] = fake.phone_numbers.seed(1)

    ok = await api.call("POST", "/batch_dial_jobs", json=job_input(fromPhoneNumberIds=[number_id]))
    bad = await api.call(
        "POST", "/batch_dial_jobs", json=job_input(fromPhoneNumberIds=[number_id, "pn_x"])
    )
    update = await api.call(
        "PUT", f"/batch_dial_jobs/{ok.body['id']}", json={"fromPhoneNumberIds": ["pn_y"]}
    )

    assert ok.status == 200
    assert bad.status == 422
    assert bad.body["error"]["details"] == ["fromPhoneNumberIds[1]: no phone number with id 'pn_x'"]
    assert update.status == 422


async def test_dials_come_only_from_numbers_that_still_exist(api: RawApi, fake: FakeVogent) -> None:
    """A number deleted after the job was made is never the caller of a later dial."""
    keep, gone = fake.phone_numbers.seed(2)
    job = await api.create(rows=30, maxConcurrentDials=3, fromPhoneNumberIds=[keep, gone])
    await api.call("POST", f"/batch_dial_jobs/{job['id']}/paused", json={"paused": False})
    fake.finish_dials(3)
    await api.call("DELETE", f"/phone_numbers/{gone}")
    fake.finish_dials(27)

    dials, _ = await api.walk(f"/batch_dial_jobs/{job['id']}/dials")

    assert len(dials) == 30
    # A dial's caller is picked when it is placed: the 3 placed before the delete may use either.
    assert {d["fromNumberId"] for d in dials[6:]} == {keep}


async def test_seeded_jobs_use_the_workspace_numbers() -> None:
    """seed_jobs draws caller ids from the seeded numbers when there are any."""
    async with FakeVogent(seed=5) as fake:
        numbers = set(fake.phone_numbers.seed(2))
        ids = fake.seed_jobs(40, status="ACTIVE", rows=2)
        jobs: list[dict[str, Any]] = [fake.job(job_id) for job_id in ids]

    used = {n for job in jobs for n in job.get("fromPhoneNumberIds", [])}
    assert used
    assert used <= numbers
