"""Every Python block of README.md and docs/**/*.md runs, in page order, through sybil.

A page's blocks share one namespace, as a reader reads them, and run against a
`FakeVogent` of the page's own: ``VOGENT_API_KEY`` and ``VOGENT_BASE_URL`` name it,
and the names ``fake`` (the server) and ``client`` (a `vogent_async.Client` on it)
are given (and given again after each block, so that a block's own ``async with
Client() as client`` does not leave a closed client to the next). A block may
``await`` at top level (it runs on the page's event loop) or call ``asyncio.run``
(the fake serves from a thread of its own, so either reaches it). The page runs in
an empty directory of its own. A block that cannot run is preceded by
``<!-- skip: next "why" -->``, which sybil reads and reports. docs/design.md says
why sybil.
"""

from __future__ import annotations
import __future__

import ast
import asyncio
import inspect
import os
import shutil
import tempfile
import threading
import types
from pathlib import Path
from typing import Any

from sybil import Example, Sybil
from sybil.parsers.markdown import CodeBlockParser, SkipParser

import vogent_async
from vogent_async.testing import FakeVogent

collect_ignore = ["docs/examples", "benchmarks"]  # tests/ runs those (and test_with_fake.py)

_PAGE = "__page__"  # the namespace key of a page's _Page


class _Page:
    """A page's world: the fake on its own thread, an event loop, a client, a directory."""

    def __init__(self) -> None:
        self.fake = FakeVogent()
        self.fake_loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.fake_loop.run_forever, daemon=True)
        self.thread.start()
        asyncio.run_coroutine_threadsafe(self.fake.start(), self.fake_loop).result(30)
        self.loop = asyncio.new_event_loop()
        self.client = vogent_async.Client(self.fake.api_key, base_url=self.fake.base_url)
        self.saved = {k: os.environ.get(k) for k in ("VOGENT_API_KEY", "VOGENT_BASE_URL")}
        os.environ.update(VOGENT_API_KEY=self.fake.api_key, VOGENT_BASE_URL=self.fake.base_url)
        self.cwd = Path.cwd()
        self.dir = tempfile.mkdtemp(prefix="vogent-docs-")
        os.chdir(self.dir)

    def close(self) -> None:
        """Close the client, the loop and the fake; put back the directory and environment."""
        os.chdir(self.cwd)
        shutil.rmtree(self.dir, ignore_errors=True)
        for key, value in self.saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        self.loop.run_until_complete(self.client.close())
        self.loop.run_until_complete(self.loop.shutdown_asyncgens())
        self.loop.close()
        asyncio.run_coroutine_threadsafe(self.fake.close(), self.fake_loop).result(30)
        self.fake_loop.call_soon_threadsafe(self.fake_loop.stop)
        self.thread.join(30)
        self.fake_loop.close()


def _setup(namespace: dict[str, Any]) -> None:
    page = _Page()
    namespace.update({_PAGE: page, "fake": page.fake, "client": page.client})
    namespace["__name__"] = "docs_page"  # a module's name, as class bodies need


def _teardown(namespace: dict[str, Any]) -> None:
    namespace[_PAGE].close()


def _evaluate(example: Example) -> None:
    """Run one block; with a top-level ``await``, on the page's loop."""
    __tracebackhide__ = True
    source = "\n" * (example.line + example.parsed.line_offset) + example.parsed
    # As in docs/examples/*.py, whose parts the guides show: annotations are not evaluated.
    flags = ast.PyCF_ALLOW_TOP_LEVEL_AWAIT | __future__.annotations.compiler_flag
    code = compile(source, example.path, "exec", flags=flags, dont_inherit=True)
    namespace = example.namespace
    if code.co_flags & inspect.CO_COROUTINE:
        namespace[_PAGE].loop.run_until_complete(types.FunctionType(code, namespace)())
    else:
        exec(code, namespace)
    namespace.pop("__builtins__", None)
    page = namespace[_PAGE]  # a block's own `async with Client() as client` ends with it
    namespace.update(fake=page.fake, client=page.client)


pytest_collect_file = Sybil(
    parsers=[CodeBlockParser(language="python", evaluator=_evaluate), SkipParser()],
    patterns=["README.md", "docs/*.md", "docs/recipes/*.md"],
    setup=_setup,
    teardown=_teardown,
).pytest()
