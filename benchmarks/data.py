"""Contract-shaped JSON for the benchmark server and the decode benchmark.

Every body follows `shared/api/vogent-openapi.yaml` (``BatchDialJob``, ``Dial``
with its embedded ``Agent`` and transcript, ``BatchDialRow``). Values vary with
the item number, so enum lookups, timestamps and optional fields are exercised
the way a real page exercises them, but every body is deterministic.

Two data sets: *realistic* (the default) repeats what the API repeats - the
dials of one job embed the same agent, job schedules come from four templates,
everything else varies per item - and *distinct* (``distinct=True``, the worst
case for structural sharing) makes every nested object differ from its
neighbours: each schedule's slots, each agent's keywords, settings and messages
(only the endpoint detector setting, two enum values, still repeats).
"""

from __future__ import annotations

from typing import Any

JOB_STATUSES = ("INIT", "ACTIVE", "PAUSED", "COMPLETE", "CANCELLED")
RESULT_TYPES = (None, "USER_HANGUP", "NO_ANSWER", "VOICEMAIL_DETECTED_HANGUP", "SOMETHING_NEW")
DIAL_STATUSES = ("completed", "failed", "busy", "no-answer")


def _stamp(n: int, base_hour: int = 9) -> str:
    minute, second = divmod(n % 3600, 60)
    return f"2025-11-02T{base_hour:02d}:{minute:02d}:{second:02d}.{n % 1000:03d}Z"


_TEMPLATES = (
    ("America/New_York", (1, 2, 3, 4, 5), "09:00", "17:30"),
    ("America/Chicago", (1, 2, 3, 4, 5), "08:30", "18:00"),
    ("Europe/London", (1, 3, 5), "10:00", "16:00"),
    ("America/Los_Angeles", (0, 6), "11:00", "15:00"),
)


def _schedule(n: int, distinct: bool) -> dict[str, Any]:
    timezone, days, start, end = _TEMPLATES[n % len(_TEMPLATES)]
    if distinct:
        start, end = f"{n % 12:02d}:{n // 12 % 60:02d}", f"{12 + n % 12:02d}:00"
    return {
        "timezone": timezone,
        "days": [
            {"dayOfWeek": day, "timeSlots": [{"startTime": start, "endTime": end}]} for day in days
        ],
    }


def job(n: int, distinct: bool = False) -> dict[str, Any]:
    """Batch dial job number ``n``; every third has no schedule, every fifth no numbers."""
    body: dict[str, Any] = {
        "id": f"bdj_{n:08d}",
        "name": f"Renewal campaign {n}",
        "status": JOB_STATUSES[n % len(JOB_STATUSES)],
        "maxConcurrentDials": 1 + n % 20,
        "callAgentId": f"agent_{n % 7}",
        "createdAt": _stamp(n),
    }
    if n % 5:
        body["fromPhoneNumberIds"] = [f"pn_{n % 3}", f"pn_{n % 11}"]
    body["schedule"] = None if n % 3 == 0 else _schedule(n, distinct)
    return body


def agent(n: int, distinct: bool = False) -> dict[str, Any]:
    """The agent embedded in a dial; ``distinct`` makes each nested setting differ per ``n``.

    It has every field of the published `Dial` example's agent (and the newer
    timeout settings), as the API returns an agent: IVR detection is off (``null``).
    """
    k = n if distinct else 0
    return {
        "id": f"agent_{k % 7}",
        "name": "Renewals agent",
        "language": "en",
        "transcriberParams": {"type": "deepgram", "keywords": ["renewal", f"policy {k}"]},
        "metadata": {"team": "renewals", "tier": k % 3},
        "utteranceDetectorConfig": {"sensitivity": "MEDIUM", "interruptionPlayTimeMs": 400 + k},
        "endpointDetectorConfig": {"type": "SEMANTIC", "mode": "DEFAULT"},
        "ivrConfiguration": None,
        "idleMessageConfig": {"enabled": True, "messages": [f"Are you still there? {k}"]},
        "maxDurationSeconds": 10800,
        "defaultVoiceId": "voice_1",
        "defaultVersionedPromptId": "vp_1",
        "defaultExtractorId": None,
        "linkedFunctionDefinitions": [
            {
                "functionDefinitionId": f"fn_transfer_{k}",
                "lifecycleMessagesOverride": {"started": [f"One moment, checking policy {k}."]},
            }
        ],
        "fillEmptyStringVariables": False,
        "timeoutMessage": "Sorry, we have reached the time limit for this call.",
        "timeoutBehaviorConfiguration": {"behavior": "HANGUP"},
        "silenceHangupConfiguration": {"type": "DISABLED"},
        "voiceOptionValues": [{"optionId": "speed", "value": f"1.{k % 10}"}],
    }


def transcript_entry(n: int, i: int) -> dict[str, Any]:
    """Entry ``i`` of dial ``n``'s transcript; every seventh carries a function call."""
    entry: dict[str, Any] = {
        "text": f"Line {i} of call {n}: thanks for taking the time to talk about your renewal.",
        "speaker": "AI" if i % 2 else "HUMAN",
        "detailType": None,
        "startTimeMs": i * 3100,
        "endTimeMs": i * 3100 + 2800,
    }
    if i % 7 == 6:
        entry["functionCalls"] = [
            {"functionCallId": f"fc_{n}_{i}", "name": "lookup_policy", "args": '{"id": 42}'}
        ]
        entry["nodeTransition"] = {"toNodeId": "node_confirm", "transitionData": {"ok": True}}
    return entry


def dial(n: int, transcript_len: int, distinct: bool = False) -> dict[str, Any]:
    """A completed dial number ``n`` with an agent and ``transcript_len`` transcript entries."""
    return {
        "id": f"dial_{n:08d}",
        "toNumber": f"+1555{n % 10_000_000:07d}",
        "agent": agent(n, distinct),
        "recordings": [{"url": f"https://recordings.example/{n}.wav"}],
        "transcript": [transcript_entry(n, i) for i in range(transcript_len)],
        "durationSeconds": 30 + n % 600,
        "aiResult": {"interested": n % 2 == 0, "callback": None},
        "inputs": {"firstName": "Ada", "policy": f"P-{n}"},
        "status": DIAL_STATUSES[n % len(DIAL_STATUSES)],
        "dialTaskId": f"task_{n}",
        "fromNumberId": "pn_1",
        "startedAt": _stamp(n, 10),
        "endedAt": _stamp(n + 30, 10),
        "createdAt": _stamp(n, 9),
        "updatedAt": _stamp(n + 31, 10),
        "systemResultType": RESULT_TYPES[n % len(RESULT_TYPES)],
        "voiceId": "voice_1",
        "versionedPromptId": "vp_1",
    }


def row(n: int) -> dict[str, Any]:
    """Row ``n`` of a create request, in the API's camelCase JSON shape."""
    return {"toNumber": f"+1555{n % 10_000_000:07d}", "inputs": {"firstName": "Ada", "n": str(n)}}
