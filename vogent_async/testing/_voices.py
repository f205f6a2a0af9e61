"""The Voices group of the fake: the workspace's voices, and cloning one from a clip.

``GET /voices`` pages its items under ``voices`` and filters by ``name``
(case-insensitive substring) and ``voiceType`` (exact). ``POST /voices/clone``
takes a multipart form (``name``, ``clip``, ``model``, optional
``transcription``) and records the clip's size in the new voice's description.
A fresh fake lists the stock voices (`CATALOG`, with fixed ids); seed more
with ``fake.voices.seed(5)`` or your own bodies.
"""

from __future__ import annotations

from email import policy
from email.parser import BytesParser
from typing import Any

from vogent_async.testing._generated import DataGenerator
from vogent_async.testing._groups import Group
from vogent_async.testing._refs import stock_id
from vogent_async.testing._routing import Call, Page, Paging, Reject, RouteTable

__all__ = ["CATALOG", "GROUP", "generate_voice"]

routes = RouteTable()
_MODELS = ("CARTESIA", "CSM")


def _stock_voice(name: str, kind: str, tier: str, description: str) -> dict[str, Any]:
    voice = {"name": name, "voiceType": kind, "voiceTier": tier, "description": description}
    return {"id": stock_id("voice", name), **voice}


CATALOG = [
    _stock_voice("Ava", "cartesia", "STANDARD", "Ava: warm, clear, mid-range; US English."),
    _stock_voice("Marcus", "cartesia", "STANDARD", "Marcus: calm, low, reassuring; US English."),
    _stock_voice("Priya", "elevenlabs", "PREMIUM", "Priya: bright, friendly; British English."),
    _stock_voice("Jonas", "elevenlabs", "PREMIUM", "Jonas: steady, formal; US English."),
    _stock_voice("Lena", "CSM", "STANDARD", "Lena: soft, conversational; US English."),
]
"""The stock voices every fresh fake lists (ids are fixed: ``stock_id("voice", name)``)."""


def generate_voice(data: DataGenerator, world: Any) -> dict[str, Any]:
    """A `Voice` body (without an ``id``)."""
    name = data.pick(["Ava", "Marcus", "Priya", "Jonas", "Lena", "Tomas"])
    return {
        "name": name,
        "voiceType": data.pick(["elevenlabs", "cartesia", "CSM"]),
        "voiceTier": data.pick(["STANDARD", "PREMIUM"]),
        "description": f"{name}: warm, clear, mid-range.",
    }


@routes.get("/voices", name="listVoices", paging=Paging(items="voices"))
async def list_voices(call: Call) -> Page:
    name, voice_type = call.query("name"), call.query("voiceType")

    def match(voice: dict[str, Any]) -> bool:
        return (name is None or name.casefold() in voice["name"].casefold()) and (
            voice_type is None or voice["voiceType"] == voice_type
        )

    return call.fake.collection("voices").page(call.limit, call.after, match)


@routes.post("/voices/clone", name="cloneVoice")
async def clone_voice(call: Call) -> dict[str, Any]:
    form = await _read_form(call)
    problems = []
    if not form.get("name"):
        problems.append("name: required, a non-empty string")
    if form.get("model") not in _MODELS:
        problems.append(f"model: expected one of {', '.join(_MODELS)}")
    if not form.get("clip"):
        problems.append("clip: required, a non-empty audio file")
    if problems:
        raise Reject.invalid(problems)
    voice = {
        "name": form["name"],
        "voiceType": form["model"],
        "voiceTier": "STANDARD",
        "description": f"Cloned from a {form['clip']}-byte clip ({form['filename'] or 'clip'}).",
    }
    return call.fake.collection("voices").create(voice)


async def _read_form(call: Call) -> dict[str, Any]:
    """The form's text fields, and the clip's size in bytes (the audio is not kept).

    The body is parsed with the standard library's MIME parser: aiohttp's streaming
    multipart reader warns (``unread_data``) when a boundary straddles two chunks.
    """
    content_type = call.request.headers.get("Content-Type", "")
    if not call.request.content_type.startswith("multipart/"):
        raise Reject(400, "expected a multipart/form-data body")
    head = f"Content-Type: {content_type}\r\n\r\n".encode("latin-1")
    message = BytesParser(policy=policy.HTTP).parsebytes(head + await call.request.read())
    form: dict[str, Any] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else b""
        if name == "clip":
            form["clip"], form["filename"] = len(data), part.get_filename()
        elif isinstance(name, str):
            form[name] = data.decode("utf-8", "replace")
    return form


GROUP = Group("voices", routes, collections={"voices": generate_voice}, catalog={"voices": CATALOG})
