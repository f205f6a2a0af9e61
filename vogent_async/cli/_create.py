"""``vogent-async jobs create``: a job from a rows file, checked whole before anything is sent."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any, NoReturn

import click

from vogent_async import (
    APIConnectionError,
    BatchDialJob,
    Client,
    InternalServerError,
    InvalidRequestError,
    VogentError,
)
from vogent_async.cli._app import Failure, Settings, describe, run, text_only
from vogent_async.cli._jobs import JSON, load_schedule, show_job
from vogent_async.cli._output import out_console, plural
from vogent_async.cli._rows import RowsFile, RowsFileError, read_rows
from vogent_async.cli._terminal import terminal_text

__all__ = ["create_job"]

_ROW_PATH = re.compile(r"rows\[(\d+)\](.*)")


@click.command("create")
@click.option(
    "--name",
    required=True,
    callback=text_only,
    help="The job's name; make it unique (a date in it).",
)
@click.option(
    "--agent",
    required=True,
    callback=text_only,
    metavar="ID",
    help="The agent that makes the calls.",
)
@click.option(
    "--max-concurrent", required=True, type=click.IntRange(min=1), help="Calls in flight at once."
)
@click.option(
    "--from-number",
    "from_numbers",
    multiple=True,
    callback=text_only,
    metavar="ID",
    help="Caller phone-number id; repeat for a pool.",
)
@click.option(
    "--rows",
    "rows_file",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="CSV with a to_number column (other columns are inputs), or JSON lines.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "jsonl"]),
    help="The rows file's format [default: from its suffix].",
)
@click.option(
    "--schedule",
    "schedule_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="JSON file with the weekly calling windows.",
)
@click.option("--start", is_flag=True, help="Start dialling right after creating the job.")
@JSON
@click.pass_obj
def create_job(
    settings: Settings,
    name: str,
    agent: str,
    max_concurrent: int,
    from_numbers: tuple[str, ...],
    rows_file: Path,
    fmt: Any,
    schedule_file: Path | None,
    start: bool,
    as_json: bool,
) -> None:
    """Create a job from a rows file; the whole file is checked before anything is sent."""
    rows = _load_rows(rows_file, fmt)
    schedule = load_schedule(schedule_file) if schedule_file is not None else None

    async def work(client: Client) -> BatchDialJob:
        try:
            job = await client.batch_dial_jobs.create(
                name=name,
                call_agent_id=agent,
                max_concurrent_dials=max_concurrent,
                rows=rows.rows,
                from_phone_number_ids=list(from_numbers) or None,
                schedule=schedule,
            )
        except InvalidRequestError as error:
            _report_invalid(error, rows_file, rows)
        except (APIConnectionError, InternalServerError) as error:
            raise Failure(f"{describe(error, settings)}; {_maybe_created(agent)}") from None
        except asyncio.CancelledError:  # Ctrl-C while the request was out
            click.echo(f"Stopped while creating: {_maybe_created(agent)}.", err=True)
            raise
        if not start:
            return job
        try:
            return await client.batch_dial_jobs.resume(job.id)
        except VogentError as error:
            reason = describe(error, settings, "starting it")
            raise Failure(
                f"job {job.id} was created but not started ({reason}); "
                f"start it with: vogent-async jobs resume {job.id}"
            ) from None

    job = run(settings, work)
    show_job(job, as_json)
    if not as_json:
        job_id = terminal_text(job.id)
        created = f"Created job {job_id} with {plural(len(rows.rows), 'row')}."
        out_console().print(created, markup=False, soft_wrap=True)
        if not start:
            hint = f"Start it with: vogent-async jobs resume {job_id}"
            out_console().print(hint, markup=False, soft_wrap=True)


def _load_rows(path: Path, fmt: Any) -> RowsFile:
    try:
        rows = read_rows(path, fmt)
    except RowsFileError as error:
        raise Failure(str(error)) from None
    for problem in rows.problems:
        click.echo(f"{path}:{problem.line}: {problem.message}", err=True)
    if rows.problems:
        bad = len({p.line for p in rows.problems})
        raise Failure(f"{path}: {bad:,} bad row(s); nothing was sent")
    return rows


def _report_invalid(error: InvalidRequestError, rows_file: Path, rows: RowsFile) -> NoReturn:
    """Print the client's problems, with rows named by their line, then fail."""
    for problem in error.problems:
        match = _ROW_PATH.match(problem)
        line = rows.line_of(int(match.group(1))) if match else None
        if match and line is not None:
            click.echo(f"{rows_file}:{line}: {match.group(2).lstrip('.: ')}", err=True)
        else:
            click.echo(problem, err=True)
    raise Failure(f"{len(error.problems)} invalid argument(s); nothing was sent")


def _maybe_created(agent: str) -> str:
    return (
        "the job may have been created all the same: look for it with "
        f"'vogent-async jobs list --agent {agent}' before trying again"
    )
