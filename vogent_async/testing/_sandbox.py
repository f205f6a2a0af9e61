"""`sandbox`: the real API when ``VOGENT_API_KEY`` is set, a fresh `FakeVogent` otherwise.

The examples in docs/examples/ run through it, so that each runs as written:
``python docs/examples/quickstart.py`` with no key plays against the fake.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

from vogent_async.testing._server import FakeVogent

__all__ = ["SANDBOX_NOTICE", "environment", "sandbox"]

#: How the one line `sandbox` prints on stderr begins.
SANDBOX_NOTICE = "no VOGENT_API_KEY: running against the fake Vogent at"


@contextlib.asynccontextmanager
async def sandbox(
    setup: Callable[[FakeVogent], object] | None = None, **options: Any
) -> AsyncIterator[FakeVogent | None]:
    """Run the block against Vogent when ``VOGENT_API_KEY`` is set, or against a fake.

    With a key, nothing changes and the block gets ``None``. Without one, a
    `FakeVogent` (made with ``options``) starts, ``setup`` is given it to add
    what the block needs, ``VOGENT_API_KEY`` and ``VOGENT_BASE_URL`` name it
    until the block ends (so that ``vogent_async.Client()`` talks to it), and one
    line on stderr says so. The block gets the fake::

        async with sandbox(lambda fake: fake.seed_jobs(3, status="ACTIVE")):
            async with vogent_async.Client() as client:
                ...
    """
    if os.environ.get("VOGENT_API_KEY"):
        yield None
        return
    async with FakeVogent(**options) as fake:
        if setup is not None:
            setup(fake)
        print(f"{SANDBOX_NOTICE} {fake.base_url}", file=sys.stderr)
        with environment(VOGENT_API_KEY=fake.api_key, VOGENT_BASE_URL=fake.base_url):
            yield fake


@contextlib.contextmanager
def environment(**values: str | None) -> Iterator[None]:
    """Set these environment variables (``None``: leave as is) for the block, then put
    back what was there."""
    given = {name: value for name, value in values.items() if value is not None}
    before = {name: os.environ.get(name) for name in given}
    os.environ.update(given)
    try:
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
