"""Put the command groups together and run them, mapping every ending to an exit status."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import click

from vogent_async.cli._agents import agents, voices
from vogent_async.cli._app import EXIT_INTERRUPTED, Settings, cli
from vogent_async.cli._calls import call, dial_get, dial_hangup, numbers
from vogent_async.cli._catalog import models
from vogent_async.cli._create import create_job
from vogent_async.cli._dials import dials
from vogent_async.cli._fake import fake
from vogent_async.cli._jobs import jobs
from vogent_async.cli._tts import tts
from vogent_async.cli._webhooks import webhooks

__all__ = ["run_cli"]


@cli.command()
@click.option(
    "--live",
    is_flag=True,
    help="Walk your real workspace instead, read-only (uses --api-key and --base-url).",
)
@click.pass_obj
def demo(settings: Settings, live: bool) -> int:
    """Run a campaign against a local fake API and walk it with async for (what make demo runs)."""
    from vogent_async.cli._demo import run_demo
    from vogent_async.testing._sandbox import environment

    # The demo reads the environment: hand it --api-key/--base-url when walking for real.
    given = {"VOGENT_API_KEY": settings.api_key, "VOGENT_BASE_URL": settings.base_url}
    with environment(**(given if live else {})):
        return asyncio.run(run_demo(live=live))


jobs.add_command(create_job)
cli.add_command(jobs)
cli.add_command(dials)
cli.add_command(webhooks)
cli.add_command(fake)
cli.add_command(call)
cli.add_command(numbers)
cli.add_command(agents)
cli.add_command(voices)
cli.add_command(tts)
cli.add_command(models)
dials.add_command(dial_get)
dials.add_command(dial_hangup)


def run_cli(argv: Sequence[str], *, prog_name: str = "vogent-async") -> int:
    """Run the command line with ``argv`` and return the exit status.

    Ctrl-C ends with 130 and one line, never a traceback; a failed command has
    already printed its one line.
    """
    try:
        result = cli.main(args=list(argv), prog_name=prog_name, standalone_mode=False)
    except (click.exceptions.Abort, KeyboardInterrupt):
        click.echo("Interrupted.", err=True)
        return EXIT_INTERRUPTED
    except click.ClickException as error:
        error.show()
        return error.exit_code
    return result if isinstance(result, int) else 0
