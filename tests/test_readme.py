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


def test_the_readme_set_up_commands_are_unchanged() -> None:
    """`make demo` and `make test` stay exactly as the README has always shown them."""
    assert (
        "```sh\n"
        "make demo    # creates .venv, installs the package, runs a campaign on a local fake API\n"
        "make test    # creates .venv, installs the dev extras, runs ruff, mypy --strict, pytest\n"
        "             # (the whole suite, on 3.11, with coverage), the strict docs build, then\n"
        "             # noxfile.py: the core of the suite on 3.10, 3.12 and 3.13 and on the\n"
        "             # lowest dependencies, and the built wheel smoke-tested in a clean venv\n"
        "```\n"
    ) in README
