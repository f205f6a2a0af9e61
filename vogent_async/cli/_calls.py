"""``vogent-async call``, ``numbers list|search|get`` and ``dials get|hangup``: single calls.

The dial token a call returns is a credential; no command prints it.
"""

from __future__ import annotations

import json

import click
from rich.table import Table
from rich.text import Text

from vogent_async import AvailableNumber, Client, Dial, PhoneNumber
from vogent_async.cli._app import Failure, Settings, run, text_only
from vogent_async.cli._output import out_console, plural, print_wide, write_json_line
from vogent_async.cli._terminal import terminal_text
from vogent_async.errors import InvalidRequestError
from vogent_async.models._rules import E164

__all__ = ["call", "dial_get", "dial_hangup", "numbers", "numbers_table"]

JSON = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
DIAL_ID = click.argument("dial_id", metavar="DIAL_ID", callback=text_only)


@click.command()
@click.argument("to_number", metavar="NUMBER", callback=text_only)
@click.option("--agent", required=True, callback=text_only, metavar="ID", help="The agent.")
@click.option(
    "--from",
    "from_number_id",
    callback=text_only,
    metavar="ID",
    help="Caller number id; default: the workspace's first phone number.",
)
@click.option(
    "--input",
    "inputs",
    multiple=True,
    callback=text_only,
    metavar="NAME=VALUE",
    help="A prompt variable; repeat for more.",
)
@click.option("--wait", is_flag=True, help="Wait for the call to end and print its transcript.")
@click.option("--poll", type=click.FloatRange(min=0, min_open=True), default=2.0, show_default=True)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=3600.0,
    show_default=True,
    help="Seconds --wait waits at most.",
)
@JSON
@click.pass_obj
def call(
    settings: Settings,
    to_number: str,
    agent: str,
    from_number_id: str | None,
    inputs: tuple[str, ...],
    wait: bool,
    poll: float,
    timeout: float,
    as_json: bool,
) -> None:
    """Call NUMBER with an agent; --wait for the transcript.

    NUMBER is in E.164 form: +, the country code, then the number (+15551234567).
    """
    variables = _variables(inputs)

    async def work(client: Client) -> Dial | str:
        _check_number(to_number)  # before the pool: a bad number is the mistake to name
        caller = from_number_id or await _first_number(client)
        session = await client.dials.create(
            call_agent_id=agent,
            to_number=to_number,
            from_number_id=caller,
            call_agent_input=variables or None,
        )
        if not wait:
            return session.dial_id
        click.echo(f"Dialling {session.dial_id} ...", err=True)
        return await client.dials.wait(
            session.dial_id, poll=poll, max_poll=max(poll, 30.0), timeout=timeout
        )

    outcome = run(settings, work, action=f"calling {to_number}")
    if isinstance(outcome, str):
        if as_json:
            click.echo(json.dumps({"dial_id": outcome}))
        else:
            out_console().print(terminal_text(outcome), markup=False)
        return
    show_dial(outcome, as_json)


def _check_number(to_number: str) -> None:
    """Raise `InvalidRequestError` unless ``to_number`` is in E.164 form (nothing is sent)."""
    if not E164.ok(to_number):
        problems: list[str] = []
        E164.explain(to_number, "to_number", problems)
        raise InvalidRequestError(problems)


def _variables(inputs: tuple[str, ...]) -> dict[str, str]:
    found = {}
    for item in inputs:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"{item!r} is not NAME=VALUE", param_hint="--input")
        found[name] = value
    return found


async def _first_number(client: Client) -> str:
    async for number in client.phone_numbers.list(page_size=1, max_items=1):
        return number.id
    raise Failure("the workspace has no phone number to call from; pass --from ID")


@click.command("get")
@DIAL_ID
@JSON
@click.pass_obj
def dial_get(settings: Settings, dial_id: str, as_json: bool) -> None:
    """Show one dial (a single call or a batch job's): status, result and transcript."""
    show_dial(run(settings, lambda client: client.dials.get(dial_id)), as_json)


@click.command("hangup")
@DIAL_ID
@click.pass_obj
def dial_hangup(settings: Settings, dial_id: str) -> None:
    """End a call in progress. Fails (exit 1) when the dial had already ended."""
    done = run(
        settings, lambda client: client.dials.hangup(dial_id), action=f"hanging up {dial_id}"
    )
    if not done:
        raise Failure(f"dial {dial_id} was not hung up: it is not in progress")
    out_console().print(terminal_text(f"{dial_id}  hung up"), markup=False)


@click.group()
def numbers() -> None:
    """The workspace's phone numbers, and numbers for sale."""


@numbers.command("list")
@click.option("--limit", type=click.IntRange(min=1), help="Show at most this many numbers.")
@JSON
@click.pass_obj
def list_numbers(settings: Settings, limit: int | None, as_json: bool) -> None:
    """List the workspace's numbers."""

    async def work(client: Client) -> list[PhoneNumber]:
        return await client.phone_numbers.list(max_items=limit).to_list()

    found = run(settings, work)
    if as_json:
        for number in found:
            write_json_line(number)
    elif found:
        print_wide(out_console(), numbers_table(found))
    else:
        out_console().print("No phone numbers.")


@numbers.command("search")
@click.argument("prefix", metavar="PREFIX", callback=text_only)
@click.option("--country", default="US", show_default=True, callback=text_only)
@click.option("--limit", type=click.IntRange(1, 10), default=5, show_default=True)
@JSON
@click.pass_obj
def search_numbers(
    settings: Settings, prefix: str, country: str, limit: int, as_json: bool
) -> None:
    """Find numbers for sale starting with PREFIX (e.g. an area code, 512)."""

    async def work(client: Client) -> list[AvailableNumber]:
        return await client.phone_numbers.search(prefix, country=country, limit=limit)

    found = run(settings, work, action=f"searching numbers under {prefix}")
    for number in found:
        if as_json:
            write_json_line(number)
        else:
            out_console().print(terminal_text(number.number), markup=False)
    if not found and not as_json:
        click.echo("No numbers found.", err=True)


@numbers.command("get")
@click.argument("number_id", metavar="NUMBER_ID", callback=text_only)
@JSON
@click.pass_obj
def get_number(settings: Settings, number_id: str, as_json: bool) -> None:
    """Show one phone number, with the agent linked to it."""
    number = run(settings, lambda client: client.phone_numbers.get(number_id))
    if as_json:
        write_json_line(number)
    else:
        print_wide(out_console(), numbers_table([number]))


def show_dial(dial: Dial, as_json: bool) -> None:
    """Print a dial as fields and its transcript, or as one JSON line."""
    if as_json:
        write_json_line(dial)
        return
    console = out_console()
    print_wide(console, _dial_detail(dial))
    lines = dial.transcript or ()
    if lines:
        console.print()
    for line in lines:
        start = (line.start_time_ms or 0) // 1000
        said = f"[{start // 60}:{start % 60:02d}] {line.speaker}: {line.text}"
        console.print(Text(terminal_text(said)), soft_wrap=True)


def _dial_detail(dial: Dial) -> Table:
    seconds = dial.duration_seconds
    table = Table(box=None, show_header=False, pad_edge=False)
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    rows = {
        "id": dial.id,
        "status": dial.status or "-",
        "result": str(dial.system_result_type or "-"),
        "to": dial.to_number or "-",
        "from number": dial.from_number_id or "-",
        "duration": "-" if seconds is None else plural(seconds, "second"),
        "transcript": plural(len(dial.transcript or ()), "line"),
    }
    for label, value in rows.items():
        table.add_row(label, Text(terminal_text(value)))
    return table


def numbers_table(found: list[PhoneNumber]) -> Table:
    table = Table(box=None, header_style="bold", pad_edge=False)
    for header in ("ID", "NUMBER", "TYPE", "AGENT"):
        table.add_column(header, no_wrap=True)
    for number in found:
        cells = (number.id, number.number, str(number.type), number.agent_id or "-")
        table.add_row(*(Text(terminal_text(cell)) for cell in cells))
    return table
