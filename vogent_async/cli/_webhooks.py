"""``vogent-async webhooks``: check a webhook body's signature, or receive and print webhooks.

The signing secret is read from an environment variable named on the command
line, never from an option (options end up in shell history and ``ps``), and
is never printed. Text that came from the sender goes through `terminal_text`,
so a body cannot move the cursor or retitle the terminal.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sys
from collections.abc import Awaitable, Callable
from typing import IO, Any

import click
from aiohttp import web

from vogent_async._transport._secret import secret_from_env
from vogent_async.cli._app import Failure
from vogent_async.cli._terminal import terminal_text
from vogent_async.webhooks import (
    FunctionCall,
    WebhookEvent,
    WebhookPayloadError,
    WebhookSignatureError,
    encode_event,
    parse_event,
)
from vogent_async.webhooks import aiohttp as aiohttp_receiver

__all__ = ["event_line", "serve_webhooks", "webhooks"]

_SECRET_ENV = click.option(
    "--secret-env",
    required=True,
    metavar="NAME",
    help="The environment variable holding the webhook signing secret.",
)


def event_line(event: WebhookEvent) -> str:
    """One printable line for an event: its name, then its payload as JSON."""
    data = json.loads(encode_event(event))
    if event.event is not None:
        name, data = event.event, data["payload"]
    else:
        name = "function-call" if isinstance(event, FunctionCall) else "(unnamed)"
    return terminal_text(f"{name} {json.dumps(data, ensure_ascii=False, separators=(',', ':'))}")


def _secret(name: str) -> str:
    """The secret held by the environment variable ``name``; a usage error when unset or empty."""
    try:
        return secret_from_env(name)
    except ValueError as error:
        raise click.UsageError(str(error)) from None


@click.group()
def webhooks() -> None:
    """Check and receive Vogent webhooks (signed with your webhook signing secret)."""


@webhooks.command()
@_SECRET_ENV
@click.option("--signature", required=True, help="The request's X-Elto-Signature header.")
@click.option(
    "--body",
    "body_file",
    type=click.File("rb"),
    default="-",
    show_default=True,
    help="The raw request body; - reads standard input.",
)
def verify(secret_env: str, signature: str, body_file: IO[bytes]) -> None:
    """Check that a body was signed with the secret, and show the event it holds.

    Exit status 0 when the signature matches and the body decodes, 1 otherwise.
    """
    secret = _secret(secret_env)
    body = body_file.read()
    try:
        event = parse_event(body, signature, secret)
    except WebhookSignatureError as error:
        raise Failure(str(error)) from None
    except WebhookPayloadError as error:
        raise Failure(terminal_text("the signature matches, but " + str(error))) from None
    click.echo(f"signature OK: {event_line(event)}")


@webhooks.command()
@_SECRET_ENV
@click.option("--port", type=click.IntRange(0, 65535), required=True, help="0 picks a free one.")
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on.")
def serve(secret_env: str, port: int, host: str) -> None:
    """Receive webhooks on http://HOST:PORT (any path) and print each event as it arrives.

    Bad signatures get 401 and bad bodies 400, reported on stderr. Ctrl-C stops.
    """
    secret = _secret(secret_env)
    asyncio.run(serve_webhooks(secret, host=host, port=port, out=sys.stdout, err=sys.stderr))


async def serve_webhooks(
    secret: str,
    *,
    host: str,
    port: int,
    out: IO[str],
    err: IO[str],
    stop: asyncio.Event | None = None,
) -> None:
    """Serve until ``stop`` is set (forever without one), printing events to ``out``."""

    async def on_event(event: WebhookEvent) -> None:
        print(event_line(event), file=out, flush=True)

    @web.middleware
    async def report_rejections(
        request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        response = await handler(request)
        if response.status >= 400:
            text = (response.text or "") if isinstance(response, web.Response) else ""
            print(terminal_text(f"rejected with {response.status}: {text}"), file=err, flush=True)
        return response

    app = web.Application(middlewares=[report_rejections])
    app.router.add_post("/{path:.*}", aiohttp_receiver.handler(secret, on_event))
    runner = web.AppRunner(app, handle_signals=False, access_log=None)
    # The middleware reports each rejection; without a handler of its own, the
    # receiver's log warning would reach stderr too (logging's last resort).
    quiet = logging.NullHandler()
    receiver_log = logging.getLogger("vogent_async.webhooks")
    receiver_log.addHandler(quiet)
    await runner.setup()
    try:
        site = web.TCPSite(runner, host, port)
        await site.start()
        bound: Any = runner.addresses[0]
        print(f"listening on http://{host}:{bound[1]}/ (Ctrl-C stops)", file=out, flush=True)
        await (stop or asyncio.Event()).wait()
    finally:
        await runner.cleanup()
        receiver_log.removeHandler(quiet)
