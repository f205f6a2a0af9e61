"""Export a job's dials to JSON lines or CSV, page by page, resumable without duplicates.

Three files take part, next to the target ``dials.jsonl``:

``dials.jsonl.part``
    The export in progress. Each page is appended whole and flushed to disk.
``dials.jsonl.checkpoint``
    After each page, replaced atomically: the part file's committed size, the
    number of dials in it and the cursor of the next page.
``dials.jsonl``
    Appears only when the last page is in: the part file is renamed onto it.

A process killed at any point leaves a part file whose first ``size`` bytes
are whole pages, and a checkpoint saying where to go on. ``--resume`` cuts the
part file back to that size (dropping a page half written when the process
died) and continues from the saved cursor, so the finished file is the same,
byte for byte, as one written in a single run. The target itself is never half
written.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import AsyncGenerator, Callable, Sequence
from pathlib import Path
from typing import BinaryIO, Literal

import attrs

from vogent_async import Dial, Page
from vogent_async.cli._checkpoint import (
    Checkpoint,
    ExportError,
    read_checkpoint,
    sync,
    sync_dir,
    write_checkpoint,
)
from vogent_async.cli._records import DIAL_COLUMNS, csv_line, dial_cells, json_line

__all__ = [
    "Checkpoint",
    "DialsFile",
    "ExportError",
    "ExportFormat",
    "ExportResult",
    "export_format",
    "run_export",
]

ExportFormat = Literal["jsonl", "csv"]
PageWalk = Callable[[str | None], AsyncGenerator[Page[Dial], None]]


@attrs.frozen
class ExportResult:
    """How an export run went.

    Attributes:
        count: Dials in the finished file.
        resumed_from: Dials already in the file when this run started.
        pages: Pages fetched by this run.
        seconds: How long this run took.
        complete: ``False`` when the file was already complete and nothing was fetched.
    """

    count: int
    resumed_from: int
    pages: int
    seconds: float
    complete: bool = True


def export_format(path: Path) -> ExportFormat:
    """The format of an export target, from its suffix (``.jsonl``/``.ndjson`` or ``.csv``).

    Raises:
        ExportError: Any other suffix.
    """
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix == ".csv":
        return "csv"
    raise ExportError(f"{path}: the name must end in .jsonl, .ndjson or .csv")


class DialsFile:
    """The target, part and checkpoint files of one export.

    Args:
        out: The finished file's path.
        job_id: The job whose dials go in it.
        fmt: The format to write.

    Attributes:
        out: The finished file's path.
        part: The part file's path.
        checkpoint: The checkpoint's path.
        job_id: The job whose dials go in it.
    """

    def __init__(self, out: Path, job_id: str, fmt: ExportFormat) -> None:
        self.out = out
        self.part = out.with_name(out.name + ".part")
        self.checkpoint = out.with_name(out.name + ".checkpoint")
        self.job_id = job_id
        self._fmt = fmt
        self._file: BinaryIO | None = None
        self._state = Checkpoint(job_id, fmt, None, 0, 0)

    @property
    def state(self) -> Checkpoint:
        """The last committed checkpoint."""
        return self._state

    @property
    def has_pages(self) -> bool:
        """Whether a page has been written (by this run or one it resumes)."""
        return self._state.cursor is not None or self._state.finished

    def open(self, *, resume: bool, force: bool) -> bool:
        """Get ready to write: start afresh, or pick up where a checkpoint says.

        Args:
            resume: Continue an interrupted export if there is one.
            force: Discard any earlier export (finished or not) and start over.

        Returns:
            ``False`` when ``resume`` finds the export already finished.

        Raises:
            ExportError: Earlier files are in the way, or do not fit this export.
        """
        if force:
            self.discard()
        saved = read_checkpoint(self.checkpoint)
        if resume:
            if saved is not None:
                return self._reopen(saved)
            self.part.unlink(missing_ok=True)  # without a checkpoint it holds no whole page
            if self.out.exists():
                return False
        elif saved is not None or self.part.exists():
            raise ExportError(
                f"an interrupted export is in {self.part}; pass --resume to continue it "
                "or --force to start over"
            )
        elif self.out.exists() and not force:
            raise ExportError(f"{self.out} exists; pass --force to replace it")
        self._start()
        return True

    def write_page(self, dials: Sequence[Dial], next_cursor: str | None) -> None:
        """Append one page whole, flush it to disk, then move the checkpoint past it."""
        assert self._file is not None, "open() first"
        if self._fmt == "jsonl":
            text = "".join(json_line(dial) for dial in dials)
        else:
            text = "".join(csv_line(dial_cells(dial)) for dial in dials)
        data = text.encode("utf-8")
        self._file.write(data)
        sync(self._file)
        state = self._state
        self._commit(
            attrs.evolve(
                state,
                cursor=next_cursor,
                size=state.size + len(data),
                count=state.count + len(dials),
                finished=next_cursor is None,
            )
        )

    def finish(self) -> None:
        """Close the part file and rename it onto the target; drop the checkpoint."""
        assert self._file is not None, "open() first"
        self._file.close()
        self._file = None
        os.replace(self.part, self.out)
        self.checkpoint.unlink(missing_ok=True)
        sync_dir(self.out.parent)

    def close(self) -> None:
        """After a failure: cut the part file back to its last checkpoint and close it."""
        if self._file is None:
            return
        with contextlib.suppress(OSError):
            self._file.truncate(self._state.size)
        self._file.close()
        self._file = None

    def discard(self) -> None:
        """Close and remove the part file and the checkpoint (the target is left alone)."""
        if self._file is not None:
            self._file.close()
            self._file = None
        for path in (self.part, self.checkpoint):
            path.unlink(missing_ok=True)

    # ------------------------------------------------------------------ inside

    def _start(self) -> None:
        self._file = self.part.open("wb")
        self._state = Checkpoint(self.job_id, self._fmt, None, 0, 0)
        if self._fmt == "csv":
            header = csv_line(DIAL_COLUMNS).encode("utf-8")
            self._file.write(header)
            sync(self._file)
            self._state = attrs.evolve(self._state, size=len(header))
        self._commit(self._state)

    def _reopen(self, saved: Checkpoint) -> bool:
        if (saved.job_id, saved.format) != (self.job_id, self._fmt):
            raise ExportError(
                f"{self.checkpoint} belongs to an export of job {saved.job_id!r} as "
                f"{saved.format}; pass --force to start this one over"
            )
        if not self.part.exists():
            if self.out.exists():  # killed between the rename and dropping the checkpoint
                self.checkpoint.unlink()
                return False
            raise ExportError(f"{self.part} is missing; pass --force to start over")
        if self.part.stat().st_size < saved.size:
            raise ExportError(
                f"{self.part} is shorter than its checkpoint says; pass --force to start over"
            )
        self._file = self.part.open("r+b")
        self._file.truncate(saved.size)  # drop a page half written when the export died
        self._file.seek(saved.size)
        self._state = saved
        return True

    def _commit(self, state: Checkpoint) -> None:
        write_checkpoint(self.checkpoint, state)
        self._state = state


async def run_export(
    target: DialsFile,
    walk: PageWalk,
    *,
    on_page: Callable[[int, int], None] = lambda count, size: None,
) -> ExportResult:
    """Fetch every page from the target's saved cursor on and write each one whole.

    Args:
        target: An opened `DialsFile`.
        walk: Returns the pages of the dials listing from a cursor (``None``: the start).
        on_page: Called after each page is on disk, with the dials in the file
            so far and the dials in that page.

    Returns:
        How the run went; the target is finished.
    """
    started = time.monotonic()
    first = target.state
    pages = 0
    if not first.finished:
        async with contextlib.aclosing(walk(first.cursor)) as stream:
            async for page in stream:
                target.write_page(page.items, page.next_cursor)
                pages += 1
                on_page(target.state.count, len(page.items))
    target.finish()
    return ExportResult(
        count=target.state.count,
        resumed_from=first.count,
        pages=pages,
        seconds=time.monotonic() - started,
    )
