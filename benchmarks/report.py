"""The results table (``benchmarks/RESULTS.md``) and the bar chart of ratios (``ratios.png``)."""

from __future__ import annotations

import datetime
import importlib.metadata
import os
import platform
from collections.abc import Sequence
from pathlib import Path

from benchmarks.timing import Row

TIMES = "\u00d7"  # the multiplication sign
DASH = "\u2013"  # en dash, as in 1\u20132

PACKAGES = (
    "vogent-async",
    "aiohttp",
    "attrs",
    "cattrs",
    "httpx",
    "pydantic",
    "openapi-python-client",
    "orjson",
    "matplotlib",
)


def times(ratio: float) -> str:
    """A ratio to three significant digits, so that 0.603 never shows as a met 0.60."""
    return f"{ratio:.3g}{TIMES}"


def _version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def environment() -> list[str]:
    """Lines saying when, on what machine and with which versions the suite ran."""
    cpu = _cpu_model()
    when = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    versions = ", ".join(f"{name} {_version(name)}" for name in PACKAGES)
    return [
        f"- Date: {when}",
        f"- Machine: {platform.machine()}, {os.cpu_count()} CPUs ({cpu}), {platform.platform()}",
        f"- Python: {platform.python_implementation()} {platform.python_version()}",
        f"- Packages: {versions}",
    ]


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _fmt(value: float, unit: str) -> str:
    if unit.startswith("MB"):
        return f"{value:.1f}"
    return f"{value:.3f}" if value < 10 else f"{value:.1f}"


def table(rows: Sequence[Row]) -> list[str]:
    """The markdown table: one line per row, baselines first within each benchmark."""
    out = [
        f"| benchmark | variant | median | min{DASH}max | unit | items/s | ratio | target | note |",
        "|---|---|---:|---:|---|---:|---:|---:|---|",
    ]
    for r in rows:
        spread = f"{_fmt(min(r.samples), r.unit)}{DASH}{_fmt(max(r.samples), r.unit)}"
        rate = f"{r.items / r.median:,.0f}" if r.items and r.median else ""
        ratio = "baseline" if r.ratio is None else times(r.ratio)
        target = "" if r.target is None else f"≤ {r.target:g}{TIMES} {'✅' if r.met else '❌'}"
        cells = [r.benchmark, r.variant, _fmt(r.median, r.unit), spread, r.unit, rate, ratio]
        out.append("| " + " | ".join([*cells, target, r.note]) + " |")
    return out


def chart(rows: Sequence[Row], path: Path) -> bool:
    """Draw every ratio as a bar (targets as ticks); False when matplotlib is missing."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    shown = [r for r in rows if r.ratio is not None]
    labels = [f"{r.benchmark}: {r.variant}" for r in shown]
    colors = ["#4c72b0" if r.met is None else "#55a868" if r.met else "#c44e52" for r in shown]
    fig, ax = plt.subplots(figsize=(10, 0.38 * len(shown) + 1.5))
    ax.barh(range(len(shown)), [r.ratio or 0 for r in shown], color=colors)
    for i, r in enumerate(shown):
        if r.target is not None:
            ax.plot([r.target, r.target], [i - 0.4, i + 0.4], color="black", linewidth=2)
        ax.text((r.ratio or 0) + 0.03, i, times(r.ratio or 0), va="center", fontsize=8)
    ax.axvline(1.0, color="grey", linestyle="--", linewidth=1)
    ax.set_yticks(range(len(shown)), labels, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel("ratio to the benchmark's baseline (lower is better; black tick = target)")
    ax.set_title("vogent_async benchmarks: ratios measured in one run")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True


def write(rows: Sequence[Row], folder: Path, *, preamble: Sequence[str]) -> Path:
    """Write RESULTS.md (and ratios.png) into ``folder``; return the markdown's path."""
    has_chart = chart(rows, folder / "ratios.png")
    lines = ["# Benchmark results", "", *preamble, "## Environment", "", *environment(), ""]
    lines += ["## Results", "", *table(rows), ""]
    if has_chart:
        lines += ["![Ratios to each benchmark's baseline](ratios.png)", ""]
    path = folder / "RESULTS.md"
    path.write_text("\n".join(lines))
    return path
