"""The ``demo`` command without the ``cli`` extra: argparse only, for ``make demo``.

``make demo`` installs the package alone, without click or rich, and runs
``python -m vogent_async demo``; this keeps that working. Every other command
needs the extra.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Sequence

__all__ = ["run_demo_command"]


def run_demo_command(argv: Sequence[str], prog: str) -> int:
    """Run ``demo [--live]`` from ``argv`` (which starts with ``demo``); return the exit status."""
    parser = argparse.ArgumentParser(prog=prog)
    commands = parser.add_subparsers(dest="command", required=True)
    demo = commands.add_parser("demo", help="run a campaign against a local fake API")
    demo.add_argument(
        "--live",
        action="store_true",
        help="walk your real workspace instead, read-only (needs VOGENT_API_KEY)",
    )
    args = parser.parse_args(list(argv))

    from vogent_async.cli._demo import run_demo

    try:
        return asyncio.run(run_demo(live=args.live))
    except KeyboardInterrupt:
        print("\nInterrupted.")
        return 130
