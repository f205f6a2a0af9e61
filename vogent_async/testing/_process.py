"""FakeVogent as a process: ``python -m vogent_async.testing serve --port 8080``.

It serves until SIGINT or SIGTERM, then closes every connection and prints its
request counters as one JSON line. Other processes (workers, a CLI, a browser)
use ``<base URL>`` with the API key. Its clock runs (`DEFAULT_SPEED` fake
seconds per real second unless told otherwise), so placed calls end by
themselves and their webhooks go to ``webhook_url``. ``GET /_fake/stats`` and
``GET /_fake/requests`` let a test read the counters and the request log (the
last `REQUEST_LOG_SIZE` requests) while it runs; the control plane
(`vogent_async.testing._control`) moves the clock, seeds groups and scripts
faults. `serve` is the function behind the command (and ``vogent-async fake serve``).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import signal
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from vogent_async._transport._secret import secret_from_env
from vogent_async.testing._clock import DEFAULT_SPEED, non_negative
from vogent_async.testing._limits import ServerStats
from vogent_async.testing._seeding import SeedError, load_seed_file
from vogent_async.testing._server import FakeVogent
from vogent_async.testing._webhook_sender import check_webhook_url

__all__ = ["DEFAULT_SPEED", "REQUEST_LOG_SIZE", "main", "run_until_stopped", "serve"]

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


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a positive integer, got {text}")
    return value


def _count(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, got {text}")
    return value


def _seconds(text: str) -> float:
    value = float(text)
    if not value >= 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more seconds, got {text}")
    return value


def _speed(text: str) -> float:
    try:
        return non_negative("speed", float(text))
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number, 0 or more, got {text}") from None


def _webhook_url(text: str) -> str:
    try:
        return check_webhook_url(text, allow_remote=False)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m vogent_async.testing", description="Run the fake Vogent API."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("serve", help="serve until SIGINT/SIGTERM")
    run.add_argument("--port", type=_count, default=0, help="0 picks a free port (default)")
    run.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    run.add_argument("--api-key", default="test-key", help="the key accepted (default test-key)")
    run.add_argument("--seed", type=int, default=0, help="seed of the generated data")
    run.add_argument(
        "--concurrency-limit",
        type=_positive,
        default=None,
        metavar="N",
        help="most concurrent requests per API key; one more gets 429 with Retry-After",
    )
    run.add_argument(
        "--latency", type=_seconds, default=0.0, help="seconds each request takes (default 0)"
    )
    run.add_argument("--jobs", type=_count, default=0, help="batch dial jobs to seed")
    run.add_argument(
        "--dials", type=_count, default=0, help="dials per seeded job (queued rows on INIT ones)"
    )
    run.add_argument("--models", type=_count, default=0, help="models to seed")
    run.add_argument(
        "--speed",
        type=_speed,
        default=DEFAULT_SPEED,
        metavar="FACTOR",
        help=f"fake seconds per real second (default {DEFAULT_SPEED:g}); 0 freezes the clock",
    )
    run.add_argument(
        "--webhook-url", type=_webhook_url, metavar="URL", help="deliver signed webhooks here"
    )
    run.add_argument(
        "--webhook-secret-env",
        dest="webhook_secret",
        type=_secret_from_env,
        metavar="NAME",
        help="the environment variable holding their signing secret (default: the test "
        "secret test-webhook-secret); never the secret itself: options show in ps",
    )
    run.add_argument(
        "--seed-file", metavar="FILE", help="JSON object: group name to a list of bodies to seed"
    )
    return parser


def _secret_from_env(name: str) -> str:
    try:
        return secret_from_env(name)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _announce(fake: FakeVogent) -> None:
    print(f"FakeVogent serving at {fake.base_url} (stop with Ctrl-C or SIGTERM)", flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    """The ``python -m vogent_async.testing`` command; returns the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        stats = _serve_args(args)
    except SeedError as error:
        parser.error(f"--seed-file: {error}")
    print(json.dumps(stats.to_json()), flush=True)
    return 0


def _serve_args(args: argparse.Namespace) -> ServerStats:
    return serve(
        port=args.port,
        host=args.host,
        api_key=args.api_key,
        seed=args.seed,
        max_concurrent_requests=args.concurrency_limit,
        latency=args.latency,
        jobs=args.jobs,
        dials=args.dials,
        models=args.models,
        speed=args.speed,
        webhook_url=args.webhook_url,
        webhook_secret=args.webhook_secret,
        seed_file=args.seed_file,
        ready=_announce,
    )
