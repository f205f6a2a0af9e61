"""verify_signature and sign: hex HMAC-SHA256 of the raw body, compared in constant time."""

from __future__ import annotations

import hmac

import pytest

from vogent_async import VogentError, WebhookSignatureError
from vogent_async.webhooks import sign, verify_signature
from vogent_async.webhooks._signature import HmacKey

from .conftest import SECRET

BODY = b'{"event":"dial.created","payload":{"dial_id":"d1"}}'


def test_sign_is_hex_hmac_sha256() -> None:
    """The signature is RFC 4231's HMAC-SHA256 test vector in lowercase hex."""
    assert sign(b"what do ya want for nothing?", "Jefe") == (
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    )


def test_a_correct_signature_passes() -> None:
    """The body's own signature verifies, in any letter case and with stray whitespace."""
    signature = sign(BODY, SECRET)
    verify_signature(BODY, signature, SECRET)
    verify_signature(BODY, f" {signature.upper()}\n", SECRET)


@pytest.mark.parametrize(
    ("signature", "words"),
    [
        (None, "no X-Elto-Signature"),
        ("", "no X-Elto-Signature"),
        ("abc123", "not a hex HMAC-SHA256"),
        ("z" * 64, "not a hex HMAC-SHA256"),
        ("sha256=" + "0" * 64, "not a hex HMAC-SHA256"),
        ("\u00e9" * 64, "not a hex HMAC-SHA256"),  # not ASCII: compare_digest would raise
        ("0" * 64, "does not match"),
    ],
)
def test_missing_malformed_or_wrong_signatures_raise(signature: str | None, words: str) -> None:
    """Each bad signature raises WebhookSignatureError, a VogentError, saying what is wrong."""
    with pytest.raises(WebhookSignatureError, match=words) as caught:
        verify_signature(BODY, signature, SECRET)
    assert isinstance(caught.value, VogentError)
    assert SECRET not in str(caught.value) + repr(caught.value)


def test_another_secret_or_a_changed_body_fails() -> None:
    """A signature made with another secret, or over other bytes, does not match."""
    with pytest.raises(WebhookSignatureError, match="does not match"):
        verify_signature(BODY, sign(BODY, "other-secret"), SECRET)
    with pytest.raises(WebhookSignatureError, match="does not match"):
        verify_signature(BODY + b" ", sign(BODY, SECRET), SECRET)


def test_comparison_is_constant_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """The final comparison goes through hmac.compare_digest."""
    calls: list[tuple[str, str]] = []
    real = hmac.compare_digest

    def recording(a: str, b: str) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", recording)
    verify_signature(BODY, sign(BODY, SECRET), SECRET)
    assert len(calls) == 1


@pytest.mark.parametrize(
    ("body", "signature", "secret", "error", "words"),
    [
        ("text", "0" * 64, SECRET, TypeError, "body must be the raw request bytes"),
        (BODY, 123, SECRET, TypeError, "signature must be a str or None"),
        (BODY, "0" * 64, b"secret", TypeError, "secret must be a str"),
        (BODY, "0" * 64, "", ValueError, "secret must be the non-empty"),
    ],
)
def test_arguments_are_checked(
    body: object, signature: object, secret: object, error: type[Exception], words: str
) -> None:
    """Wrong argument types or an empty secret are refused, naming the argument."""
    with pytest.raises(error, match=words):
        verify_signature(body, signature, secret)  # type: ignore[arg-type]


def test_one_key_signs_many_bodies_alike() -> None:
    """A receiver's key gives each body the signature `sign` gives it, in any order."""
    key = HmacKey(SECRET)
    bodies = [BODY, b"", BODY + b" ", b"x" * 100_000, BODY]
    assert [key.hexdigest(b) for b in bodies] == [sign(b, SECRET) for b in bodies]
    assert SECRET not in repr(key)


_NEW = hmac.new


class _PythonHmac:
    """An `hmac.HMAC` as Python builds it without OpenSSL's HMAC: no ``_hmac`` to copy."""

    def __init__(self, key: bytes, digestmod: str) -> None:
        self._mac = _NEW(key, digestmod=digestmod)

    def copy(self) -> _PythonHmac:
        twin = _PythonHmac.__new__(_PythonHmac)
        twin._mac = self._mac.copy()
        return twin

    def update(self, msg: bytes) -> None:
        self._mac.update(msg)

    def hexdigest(self) -> str:
        return self._mac.hexdigest()


def test_a_key_without_openssls_hmac_signs_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where `hmac.HMAC` has no C object inside, the key copies the Python one."""
    monkeypatch.setattr(hmac, "new", lambda key, digestmod: _PythonHmac(key, "sha256"))
    key = HmacKey(SECRET)
    assert isinstance(key._keyed, _PythonHmac)
    assert [key.hexdigest(b) for b in (BODY, b"")] == [sign(b, SECRET) for b in (BODY, b"")]
