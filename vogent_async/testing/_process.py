"""FakeVogent as a process: ``python -m vogent_async.testing serve --port 8080``.

It serves until SIGINT or SIGTERM, then closes every connection and prints its
request counters as one JSON line. Other processes (workers, a CLI, a browser)
use ``<base URL>`` with the API key. Its clock runs (`DEFAULT_SPEED` fake
seconds per real second unless told otherwise), so placed calls end by
themselves and their webhooks go to ``webhook_url``. ``GET /_fake/stats`` and
``GET /_fake/requests`` let a test read the counters and the request log (the
last `REQUEST_LOG_SIZE` requests) while it runs; the control plane
(`vogent_async.testing._control`) moves the clock, seeds groups and scripts
faults. `serve` is the function behind the command (and ``vogent-async fake serve``);
the command lines themselves are in `vogent_async.testing._command`.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Callable, Iterator
from pathlib import Path

from vogent_async.testing._clock import DEFAULT_SPEED
from vogent_async.testing._limits import ServerStats
from vogent_async.testing._seeding import load_seed_file
from vogent_async.testing._server import FakeVogent

__all__ = ["DEFAULT_SPEED", "REQUEST_LOG_SIZE", "run_until_stopped", "serve"]

Ready = Callable[[FakeVogent], None]

REQUEST_LOG_SIZE = 1_000
"""How many requests a served fake keeps in its log (``GET /_fake/requests``)."""


def serve(
    *,
    port: int = 0,
    host: str = "127.0.0.1",
    api_key: str = "test-key",
    seed: int | None = 0,
    max_concurrent_requests: int | None = None,
    latency: float = 0.0,
    jobs: int = 0,
    dials: int = 0,
    models: int = 0,
    speed: float = DEFAULT_SPEED,
    webhook_url: str | None = None,
    webhook_secret: str | None = None,
    seed_file: str | Path | None = None,
    ready: Ready | None = None,
) -> ServerStats:
    """Run a fake Vogent API server in this process until SIGINT or SIGTERM.

    Args:
        port: The port; 0 picks a free one (``ready`` can print it).
        host: The address to bind.
        api_key: The only key accepted.
        seed: Seed of the generated data.
        max_concurrent_requests: Per-key limit of concurrent requests (429 beyond it);
            ``None`` for none.
        latency: Seconds each request takes to answer, so that clients overlap.
        jobs: Batch dial jobs to seed (a realistic mix of statuses).
        dials: Dials per seeded job: finished ones, or rows still queued on a job
            in ``INIT`` (and rows left on ``ACTIVE`` and ``PAUSED`` ones too).
        models: Models to seed (``GET /models``).
        speed: Fake seconds per real second; 0 freezes the clock.
        webhook_url: Where to deliver signed webhooks (loopback only).
        webhook_secret: Their signing secret (``"test-webhook-secret"`` by default).
        seed_file: A JSON file mapping group names to lists of bodies to seed
            (`FakeVogent.seed_groups`).
        ready: Called with the started fake, e.g. to print ``fake.base_url``.

    Returns:
        The request counters at shutdown.

    Raises:
        SeedError: The seed file is unreadable or holds what the fake refuses
            (nothing was served).
    """
    fake = FakeVogent(
        api_key,
        seed=seed,
        port=port,
        host=host,
        max_concurrent_requests=max_concurrent_requests,
        latency=latency,
        speed=speed,
        webhook_url=webhook_url,
        webhook_secret=webhook_secret,
        request_log_size=REQUEST_LOG_SIZE,
    )
    if seed_file is not None:
        fake.seed_groups(load_seed_file(seed_file))
    return asyncio.run(run_until_stopped(fake, jobs=jobs, dials=dials, models=models, ready=ready))


async def run_until_stopped(
    fake: FakeVogent,
    *,
    jobs: int = 0,
    dials: int = 0,
    models: int = 0,
    ready: Ready | None = None,
    stop: asyncio.Event | None = None,
) -> ServerStats:
    """Seed ``fake``, serve it until ``stop`` is set or SIGINT/SIGTERM arrives, then close it.

    The async core of `serve`, for a caller that already runs an event loop.
    """
    stop = stop or asyncio.Event()
    async with fake:
        _seed(fake, jobs, dials)
        fake.models.seed(models)
        with _stop_on_signals(stop):
            if ready is not None:
                ready(fake)
            await stop.wait()
        return fake.stats


def _seed(fake: FakeVogent, jobs: int, dials: int) -> None:
    """Seed jobs whose dials fit their status.

    A job in ``INIT`` has not dialled yet: its ``dials`` rows are all still queued.
    The others have ``dials`` finished dials; an ``ACTIVE`` or ``PAUSED`` one also
    has rows left, so that it dials on (or resumes) rather than being complete.
    """
    for job_id in fake.seed_jobs(jobs, rows=dials):
        if fake.job(job_id)["status"] != "INIT":
            fake.seed_dials(job_id, dials)


@contextlib.contextmanager
def _stop_on_signals(stop: asyncio.Event) -> Iterator[None]:
    """SIGINT and SIGTERM set ``stop`` while the block runs (where the loop supports it)."""
    loop = asyncio.get_running_loop()
    installed = []
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, stop.set)
        except (NotImplementedError, RuntimeError):  # pragma: no cover - Windows, threads
            continue
        installed.append(sig)
    try:
        yield
    finally:
        for sig in installed:
            loop.remove_signal_handler(sig)
