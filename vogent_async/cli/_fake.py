"""``vogent-async fake serve``: the fake Vogent API as a local server, for trying the CLI.

A thin wrapper over `vogent_async.testing.serve`, which ``python -m
vogent_async.testing serve`` also runs: the same options, the same output.
"""

from __future__ import annotations

import json

import click

from vogent_async.cli._app import Failure
from vogent_async.cli._webhooks import secret_from_env
from vogent_async.testing._clock import DEFAULT_SPEED

__all__ = ["fake"]


def _webhook_url(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from vogent_async.testing._webhook_sender import check_webhook_url

    try:
        return None if value is None else check_webhook_url(value, allow_remote=False)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


@click.group()
def fake() -> None:
    """A fake Vogent API on this machine, for trying commands without a workspace."""


@fake.command("serve")
@click.option(
    "--port", type=click.IntRange(min=0, max=65535), default=0, help="0 picks a free port."
)
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to bind.")
@click.option(
    "--api-key", "key", default="test-key", show_default=True, help="The only key it accepts."
)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the generated data.")
@click.option(
    "--concurrency-limit",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help="Most concurrent requests per API key; one more gets 429 with Retry-After.",
)
@click.option(
    "--latency", type=click.FloatRange(min=0), default=0.0, help="Seconds each request takes."
)
@click.option("--jobs", type=click.IntRange(min=0), default=0, help="Batch dial jobs to seed.")
@click.option(
    "--dials",
    type=click.IntRange(min=0),
    default=0,
    help="Dials per job (rows still queued on INIT ones).",
)
@click.option("--models", type=click.IntRange(min=0), default=0, help="Models to seed.")
@click.option(
    "--speed",
    type=click.FloatRange(min=0),
    default=DEFAULT_SPEED,
    show_default=True,
    metavar="FACTOR",
    help="Fake seconds per real second; 0 freezes the clock.",
)
@click.option(
    "--webhook-url", callback=_webhook_url, metavar="URL", help="Deliver signed webhooks here."
)
@click.option(
    "--webhook-secret-env",
    "webhook_secret",
    callback=lambda _ctx, _param, name: None if name is None else secret_from_env(name),
    metavar="NAME",
    help="The environment variable holding their signing secret (default: the test "
    "secret test-webhook-secret). Never the secret itself: options show in ps.",
)
@click.option(
    "--seed-file",
    type=click.Path(dir_okay=False),
    metavar="FILE",
    help="JSON object: group name (agents, phone_numbers, ...) to a list of bodies.",
)
def serve_fake(
    port: int,
    host: str,
    key: str,
    seed: int,
    concurrency_limit: int | None,
    latency: float,
    jobs: int,
    dials: int,
    models: int,
    speed: float,
    webhook_url: str | None,
    webhook_secret: str | None,
    seed_file: str | None,
) -> None:
    """Serve until Ctrl-C or SIGTERM, then print the request counters as JSON.

    Point the other commands at it with --base-url and --api-key, e.g.
    vogent-async --base-url http://127.0.0.1:PORT/api --api-key test-key jobs list.
    Its clock runs (--speed), so a placed call ends by itself; POST /_fake/advance,
    /_fake/seed/GROUP and /_fake/faults drive it from outside (docs/testing.md).
    """
    from vogent_async.testing import serve
    from vogent_async.testing._seeding import SeedError

    try:
        stats = serve(
            port=port,
            host=host,
            api_key=key,
            seed=seed,
            max_concurrent_requests=concurrency_limit,
            latency=latency,
            jobs=jobs,
            dials=dials,
            models=models,
            speed=speed,
            webhook_url=webhook_url,
            webhook_secret=webhook_secret,
            seed_file=seed_file,
            ready=lambda server: click.echo(
                f"FakeVogent serving at {server.base_url} (stop with Ctrl-C or SIGTERM)"
            ),
        )
    except SeedError as error:
        raise click.BadParameter(str(error), param_hint="--seed-file") from None
    except OSError as error:  # the port is taken, the address is not this machine's
        reason = error.strerror or str(error)
        raise Failure(f"cannot serve on {host} port {port}: {reason}") from None
    click.echo(json.dumps(stats.to_json()))
