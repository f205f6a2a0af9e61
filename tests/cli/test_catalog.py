"""``numbers buy|link``, ``dials list``, ``models list`` and docs/cli.md's agent file."""

from __future__ import annotations

import json
import re
from pathlib import Path

from vogent_async.testing import FakeVogent

from .conftest import AGENT, SECRET_KEY, invoke

CLI_GUIDE = Path(__file__).resolve().parents[2] / "docs" / "cli.md"


async def test_a_number_found_is_bought_linked_and_unlinked(fake: FakeVogent) -> None:
    """buy takes what search printed; link names the agent; --unlink clears it."""
    found = await invoke(fake, "numbers", "search", "512", "--limit", "1")
    wanted = found.out.strip()

    bought = await invoke(fake, "numbers", "buy", wanted, "--json")
    number_id = json.loads(bought.out)["id"]
    linked = await invoke(fake, "numbers", "link", number_id, "--agent", AGENT)
    unlinked = await invoke(fake, "numbers", "link", number_id, "--unlink", "--json")

    assert bought.code == 0, bought.err
    assert json.loads(bought.out)["number"] == wanted
    assert linked.code == 0, linked.err
    assert AGENT in linked.out
    assert json.loads(unlinked.out).get("agentId") in (None, "")
    assert SECRET_KEY not in bought.out + linked.out + unlinked.out


async def test_link_needs_exactly_one_of_agent_and_unlink(fake: FakeVogent) -> None:
    """Neither or both is a usage error (exit 2), and nothing is sent."""
    neither = await invoke(fake, "numbers", "link", "pn_1")
    both = await invoke(fake, "numbers", "link", "pn_1", "--agent", AGENT, "--unlink")

    assert (neither.code, both.code) == (2, 2)
    assert "--agent ID or --unlink" in neither.err
    assert fake.requests == []


async def test_dials_list_shows_a_jobs_dials(fake: FakeVogent) -> None:
    """A table of one job's dials, --limit and --json; an empty job is a sentence."""
    [job_id, empty] = fake.seed_jobs(2, status="COMPLETE")
    fake.seed_dials(job_id, 4)

    table = await invoke(fake, "dials", "list", job_id)
    limited = await invoke(fake, "dials", "list", job_id, "--limit", "2", "--json")
    none = await invoke(fake, "dials", "list", empty)

    assert table.code == 0, table.err
    assert table.out.split()[:5] == ["ID", "STATUS", "RESULT", "TO", "DURATION"]
    assert len(table.out.strip().splitlines()) == 5
    assert len(limited.out.splitlines()) == 2
    assert none.out.strip() == f"Job {empty} has no dials yet."


async def test_models_list_shows_the_stock_models(fake: FakeVogent) -> None:
    """The fake's stock models, with the ids an agent's aiModelId takes."""
    listed = await invoke(fake, "models", "list")
    as_json = await invoke(fake, "models", "list", "--json", "--limit", "1")

    assert listed.code == 0, listed.err
    assert "gpt-4o" in listed.out
    assert len(as_json.out.splitlines()) == 1


async def test_the_guides_agent_file_creates_an_agent(fake: FakeVogent, tmp_path: Path) -> None:
    """docs/cli.md's agent.json names the fake's stock voice and model, and is accepted."""
    blocks = re.findall(r"```json\n(.*?)```", CLI_GUIDE.read_text("utf-8"), re.DOTALL)
    [agent_file] = [block for block in blocks if '"defaultVersionedPrompt"' in block]
    source = tmp_path / "agent.json"
    source.write_text(agent_file, "utf-8")

    created = await invoke(fake, "agents", "create", "--from", str(source))

    assert created.code == 0, created.err
    body = json.loads(agent_file)
    models = await invoke(fake, "models", "list", "--json")
    voices = await invoke(fake, "voices", "list", "--json")
    assert body["defaultVersionedPrompt"]["aiModelId"] in models.out
    assert body["defaultVoiceId"] in voices.out
