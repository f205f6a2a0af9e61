"""``vogent-async numbers buy|link``, ``dials list`` and ``models list``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

import click
from rich.table import Table
from rich.text import Text

from vogent_async import Client, Dial, Model, PhoneNumber
from vogent_async.cli._app import Settings, run, text_only
from vogent_async.cli._calls import numbers, numbers_table
from vogent_async.cli._dials import dials
from vogent_async.cli._output import out_console, plural, print_wide, write_json_line
from vogent_async.cli._terminal import terminal_text

__all__ = ["models"]

JSON = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
T = TypeVar("T")

LIMIT = click.option("--limit", type=click.IntRange(min=1), help="Show at most this many.")


@numbers.command("buy")
@click.argument("number", metavar="NUMBER", callback=text_only)
@JSON
@click.pass_obj
def buy_number(settings: Settings, number: str, as_json: bool) -> None:
    """Buy NUMBER, as `numbers search` printed it (this costs money; sent once)."""

    async def work(client: Client) -> PhoneNumber:
        return await client.phone_numbers.create_purchase(number=number)

    _show_number(run(settings, work, action=f"buying {number}"), as_json)


@numbers.command("link")
@click.argument("number_id", metavar="NUMBER_ID", callback=text_only)
@click.option("--agent", callback=text_only, metavar="ID", help="The agent inbound calls go to.")
@click.option("--unlink", is_flag=True, help="Link the number to no agent.")
@JSON
@click.pass_obj
def link_number(
    settings: Settings, number_id: str, agent: str | None, unlink: bool, as_json: bool
) -> None:
    """Link NUMBER_ID to the agent --agent (inbound calls go to it), or --unlink it."""
    if (agent is None) == (not unlink):
        raise click.UsageError("pass either --agent ID or --unlink")

    async def work(client: Client) -> PhoneNumber:
        return await client.phone_numbers.update(number_id, agent_id=agent)

    _show_number(run(settings, work, action=f"linking {number_id}"), as_json)


def _show_number(number: PhoneNumber, as_json: bool) -> None:
    if as_json:
        write_json_line(number)
    else:
        print_wide(out_console(), numbers_table([number]))


@dials.command("list")
@click.argument("job_id", metavar="JOB_ID", callback=text_only)
@LIMIT
@JSON
@click.pass_obj
def list_dials(settings: Settings, job_id: str, limit: int | None, as_json: bool) -> None:
    """List the dials of the batch job JOB_ID (dials export writes them all to a file)."""

    async def work(client: Client) -> list[Dial]:
        return await client.batch_dial_jobs.list_dials(job_id, max_items=limit).to_list()

    found = run(settings, work, action=f"listing the dials of job {job_id}")
    _show_all(found, as_json, _dials_table, none=f"Job {job_id} has no dials yet.")


def _dials_table(found: list[Dial]) -> Table:
    table = _table("ID", "STATUS", "RESULT", "TO", "DURATION")
    for dial in found:
        seconds = dial.duration_seconds
        cells = (
            dial.id,
            dial.status or "-",
            str(dial.system_result_type or "-"),
            dial.to_number or "-",
            "-" if seconds is None else plural(seconds, "second"),
        )
        table.add_row(*(Text(terminal_text(cell)) for cell in cells))
    return table


@click.group()
def models() -> None:
    """The language models an agent can use (its aiModelId)."""


@models.command("list")
@LIMIT
@JSON
@click.pass_obj
def list_models(settings: Settings, limit: int | None, as_json: bool) -> None:
    """List the models, with the options each takes."""

    async def work(client: Client) -> list[Model]:
        return await client.models.list(max_items=limit).to_list()

    _show_all(run(settings, work), as_json, _models_table, none="No models.")


def _models_table(found: list[Model]) -> Table:
    table = _table("ID", "NAME", "OPTIONS")
    for model in found:
        options = ", ".join(option.id for option in model.model_options) or "-"
        table.add_row(*(Text(terminal_text(cell)) for cell in (model.id, model.name, options)))
    return table


def _show_all(
    found: Sequence[T], as_json: bool, table_of: Callable[[list[T]], Table], *, none: str
) -> None:
    """One JSON line per item, or a table of them, or the sentence ``none`` for no items."""
    if as_json:
        for item in found:
            write_json_line(item)
    elif found:
        print_wide(out_console(), table_of(list(found)))
    else:
        out_console().print(terminal_text(none), markup=False)


def _table(*headers: str) -> Table:
    table = Table(box=None, header_style="bold", pad_edge=False)
    for header in headers:
        table.add_column(header, no_wrap=True)
    return table
