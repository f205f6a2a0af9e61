"""The ``vogent-async`` command line (the ``cli`` extra: click and rich).

``pip install 'vogent-async[cli]'``, then ``vogent-async --help``. The package
itself needs neither library: they are imported only when the command line runs,
and a missing one is reported with the line that installs it.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

__all__ = ["main"]

INSTALL_HINT = "the vogent-async command line needs its extra: pip install 'vogent-async[cli]'"


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``vogent-async`` with ``argv`` (default: ``sys.argv[1:]``); return the exit status."""
    try:
        from vogent_async.cli._main import run_cli
    except ImportError as error:
        if error.name not in ("click", "rich") and not (error.name or "").startswith("rich."):
            raise
        print(f"error: {INSTALL_HINT} ({error.name} is missing)", file=sys.stderr)
        return 2
    return run_cli(argv)
