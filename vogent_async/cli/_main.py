"""Put the command groups together and run them, mapping every ending to an exit status."""

from __future__ import annotations

from collections.abc import Sequence

import click

from vogent_async.cli._app import EXIT_INTERRUPTED, cli
from vogent_async.cli._dials import dials
from vogent_async.cli._jobs import jobs

__all__ = ["run_cli"]

cli.add_command(jobs)
cli.add_command(dials)


def run_cli(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``) and return the exit status.

    Ctrl-C ends with 130 and one line, never a traceback; a failed command has
    already printed its one line.
    """
    try:
        result = cli.main(
            args=list(argv) if argv is not None else None,
            prog_name="vogent-async",
            standalone_mode=False,
        )
    except (click.exceptions.Abort, KeyboardInterrupt):
        click.echo("Interrupted.", err=True)
        return EXIT_INTERRUPTED
    except click.ClickException as error:
        error.show()
        return error.exit_code
    return result if isinstance(result, int) else 0
