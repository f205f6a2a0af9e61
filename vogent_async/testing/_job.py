"""`Job`: one batch dial job as the fake keeps it: its public body plus its queue and dials."""

from __future__ import annotations

from typing import Any

__all__ = ["Entry", "Job"]

Entry = tuple[int, dict[str, Any]]
"""(sequence number, JSON body): a queued row or a finished dial."""


class Job:
    """One batch dial job: its public body plus what the server keeps to itself."""

    __slots__ = ("body", "dials", "in_flight", "key", "queue", "queue_head", "slots", "user_id")

    def __init__(self, body: dict[str, Any], key: tuple[int, int], user_id: str) -> None:
        self.body = body
        self.key = key  # (created ms, seq): the listing order
        self.user_id = user_id
        self.queue: list[Entry] = []
        self.queue_head = 0  # rows before this index have been dialled
        self.dials: list[Entry] = []
        self.in_flight = 0
        self.slots = int(body["maxConcurrentDials"])  # concurrency since the last resume

    @property
    def id(self) -> str:
        """The job id."""
        return str(self.body["id"])

    @property
    def queued(self) -> int:
        """Rows not dialled yet."""
        return len(self.queue) - self.queue_head
