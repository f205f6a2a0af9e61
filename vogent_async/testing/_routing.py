"""Route tables: one per API group, each route's name and paging declared at its handler.

Like aiohttp's ``RouteTableDef``, a `RouteTable` keeps the method and path on
the handler itself::

    routes = RouteTable()

    @routes.get("/models", name="listModels", paging=Paging(default_limit=100))
    async def list_models(call: Call) -> Page:
        return call.fake.collection("models").page(call.limit, call.after)

A handler receives a `Call`: the request, the fake's state, and what the app
already checked for it (the page size and cursor of a paginated route, the
request body once it fits the contract's schema). It returns JSON-ready data,
or a `Page` on a paginated route, which the app wraps as
``{<items>: [...], "cursor": ...}``. It refuses a request by raising `Reject`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

import attrs
from aiohttp import web

from vogent_async.testing._pages import Page, Reject, SortKey

if TYPE_CHECKING:
    from vogent_async.testing._context import FakeState

__all__ = ["Call", "Handler", "Page", "Paging", "Reject", "Route", "RouteTable", "SortKey"]


@attrs.frozen
class Paging:
    """How a route pages: the key its items are under, and the page size without ``limit``.

    Attributes:
        items: The key of the item array (``data`` on most routes, ``voices`` on one).
        default_limit: Items per page when the request sends no ``limit``; ``None``
            uses the fake's ``default_page_size``.
    """

    items: str = "data"
    default_limit: int | None = None


@attrs.frozen
class Call:
    """One request as a handler sees it.

    Attributes:
        request: The aiohttp request (path parameters in ``request.match_info``).
        fake: The fake's state: jobs, collections, clock and settings.
        body: The JSON body, already checked against the contract; ``None`` without one.
        limit: The page size (paginated routes only; 0 elsewhere).
        after: The sort key the request's cursor names; ``None`` on a first page.
    """

    request: web.Request
    fake: FakeState
    body: Any = None
    limit: int = 0
    after: SortKey | None = None

    def param(self, name: str) -> str:
        """A path parameter, e.g. ``call.param("id")``."""
        return self.request.match_info[name]

    def query(self, name: str) -> str | None:
        """A query parameter, or ``None`` when absent."""
        return self.request.query.get(name)

    def lookup(self, collection: str, item_id: str, *, parent: str | None = None) -> dict[str, Any]:
        """A copy of an item of ``collection`` (of ``parent``, if given); a 404 without one."""
        try:
            return self.fake.collection(collection).get(item_id, parent=parent)
        except KeyError as exc:
            raise Reject(404, str(exc.args[0])) from None


Handler = Callable[[Call], Awaitable[Any]]
_H = TypeVar("_H", bound=Handler)


@attrs.frozen
class Route:
    """One operation of the contract the fake serves.

    Attributes:
        method: The HTTP method.
        path: The contract path, e.g. ``/batch_dial_jobs/{id}``.
        name: The contract's ``operationId``.
        handler: The coroutine that answers it.
        paging: How it pages, or ``None`` when it is not a listing.
    """

    method: str
    path: str
    name: str
    handler: Handler
    paging: Paging | None = None

    @property
    def key(self) -> str:
        """``"<METHOD> <path>"``, the name fault rules and the request log use."""
        return f"{self.method} {self.path}"


class RouteTable:
    """The routes of one API group, declared with decorators next to their handlers."""

    def __init__(self) -> None:
        self._routes: list[Route] = []

    def route(
        self, method: str, path: str, *, name: str, paging: Paging | None = None
    ) -> Callable[[_H], _H]:
        """Register the decorated handler for ``method path`` (a contract path)."""

        def register(handler: _H) -> _H:
            self._routes.append(Route(method, path, name, handler, paging))
            return handler

        return register

    def get(self, path: str, *, name: str, paging: Paging | None = None) -> Callable[[_H], _H]:
        """Register a ``GET`` route."""
        return self.route("GET", path, name=name, paging=paging)

    def post(self, path: str, *, name: str) -> Callable[[_H], _H]:
        """Register a ``POST`` route."""
        return self.route("POST", path, name=name)

    def put(self, path: str, *, name: str) -> Callable[[_H], _H]:
        """Register a ``PUT`` route."""
        return self.route("PUT", path, name=name)

    def delete(self, path: str, *, name: str) -> Callable[[_H], _H]:
        """Register a ``DELETE`` route."""
        return self.route("DELETE", path, name=name)

    def __iter__(self) -> Iterator[Route]:
        return iter(self._routes)
