"""What the command line shows: job tables, job details, JSON lines and export progress.

Tables and progress use rich; data on stdout, progress and diagnostics on stderr,
so ``vogent-async jobs list --json | jq`` sees only JSON.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from datetime import datetime, timezone
from types import TracebackType

import click
from rich.console import Console
from rich.measure import Measurement
from rich.progress import BarColumn, Progress, ProgressColumn, SpinnerColumn, Task, TextColumn
from rich.table import Table
from rich.text import Text

from vogent_async import BatchDialJob, Schedule
from vogent_async.cli._records import json_line
from vogent_async.cli._terminal import terminal_text

__all__ = [
    "ExportProgress",
    "err_console",
    "job_detail",
    "jobs_table",
    "out_console",
    "plural",
    "print_wide",
    "schedule_text",
    "write_json_line",
]

_JOB_COLUMNS = ("ID", "NAME", "STATUS", "AGENT", "MAX", "CREATED (UTC)", "SCHEDULE")
_DAYS = ("Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat")
_STATUS_STYLE = {
    "INIT": "cyan",
    "ACTIVE": "green",
    "PAUSED": "yellow",
    "COMPLETE": "blue",
    "CANCELLED": "red",
}


#: Columns for tables written to a file or pipe, where no terminal width applies.
PIPE_WIDTH = 240


def out_console() -> Console:
    """A console on the current stdout; wide when stdout is not a terminal, so ids stay whole."""
    console = Console(highlight=False)
    if not console.is_terminal:
        console.width = PIPE_WIDTH
    return console


def err_console() -> Console:
    """A console on the current stderr; lines are not wrapped unless it is a terminal.

    A log file or CI output has no width: wrapping at rich's default of 80 columns
    would cut sentences in two.
    """
    console = Console(stderr=True, highlight=False)
    console.soft_wrap = not console.is_terminal
    return console


def plural(n: int, noun: str) -> str:
    """``"1 page"``, ``"2 pages"``, ``"1,000 pages"``."""
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


def write_json_line(instance: object) -> None:
    """Print one model as one line of JSON on stdout."""
    click.echo(json_line(instance), nl=False)


def jobs_table(jobs: Iterable[BatchDialJob]) -> Table:
    """A table of jobs, one row each; ids, statuses and times are never cut or wrapped."""
    rows = [
        (
            _shown(job.id),
            _shown(job.name),
            _status(job.status),
            _shown(job.call_agent_id),
            _shown(str(job.max_concurrent_dials)),
            _shown(_when(job.created_at)),
            _shown(schedule_text(job.schedule)),
        )
        for job in jobs
    ]
    table = Table(box=None, header_style="bold", pad_edge=False)
    for index, header in enumerate(_JOB_COLUMNS):
        wraps = header in ("NAME", "SCHEDULE")
        widest = max([len(header), *(len(str(row[index])) for row in rows)])
        table.add_column(
            header,
            justify="right" if header == "MAX" else "left",
            no_wrap=not wraps,
            overflow="fold",
            min_width=min(widest, 12) if wraps else widest,
        )
    for row in rows:
        table.add_row(*row)
    return table


def print_wide(console: Console, renderable: Table) -> None:
    """Print a table at least as wide as its narrowest rendering; the terminal wraps the rest.

    A table squeezed below that width would lose columns or cut ids short.
    """
    unbounded = console.options.update_width(10_000)
    narrowest = Measurement.get(console, unbounded, renderable).minimum
    if narrowest > console.width:
        console.width = narrowest  # print() alone never goes wider than the console
    console.print(renderable)


def job_detail(job: BatchDialJob) -> Table:
    """One job as a two-column field/value table."""
    table = Table(box=None, show_header=False, pad_edge=False)
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    rows: dict[str, str | Text] = {
        "id": job.id,
        "name": job.name,
        "status": _status(job.status),
        "agent": job.call_agent_id,
        "max concurrent dials": str(job.max_concurrent_dials),
        "from numbers": ", ".join(job.from_phone_number_ids or ()) or "-",
        "created (UTC)": _when(job.created_at),
        "schedule": schedule_text(job.schedule),
    }
    for label, value in rows.items():
        table.add_row(label, value if isinstance(value, Text) else _shown(value))
    return table


def schedule_text(schedule: Schedule | None) -> str:
    """``"America/New_York: Mon-Fri 09:00-17:00, Sat 10:00-12:00"``, or ``"-"`` for none.

    Consecutive days with the same windows are shown as one range.
    """
    if schedule is None:
        return "-"
    groups: list[tuple[int, int, str]] = []  # (first day, last day, windows)
    for day in sorted(schedule.days, key=lambda d: d.day_of_week):
        slots = " ".join(f"{s.start_time}-{s.end_time}" for s in day.time_slots) or "closed"
        if groups and groups[-1][2] == slots and groups[-1][1] == day.day_of_week - 1:
            groups[-1] = (groups[-1][0], day.day_of_week, slots)
        else:
            groups.append((day.day_of_week, day.day_of_week, slots))
    shown = [f"{_day_range(first, last)} {slots}" for first, last, slots in groups]
    return f"{schedule.timezone}: {', '.join(shown) or 'no days'}"


def _day_range(first: int, last: int) -> str:
    name = _DAYS[first] if 0 <= first < 7 else f"day {first}"
    return name if first == last else f"{name}-{_DAYS[last] if 0 <= last < 7 else last}"


def _status(status: object) -> Text:
    text = str(status)
    return Text(terminal_text(text), style=_STATUS_STYLE.get(text, ""))


def _shown(value: str) -> Text:
    """Server text as a table cell: no escape sequences, and never read as rich markup."""
    return Text(terminal_text(value))


def _when(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S")


class _RateColumn(ProgressColumn):
    """Dials per second over this run (dials resumed from a checkpoint do not count)."""

    def render(self, task: Task) -> Text:
        speed = task.speed
        return Text(f"{speed:,.0f} dials/s" if speed else "- dials/s", style="cyan")


class ExportProgress:
    """A live count of exported dials with the rate, on stderr; a summary line at the end.

    Args:
        label: What is exported, shown before the count.
        already: Dials already in the file (a resumed export).
    """

    def __init__(self, label: str, already: int = 0) -> None:
        self._console = err_console()
        self._progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}", markup=False),
            BarColumn(),
            TextColumn("{task.completed:,.0f} dials"),
            _RateColumn(),
            console=self._console,
            transient=True,
            disable=not self._console.is_terminal,  # no animation in logs and pipes
        )
        self._task = self._progress.add_task(label, total=None, completed=already)
        self._started = time.monotonic()

    def __enter__(self) -> ExportProgress:
        self._progress.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._progress.stop()

    def page(self, count: int, size: int) -> None:
        """A page of ``size`` dials is on disk; ``count`` are in the file now."""
        self._progress.update(self._task, completed=count)

    def note(self, message: str) -> None:
        """Print a line to stderr without disturbing the live display."""
        self._console.print(message, markup=False, highlight=False)
