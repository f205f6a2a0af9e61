"""What every resource shares: calling the transport and decoding into models."""

from __future__ import annotations

import json
from typing import Any, TypeVar

from vogent_async._converter import Converter, SchemaMismatch
from vogent_async._http import Params, Response, Transport
from vogent_async._options import RequestOptions
from vogent_async._pagination import AsyncPager, Page
from vogent_async.errors import ResponseValidationError

__all__ = ["SECRET_KEYS", "RequestOptions", "Resource", "request_options"]

T = TypeVar("T")

#: JSON keys whose values are credentials: never copied into an error's body.
SECRET_KEYS = frozenset({"dialToken"})


def request_options(
    timeout: float | None, max_retries: int | None, total_timeout: float | None
) -> RequestOptions:
    """Bundle a method's per-call overrides for the transport."""
    return {"timeout": timeout, "max_retries": max_retries, "total_timeout": total_timeout}


class Resource:
    """Base of the API groups: one method per endpoint, each a thin call."""

    def __init__(self, transport: Transport, converter: Converter) -> None:
        self._transport = transport
        self._converter = converter

    async def _call(
        self,
        method: str,
        path: str,
        cls: type[T],
        *,
        json_body: Any = None,
        params: Params | None = None,
        idempotent: bool = True,
        options: RequestOptions,
    ) -> T:
        response = await self._transport.request(
            method, path, params=params, json_body=json_body, idempotent=idempotent, **options
        )
        try:
            return self._converter.structure(response.data, cls)
        except SchemaMismatch as exc:
            raise _invalid(method, path, response, cls, exc.errors) from None

    async def _call_list(
        self,
        method: str,
        path: str,
        cls: type[T],
        *,
        json_body: Any = None,
        idempotent: bool = True,
        options: RequestOptions,
    ) -> list[T]:
        """`_call` for an endpoint whose body is a bare JSON array of ``cls``."""
        response = await self._transport.request(
            method, path, json_body=json_body, idempotent=idempotent, **options
        )
        try:
            return self._converter.structure_list(response.data, cls, path="$")
        except SchemaMismatch as exc:
            raise _invalid(method, path, response, cls, exc.errors) from None

    def _pager(
        self,
        path: str,
        cls: type[T],
        *,
        params: dict[str, str | int | None],
        cursor: str | None,
        max_items: int | None,
        max_pages: int | None,
        prefetch: int,
        options: RequestOptions,
        items_key: str = "data",
    ) -> AsyncPager[T]:
        async def fetch_page(page_cursor: str | None) -> Page[T]:
            query = {**params, "cursor": page_cursor}
            response = await self._transport.request("GET", path, params=query, **options)
            return self._decode_page(response, path, cls, items_key)

        return AsyncPager(
            fetch_page, cursor=cursor, max_items=max_items, max_pages=max_pages, prefetch=prefetch
        )

    def _decode_page(self, response: Response, path: str, cls: type[T], items_key: str) -> Page[T]:
        body = response.data
        problems: list[str] = []
        if type(body) is not dict:
            problems.append(f"$: expected an object, got {type(body).__name__}")
            raise _invalid("GET", path, response, cls, problems)
        if "cursor" not in body:
            problems.append("cursor: required field is missing (null marks the last page)")
        else:
            cursor = body["cursor"]
            if cursor is not None and (type(cursor) is not str or not cursor):
                problems.append(f"cursor: expected a non-empty string or null, got {cursor!r}")
        if items_key not in body:
            problems.append(f"{items_key}: required field is missing")
        if problems:
            raise _invalid("GET", path, response, cls, problems)
        try:
            items = self._converter.structure_list(body[items_key], cls, path=items_key)
        except SchemaMismatch as exc:
            raise _invalid("GET", path, response, cls, exc.errors) from None
        return Page(items, body["cursor"])


def _invalid(
    method: str, path: str, response: Response, cls: type[Any], errors: list[str]
) -> ResponseValidationError:
    shown = "; ".join(errors[:5]) + ("; ..." if len(errors) > 5 else "")
    return ResponseValidationError(
        f"{method} {path}: the {response.status} response does not fit {cls.__name__}: {shown}",
        method=method,
        path=path,
        status_code=response.status,
        body=_shown_body(response),
        errors=errors,
    )


def _shown_body(response: Response) -> str:
    """The body for an error: as received, with the values of `SECRET_KEYS` redacted."""
    text = response.body.decode("utf-8", "replace")
    if not any(key in text for key in SECRET_KEYS):
        return text
    return json.dumps(_redacted(response.data))


def _redacted(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: "[redacted]" if k in SECRET_KEYS else _redacted(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_redacted(item) for item in data]
    return data
