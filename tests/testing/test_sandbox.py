"""`sandbox`: the real API with a key, a fresh fake without one, and the environment put back."""

from __future__ import annotations

import os

import pytest

import vogent_async
from vogent_async.testing import SANDBOX_NOTICE, sandbox


async def test_without_a_key_the_block_runs_on_a_seeded_fake(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A client made with no arguments talks to the fake, which holds what setup seeded."""
    monkeypatch.delenv("VOGENT_API_KEY", raising=False)
    monkeypatch.setenv("VOGENT_BASE_URL", "https://example.invalid/api")

    async with sandbox(lambda fake: fake.seed_jobs(2, status="ACTIVE"), seed=3) as fake:
        assert fake is not None
        async with vogent_async.Client() as client:
            jobs = await client.batch_dial_jobs.list().to_list()
        url = fake.base_url
        assert os.environ["VOGENT_BASE_URL"] == url

    assert len(jobs) == 2
    assert "VOGENT_API_KEY" not in os.environ
    assert os.environ["VOGENT_BASE_URL"] == "https://example.invalid/api"  # put back
    assert capsys.readouterr().err == f"{SANDBOX_NOTICE} {url}\n"


async def test_with_a_key_nothing_starts_and_nothing_is_said(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The block gets None; setup is not called; the environment is left alone."""
    monkeypatch.setenv("VOGENT_API_KEY", "sk-real")
    monkeypatch.delenv("VOGENT_BASE_URL", raising=False)
    called: list[object] = []

    async with sandbox(called.append) as fake:
        assert fake is None

    assert called == []
    assert "VOGENT_BASE_URL" not in os.environ
    assert capsys.readouterr().err == ""


async def test_an_error_in_the_block_still_restores_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The fake closes and the variables it set go away, whatever the block raised."""
    monkeypatch.delenv("VOGENT_API_KEY", raising=False)
    monkeypatch.delenv("VOGENT_BASE_URL", raising=False)

    with pytest.raises(RuntimeError, match="boom"):
        async with sandbox():
            raise RuntimeError("boom")

    assert "VOGENT_API_KEY" not in os.environ
    assert "VOGENT_BASE_URL" not in os.environ
