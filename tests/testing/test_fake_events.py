"""Observers of the fake: every change to jobs, dials and collections is announced."""

from __future__ import annotations

from vogent_async.testing import FakeEvent, FakeVogent

from .conftest import RawApi


async def test_job_changes_and_finished_dials_are_announced_in_order(
    api: RawApi, fake: FakeVogent
) -> None:
    """Create, resume, each finished dial and completion reach the observer as they happen."""
    events: list[FakeEvent] = []
    fake.subscribe(events.append)
    job = await api.create(rows=2, maxConcurrentDials=1)
    await api.call("POST", f"/batch_dial_jobs/{job['id']}/paused", json={"paused": False})

    fake.finish_dials(2)

    kinds = [(e.kind, e.body["status"] if e.kind.startswith("batch") else None) for e in events]
    assert kinds == [
        ("batch_dial_job.created", "INIT"),
        ("batch_dial_job.updated", "ACTIVE"),
        ("dial.finished", None),
        ("dial.finished", None),
        ("batch_dial_job.updated", "COMPLETE"),
    ]
    dials = [e for e in events if e.kind == "dial.finished"]
    assert {e.parent_id for e in dials} == {job["id"]}
    assert [e.id for e in dials] == [
        d["id"] for d in (await api.walk(f"/batch_dial_jobs/{job['id']}/dials"))[0]
    ]


async def test_updates_pauses_and_collections_are_announced(api: RawApi, fake: FakeVogent) -> None:
    """A PUT, a pause, and collection create/update/delete each send one event."""
    job = await api.create(rows=3, maxConcurrentDials=1)
    await api.call("POST", f"/batch_dial_jobs/{job['id']}/paused", json={"paused": False})
    seen: list[tuple[str, str]] = []
    fake.subscribe(lambda e: seen.append((e.kind, e.id)))

    await api.call("PUT", f"/batch_dial_jobs/{job['id']}", json={"maxConcurrentDials": 2})
    await api.call("POST", f"/batch_dial_jobs/{job['id']}/paused", json={"paused": True})
    await api.call("POST", f"/batch_dial_jobs/{job['id']}/paused", json={"paused": True})
    [model] = fake.models.seed(1)
    fake.models.update(model, {"name": "x"})
    fake.models.delete(model)

    assert seen == [
        ("batch_dial_job.updated", job["id"]),
        ("batch_dial_job.updated", job["id"]),
        ("models.created", model),
        ("models.updated", model),
        ("models.deleted", model),
    ]


async def test_an_unsubscribed_observer_hears_nothing_more(fake: FakeVogent) -> None:
    """The function subscribe returns stops the calls; calling it twice is harmless."""
    seen: list[FakeEvent] = []
    unsubscribe = fake.subscribe(seen.append)
    fake.models.seed(1)

    unsubscribe()
    unsubscribe()
    fake.models.seed(1)
    fake.seed_jobs(2, status="ACTIVE", rows=2)
    fake.advance(3600)

    assert [e.kind for e in seen] == ["models.created"]
