"""``tts`` and ``tts-memory``: audio through ``client.tts.stream()`` vs a raw aiohttp loop.

``tts`` times (wall clock) streaming one generation from the same `FakeVogent`
(in a child process, chunks of 64 KiB, no delay) with a bare aiohttp loop and
with `client.tts.stream()`; the target is at least 0.9x the raw loop's bytes/s,
i.e. at most 1.11x its time. ``tts-memory`` streams a small and a large
generation, each in a fresh child process that discards the audio and reports
its own peak RSS: the peak must stay flat (at most 1.10x).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import aiohttp

import vogent_async
from benchmarks.config import Sizes
from benchmarks.memory import MB, _peak_mb
from benchmarks.timing import WALL, Row, compare, measure_async

KEY = "bench-key"
RAW, OURS = "raw aiohttp loop", "vogent_async tts.stream()"
SECONDS_PER_CHAR = 5.0  # so that a run of 1 GB stays within the 5,000-character limit
BYTES_PER_CHAR = round(48_000 * SECONDS_PER_CHAR)  # 24 kHz PCM16


def characters(megabytes: float) -> int:
    """Characters of text whose WAV is about ``megabytes`` MB."""
    return max(1, round(megabytes * 1_000_000 / BYTES_PER_CHAR))


async def raw_stream(base_url: str, chars: int) -> int:
    """POST /tts with a bare aiohttp session; count the body's bytes as they arrive."""
    body = {"text": "x" * chars, "voiceId": "v"}
    headers = {"Authorization": f"Bearer {KEY}"}
    got = 0
    async with (
        aiohttp.ClientSession() as session,
        session.post(f"{base_url}/tts", json=body, headers=headers) as resp,
    ):
        resp.raise_for_status()
        async for chunk in resp.content.iter_any():
            got += len(chunk)
    return got


async def package_stream(base_url: str, chars: int) -> int:
    """The same generation through `client.tts.stream()`."""
    got = 0
    async with (
        vogent_async.Client(KEY, base_url=base_url) as client,
        client.tts.stream(text="x" * chars, voice_id="v") as audio,
    ):
        async for chunk in audio:
            got += len(chunk)
    return got


async def run(sizes: Sizes) -> list[Row]:
    """Time both loops over one generation of ``sizes.tts_mb`` MB, interleaved."""
    chars = characters(sizes.tts_mb)
    with serving() as base_url:
        sizes_seen = {await raw_stream(base_url, chars), await package_stream(base_url, chars)}
        if len(sizes_seen) != 1:
            raise AssertionError(f"the loops saw different sizes: {sizes_seen}")
        variants = {
            RAW: lambda: raw_stream(base_url, chars),
            OURS: lambda: package_stream(base_url, chars),
        }
        samples = await measure_async(variants, sizes.runs, time.perf_counter, warmup=False)
    size = sizes_seen.pop()
    note = f"{size / 1e6:.1f} MB a run, 64 KiB chunks; throughput target >= 0.9x"
    return compare(
        "tts", samples, baseline=RAW, targets={OURS: 1 / 0.9}, notes={RAW: note}, unit=WALL
    )


def run_memory(sizes: Sizes) -> list[Row]:
    """Peak RSS of streaming a small and a large generation, each in a fresh process."""
    samples: dict[str, list[float]] = {}
    with serving() as base_url:
        for _ in range(sizes.memory_runs):
            for megabytes in (sizes.tts_memory_small_mb, sizes.tts_memory_large_mb):
                mb, got = peak_rss(base_url, characters(megabytes))
                if got < characters(megabytes) * BYTES_PER_CHAR:
                    raise AssertionError(f"streamed {got} bytes of {megabytes} MB")
                samples.setdefault(f"{megabytes:g} MB generation", []).append(mb)
    small, large = samples
    note = "async for over the audio, discarded; a fresh process each"
    return compare(
        "tts-memory", samples, baseline=small, targets={large: 1.10}, notes={small: note}, unit=MB
    )


def peak_rss(base_url: str, chars: int) -> tuple[float, int]:
    """Stream ``chars`` characters' audio in a child process; its peak RSS (MB) and bytes."""
    root = Path(__file__).resolve().parent.parent
    args = [sys.executable, "-m", "benchmarks.tts", "measure", base_url, str(chars)]
    out = subprocess.run(args, cwd=root, capture_output=True, text=True, check=True).stdout
    report = json.loads(out)
    return float(report["peak_mb"]), int(report["bytes"])


@contextlib.contextmanager
def serving(chunk_size: int = 65536) -> Iterator[str]:
    """A `FakeVogent` in a child process, sending ``chunk_size`` bytes a chunk; its base URL."""
    root = Path(__file__).resolve().parent.parent
    args = [sys.executable, "-m", "benchmarks.tts", "serve", str(chunk_size)]
    with subprocess.Popen(args, cwd=root, stdout=subprocess.PIPE, text=True) as child:
        try:
            assert child.stdout is not None
            yield child.stdout.readline().strip()
        finally:
            child.terminate()


async def _serve(chunk_size: int) -> None:
    from vogent_async.testing import FakeVogent

    async with FakeVogent(api_key=KEY, record_requests=False) as fake:
        fake.tts.chunk_size, fake.tts.seconds_per_character = chunk_size, SECONDS_PER_CHAR
        voice = {"name": "V", "voiceType": "cartesia", "voiceTier": "STANDARD", "description": "d"}
        fake.voices.seed([{**voice, "id": "v"}])  # the voice every measurement speaks with
        print(fake.base_url, flush=True)
        await asyncio.Event().wait()


def main() -> None:
    """Child process: ``serve CHUNK_SIZE``, or ``measure BASE_URL CHARS`` (peak RSS as JSON)."""
    if sys.argv[1] == "serve":
        with contextlib.suppress(KeyboardInterrupt):
            asyncio.run(_serve(int(sys.argv[2])))
        return
    got = asyncio.run(package_stream(sys.argv[2], int(sys.argv[3])))
    print(json.dumps({"peak_mb": _peak_mb(), "bytes": got}))


if __name__ == "__main__":
    main()
