"""``vogent-async agents list|get|create|delete`` and ``voices list|clone`` against the fake."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from vogent_async.testing import FakeVogent

from .conftest import invoke, run_in_terminal

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def hold_what_the_example_names(fake: FakeVogent) -> None:
    """Seed the voice, model and function the API's example names (all ``<string>``)."""
    some = "<string>"
    voice = {"name": "V", "voiceType": "cartesia", "voiceTier": "STANDARD", "description": "d"}
    fake.voices.seed([{**voice, "id": some}])
    fake.models.seed([{"id": some, "name": "m", "modelOptions": []}])
    transfer = {"name": "t", "description": "d", "type": "transfer", "allowedNumbers": []}
    fake.functions.seed([{**transfer, "id": some}])


async def test_an_agent_is_created_from_a_file_listed_found_and_deleted(
    fake: FakeVogent, tmp_path: Path
) -> None:
    """create --from takes the API's own example body; the others find and remove it."""
    body = json.loads((SAMPLES / "agents/create_agent.request.json").read_text())
    body["defaultExtractor"]["extractorFieldsJsonSchema"] = "{}"
    hold_what_the_example_names(fake)
    source = tmp_path / "agent.json"
    source.write_text(json.dumps(body))

    created = await invoke(fake, "agents", "create", "--from", str(source))
    agent_id = created.out.strip()
    listed = await invoke(fake, "agents", "list")
    got = await invoke(fake, "agents", "get", agent_id, "--json")
    deleted = await invoke(fake, "agents", "delete", agent_id)
    again = await invoke(fake, "agents", "delete", agent_id)

    assert created.code == 0, created.err
    assert agent_id in listed.out
    assert "<string>" in listed.out
    assert json.loads(got.out)["id"] == agent_id
    assert deleted.out.strip() == f"Deleted agent {agent_id} (<string>)."
    assert again.code != 0
    assert "404" in again.err


async def test_a_bad_agent_file_is_a_usage_error_naming_the_field(
    fake: FakeVogent, tmp_path: Path
) -> None:
    """A body that does not fit names the path; nothing is sent."""
    source = tmp_path / "agent.json"
    source.write_text(json.dumps({"name": "Ava", "defaultVoiceId": 5}))

    result = await invoke(fake, "agents", "create", "--from", str(source))

    assert result.code == 2
    assert "defaultVoiceId" in result.err
    assert fake.requests == []


async def test_an_unknown_agent_is_not_found(fake: FakeVogent) -> None:
    """agents get walks the listing and says when the id is not in it."""
    fake.agents.seed(3)

    result = await invoke(fake, "agents", "get", "nobody")

    assert result.code != 0
    assert "no agent with id 'nobody'" in result.err


async def test_voices_are_listed_with_filters(fake: FakeVogent) -> None:
    """--name and --type go to the API as name and voiceType."""
    fake.voices.seed(
        [
            {"name": "Ava", "voiceType": "CSM", "voiceTier": "STANDARD", "description": "warm"},
            {"name": "Bo", "voiceType": "CSM", "voiceTier": "PREMIUM", "description": "deep"},
        ]
    )

    result = await invoke(fake, "voices", "list", "--name", "ava", "--type", "CSM")
    empty = await invoke(fake, "voices", "list", "--name", "zed")

    assert result.code == 0, result.err
    assert "Ava" in result.out
    assert "Bo" not in result.out
    assert fake.requests[0].query["voiceType"] == "CSM"
    assert empty.out.strip() == "No voices."


async def test_a_voice_is_cloned_from_a_file(fake: FakeVogent, tmp_path: Path) -> None:
    """voices clone NAME FILE uploads the file and shows the new voice."""
    clip = tmp_path / "ava.wav"
    clip.write_bytes(bytes(200_000))

    result = await invoke(fake, "voices", "clone", "Mine", str(clip), "--model", "csm", "--json")

    assert result.code == 0, result.err
    voice = json.loads(result.out)
    assert voice["name"] == "Mine"
    assert "200000-byte clip (ava.wav)" in voice["description"]


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
async def test_a_terminal_sees_the_upload_progress_bar(fake: FakeVogent, tmp_path: Path) -> None:
    """On a terminal, voices clone draws a progress bar for the upload on stderr."""
    clip = tmp_path / "ava.wav"
    clip.write_bytes(bytes(3_000_000))

    code, output = await run_in_terminal(
        fake.base_url, "voices", "clone", "Mine", str(clip), columns=120
    )

    assert code == 0, output
    assert b"Uploading ava.wav" in output
    assert b"3.0 MB" in output
    assert b"Mine" in output
