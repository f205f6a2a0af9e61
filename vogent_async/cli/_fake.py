"""``vogent-async fake serve``: the fake Vogent API as a local server, for trying the CLI.

A thin wrapper over `vogent_async.testing.serve`, which ``python -m
vogent_async.testing serve`` also runs: its options are that command's own
(`SERVE_OPTIONS`, each written once), and so is its output.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

import click

from vogent_async.cli._app import Failure
from vogent_async.testing._command import SERVE_OPTIONS, ServeOption, cannot_serve

F = TypeVar("F", bound=Callable[..., Any])

__all__ = ["fake"]


def _option(option: ServeOption) -> Callable[[F], F]:
    """``option`` as a click option: parsed by its own ``parse``, refused as a usage error."""

    def convert(ctx: click.Context, param: click.Parameter, value: str | None) -> Any:
        if value is None:
            return option.default
        try:
            return option.parse(value)
        except ValueError as error:
            raise click.BadParameter(str(error)) from None

    return click.option(
        option.flag, option.name, callback=convert, metavar=option.metavar, help=option.described
    )


def _serve_options(command: F) -> F:
    for option in reversed(SERVE_OPTIONS):  # click lists the last decorator applied first
        command = _option(option)(command)
    return command


@click.group()
def fake() -> None:
    """A fake Vogent API on this machine, for trying commands without a workspace."""


@fake.command("serve")
@_serve_options
def serve_fake(**options: Any) -> None:
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
            **options,
            ready=lambda server: click.echo(
                f"FakeVogent serving at {server.base_url} (stop with Ctrl-C or SIGTERM)"
            ),
        )
    except SeedError as error:
        raise click.BadParameter(str(error), param_hint="--seed-file") from None
    except OSError as error:  # the port is taken, the address is not this machine's
        raise Failure(cannot_serve(options, error)) from None
    click.echo(json.dumps(stats.to_json()))
