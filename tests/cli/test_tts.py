"""``vogent-async tts say`` against the fake: the whole file or none, and a progress line."""

from __future__ import annotations

import re
from pathlib import Path

from vogent_async.testing import FakeVogent

from .conftest import SECRET_KEY, invoke


async def test_say_writes_the_audio_file_and_reports_its_size(
    fake: FakeVogent, tmp_path: Path
) -> None:
    result = await invoke(
        fake, "tts", "say", "Hello there", "--voice", "voice_1", "--out", "hello.wav"
    )

    assert result.code == 0, result.err
    data = (tmp_path / "hello.wav").read_bytes()
    assert data.startswith(b"RIFF")
    assert result.out.strip() == f"hello.wav  {len(data)} bytes  audio/wav"
    assert fake.requests[-1].json == {
        "text": "Hello there",
        "voiceId": "voice_1",
        "format": {"outputType": "WAV_PCM16", "sampleRate": 24000},
    }
    assert SECRET_KEY not in result.out + result.err


async def test_the_format_follows_the_suffix_and_the_options(
    fake: FakeVogent, tmp_path: Path
) -> None:
    result = await invoke(
        fake, "tts", "say", "Hi", "--voice", "v", "--out", "hi.mp3", "--sample-rate", "48000"
    )
    assert result.code == 0, result.err
    assert fake.requests[-1].json["format"] == {"outputType": "MP3", "sampleRate": 48000}
    assert (tmp_path / "hi.mp3").read_bytes().startswith(b"ID3")


async def test_a_cut_leaves_no_file_and_says_how_much_arrived(
    fake: FakeVogent, tmp_path: Path
) -> None:
    fake.tts.chunk_size, fake.tts.cut_after = 1000, 4000
    result = await invoke(fake, "tts", "say", "Hello " * 50, "--voice", "v", "--out", "x.wav")

    assert result.code == 1
    # The fake cuts after writing 4000 bytes; a reset may drop some already in flight,
    # so the client reports what it received, never more than was sent.
    arrived = re.search(r"cut after (\d+) bytes", result.err)
    assert arrived is not None, result.err
    assert int(arrived.group(1)) <= 4000
    assert list(tmp_path.iterdir()) == []


async def test_bad_input_is_refused_before_anything_is_sent(fake: FakeVogent) -> None:
    result = await invoke(fake, "tts", "say", "", "--voice", "v", "--out", "x.wav")
    assert result.code != 0
    assert "text: must not be empty" in result.err
    assert fake.requests == []
