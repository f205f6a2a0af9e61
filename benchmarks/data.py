"""Contract-shaped JSON for the benchmark server and the decode benchmark.

Every body follows `shared/api/vogent-openapi.yaml` (``BatchDialJob``, ``Dial``
with its embedded ``Agent`` and transcript, ``BatchDialRow``). Values vary with
the item number, so enum lookups, timestamps and optional fields are exercised
the way a real page exercises them, but every body is deterministic.
"""

from __future__ import annotations

from typing import Any

JOB_STATUSES = ("INIT", "ACTIVE", "PAUSED", "COMPLETE", "CANCELLED")
RESULT_TYPES = (None, "USER_HANGUP", "NO_ANSWER", "VOICEMAIL_DETECTED_HANGUP", "SOMETHING_NEW")
DIAL_STATUSES = ("completed", "failed", "busy", "no-answer")


def _stamp(n: int, base_hour: int = 9) -> str:
    minute, second = divmod(n % 3600, 60)
    return f"2025-11-02T{base_hour:02d}:{minute:02d}:{second:02d}.{n % 1000:03d}Z"


def job(n: int) -> dict[str, Any]:
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
    if n % 3 == 0:
        body["schedule"] = None
    else:
        body["schedule"] = {
            "timezone": "America/New_York",
            "days": [
                {"dayOfWeek": day, "timeSlots": [{"startTime": "09:00", "endTime": "17:30"}]}
                for day in (1, 2, 3, 4, 5)
            ],
        }
    return body


def agent(n: int) -> dict[str, Any]:
    """The agent embedded in a dial, with its nested configurations."""
    return {
        "id": f"agent_{n % 7}",
        "name": "Renewals agent",
        "language": "en",
        "transcriberParams": {"type": "deepgram", "keywords": ["renewal", "policy"]},
        "metadata": {"team": "renewals", "tier": n % 3},
        "utteranceDetectorConfig": {"sensitivity": "MEDIUM", "interruptionPlayTimeMs": 400},
        "endpointDetectorConfig": {"type": "SEMANTIC", "mode": "DEFAULT"},
        "ivrConfiguration": None,
        "idleMessageConfig": {"enabled": True, "messages": ["Are you still there?"]},
        "maxDurationSeconds": 10800,
        "defaultVoiceId": "voice_1",
        "defaultVersionedPromptId": "vp_1",
        "defaultExtractorId": None,
        "linkedFunctionDefinitions": [{"functionDefinitionId": "fn_transfer"}],
        "fillEmptyStringVariables": False,
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


def dial(n: int, transcript_len: int) -> dict[str, Any]:
    """A completed dial number ``n`` with an agent and ``transcript_len`` transcript entries."""
    return {
        "id": f"dial_{n:08d}",
        "toNumber": f"+1555{n % 10_000_000:07d}",
        "agent": agent(n),
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
