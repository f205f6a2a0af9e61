"""``python -m vogent_async``: the ``vogent-async`` command line.

``python -m vogent_async demo`` (what ``make demo`` runs) works without the
``cli`` extra too; every other command needs it.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from vogent_async.cli import main as _cli_main


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit status."""
    return _cli_main(argv, prog_name="python -m vogent_async")


if __name__ == "__main__":
    sys.exit(main())
