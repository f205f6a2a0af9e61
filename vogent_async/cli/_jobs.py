"""``vogent-async jobs ...``: list, show, steer and update batch dial jobs (create: `_create`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from vogent_async import (
    BatchDialJob,
    BatchDialJobStatus,
    Client,
    Schedule,
)
from vogent_async.cli._app import Failure, Settings, run, text_only
from vogent_async.cli._output import (
    job_detail,
    jobs_table,
    out_console,
    print_wide,
    write_json_line,
)
from vogent_async.cli._schedule import ScheduleFileError, read_schedule
from vogent_async.cli._terminal import terminal_text

__all__ = ["JOB_ID", "JSON", "jobs", "load_schedule", "show_job"]

JSON = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
JOB_ID = click.argument("job_id", metavar="JOB_ID", callback=text_only)
_KNOWN_STATUSES = frozenset(s.value for s in BatchDialJobStatus)


@click.group()
def jobs() -> None:
    """Batch dial jobs (calling campaigns)."""


@jobs.command("list")
@click.option(
    "--status",
    type=click.Choice([s.value for s in BatchDialJobStatus], case_sensitive=False),
    help="Only jobs in this status.",
)
@click.option("--agent", callback=text_only, metavar="ID", help="Only jobs of this agent.")
@click.option("--limit", type=click.IntRange(min=1), help="Show at most this many jobs.")
@click.option("--page-size", type=click.IntRange(min=1), help="Jobs per request.")
@JSON
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
@JOB_ID
@JSON
@click.pass_obj
def get_job(settings: Settings, job_id: str, as_json: bool) -> None:
    """Show one job."""
    show_job(run(settings, lambda client: client.batch_dial_jobs.get(job_id)), as_json)


@jobs.command("pause")
@JOB_ID
@JSON
@click.pass_obj
def pause_job(settings: Settings, job_id: str, as_json: bool) -> None:
    """Stop dialling new rows; calls in progress finish.

    Fails (exit 1) when the job ends up other than PAUSED, such as a finished job.
    """
    _steer(settings, job_id, as_json, pause=True)


@jobs.command("resume")
@JOB_ID
@JSON
@click.pass_obj
def resume_job(settings: Settings, job_id: str, as_json: bool) -> None:
    """Start a new job, or continue a paused one.

    Fails (exit 1) when the job ends up other than ACTIVE, such as a finished job.
    """
    _steer(settings, job_id, as_json, pause=False)


@jobs.command("update")
@JOB_ID
@click.option("--max-concurrent", type=click.IntRange(min=1), help="Calls in flight at once.")
@click.option(
    "--from-number",
    "from_numbers",
    multiple=True,
    callback=text_only,
    metavar="ID",
    help="Caller phone-number id; repeat for a pool. Replaces the pool.",
)
@click.option(
    "--schedule",
    "schedule_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="JSON file with the new weekly calling windows.",
)
@JSON
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
        changes["schedule"] = load_schedule(schedule_file)
    if not changes:
        raise click.UsageError(
            "nothing to change: give --max-concurrent, --from-number or --schedule"
        )
    show_job(
        run(settings, lambda client: client.batch_dial_jobs.update(job_id, **changes)), as_json
    )


# ------------------------------------------------------------------ helpers


def load_schedule(path: Path) -> Schedule:
    """Read a schedule file; print each problem and fail when it is not a schedule."""
    try:
        return read_schedule(path)
    except ScheduleFileError as error:
        for problem in error.problems:
            click.echo(f"{path}: {problem}", err=True)
        raise Failure(f"{path}: not a valid schedule; nothing was sent") from None


def show_job(job: BatchDialJob, as_json: bool) -> None:
    """Print a job as a detail table, or as one JSON line."""
    if as_json:
        write_json_line(job)
    else:
        print_wide(out_console(), job_detail(job))


def _steer(settings: Settings, job_id: str, as_json: bool, *, pause: bool) -> None:
    """Pause or resume the job, print where it stands, and fail if it did not move."""
    doing, done, wanted = (
        ("pausing", "paused", "PAUSED") if pause else ("resuming", "resumed", "ACTIVE")
    )

    async def steer(client: Client) -> BatchDialJob:
        jobs = client.batch_dial_jobs
        return await (jobs.pause(job_id) if pause else jobs.resume(job_id))

    job = run(settings, steer, action=f"{doing} job {job_id}")
    _show_status(job, as_json, wanted=wanted, done=done)


#: Why a job is not in the status a pause or resume asked for.
_WHY_NOT = {
    "INIT": "it has not been started (start it with: vogent-async jobs resume {id})",
    "COMPLETE": "it has finished",
    "CANCELLED": "it was cancelled",
}


def _show_status(job: BatchDialJob, as_json: bool, *, wanted: str, done: str) -> None:
    """Print the job's status line; fail when a known status other than ``wanted`` came back.

    Pausing a finished job answers 200 with the job unchanged: saying nothing and
    exiting 0 would read as success. An unknown (newer) status is shown as is.
    """
    if as_json:
        write_json_line(job)
    else:
        line = f"{job.id}  {job.status}  {job.name}"
        out_console().print(terminal_text(line), markup=False, soft_wrap=True)
    status = str(job.status)
    if status != wanted and status in _KNOWN_STATUSES:
        why = _WHY_NOT.get(status, "the server left it so").format(id=job.id)
        raise Failure(f"job {job.id} is {status}: {why}; it was not {done}")
