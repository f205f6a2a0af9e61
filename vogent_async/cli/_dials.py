"""``vogent-async dials export``: stream a job's completed dials to a file, resumably."""

from __future__ import annotations

from pathlib import Path

import click

from vogent_async import Client, NotFoundError
from vogent_async.cli._app import Failure, Settings, check_settings, describe, run, text_only
from vogent_async.cli._export import DialsFile, ExportError, ExportResult, export_format, run_export
from vogent_async.cli._output import ExportProgress, err_console, plural

__all__ = ["dials"]


@click.group()
def dials() -> None:
    """Dials (calls): list or export a batch job's, show or hang up one."""


@dials.command("export")
@click.argument("job_id", metavar="JOB_ID", callback=text_only)
@click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="The file to write: .jsonl (one dial per line) or .csv.",
)
@click.option("--resume", is_flag=True, help="Continue an interrupted export of this file.")
@click.option("--force", is_flag=True, help="Replace the file, or start an interrupted one over.")
@click.option(
    "--page-size",
    type=click.IntRange(min=1),
    default=100,
    show_default=True,
    help="Dials per request; dial pages are large, keep it modest.",
)
@click.pass_obj
def export(
    settings: Settings, job_id: str, out: Path, resume: bool, force: bool, page_size: int
) -> None:
    """Write every completed dial of JOB_ID to --out, page by page, with progress.

    The file appears only once complete; until then the pages written so far
    are in OUT.part, with a checkpoint in OUT.checkpoint. After an interruption
    (Ctrl-C, a lost connection, a crash) run the same command with --resume:
    it continues after the last whole page, without duplicates.
    """
    if resume and force:
        raise click.UsageError("--resume and --force exclude each other")
    check_settings(settings)  # before any file is touched
    try:
        target = DialsFile(out, job_id, export_format(out))
        fresh_or_resumed = target.open(resume=resume, force=force)
    except (ExportError, OSError) as error:
        raise Failure(str(error)) from None
    if not fresh_or_resumed:
        err_console().print(f"{out} is already complete; nothing to resume.", markup=False)
        return
    try:
        result = run(settings, lambda client: _export(client, target, settings, page_size))
    finally:  # whatever happened, no file is left open, and no file without a page
        if target.has_pages:
            target.close()
        else:
            target.discard()
    rate = (result.count - result.resumed_from) / result.seconds if result.seconds else 0.0
    resumed = f", resumed after {result.resumed_from:,}" if result.resumed_from else ""
    err_console().print(
        f"Exported {plural(result.count, 'dial')} to {out}{resumed} "
        f"({plural(result.pages, 'page')} in {result.seconds:.1f}s, {rate:,.0f} dials/s).",
        markup=False,
    )


async def _export(
    client: Client, target: DialsFile, settings: Settings, page_size: int
) -> ExportResult:
    state, job_id = target.state, target.job_id
    if state.count:
        err_console().print(f"Resuming after {plural(state.count, 'dial')}.", markup=False)
    try:
        with ExportProgress(f"job {job_id}", already=state.count) as progress:
            return await run_export(
                target,
                lambda cursor: client.batch_dial_jobs.list_dials(
                    job_id, cursor=cursor, page_size=page_size, prefetch=1
                ).pages(),
                on_page=progress.page,
            )
    except NotFoundError as error:
        if _stopped(target):
            raise
        reason = describe(error, settings)
        raise Failure(f"job {job_id} was not found; nothing was written ({reason})") from None
    except OSError as error:
        _stopped(target)
        raise Failure(f"{target.part}: {error.strerror or error}") from None
    except BaseException:  # an API error, Ctrl-C, a cancellation: keep whole pages only
        _stopped(target)
        raise


def _stopped(target: DialsFile) -> bool:
    """Keep the whole pages written so far and say how to go on (the caller cleans up the rest).

    Returns:
        Whether there were pages to keep, which ``--resume`` can continue from.
    """
    if not target.has_pages:  # nothing worth resuming: `export` removes the files
        return False
    target.close()  # cut back to the last whole page
    err_console().print(
        f"Stopped with {plural(target.state.count, 'dial')} in {target.part}; "
        "run the same command with --resume to continue.",
        markup=False,
    )
    return True
