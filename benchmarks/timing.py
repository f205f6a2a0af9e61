"""Timing runs, interleaved so that drift on a shared machine hits every variant alike."""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import statistics
import time
from collections.abc import Awaitable, Callable, Iterator, Mapping

Sync = Callable[[], object]
Async = Callable[[], Awaitable[object]]
Clock = Callable[[], float]

CPU = "s CPU"
WALL = "s wall"


@dataclasses.dataclass(frozen=True)
class Row:
    """One line of the results table.

    Attributes:
        benchmark: The benchmark's name, e.g. ``walk``.
        variant: What was measured, e.g. ``vogent_async``.
        samples: One value per run, in ``unit``.
        unit: ``s CPU`` (client process time), ``s wall`` or ``MB`` (peak RSS).
        baseline: The variant this one is compared with; ``None`` for the baseline itself.
        ratio: This variant's median over the baseline's median.
        target: The ratio the issue asks for (at most), if any.
        note: What the reader should know about this row.
        items: Items handled per run, when a throughput is worth showing.
    """

    benchmark: str
    variant: str
    samples: tuple[float, ...]
    unit: str = CPU
    baseline: str | None = None
    ratio: float | None = None
    target: float | None = None
    note: str = ""
    items: int | None = None

    @property
    def median(self) -> float:
        """The median sample."""
        return statistics.median(self.samples)

    @property
    def met(self) -> bool | None:
        """Whether the ratio meets the target; ``None`` when there is no target."""
        if self.target is None or self.ratio is None:
            return None
        return self.ratio <= self.target


@contextlib.contextmanager
def frozen_heap() -> Iterator[None]:
    """Keep the inputs alive before timing out of the collector's way.

    A benchmark holds its inputs (say 50,000 dicts) for the whole run; a real
    client holds one page. Freezing what is alive now keeps full collections
    from walking those inputs, while what a run allocates is collected as usual.
    """
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def measure(
    variants: Mapping[str, Sync], runs: int, clock: Clock = time.process_time
) -> dict[str, list[float]]:
    """Warm each variant up once, then time ``runs`` rounds of all of them, interleaved.

    The default clock is this process's CPU time: the server runs in another
    process, so what is compared is the client's own work.
    """
    for fn in variants.values():
        fn()
    samples: dict[str, list[float]] = {name: [] for name in variants}
    with frozen_heap():
        for _ in range(runs):
            for name, fn in variants.items():
                gc.collect()
                start = clock()
                fn()
                samples[name].append(clock() - start)
    return samples


async def measure_async(
    variants: Mapping[str, Async],
    runs: int,
    clock: Clock = time.process_time,
    *,
    warmup: bool = True,
) -> dict[str, list[float]]:
    """The coroutine twin of `measure`; ``warmup=False`` when a checking pass already ran."""
    for fn in variants.values() if warmup else ():
        await fn()
    samples: dict[str, list[float]] = {name: [] for name in variants}
    with frozen_heap():
        for _ in range(runs):
            for name, fn in variants.items():
                gc.collect()
                start = clock()
                await fn()
                samples[name].append(clock() - start)
    return samples


def compare(
    benchmark: str,
    samples: Mapping[str, list[float]],
    *,
    baseline: str,
    targets: Mapping[str, float] | None = None,
    notes: Mapping[str, str] | None = None,
    unit: str = CPU,
    items: int | None = None,
) -> list[Row]:
    """Rows for every variant with its ratio to ``baseline``, the baseline first."""
    base = statistics.median(samples[baseline])
    first = Row(benchmark, baseline, tuple(samples[baseline]), unit, note=_get(notes, baseline))
    rows = [dataclasses.replace(first, items=items)]
    for name, values in samples.items():
        if name == baseline:
            continue
        ratio = statistics.median(values) / base
        target = (targets or {}).get(name)
        note = _get(notes, name)
        row = Row(benchmark, name, tuple(values), unit, baseline, ratio, target, note, items)
        rows.append(row)
    return rows


def _get(notes: Mapping[str, str] | None, key: str) -> str:
    return (notes or {}).get(key, "")
