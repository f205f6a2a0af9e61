"""The webhook side of `FakeVogent`: what Vogent sends when a dial finishes, and where.

When a dial finishes on the fake's clock, the fake sends what Vogent sends for
it, in this order: ``dial.created``, ``dial.updated`` to ``ringing`` (and to
``in-progress`` when answered), a function-call body for each function the
agent called, ``dial.updated`` with the final status, then, for an answered
call, ``dial.recording_created``, ``dial.transcript`` and ``dial.extractor``.
(``dial.created`` comes when the dial finishes, because the fake draws a dial's
id then.) Each body is signed with the webhook secret in ``X-Elto-Signature``
and delivered as `vogent_async.testing._webhook_sender` describes.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Any

from vogent_async.testing._events import FakeEvent, Observer
from vogent_async.testing._webhook_sender import WebhookDelivery, WebhookSender
from vogent_async.webhooks import WebhookEvent

__all__ = ["DEFAULT_WEBHOOK_SECRET", "FakeWebhooks", "dial_webhooks"]

DEFAULT_WEBHOOK_SECRET = "test-webhook-secret"

_Body = tuple[str | None, dict[str, Any]]  # (event name, JSON body)


def dial_webhooks(dial: dict[str, Any]) -> list[_Body]:
    """The webhook bodies Vogent sends for a finished dial (its REST body), in order."""
    dial_id = dial["id"]
    session = str(uuid.uuid5(uuid.NAMESPACE_URL, f"vogent-fake:dial-session:{dial_id}"))
    ids = {"dial_session_id": session, "dial_id": dial_id}
    out: list[_Body] = [("dial.created", ids), ("dial.updated", {**ids, "status": "ringing"})]
    if dial.get("transcript"):  # answered
        out.append(("dial.updated", {**ids, "status": "in-progress"}))
    for item in dial.get("transcript") or ():
        for call in item.get("functionCalls") or ():
            out.append((None, {"dial_id": dial_id, "params": _params(call), "dial": dial}))
    out.append(("dial.updated", {**ids, "status": dial.get("status")}))
    for recording in dial.get("recordings") or ():
        out.append(
            ("dial.recording_created", {"dial_id": dial_id, "recording_url": recording["url"]})
        )
    if dial.get("transcript"):
        out.append(("dial.transcript", {"dial_id": dial_id, "transcript": dial["transcript"]}))
    if dial.get("aiResult") is not None:
        out.append(("dial.extractor", {"dial_id": dial_id, "ai_result": dial["aiResult"]}))
    return [
        (name, payload if name is None else {"event": name, "payload": payload})
        for name, payload in out
    ]


def _params(call: dict[str, Any]) -> Any:
    try:
        params = json.loads(call.get("args") or "{}")
    except ValueError:
        return {"args": call.get("args")}
    return params if isinstance(params, dict) else {"args": params}


class FakeWebhooks:
    """Methods of `FakeVogent` for webhook delivery (its sender is in ``_webhooks``)."""

    _webhooks: WebhookSender | None

    def _start_webhooks(
        self,
        url: str | None,
        secret: str | None,
        allow_remote: bool,
        subscribe: Callable[[Observer], Callable[[], None]],
    ) -> None:
        if url is None:
            if secret is not None:
                raise ValueError("webhook_secret needs a webhook_url to deliver to")
            self._webhooks = None
            return
        secret = DEFAULT_WEBHOOK_SECRET if secret is None else secret
        sender = WebhookSender(url, secret, allow_remote=allow_remote)
        self._webhooks = sender

        def on_change(change: FakeEvent) -> None:
            if change.kind == "dial.finished":
                sender.queue(dial_webhooks(change.body))

        subscribe(on_change)

    async def _close_webhooks(self) -> None:
        if self._webhooks is not None:
            await self._webhooks.close()

    @property
    def webhook_deliveries(self) -> list[WebhookDelivery]:
        """Every delivery attempt of a webhook, in order (empty without ``webhook_url``).

        Call `wait_for_webhooks` first to see the deliveries of what just happened.
        """
        return [] if self._webhooks is None else self._webhooks.deliveries

    async def wait_for_webhooks(self) -> None:
        """Return once every webhook queued so far was delivered or given up.

        Dials finish inside `advance` and `finish_dials`, which queue their
        webhooks; delivery runs on the event loop, so await this before you
        look at what your receiver got.
        """
        if self._webhooks is not None:
            await self._webhooks.drain()

    async def send_webhook(self, event: WebhookEvent) -> WebhookDelivery:
        """Deliver any event (a `DialInbound`, say) after those queued; return its last attempt.

        Args:
            event: What to send, signed like the others.

        Raises:
            RuntimeError: The fake was made without ``webhook_url``.
        """
        if self._webhooks is None:
            raise RuntimeError("this FakeVogent has no webhook_url to deliver to")
        return await self._webhooks.send(event)
