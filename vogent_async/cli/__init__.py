"""The ``vogent-async`` command line (the ``cli`` extra: click and rich).

``pip install 'vogent-async[cli]'``, then ``vogent-async --help``. The package
itself needs neither library: they are imported only when the command line runs,
and a missing one is reported with the line that installs it.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

__all__ = ["main"]

_EXTRA = frozenset({"click", "rich"})
INSTALL_HINT = "the vogent-async command line needs its extra: pip install 'vogent-async[cli]'"


def main(argv: Sequence[str] | None = None, *, prog_name: str = "vogent-async") -> int:
    """Run ``vogent-async`` with ``argv`` (default: ``sys.argv[1:]``); return the exit status.

    Args:
        argv: The arguments after the program name.
        prog_name: The name shown in usage lines.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        from vogent_async.cli._main import run_cli
    except ImportError as error:
        if error.name not in _EXTRA:
            raise
        if args[:1] == ["demo"]:  # `make demo` installs no extra
            from vogent_async.cli._fallback import run_demo_command

            return run_demo_command(args, prog_name)
        print(f"error: {INSTALL_HINT} ({error.name} is missing)", file=sys.stderr)
        return 2
    return run_cli(args, prog_name=prog_name)
