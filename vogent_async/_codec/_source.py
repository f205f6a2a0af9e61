"""Generated functions: their lines, the values their code names, and their registration.

The codec's structure functions (`_compiled`), its exact checks (`_sharing`) and
the walker's fast checks (`vogent_async._request._validation`) are written as
Python source and compiled once a class. `Source` collects the lines and the
values they refer to; `Source.define` compiles them under a ``<vogent_async ...>``
file name registered with `linecache`, so a traceback through one shows its code.
"""

from __future__ import annotations

import linecache
from typing import Any

__all__ = ["Source"]


class Source:
    """The body of one generated function and the namespace its code runs in.

    Args:
        names: Values the code refers to by these names from the start.
    """

    def __init__(self, names: dict[str, Any] | None = None) -> None:
        self.lines: list[str] = []
        self.names: dict[str, Any] = dict(names or {})

    def name(self, prefix: str, value: Any) -> str:
        """A fresh name (``_<prefix><n>``) under which the code can refer to ``value``."""
        key = f"_{prefix}{len(self.names)}"
        self.names[key] = value
        return key

    def emit(self, line: str, depth: int = 1) -> None:
        """Add ``line`` to the body, indented ``depth`` levels."""
        self.lines.append("    " * depth + line)

    def define(self, signature: str, what: str, tail: str = "") -> Any:
        """Compile ``def <signature>:`` over the lines (then ``tail``); return the function.

        Args:
            signature: ``name(args)`` of the function.
            what: What it is, for its file name ``<vogent_async {what}>``.
            tail: A last line (indented), e.g. ``return True``.
        """
        body = self.lines + (["    " + tail] if tail else [])
        source = f"def {signature}:\n" + "\n".join(body) + "\n"
        filename = f"<vogent_async {what}>"
        linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
        exec(compile(source, filename, "exec"), self.names)  # our own generated code
        return self.names[signature.partition("(")[0]]
