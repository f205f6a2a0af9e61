"""The ``X-Elto-Signature`` header: the hex HMAC-SHA256 of the raw body under the secret.

The secret is never part of a message, a repr or a log line: errors say what
is wrong with the signature, never what was expected.
"""

from __future__ import annotations

import hashlib
import hmac
import string
from typing import Protocol

from vogent_async.errors import WebhookSignatureError

__all__ = [
    "SIGNATURE_HEADER",
    "check_signature",
    "checked_key",
    "sign",
    "verify_signature",
]

SIGNATURE_HEADER = "X-Elto-Signature"
"""The request header that carries a webhook's signature."""

_HEX = frozenset(string.hexdigits)
_DIGEST_HEX_LEN = 2 * hashlib.sha256().digest_size


class _Mac(Protocol):
    """A keyed MAC: `hmac.HMAC`, or OpenSSL's own object inside it."""

    def copy(self) -> _Mac: ...
    def update(self, msg: bytes, /) -> None: ...
    def hexdigest(self) -> str: ...


def _check(body: object, secret: object) -> str:
    if not isinstance(body, bytes):
        raise TypeError(f"body must be the raw request bytes, got {type(body).__name__}")
    if not isinstance(secret, str):
        raise TypeError(f"secret must be a str, got {type(secret).__name__}")
    if not secret:
        raise ValueError("secret must be the non-empty webhook signing secret")
    return secret


def sign(body: bytes, secret: str) -> str:
    """The signature Vogent sends for ``body``: lowercase hex HMAC-SHA256 under ``secret``.

    Args:
        body: The exact bytes of the request body.
        secret: The workspace's webhook signing secret.

    Raises:
        TypeError: ``body`` is not bytes or ``secret`` not a str.
        ValueError: ``secret`` is empty.
    """
    _check(body, secret)
    return hmac.digest(secret.encode(), body, "sha256").hex()  # one call into OpenSSL


def verify_signature(body: bytes, signature: str | None, secret: str) -> None:
    """Check that ``signature`` was made from ``body`` with ``secret``, in constant time.

    Args:
        body: The exact bytes of the request body, before any parsing.
        signature: The ``X-Elto-Signature`` header's value, ``None`` when absent.
        secret: The workspace's webhook signing secret.

    Raises:
        WebhookSignatureError: The signature is missing, is not 64 hex digits, or
            does not match (wrong secret, or a changed body).
        TypeError: ``body`` is not bytes, ``signature`` not a str or ``None``.
        ValueError: ``secret`` is empty.
    """
    check_signature(body, signature, checked_key(body, signature, secret))


class HmacKey:
    """HMAC-SHA256 keyed with a secret once; each body's MAC starts from a copy of it.

    A receiver makes one, so that a request pays neither for the key's set-up nor
    for looking the digest up by name. Its repr shows nothing of the secret.
    """

    __slots__ = ("_keyed",)

    def __init__(self, secret: str) -> None:
        keyed = hmac.new(secret.encode(), digestmod=hashlib.sha256)
        # `hmac.HMAC` wraps OpenSSL's own HMAC object (its ``_hmac``) when Python has
        # one: copying that directly spares four Python calls a body (copy, update,
        # hexdigest, _current), measured as a fifth of the MAC's cost in a receiver.
        self._keyed: _Mac = getattr(keyed, "_hmac", None) or keyed

    def __repr__(self) -> str:
        return "<HmacKey>"

    def hexdigest(self, body: bytes) -> str:
        """The lowercase hex HMAC-SHA256 of ``body``."""
        mac = self._keyed.copy()
        mac.update(body)
        return mac.hexdigest()


def checked_key(body: object, signature: object, secret: object) -> HmacKey:
    """The HMAC key of ``secret``, once the types of all three are checked (or `TypeError`)."""
    key = HmacKey(_check(body, secret))
    if signature is not None and not isinstance(signature, str):
        raise TypeError(f"signature must be a str or None, got {type(signature).__name__}")
    return key


def check_signature(body: bytes, signature: str | None, key: HmacKey) -> None:
    """`verify_signature` for arguments of the right types; ``key`` is the secret's `HmacKey`.

    A receiver keys its secret once and its arguments are the request's own.
    """
    if not signature:
        raise WebhookSignatureError(f"the request has no {SIGNATURE_HEADER} header")
    given = signature.strip().lower()
    if given.isascii() and hmac.compare_digest(key.hexdigest(body), given):
        return  # a match is 64 hex digits: the form is checked only to say what is wrong
    if len(given) != _DIGEST_HEX_LEN or not _HEX.issuperset(given):
        raise WebhookSignatureError(
            f"{SIGNATURE_HEADER} is not a hex HMAC-SHA256 ({_DIGEST_HEX_LEN} hex digits)"
        )
    raise WebhookSignatureError(
        f"{SIGNATURE_HEADER} does not match the body: another signing secret, "
        "or the body was changed"
    )
