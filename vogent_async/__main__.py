"""``python -m vogent_async``: a thin dispatcher; ``demo`` runs `vogent_async._demo.run_demo`."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the command line and run the chosen command; return the exit code."""
    parser = argparse.ArgumentParser(prog="python -m vogent_async")
    commands = parser.add_subparsers(dest="command", required=True)
    demo = commands.add_parser(
        "demo", help="run a campaign against a local fake API and walk it with async for"
    )
    demo.add_argument(
        "--live",
        action="store_true",
        help="walk your real workspace instead, read-only (needs VOGENT_API_KEY)",
    )
    args = parser.parse_args(argv)

    from vogent_async._demo import run_demo

    return asyncio.run(run_demo(live=args.live))


if __name__ == "__main__":
    sys.exit(main())
