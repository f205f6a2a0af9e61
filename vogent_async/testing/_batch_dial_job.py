"""`Job`: one batch dial job as the fake keeps it: its public body plus its queue and dials."""

from __future__ import annotations

from bisect import bisect_right
from datetime import datetime
from operator import itemgetter
from typing import Any

__all__ = [
    "Entry",
    "Job",
    "ascending_page",
    "epoch_ms",
    "job_body",
    "public_schedule",
    "queued_row",
    "seed_created_ms",
]

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


def epoch_ms(text: str) -> int:
    """Epoch milliseconds of an RFC 3339 date-time such as a job's ``createdAt``.

    Raises:
        ValueError: It is not one (with an offset).
    """
    moment = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError(f"expected an RFC 3339 date-time with an offset, got {text!r}")
    return round(moment.timestamp() * 1000)


def public_schedule(schedule: dict[str, Any] | None) -> dict[str, Any] | None:
    """The schedule as a job shows it: ``disableSchedule`` is input only."""
    if schedule is None:
        return None
    return {"days": schedule["days"], "timezone": schedule["timezone"]}


def ascending_page(
    entries: list[Entry], start: int, after: int | None, limit: int
) -> tuple[list[dict[str, Any]], int | None]:
    """One page of ``entries[start:]`` after the id ``after``, and the id to go on from."""
    lo = start if after is None else max(start, bisect_right(entries, after, key=itemgetter(0)))
    chunk = entries[lo : lo + limit]
    more = lo + limit < len(entries)
    return [body for _, body in chunk], (chunk[-1][0] if more and chunk else None)


def seed_created_ms(body: dict[str, Any], taken: bool, problems: list[str]) -> int | None:
    """A seeded body's ``createdAt`` in epoch ms, adding to ``problems`` what is wrong."""
    if taken:
        problems.append(f"id: {body['id']!r} is already taken")
    try:
        return epoch_ms(body["createdAt"])
    except (TypeError, ValueError):
        if not problems:
            problems.append(f"createdAt: expected an RFC 3339 date-time, got {body['createdAt']!r}")
        return None


def job_body(spec: dict[str, Any], job_id: str, *, status: str, created: str) -> dict[str, Any]:
    """The public body of a job created from a request's ``spec``."""
    body: dict[str, Any] = {
        "id": job_id,
        "name": spec["name"],
        "status": status,
        "maxConcurrentDials": spec["maxConcurrentDials"],
        "callAgentId": spec["callAgentId"],
        "createdAt": created,
    }
    if spec.get("fromPhoneNumberIds"):
        body["fromPhoneNumberIds"] = list(spec["fromPhoneNumberIds"])
    body["schedule"] = public_schedule(spec.get("schedule"))
    return body


def queued_row(job: Job, row: dict[str, Any], dial_id: str) -> dict[str, Any]:
    """What a queued row of ``job`` holds until it is dialled."""
    spec = {
        "id": dial_id,
        "toNumber": row["toNumber"],
        "batchDialJobId": job.id,
        "createdAt": job.body["createdAt"],
    }
    if row.get("inputs") is not None:
        spec["inputs"] = row["inputs"]
    return spec
