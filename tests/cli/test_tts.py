"""``vogent-async tts say`` against the fake: the whole file or none, and a progress line."""

from __future__ import annotations

import os
import re
import stat
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


async def test_a_suffix_that_names_no_format_is_refused(fake: FakeVogent, tmp_path: Path) -> None:
    """hi.ogg is not silently WAV: a usage error naming the suffixes, unless --format says."""
    refused = await invoke(fake, "tts", "say", "Hi", "--voice", "v", "--out", "hi.ogg")
    bare = await invoke(fake, "tts", "say", "Hi", "--voice", "v", "--out", "hi")
    chosen = await invoke(
        fake, "tts", "say", "Hi", "--voice", "v", "--out", "hi.ogg", "--format", "MP3"
    )

    assert (refused.code, bare.code) == (2, 2)
    assert "'.ogg' names no audio format" in refused.err
    assert ".mp3, .wav, .pcm, .raw" in refused.err
    assert "--format" in bare.err
    assert chosen.code == 0, chosen.err
    assert [r.json["format"]["outputType"] for r in fake.requests] == ["MP3"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hi.ogg"]


async def test_the_file_gets_the_mode_the_umask_gives(fake: FakeVogent, tmp_path: Path) -> None:
    """Not -rw------- whatever the umask: 0o666 less it, as any new file."""
    before = os.umask(0o022)
    try:
        result = await invoke(fake, "tts", "say", "Hi", "--voice", "v", "--out", "hi.wav")
    finally:
        os.umask(before)

    assert result.code == 0, result.err
    assert stat.S_IMODE((tmp_path / "hi.wav").stat().st_mode) == 0o644


async def test_the_sample_rate_help_says_41500_is_vogents_own_value() -> None:
    result = await invoke(None, "tts", "say", "--help")

    assert "41500 is Vogent's own value" in " ".join(result.out.split())
