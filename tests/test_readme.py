"""The README says what the package covers today, links each guide, and keeps its set-up."""

from __future__ import annotations

import re
from pathlib import Path

import vogent_async
from vogent_async import resources

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()
#: Pages that are not guides: the home page, the changelog and the API reference.
NOT_GUIDES = {"index.md", "changelog.md"}


async def test_the_readme_names_every_api_group_of_the_client() -> None:
    """Each group the client has (``client.dials``, ``client.tts``, ...) is in the README."""
    async with vogent_async.Client("sk-readme", base_url="https://api.test/api") as client:
        groups = [
            name
            for name, value in vars(client).items()
            if not name.startswith("_") and type(value).__module__.startswith(resources.__name__)
        ]
    assert len(groups) >= 11
    assert [g for g in groups if f"client.{g}" not in README and f"`{g}`" not in README] == []


def test_the_readme_links_every_guide_and_recipe() -> None:
    """A reader finds every page of docs/ (but the home page and the changelog) from it."""
    pages = [p for p in (ROOT / "docs").glob("*.md") if p.name not in NOT_GUIDES]
    pages += list((ROOT / "docs" / "recipes").glob("*.md"))
    linked = set(re.findall(r"\]\((docs/[\w/-]+\.md)", README))
    assert (
        sorted(str(p.relative_to(ROOT)) for p in pages if str(p.relative_to(ROOT)) not in linked)
        == []
    )


def test_the_readme_covers_what_the_package_does_beyond_the_rest_api() -> None:
    """Webhooks, speech, the fake as a sandbox, the command line, Redis and arq."""
    for words in (
        "vogent_async.webhooks",
        "client.tts",
        "FakeVogent",
        "sandbox()",
        "vogent-async fake serve",
        "RedisBudget",
        "arq",
        "docs/examples/",
    ):
        assert words in README, words


def test_the_readme_states_exactly_the_two_set_up_commands() -> None:
    """One ``sh`` block shows `make demo` and `make test`, and no other command."""
    blocks = re.findall(r"```sh\n(.*?)```", README, flags=re.S)
    commands = [
        [line.split("#")[0].strip() for line in block.splitlines() if line.split("#")[0].strip()]
        for block in blocks
    ]
    assert ["make demo", "make test"] in commands
