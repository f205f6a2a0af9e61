"""The fake's ``serve`` command lines: ``python -m vogent_async.testing serve`` and its options.

`SERVE_OPTIONS` holds each option once: its flag, `serve`'s keyword, how its text is
parsed (a `ValueError` says what is wrong), its help and default. The argparse command
here and the click one (``vogent-async fake serve``, `vogent_async.cli._fake`) are both
built from it, so that they take the same options and refuse the same values.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Callable, Sequence
from typing import Any

import attrs

from vogent_async._transport._secret import secret_from_env
from vogent_async.testing._clock import DEFAULT_SPEED, non_negative
from vogent_async.testing._process import serve
from vogent_async.testing._seeding import SeedError
from vogent_async.testing._server import FakeVogent
from vogent_async.testing._webhook_sender import check_webhook_url

__all__ = ["SERVE_OPTIONS", "ServeOption", "cannot_serve", "main"]


def _integer(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise ValueError(f"must be an integer, got {text}") from None


def _port(text: str) -> int:
    value = _integer(text)
    if not 0 <= value <= 65535:
        raise ValueError(f"must be a port, 0 to 65535, got {text}")
    return value


def _positive(text: str) -> int:
    value = _integer(text)
    if value < 1:
        raise ValueError(f"must be a positive integer, got {text}")
    return value


def _count(text: str) -> int:
    value = _integer(text)
    if value < 0:
        raise ValueError(f"must be 0 or more, got {text}")
    return value


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not value >= 0:
        raise ValueError(f"must be 0 or more seconds, got {text}")
    return value


def _speed(text: str) -> float:
    try:
        return non_negative("speed", float(text))
    except ValueError:
        raise ValueError(f"must be a number, 0 or more, got {text}") from None


def _webhook_url(text: str) -> str:
    return check_webhook_url(text, allow_remote=False)


@attrs.frozen
class ServeOption:
    """One option of the fake's ``serve`` command, for both of its command lines.

    ``python -m vogent_async.testing serve`` (argparse) and ``vogent-async fake
    serve`` (click) are built from `SERVE_OPTIONS`, so they take the same options,
    parsed and refused alike.

    Attributes:
        flag: The option, as typed.
        name: `serve`'s keyword argument it becomes.
        parse: Its text to its value; a `ValueError` says what is wrong.
        help: One line of help.
        metavar: What its value is called in the help.
        default: The value when it is not given (shown in the help unless ``None``).
    """

    flag: str
    name: str
    parse: Callable[[str], Any]
    help: str
    metavar: str
    default: Any = None

    @property
    def described(self) -> str:
        """``help``, and the default when there is one."""
        if self.default is None:
            return self.help
        shown = f"{self.default:g}" if isinstance(self.default, float) else self.default
        return f"{self.help} (default {shown})"


SERVE_OPTIONS = (
    ServeOption("--port", "port", _port, "0 picks a free port", "PORT", 0),
    ServeOption("--host", "host", str, "the address to bind", "HOST", "127.0.0.1"),
    ServeOption("--api-key", "api_key", str, "the only key it accepts", "KEY", "test-key"),
    ServeOption("--seed", "seed", _integer, "seed of the generated data", "SEED", 0),
    ServeOption(
        "--concurrency-limit",
        "max_concurrent_requests",
        _positive,
        "most concurrent requests per API key; one more gets 429 with Retry-After",
        "N",
    ),
    ServeOption("--latency", "latency", _seconds, "seconds each request takes", "SECONDS", 0.0),
    ServeOption("--jobs", "jobs", _count, "batch dial jobs to seed", "N", 0),
    ServeOption(
        "--dials", "dials", _count, "dials per job (rows still queued on INIT ones)", "N", 0
    ),
    ServeOption("--models", "models", _count, "models to seed", "N", 0),
    ServeOption(
        "--speed",
        "speed",
        _speed,
        "fake seconds per real second; 0 freezes the clock",
        "FACTOR",
        DEFAULT_SPEED,
    ),
    ServeOption(
        "--webhook-url", "webhook_url", _webhook_url, "deliver signed webhooks here", "URL"
    ),
    ServeOption(
        "--webhook-secret-env",
        "webhook_secret",
        secret_from_env,
        "the environment variable holding their signing secret (default: the test secret "
        "test-webhook-secret); never the secret itself: options show in ps",
        "NAME",
    ),
    ServeOption(
        "--seed-file",
        "seed_file",
        str,
        "JSON object: group name (agents, phone_numbers, ...) to a list of bodies",
        "FILE",
    ),
)
"""The options of the ``serve`` command, in the order its help lists them."""


def _argparse_type(parse: Callable[[str], Any]) -> Callable[[str], Any]:
    def convert(text: str) -> Any:
        try:
            return parse(text)
        except ValueError as error:
            raise argparse.ArgumentTypeError(str(error)) from None

    return convert


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m vogent_async.testing", description="Run the fake Vogent API."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("serve", help="serve until SIGINT/SIGTERM")
    for option in SERVE_OPTIONS:
        run.add_argument(
            option.flag,
            dest=option.name,
            type=_argparse_type(option.parse),
            default=option.default,
            metavar=option.metavar,
            help=option.described,
        )
    return parser


def _announce(fake: FakeVogent) -> None:
    print(f"FakeVogent serving at {fake.base_url} (stop with Ctrl-C or SIGTERM)", flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    """The ``python -m vogent_async.testing`` command; returns the exit status."""
    parser = _parser()
    args = vars(parser.parse_args(argv))
    options = {option.name: args[option.name] for option in SERVE_OPTIONS}
    try:
        stats = serve(**options, ready=_announce)
    except SeedError as error:
        parser.error(f"--seed-file: {error}")
    except OSError as error:  # the port is taken, the address is not this machine's
        print(f"error: {cannot_serve(options, error)}", file=sys.stderr)
        return 1
    print(json.dumps(stats.to_json()), flush=True)
    return 0


def cannot_serve(options: dict[str, Any], error: OSError) -> str:
    """What to say when the fake cannot listen where ``options`` asked it to."""
    reason = error.strerror or str(error)
    return f"cannot serve on {options['host']} port {options['port']}: {reason}"
