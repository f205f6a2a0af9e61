"""``vogent-async jobs ...``: list, show, create, steer and update batch dial jobs."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any, NoReturn

import click

from vogent_async import (
    APIConnectionError,
    BatchDialJob,
    BatchDialJobStatus,
    Client,
    InternalServerError,
    InvalidRequestError,
    Schedule,
    VogentError,
)
from vogent_async.cli._app import Failure, Settings, run
from vogent_async.cli._output import (
    job_detail,
    jobs_table,
    out_console,
    print_wide,
    write_json_line,
)
from vogent_async.cli._rows import RowsFile, RowsFileError, read_rows
from vogent_async.cli._schedule import ScheduleFileError, read_schedule

__all__ = ["jobs"]

_ROW_PATH = re.compile(r"rows\[(\d+)\](.*)")
_JSON = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
_JOB_ID = click.argument("job_id", metavar="JOB_ID")


@click.group()
def jobs() -> None:
    """Batch dial jobs (calling campaigns)."""


@jobs.command("list")
@click.option(
    "--status",
    type=click.Choice([s.value for s in BatchDialJobStatus], case_sensitive=False),
    help="Only jobs in this status.",
)
@click.option("--agent", metavar="ID", help="Only jobs of this agent.")
@click.option("--limit", type=click.IntRange(min=1), help="Show at most this many jobs.")
@click.option("--page-size", type=click.IntRange(min=1), help="Jobs per request.")
@_JSON
@click.pass_obj
def list_jobs(
    settings: Settings,
    status: str | None,
    agent: str | None,
    limit: int | None,
    page_size: int | None,
    as_json: bool,
) -> None:
    """List jobs: a table, or one JSON object per line with --json."""

    async def work(client: Client) -> list[BatchDialJob]:
        found = []
        pager = client.batch_dial_jobs.list(
            status=status and status.upper(),
            call_agent_id=agent,
            max_items=limit,
            page_size=page_size,
            prefetch=1,
        )
        async for job in pager:
            if as_json:
                write_json_line(job)  # stream: a pipe sees each job as it arrives
            else:
                found.append(job)
        return found

    found = run(settings, work)
    if not as_json:
        if found:
            print_wide(out_console(), jobs_table(found))
        else:
            out_console().print("No jobs.")


@jobs.command("get")
@_JOB_ID
@_JSON
@click.pass_obj
def get_job(settings: Settings, job_id: str, as_json: bool) -> None:
    """Show one job."""
    _show(run(settings, lambda client: client.batch_dial_jobs.get(job_id)), as_json)


@jobs.command("pause")
@_JOB_ID
@_JSON
@click.pass_obj
def pause_job(settings: Settings, job_id: str, as_json: bool) -> None:
    """Stop dialling new rows; calls in progress finish."""
    job = run(settings, lambda client: client.batch_dial_jobs.pause(job_id))
    _show_status(job, as_json)


@jobs.command("resume")
@_JOB_ID
@_JSON
@click.pass_obj
def resume_job(settings: Settings, job_id: str, as_json: bool) -> None:
    """Start a new job, or continue a paused one."""
    job = run(settings, lambda client: client.batch_dial_jobs.resume(job_id))
    _show_status(job, as_json)


@jobs.command("update")
@_JOB_ID
@click.option("--max-concurrent", type=click.IntRange(min=1), help="Calls in flight at once.")
@click.option(
    "--from-number",
    "from_numbers",
    multiple=True,
    metavar="ID",
    help="Caller phone-number id; repeat for a pool. Replaces the pool.",
)
@click.option(
    "--schedule",
    "schedule_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="JSON file with the new weekly calling windows.",
)
@_JSON
@click.pass_obj
def update_job(
    settings: Settings,
    job_id: str,
    max_concurrent: int | None,
    from_numbers: tuple[str, ...],
    schedule_file: Path | None,
    as_json: bool,
) -> None:
    """Change a job's concurrency, caller numbers or schedule; the rest stays."""
    changes: dict[str, Any] = {}
    if max_concurrent is not None:
        changes["max_concurrent_dials"] = max_concurrent
    if from_numbers:
        changes["from_phone_number_ids"] = list(from_numbers)
    if schedule_file is not None:
        changes["schedule"] = _schedule(schedule_file)
    if not changes:
        raise click.UsageError(
            "nothing to change: give --max-concurrent, --from-number or --schedule"
        )
    _show(run(settings, lambda client: client.batch_dial_jobs.update(job_id, **changes)), as_json)


@jobs.command("create")
@click.option("--name", required=True, help="The job's name; make it unique (a date in it).")
@click.option("--agent", required=True, metavar="ID", help="The agent that makes the calls.")
@click.option(
    "--max-concurrent", required=True, type=click.IntRange(min=1), help="Calls in flight at once."
)
@click.option(
    "--from-number",
    "from_numbers",
    multiple=True,
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
@_JSON
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
    rows = _rows(rows_file, fmt)
    schedule = _schedule(schedule_file) if schedule_file is not None else None

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
            raise Failure(f"{error}; {_maybe_created(agent)}") from None
        except asyncio.CancelledError:  # Ctrl-C while the request was out
            click.echo(f"Stopped while creating: {_maybe_created(agent)}.", err=True)
            raise
        if not start:
            return job
        try:
            return await client.batch_dial_jobs.resume(job.id)
        except VogentError as error:
            raise Failure(f"job {job.id} was created but not started: {error}") from None

    job = run(settings, work)
    _show(job, as_json)
    if not as_json:
        out_console().print(f"Created job {job.id} with {len(rows.rows):,} rows.")
        if not start:
            out_console().print(f"Start it with: vogent-async jobs resume {job.id}")


# ------------------------------------------------------------------ helpers


def _rows(path: Path, fmt: Any) -> RowsFile:
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


def _schedule(path: Path) -> Schedule:
    try:
        return read_schedule(path)
    except ScheduleFileError as error:
        for problem in error.problems:
            click.echo(f"{path}: {problem}", err=True)
        raise Failure(f"{path}: not a valid schedule; nothing was sent") from None


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


def _show(job: BatchDialJob, as_json: bool) -> None:
    if as_json:
        write_json_line(job)
    else:
        print_wide(out_console(), job_detail(job))


def _show_status(job: BatchDialJob, as_json: bool) -> None:
    if as_json:
        write_json_line(job)
    else:
        out_console().print(f"{job.id}  {job.status}  {job.name}", markup=False)
