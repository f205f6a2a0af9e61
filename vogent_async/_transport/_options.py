"""Per-call options, declared once, and the door checks for them and for `Client`'s numbers.

Every API method accepts ``**options: Unpack[RequestOptions]`` and hands them to the
transport unchanged; `check_options` rejects a bad value before anything is sent.
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Mapping
from typing import Any, Literal, TypedDict, overload

import attrs

if sys.version_info >= (3, 11):  # pragma: no cover - one branch per interpreter
    from typing import Unpack
else:  # pragma: no cover
    from typing_extensions import Unpack

__all__ = ["CallConfig", "RequestOptions", "Unpack", "check_options"]

# RFC 9110 token characters: what a header name may be made of.
_HEADER_NAME = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_FORBIDDEN_IN_VALUE = ("\r", "\n", "\0")


class RequestOptions(TypedDict, total=False):
    """Per-call overrides that every API method accepts as keyword arguments.

    Leave one out (or pass ``None``) to use the client's setting.

    Attributes:
        timeout: Seconds one attempt may take: waiting for a request slot, connecting,
            sending and reading the whole body. A number above 0.
        max_retries: Retries after a failed attempt, where retrying is safe (see the
            errors guide); a non-negative int.
        total_timeout: Seconds the whole call may take, every attempt, backoff and
            ``Retry-After`` wait included. A number above 0.
        extra_headers: Headers added to this call's request (after the client's
            ``default_headers``). Names are HTTP tokens, values have no CR, LF or NUL,
            and ``Authorization`` cannot be set this way.
    """

    timeout: float | None
    max_retries: int | None
    total_timeout: float | None
    extra_headers: Mapping[str, str] | None


@attrs.frozen
class CallConfig:
    """The per-call settings in force for a client, or for one of its `with_options` views.

    Attributes:
        timeout: Seconds one attempt may take (``math.inf``: no limit).
        max_retries: Retries after a failed attempt, where retrying is safe.
        total_timeout: Seconds the whole call may take; ``None`` for no bound.
        extra_headers: Headers added to every request made with this configuration.
    """

    timeout: float
    max_retries: int
    total_timeout: float | None = None
    extra_headers: Mapping[str, str] = attrs.field(factory=dict)

    def merged(self, options: RequestOptions) -> CallConfig:
        """These settings with checked ``options`` laid over them (``None``: keep)."""
        if not options:  # most calls: these settings, as they are (frozen, so shareable)
            return self
        timeout = options.get("timeout")
        max_retries = options.get("max_retries")
        total_timeout = options.get("total_timeout")
        headers = options.get("extra_headers")
        return CallConfig(
            timeout=self.timeout if timeout is None else timeout,
            max_retries=self.max_retries if max_retries is None else max_retries,
            total_timeout=self.total_timeout if total_timeout is None else total_timeout,
            extra_headers={**self.extra_headers, **headers} if headers else self.extra_headers,
        )


def check_options(options: Mapping[str, Any]) -> RequestOptions:
    """Check per-call options at the door and return them as `RequestOptions`.

    Args:
        options: The keyword arguments a method received for its request.

    Returns:
        The same options, every value checked.

    Raises:
        TypeError: An unknown option, or a value of the wrong type.
        ValueError: A value out of range, or a header that cannot be sent.
    """
    if not options:  # most calls give none
        return {}
    unknown = sorted(set(options) - set(RequestOptions.__annotations__))
    if unknown:
        raise TypeError(
            f"unexpected request option(s) {', '.join(map(repr, unknown))}; accepted: "
            "timeout, max_retries, total_timeout, extra_headers"
        )
    checked: RequestOptions = {}
    if "timeout" in options:
        checked["timeout"] = check_seconds("timeout", options["timeout"], allow_none=True)
    if "total_timeout" in options:
        checked["total_timeout"] = check_seconds(
            "total_timeout", options["total_timeout"], allow_none=True
        )
    if "max_retries" in options:
        value = options["max_retries"]
        checked["max_retries"] = None if value is None else check_count("max_retries", value)
    if "extra_headers" in options:
        checked["extra_headers"] = check_headers("extra_headers", options["extra_headers"])
    return checked


@overload
def check_seconds(name: str, value: object, *, allow_none: Literal[False]) -> float: ...
@overload
def check_seconds(name: str, value: object, *, allow_none: bool) -> float | None: ...
def check_seconds(name: str, value: object, *, allow_none: bool) -> float | None:
    """Return ``value`` as seconds: a finite or infinite number above 0 (never a bool)."""
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        extra = " or None" if allow_none else ""
        raise TypeError(
            f"{name} must be a number of seconds above 0{extra}, got {type(value).__name__} "
            f"{value!r}"
        )
    if math.isnan(value) or value <= 0:
        raise ValueError(f"{name} must be a number of seconds above 0, got {value!r}")
    return float(value)


def check_count(name: str, value: object, *, minimum: int = 0) -> int:
    """Return ``value`` if it is an int (never a bool) of at least ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int >= {minimum}, got {type(value).__name__} {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be an int >= {minimum}, got {value!r}")
    return value


def check_headers(name: str, value: object) -> dict[str, str] | None:
    """Return headers that can be sent as given: str names that are tokens, str values
    without CR, LF or NUL, and no ``Authorization`` (the client sends the key itself)."""
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise TypeError(
            f"{name} must be a mapping of header names to str values, got {type(value).__name__}"
        )
    headers: dict[str, str] = {}
    for key, item in value.items():
        if not isinstance(key, str) or not _HEADER_NAME.fullmatch(key):
            raise ValueError(
                f"{name}: header name {key!r} is not a valid HTTP header name "
                "(letters, digits and !#$%&'*+-.^_`|~ only)"
            )
        if key.lower() == "authorization":
            raise ValueError(
                f"{name} cannot set Authorization: the client sends the API key itself"
            )
        if not isinstance(item, str):
            raise TypeError(f"{name}[{key!r}] must be a str, got {type(item).__name__}")
        if any(c in item for c in _FORBIDDEN_IN_VALUE):
            raise ValueError(f"{name}[{key!r}] must not contain CR, LF or NUL characters")
        headers[key] = item
    return headers
