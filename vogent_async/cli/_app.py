"""The ``vogent-async`` command group: global options, the asyncio runner, error lines.

Every command is a plain click command that hands an async function to `run`;
`run` opens one `Client` from the global options, runs the function under
``asyncio.run`` and turns the package's errors into one line on stderr with
exit status 1. Usage errors exit 2, Ctrl-C exits 130.
"""

from __future__ import annotations

import asyncio
import logging
import re
import sys
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import click

import vogent_async
from vogent_async import (
    APIConnectionError,
    APIError,
    AuthenticationError,
    Client,
    InvalidRequestError,
    VogentError,
)
from vogent_async.cli._settings import Settings
from vogent_async.cli._terminal import terminal_text

__all__ = [
    "EXIT_INTERRUPTED",
    "Failure",
    "Settings",
    "check_settings",
    "cli",
    "describe",
    "run",
    "text_only",
]

T = TypeVar("T")

EXIT_FAILURE = 1
EXIT_INTERRUPTED = 130


class Failure(click.ClickException):
    """A command failed: one line on stderr, exit status 1.

    The line goes through `terminal_text`, as it may quote the server.
    """

    exit_code = EXIT_FAILURE

    def show(self, file: Any = None) -> None:
        click.echo(f"Error: {terminal_text(self.format_message())}", err=True)


def text_only(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """Refuse an argument (or each of a repeated option) that holds bytes that are not UTF-8.

    Python hands such bytes over as lone surrogates (``$'\\xff'`` becomes
    ``'\\udcff'``), which no request can encode. A click callback, so a usage error.
    """
    for item in value if isinstance(value, tuple) else (value,):
        if isinstance(item, str) and _LONE_SURROGATE.search(item):
            raise click.BadParameter(f"{item!r} holds bytes that are not UTF-8 text")
    return value


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


class _Redact(logging.Filter):
    """Replaces the API key in a log record's final message (a last line of defence).

    The message is also made terminal-safe: a log line may quote the server.
    """

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self._settings = settings

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = terminal_text(self._settings.redact(message))
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


@contextmanager
def _request_logging(settings: Settings) -> Iterator[None]:
    """With ``-v``, log each request and retry of the client to stderr."""
    if not settings.verbose:
        yield
        return
    logger = logging.getLogger("vogent_async")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)-5s %(message)s"))
    handler.addFilter(_Redact(settings))
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def describe(error: VogentError, settings: Settings, action: str | None = None) -> str:
    """The one line shown for an error the client raised.

    Args:
        error: The error.
        settings: The global options (for hints and redaction).
        action: What the command was doing, in the user's terms (``"resuming job
            x"``); it replaces the request's method and path, which name the API's
            route rather than the command.
    """
    if isinstance(error, InvalidRequestError):
        text = "; ".join(error.problems) + " (nothing was sent)"
    else:
        text = str(error)
    if action is not None and isinstance(error, APIError):
        route = f"{error.method} {error.path}"
        text = text.replace(route, action) if route in text else f"{action}: {text}"
    if isinstance(error, AuthenticationError):
        text += " (check --api-key or VOGENT_API_KEY)"
    elif isinstance(error, APIConnectionError):
        text += f" (is --base-url right? it is {settings.base_url or 'the default'})"
    return settings.redact(" ".join(text.split()))


def check_settings(settings: Settings) -> None:
    """Refuse a missing or malformed key or base URL, in the options' terms.

    Raises:
        Failure: What is wrong, naming the option and its environment variable.
    """
    problem = settings.problem()
    if problem is not None:
        raise Failure(problem)


def run(
    settings: Settings, work: Callable[[Client], Awaitable[T]], *, action: str | None = None
) -> T:
    """Run ``work`` with a client made from the global options, under ``asyncio.run``.

    Args:
        settings: The global options.
        work: What to do with the client.
        action: What the command does, for error lines (see `describe`).

    Raises:
        Failure: The options are unusable, or the client raised one of the
            package's errors.
    """
    check_settings(settings)

    async def main() -> T:
        async with _client(settings) as client:
            return await work(client)

    with _request_logging(settings):
        try:
            return asyncio.run(main())
        except VogentError as error:
            raise Failure(describe(error, settings, action)) from None


def _client(settings: Settings) -> Client:
    """A client from the options; a setting the client refuses is a `Failure`, not a traceback."""
    try:
        return Client(
            settings.api_key,
            base_url=settings.base_url,
            timeout=settings.timeout,
            max_retries=settings.max_retries,
        )
    except VogentError:
        raise  # described with the others
    except (ValueError, TypeError) as error:  # not a VogentError: the client's own door checks
        raise Failure(settings.redact(str(error))) from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--api-key",
    envvar="VOGENT_API_KEY",
    show_envvar=True,
    metavar="KEY",
    help="The API key (never printed).",
)
@click.option(
    "--base-url",
    envvar="VOGENT_BASE_URL",
    show_envvar=True,
    metavar="URL",
    help="The API root [default: https://api.vogent.ai/api].",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=60.0,
    show_default=True,
    help="Seconds one request attempt may take.",
)
@click.option(
    "--max-retries",
    type=click.IntRange(min=0),
    default=2,
    show_default=True,
    help="Retries of a failed request, where retrying is safe.",
)
@click.option("-v", "--verbose", count=True, help="Log every request and retry to stderr.")
@click.version_option(vogent_async.__version__, "--version", prog_name="vogent-async")
@click.pass_context
def cli(
    ctx: click.Context,
    api_key: str | None,
    base_url: str | None,
    timeout: float,
    max_retries: int,
    verbose: int,
) -> None:
    """Work with a Vogent workspace from the terminal.

    Set up agents and voices, buy and link numbers, call one number or run
    batch dial jobs and their dials, list models, say text (tts), check and
    receive webhooks, serve a local fake API (fake), or run the demo.

    Exit status: 0 success, 1 failure, 2 bad usage, 130 interrupted.
    """
    ctx.obj = Settings(api_key, base_url, timeout, max_retries, verbose)
