"""The API key, held so that no repr, log line or traceback's locals can show it.

The key is read once into a `Secret`; from then on no frame holds it as a plain
string. The ``Authorization`` value handed to aiohttp is a `HiddenStr`: a real
``str`` on the wire whose ``repr`` (what ``capture_locals`` and debuggers print)
hides it.
"""

from __future__ import annotations

import json
import os
from typing import Any
from urllib.parse import quote

from vogent_async.errors import MissingAPIKeyError

_REDACTED = "[redacted]"


class HiddenStr(str):
    """A ``str`` whose ``repr`` hides its value (it is sent, never shown)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"'{_REDACTED}'"


class Secret:
    """The API key: checked once, sent as a header, redacted from anything a server echoes.

    Raises:
        MissingAPIKeyError: No key given and ``VOGENT_API_KEY`` unset or empty.
        TypeError: The key is not a ``str``.
        ValueError: The key holds a control character such as CR, LF or NUL (often a
            stray line end from a file).
    """

    __slots__ = ("_forms", "_value")

    def __init__(self, given: object) -> None:
        if given is None:
            given = os.environ.get("VOGENT_API_KEY")
        if given is None or given == "":
            raise MissingAPIKeyError(
                "no API key: pass Client(api_key=...) or set the VOGENT_API_KEY "
                "environment variable"
            )
        if not isinstance(given, str):
            raise TypeError(f"api_key must be a non-empty str, got {type(given).__name__}")
        self._value = HiddenStr(given)
        del given
        if any(ord(c) < 32 or ord(c) == 127 for c in self._value):
            raise ValueError(
                "api_key contains a control character such as CR, LF or NUL (a line end "
                "copied from a file?); pass the key alone, stripped"
            )
        # The key as a server may echo it: plain, JSON-escaped, percent-encoded.
        forms = {self._value, json.dumps(self._value)[1:-1], quote(self._value, safe="")}
        forms.add(json.dumps(self._value)[1:-1].replace("/", "\\/"))
        self._forms = sorted(forms, key=len, reverse=True)

    def __repr__(self) -> str:
        return f"Secret({_REDACTED!r})"

    def bearer(self) -> HiddenStr:
        """The ``Authorization`` header value, hidden from ``repr``."""
        return HiddenStr(f"Bearer {self._value}")

    def redact(self, text: str) -> str:
        """Replace every form of the key in ``text`` by ``[redacted]``."""
        for form in self._forms:
            text = text.replace(form, _REDACTED)
        return text

    def redact_data(self, data: Any) -> Any:
        """Redact every string (keys and values) of decoded JSON."""
        if isinstance(data, str):
            return self.redact(data)
        if isinstance(data, list):
            return [self.redact_data(item) for item in data]
        if isinstance(data, dict):
            return {self.redact(str(k)): self.redact_data(v) for k, v in data.items()}
        return data


def secret_from_env(name: str) -> str:
    """The secret held by the environment variable ``name``, for a command taking a secret.

    A command takes the name of a variable holding a secret, never the secret itself:
    options end up in shell history and ``ps``.

    Raises:
        ValueError: The variable is unset or empty (the message names it).
    """
    value = os.environ.get(name)
    if not value:
        raise ValueError(f"the environment variable {name} is not set or is empty")
    return value
