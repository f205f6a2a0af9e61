"""Text from the server, made safe to show on a terminal.

A job name, a dial field or an error message is the server's text. Written raw to
a terminal, an escape sequence in it could retitle the window (OSC 0/2), clear the
screen (CSI 2J), plant a hyperlink (OSC 8), or reorder what is shown (Unicode
bidi overrides). `terminal_text` removes all of that before anything reaches a
table or an ``Error:`` line; `--json` output escapes the same characters instead
(`vogent_async.cli._records`), so it stays valid JSON with every byte of the data.
"""

from __future__ import annotations

import re

__all__ = ["UNSAFE_CHARACTERS", "terminal_text"]

#: A whole escape sequence, so no half of it (``]0;title``) is left behind: CSI
#: (``ESC [`` or C1 ``0x9b``), the string controls OSC, DCS, SOS, PM and APC up to
#: their terminator (BEL or ST) or the end of the text, and two-character escapes.
_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -/]*[0-~]?"
)

#: Characters a terminal may act on rather than show: C0 and C1 controls, DEL,
#: the bidi embeddings, overrides and isolates, and lone surrogates (which cannot
#: even be encoded to UTF-8).
UNSAFE_CHARACTERS = "\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_UNSAFE = re.compile(f"[{UNSAFE_CHARACTERS}]")
_SPACES = frozenset("\t\n\v\f\r")


def _replacement(match: re.Match[str]) -> str:
    char = match.group()
    if char in _SPACES:
        return " "
    return "\ufffd" if "\ud800" <= char <= "\udfff" else ""


def terminal_text(text: str) -> str:
    """``text`` without escape sequences or control characters; line breaks become spaces.

    A lone surrogate becomes U+FFFD (the replacement character).
    """
    return _UNSAFE.sub(_replacement, _SEQUENCE.sub("", text))
