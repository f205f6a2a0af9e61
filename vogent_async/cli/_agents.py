"""``vogent-async agents list|get|create|delete`` and ``voices list|clone``.

``agents get`` walks the listing, as ``client.agents.get`` does: the API has no
``GET /agents/{id}``. ``agents create --from FILE`` reads a ``CreateAgentInput``
body, in the API's own camelCase JSON, so an example from Vogent's reference
works as it is.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import attrs
import click
from rich.progress import BarColumn, DownloadColumn, Progress, TransferSpeedColumn
from rich.table import Table
from rich.text import Text

from vogent_async import Agent, AgentInput, Client, DataValidationError, Voice
from vogent_async.cli._app import Settings, run, text_only
from vogent_async.cli._output import err_console, out_console, print_wide, write_json_line
from vogent_async.cli._terminal import terminal_text

__all__ = ["agents", "voices"]

JSON = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
AGENT_ID = click.argument("agent_id", metavar="AGENT_ID", callback=text_only)


@click.group()
def agents() -> None:
    """The workspace's call agents."""


@agents.command("list")
@click.option("--limit", type=click.IntRange(min=1), help="Show at most this many agents.")
@JSON
@click.pass_obj
def list_agents(settings: Settings, limit: int | None, as_json: bool) -> None:
    """List the workspace's agents."""

    async def work(client: Client) -> list[Agent]:
        return await client.agents.list(max_items=limit).to_list()

    _show_agents(run(settings, work), as_json, none="No agents.")


@agents.command("get")
@AGENT_ID
@JSON
@click.pass_obj
def get_agent(settings: Settings, agent_id: str, as_json: bool) -> None:
    """Show one agent (found by walking the listing: the API cannot fetch one by id)."""
    agent = run(settings, lambda client: client.agents.get(agent_id))
    _show_agents([agent], as_json, none="")


@agents.command("create")
@click.option(
    "--from",
    "source",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A JSON file with the new agent, as the API's CreateAgentInput (camelCase).",
)
@JSON
@click.pass_obj
def create_agent(settings: Settings, source: Path, as_json: bool) -> None:
    """Create an agent from a JSON file; print its id."""
    fields = attrs.asdict(_read_agent(source), recurse=False)  # the create's keyword arguments
    agent = run(settings, lambda client: client.agents.create(**fields), action="creating")
    if as_json:
        write_json_line(agent)
    else:
        out_console().print(terminal_text(agent.id), markup=False)


@agents.command("delete")
@AGENT_ID
@click.pass_obj
def delete_agent(settings: Settings, agent_id: str) -> None:
    """Delete an agent, with its prompts and extractors; print what was deleted."""
    agent = run(settings, lambda client: client.agents.delete(agent_id))
    click.echo(f"Deleted agent {terminal_text(agent.id)} ({terminal_text(agent.name)}).")


def _read_agent(source: Path) -> AgentInput:
    try:
        data: Any = json.loads(source.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise click.BadParameter(
            f"{source}: not a JSON file ({exc})", param_hint="--from"
        ) from None
    try:
        return AgentInput.from_dict(data)
    except DataValidationError as exc:
        shown = "; ".join(exc.errors[:5])
        raise click.BadParameter(f"{source}: {shown}", param_hint="--from") from None


def _show_agents(found: list[Agent], as_json: bool, *, none: str) -> None:
    if as_json:
        for agent in found:
            write_json_line(agent)
        return
    if not found:
        out_console().print(none)
        return
    table = Table(box=None, header_style="bold", pad_edge=False)
    for header in ("ID", "NAME", "LANGUAGE", "VOICE", "PROMPT"):
        table.add_column(header, no_wrap=True)
    for agent in found:
        cells = (
            agent.id,
            agent.name,
            agent.language,
            agent.default_voice_id or "-",
            agent.default_versioned_prompt_id or "-",
        )
        table.add_row(*(Text(terminal_text(cell)) for cell in cells))
    print_wide(out_console(), table)


@click.group()
def voices() -> None:
    """The voices agents can speak with."""


@voices.command("list")
@click.option("--name", callback=text_only, help="Only voices with this name.")
@click.option("--type", "voice_type", callback=text_only, help="Only this provider or model.")
@click.option("--limit", type=click.IntRange(min=1), help="Show at most this many voices.")
@JSON
@click.pass_obj
def list_voices(
    settings: Settings, name: str | None, voice_type: str | None, limit: int | None, as_json: bool
) -> None:
    """List the voices available to the workspace."""

    async def work(client: Client) -> list[Voice]:
        pager = client.voices.list(name=name, voice_type=voice_type, max_items=limit)
        return await pager.to_list()

    _show_voices(run(settings, work), as_json)


@voices.command("clone")
@click.argument("name", metavar="NAME", callback=text_only)
@click.argument(
    "clip", metavar="FILE", type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--model", type=click.Choice(["CARTESIA", "CSM"], case_sensitive=False), default="CARTESIA"
)
@click.option("--transcription", callback=text_only, help="What the clip says.")
@JSON
@click.pass_obj
def clone_voice(
    settings: Settings,
    name: str,
    clip: Path,
    model: str,
    transcription: str | None,
    as_json: bool,
) -> None:
    """Clone a voice called NAME from the audio FILE, with a progress bar for the upload."""
    console = err_console()
    bar = Progress(
        "{task.description}",
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,  # no animation in logs and pipes
    )
    task = bar.add_task(f"Uploading {clip.name}", total=clip.stat().st_size)

    def progress(sent: int, total: int | None) -> None:
        bar.update(task, completed=sent, total=total)

    async def work(client: Client) -> Voice:
        with bar:
            return await client.voices.clone(
                name, clip, model=model, transcription=transcription, progress=progress
            )

    voice = run(settings, work, action=f"cloning {clip.name}")
    _show_voices([voice], as_json)


def _show_voices(found: list[Voice], as_json: bool) -> None:
    if as_json:
        for voice in found:
            write_json_line(voice)
        return
    if not found:
        out_console().print("No voices.")
        return
    table = Table(box=None, header_style="bold", pad_edge=False)
    for header in ("ID", "NAME", "TYPE", "TIER", "DESCRIPTION"):
        table.add_column(header, no_wrap=True)
    for voice in found:
        cells = (voice.id, voice.name, voice.voice_type, str(voice.voice_tier), voice.description)
        table.add_row(*(Text(terminal_text(cell)) for cell in cells))
    print_wide(out_console(), table)
