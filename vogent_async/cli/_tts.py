"""``vogent-async tts say``: speech to a file, with a progress line on stderr."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console
from rich.progress import DownloadColumn, Progress, SpinnerColumn, TransferSpeedColumn

from vogent_async import SAMPLE_RATES, AudioFormat, AudioOutputType, Client
from vogent_async.cli._app import Settings, run, text_only
from vogent_async.cli._output import out_console
from vogent_async.cli._terminal import terminal_text

__all__ = ["tts"]

_BY_SUFFIX = {".mp3": "MP3", ".wav": "WAV_PCM16", ".pcm": "RAW_PCM16", ".raw": "RAW_PCM16"}


@click.group()
def tts() -> None:
    """Text to speech (Voicelab)."""


@tts.command()
@click.argument("text", callback=text_only)
@click.option("--voice", required=True, callback=text_only, metavar="ID", help="The voice.")
@click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="The audio file, written whole or not at all.",
)
@click.option(
    "--format",
    "output_type",
    type=click.Choice([t.value for t in AudioOutputType], case_sensitive=False),
    help="Default: from the file's suffix (.mp3, .wav, .pcm/.raw); needed for any other.",
)
@click.option(
    "--sample-rate",
    type=click.Choice([str(r) for r in SAMPLE_RATES]),
    default="24000",
    show_default=True,
    help="Samples per second (41500 is Vogent's own value, not 44100, kept as documented).",
)
@click.option("--quiet", is_flag=True, help="No progress line.")
@click.pass_obj
def say(
    settings: Settings,
    text: str,
    voice: str,
    out: Path,
    output_type: str | None,
    sample_rate: str,
    quiet: bool,
) -> None:
    """Say TEXT in a voice, into the file --out (e.g. hello.wav)."""
    output = AudioFormat(output_type or _format_of(out), int(sample_rate))

    async def work(client: Client) -> int:
        speech = client.tts.stream(text=text, voice_id=voice, output=output)
        with _progress(quiet) as progress:
            task = progress.add_task("speech", total=None)
            async with speech as audio:
                return await audio.save(out, progress=lambda n: progress.update(task, completed=n))

    size = run(settings, work, action=f"saying that in voice {voice}")
    out_console().print(terminal_text(f"{out}  {size} bytes  {output.media_type}"), markup=False)


def _format_of(out: Path) -> str:
    """The output type --out's suffix names; a usage error when it names none."""
    kind = _BY_SUFFIX.get(out.suffix.lower())
    if kind is None:
        suffix = f"{out.suffix!r} names no audio format" if out.suffix else "it has no suffix"
        raise click.BadParameter(
            f"{out}: {suffix}; use {', '.join(_BY_SUFFIX)} or pass --format",
            param_hint="--out",
        )
    return kind


def _progress(quiet: bool) -> Progress:
    columns = (SpinnerColumn(), DownloadColumn(), TransferSpeedColumn())
    return Progress(*columns, console=Console(stderr=True), disable=quiet, transient=True)
