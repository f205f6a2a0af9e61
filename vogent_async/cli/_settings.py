"""The global options, checked before a client is made, and the key's redaction.

The command line checks ``--api-key`` and ``--base-url`` itself, so a mistake
is reported in the terms the user typed (the option and the environment
variable), not in the library's (``Client(api_key=...)``).
"""

from __future__ import annotations

import attrs
from yarl import URL

__all__ = ["MIN_REDACTED_KEY", "Settings"]

#: Keys shorter than this are not redacted from messages: no real key is that
#: short, and replacing every ``e`` of a message for ``--api-key e`` would mangle it.
MIN_REDACTED_KEY = 8


@attrs.frozen
class Settings:
    """The global options, shared by every command."""

    api_key: str | None = attrs.field(repr=False)
    base_url: str | None
    timeout: float
    max_retries: int
    verbose: int

    def redact(self, text: str) -> str:
        """``text`` with each whole occurrence of the API key replaced by ``***``.

        Keys shorter than `MIN_REDACTED_KEY` are left alone.
        """
        key = self.api_key
        if not key or len(key) < MIN_REDACTED_KEY:
            return text
        return text.replace(key, "***")

    def problem(self) -> str | None:
        """What makes the key or base URL unusable, in the options' terms; ``None``: fine."""
        key = self.api_key
        if not key:
            return "no API key: pass --api-key KEY or set the VOGENT_API_KEY environment variable"
        if "\r" in key or "\n" in key:
            return (
                "the API key (--api-key or VOGENT_API_KEY) contains a line break; "
                "a .env file saved on Windows ends each line with one: remove it"
            )
        if not key.isascii() or not key.isprintable() or key != key.strip():
            return (
                "the API key (--api-key or VOGENT_API_KEY) contains a space, a control "
                "character or a character outside ASCII, which no key has: check it"
            )
        return None if self.base_url is None else _url_problem(self.base_url)


def _url_problem(url: str) -> str | None:
    try:
        parsed = URL(url)
    except (ValueError, TypeError):
        parsed = None
    if parsed is None or parsed.scheme not in ("http", "https") or not parsed.host:
        shown = "".join(char if char.isprintable() else "?" for char in url)[:200]
        return (
            f"--base-url (or VOGENT_BASE_URL) {shown!r} is not a URL: give the API root, "
            "such as https://api.vogent.ai/api"
        )
    return None
