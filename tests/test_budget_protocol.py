"""`LocalBudget`, the in-process default, satisfies the `Budget` protocol."""

from __future__ import annotations

import time

import pytest

from vogent_async._transport._throttle import Throttle
from vogent_async.budget import Budget, Lease, LocalBudget, NoSlot, OutOfTime


async def test_local_budget_is_a_budget_and_its_lease_a_lease() -> None:
    budget = LocalBudget(max_concurrency=1)
    assert isinstance(budget, Budget)
    lease = await budget.acquire(5.0, None, "GET /x")
    assert isinstance(lease, Lease)
    assert lease.seconds == pytest.approx(5.0, abs=0.5)
    assert lease.renew_every is None  # a slot of the process is held until released
    await lease.renew()
    with pytest.raises(NoSlot):
        await budget.acquire(0.01, None, "GET /x")
    await lease.release()
    await (await budget.acquire(5.0, None, "GET /x")).release()


async def test_local_budget_pause_holds_the_next_acquire() -> None:
    budget = LocalBudget()
    await budget.pause(30.0)
    with pytest.raises(OutOfTime):
        await budget.acquire(5.0, time.monotonic() + 5.0, "GET /x")


async def test_local_budget_can_share_an_existing_throttle() -> None:
    throttle = Throttle(1, sleep=_no_sleep)
    budget = LocalBudget(throttle=throttle)
    assert "Throttle" in repr(budget)
    await budget.acquire(5.0, None, "GET /x")
    with pytest.raises(NoSlot):
        await throttle.acquire(0.01, None, "GET /x")


@pytest.mark.parametrize(
    ("value", "error"), [(0, ValueError), (-2, ValueError), (1.5, TypeError), (True, TypeError)]
)
def test_local_budget_checks_max_concurrency(value: object, error: type[Exception]) -> None:
    with pytest.raises(error, match="max_concurrency"):
        LocalBudget(max_concurrency=value)  # type: ignore[arg-type]


async def _no_sleep(delay: float) -> None:
    return None
