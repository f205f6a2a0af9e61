"""Opaque, signed page cursors for the fake server.

A cursor names the last item a page returned (its sort key), bound to the
listing it came from (route, job and filters), masked and signed with a key
made per server. A client cannot read, guess or forge one, and a cursor from
another listing or another server is refused. Because it names an item rather
than an offset, items created while someone walks a listing never shift pages.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import struct

__all__ = ["CursorCodec", "InvalidCursor"]

_KEY = struct.Struct(">qQ")  # (created-at in ms, or 0; sequence number)
_SCOPE_BYTES = 8
_TAG_BYTES = 12
_SIZE = _SCOPE_BYTES + _KEY.size + _TAG_BYTES


class InvalidCursor(ValueError):
    """The cursor was not made by this server for this listing."""


class CursorCodec:
    """Encodes and checks cursors with a secret made once per server.

    Args:
        secret: The signing key; random when not given.
    """

    def __init__(self, secret: bytes | None = None) -> None:
        self._secret = secret or os.urandom(32)

    def encode(self, scope: str, key: tuple[int, int]) -> str:
        """Return the cursor that resumes ``scope`` right after the item with ``key``."""
        digest = _digest(scope)
        plain = _KEY.pack(*key)
        token = digest + self._mask(digest, plain) + self._tag(digest, plain)
        return base64.urlsafe_b64encode(token).rstrip(b"=").decode("ascii")

    def decode(self, scope: str, cursor: str) -> tuple[int, int]:
        """Return the sort key a cursor of ``scope`` names.

        Raises:
            InvalidCursor: The cursor is malformed, forged, or from another listing.
        """
        try:
            raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        except (binascii.Error, ValueError):
            raise InvalidCursor("cursor is not one this server issued") from None
        if len(raw) != _SIZE:
            raise InvalidCursor("cursor is not one this server issued")
        digest, masked, tag = raw[:_SCOPE_BYTES], raw[_SCOPE_BYTES:-_TAG_BYTES], raw[-_TAG_BYTES:]
        plain = self._mask(digest, masked)
        if not hmac.compare_digest(tag, self._tag(digest, plain)):
            raise InvalidCursor("cursor is not one this server issued")
        if digest != _digest(scope):
            raise InvalidCursor("cursor belongs to another listing (other path or filters)")
        created, seq = _KEY.unpack(plain)
        return created, seq

    def _mask(self, digest: bytes, data: bytes) -> bytes:
        pad = hmac.new(self._secret, b"mask" + digest, hashlib.sha256).digest()
        return bytes(a ^ b for a, b in zip(data, pad, strict=False))

    def _tag(self, digest: bytes, plain: bytes) -> bytes:
        return hmac.new(self._secret, digest + plain, hashlib.sha256).digest()[:_TAG_BYTES]


def _digest(scope: str) -> bytes:
    return hashlib.sha256(scope.encode("utf-8")).digest()[:_SCOPE_BYTES]
