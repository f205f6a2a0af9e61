"""``tts-ws``: generations through ``client.tts.websocket()`` vs a raw aiohttp websocket loop.

Both contenders talk to the same `FakeVogent` (in a child process, chunks of
``tts_ws_chunk`` bytes, no delay), each over its own socket, both open at once. A
run makes ``tts_ws_firsts`` short generations on each socket, alternating one by
one, and keeps each contender's median time from the request to the first audio
byte; then ``tts_ws_larges`` generations of ``tts_ws_mb`` MB on each, alternating which
goes first, each timed from the request to ``finished`` in wall and CPU seconds
(a run keeps each contender's medians). The
raw loop sends the JSON message, ``json.loads`` each frame and decodes the base64
of each chunk; the package does the same through its typed messages, its bounded
queue and its heartbeat. The target is at most 1.1x the raw loop on the first
byte and on the time of the large generation (at least 0.91x its bytes per second).
"""

from __future__ import annotations

import base64
import contextlib
import gc
import json
import statistics
import time
from collections.abc import AsyncIterator, Awaitable, Callable

import aiohttp

import vogent_async
from benchmarks import tts
from benchmarks.config import Sizes
from benchmarks.timing import CPU, WALL, Row, compare, frozen_heap

RAW, OURS = "raw aiohttp websocket loop", "vogent_async tts.websocket()"
TARGET = 1.1

# (generation id, characters) -> (seconds to the first audio byte, audio bytes)
Generate = Callable[[str, int], Awaitable[tuple[float, int]]]


@contextlib.asynccontextmanager
async def raw_socket(base_url: str) -> AsyncIterator[Generate]:
    """One socket through a bare aiohttp session: send JSON, read frames, decode base64."""
    url = f"{base_url.replace('http', 'ws', 1)}/tts/websocket"
    headers = {"Authorization": f"Bearer {tts.KEY}"}
    async with aiohttp.ClientSession(headers=headers) as session, session.ws_connect(url) as ws:

        async def generate(gid: str, chars: int) -> tuple[float, int]:
            start, first, got = time.perf_counter(), 0.0, 0
            body = {"generationId": gid, "voiceId": "v", "text": "x" * chars, "finalText": True}
            await ws.send_str(json.dumps(body))
            async for frame in ws:
                message = json.loads(frame.data)
                if message["type"] == "chunk":  # the first byte counts once it is decoded
                    got += len(base64.b64decode(message["audio"]))
                    first = first or time.perf_counter() - start
                elif message["type"] == "finished":
                    return first, got
            raise AssertionError("the socket closed before the generation finished")

        yield generate


@contextlib.asynccontextmanager
async def package_socket(base_url: str) -> AsyncIterator[Generate]:
    """The same through `client.tts.websocket()` and each generation's ``audio()``."""
    async with (
        vogent_async.Client(tts.KEY, base_url=base_url) as client,
        client.tts.websocket() as socket,
    ):

        async def generate(gid: str, chars: int) -> tuple[float, int]:
            start, first, got = time.perf_counter(), 0.0, 0
            generation = await socket.generate(text="x" * chars, voice_id="v", generation_id=gid)
            async for audio in generation.audio():
                first = first or time.perf_counter() - start
                got += len(audio)
            return first, got

        yield generate


async def firsts(contenders: dict[str, Generate], count: int, tag: str) -> dict[str, float]:
    """Each contender's median ms to the first byte over ``count`` 1-character generations."""
    waits: dict[str, list[float]] = {name: [] for name in contenders}
    for i in range(count):
        order = list(contenders) if i % 2 else list(contenders)[::-1]
        for name in order:
            waits[name].append((await contenders[name](f"{tag}-{i}", 1))[0])
    return {name: 1000 * statistics.median(w) for name, w in waits.items()}


async def large(generate: Generate, chars: int, tag: str) -> tuple[float, float, int]:
    """Wall and CPU seconds of one generation of ``chars`` characters, and its bytes."""
    gc.collect()
    cpu, wall = time.process_time(), time.perf_counter()
    _, got = await generate(tag, chars)
    return time.perf_counter() - wall, time.process_time() - cpu, got


async def larges(
    contenders: dict[str, Generate], chars: int, sizes: Sizes, run: int
) -> dict[str, dict[str, float]]:
    """Median wall and CPU seconds of ``tts_ws_larges`` large generations each, alternating."""
    walls: dict[str, list[float]] = {name: [] for name in contenders}
    cpus: dict[str, list[float]] = {name: [] for name in contenders}
    for i in range(sizes.tts_ws_larges):
        for name in list(contenders)[:: 1 if (run + i) % 2 else -1]:
            wall, cpu, _ = await large(contenders[name], chars, f"large-{run}-{i}")
            walls[name].append(wall)
            cpus[name].append(cpu)
    return {
        "wall": {name: statistics.median(w) for name, w in walls.items()},
        "cpu": {name: statistics.median(c) for name, c in cpus.items()},
    }


async def measure(base_url: str, sizes: Sizes) -> tuple[dict[str, dict[str, list[float]]], int]:
    """Samples by metric and contender, after a checking pass; and the large generation's bytes."""
    chars = tts.characters(sizes.tts_ws_mb)
    samples: dict[str, dict[str, list[float]]] = {}
    async with raw_socket(base_url) as raw, package_socket(base_url) as ours:
        contenders = {RAW: raw, OURS: ours}
        seen = {name: (await large(fn, chars, "check"))[2] for name, fn in contenders.items()}
        if len(set(seen.values())) != 1:
            raise AssertionError(f"the loops saw different sizes: {seen}")
        with frozen_heap():
            for run in range(sizes.runs):
                for name, ms in (await firsts(contenders, sizes.tts_ws_firsts, f"f{run}")).items():
                    samples.setdefault("first", {}).setdefault(name, []).append(ms)
                for metric, values in (await larges(contenders, chars, sizes, run)).items():
                    for name, value in values.items():
                        samples.setdefault(metric, {}).setdefault(name, []).append(value)
    return samples, seen[RAW]


async def run(sizes: Sizes) -> list[Row]:
    """Rows for the first byte, and the large generation's wall and CPU time."""
    with tts.serving(sizes.tts_ws_chunk) as base_url:
        samples, size = await measure(base_url, sizes)
    targets = {OURS: TARGET}
    what = f"median of {sizes.tts_ws_larges} generations of {size / 1e6:.1f} MB a run, "
    what += f"{sizes.tts_ws_chunk // 1024} KiB chunks; bytes/s target >= 0.91x"
    firsts = f"median of {sizes.tts_ws_firsts} generations of 1 character a run, alternating"
    return [
        *compare(
            "tts-ws first byte", samples["first"], baseline=RAW, targets=targets,
            notes={RAW: firsts}, unit="ms wall",
        ),
        *compare(
            "tts-ws", samples["wall"], baseline=RAW, targets=targets,
            notes={RAW: what}, unit=WALL, items=size,
        ),
        *compare(
            "tts-ws (CPU)", samples["cpu"], baseline=RAW, targets=targets,
            notes={RAW: "the same generations: client CPU"}, unit=CPU, items=size,
        ),
    ]  # fmt: skip
