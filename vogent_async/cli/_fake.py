"""``vogent-async fake serve``: the fake Vogent API as a local server, for trying the CLI.

A thin wrapper over `vogent_async.testing.serve`, which ``python -m
vogent_async.testing serve`` also runs: the same options, the same output.
"""

from __future__ import annotations

import json

import click

from vogent_async.cli._app import Failure

__all__ = ["fake"]


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
) -> None:
    """Serve until Ctrl-C or SIGTERM, then print the request counters as JSON.

    Point the other commands at it with --base-url and --api-key, e.g.
    vogent-async --base-url http://127.0.0.1:PORT/api --api-key test-key jobs list.
    """
    from vogent_async.testing import serve

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
            ready=lambda server: click.echo(
                f"FakeVogent serving at {server.base_url} (stop with Ctrl-C or SIGTERM)"
            ),
        )
    except OSError as error:  # the port is taken, the address is not this machine's
        reason = error.strerror or str(error)
        raise Failure(f"cannot serve on {host} port {port}: {reason}") from None
    click.echo(json.dumps(stats.to_json()))
