"""pytest fixtures for code that talks to Vogent: ``fake_vogent`` and ``vogent_client``.

Installed with the package and loaded by pytest through the ``pytest11`` entry
point, so a test only names the fixture::

    async def test_my_report(fake_vogent, vogent_client):
        fake_vogent.seed_jobs(30, status="ACTIVE")
        assert len(await vogent_client.batch_dial_jobs.list().to_list()) == 30

The fixtures are async and need pytest-asyncio. They run on the
test's own event loop (``loop_scope="function"``) whatever the project sets as
``asyncio_default_fixture_loop_scope``. pytest-asyncio itself warns when that
option is unset, in any project: set it (``function`` is the usual choice), as
docs/testing.md explains. Importing this module is cheap: the server and the
client are imported only when a test uses a fixture.
"""

from __future__ import annotations

import importlib.util
import inspect
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from vogent_async import Client
    from vogent_async.testing import FakeVogent

__all__ = ["fake_vogent", "vogent_client"]

FAKE_API_KEY = "test-key"


def _missing_pytest_asyncio(*_: Any) -> Any:  # pragma: no cover - user environments only
    pytest.fail("the fake_vogent and vogent_client fixtures need pytest-asyncio installed")


async def _fake_vogent() -> AsyncIterator[FakeVogent]:
    """A started `FakeVogent` (key ``test-key``, seed 0), closed after the test."""
    from vogent_async.testing import FakeVogent

    async with FakeVogent(api_key=FAKE_API_KEY) as fake:
        yield fake


async def _vogent_client(fake_vogent: FakeVogent) -> AsyncIterator[Client]:
    """A `vogent_async.Client` pointed at ``fake_vogent``, closed after the test."""
    from vogent_async import Client

    async with Client(fake_vogent.api_key, base_url=fake_vogent.base_url) as client:
        yield client


if importlib.util.find_spec("pytest_asyncio") is not None:
    import pytest_asyncio

    # Pinned to the test's own loop, whatever the project's
    # asyncio_default_fixture_loop_scope says: a client made on another loop fails.
    # (pytest-asyncio before 0.24 has no loop_scope: fixtures shared the test's loop.)
    _pin: dict[str, Any] = {}
    if "loop_scope" in inspect.signature(pytest_asyncio.fixture).parameters:
        _pin["loop_scope"] = "function"
    fake_vogent = pytest_asyncio.fixture(_fake_vogent, name="fake_vogent", **_pin)
    vogent_client = pytest_asyncio.fixture(_vogent_client, name="vogent_client", **_pin)
else:  # pragma: no cover - see above
    fake_vogent = pytest.fixture(_missing_pytest_asyncio, name="fake_vogent")
    vogent_client = pytest.fixture(_missing_pytest_asyncio, name="vogent_client")
