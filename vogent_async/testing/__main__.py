"""``python -m vogent_async.testing serve ...``: the fake Vogent API as a process."""

from __future__ import annotations

import sys

from vogent_async.testing._command import main

if __name__ == "__main__":
    sys.exit(main())
