"""What every resource shares: per-call options, listings, calling the transport, decoding."""

from __future__ import annotations

import enum
import functools
import json
from collections.abc import Callable, Mapping
from typing import Any, TypeVar, get_args

import attrs

from vogent_async._codec._converter import Converter, SchemaMismatch
from vogent_async._request._validation import check
from vogent_async._transport._loop import Transport
from vogent_async._transport._options import RequestOptions, check_count, check_options
from vogent_async._transport._send import Params, Response
from vogent_async._transport._upload import Form
from vogent_async.errors import InvalidRequestError, ResponseValidationError
from vogent_async.resources._pagination import AsyncPager, Page
from vogent_async.resources._raw import record_response

__all__ = ["SECRET_KEYS", "ListOptions", "Resource", "enum_filter"]

T = TypeVar("T")
E = TypeVar("E", bound=enum.Enum)

#: JSON keys whose values are credentials: never copied into an error's body.
SECRET_KEYS = frozenset({"dialToken"})


class ListOptions(RequestOptions, total=False):
    """What every listing method accepts besides its filters: paging, then `RequestOptions`.

    Attributes:
        page_size: Items per page, sent as ``limit``; an int of at least 1.
        cursor: Resume from a saved `Page.next_cursor`.
        max_items: Stop after this many items.
        max_pages: Stop after this many pages.
        prefetch: 1 to fetch the next page while the caller works on this one.
    """

    page_size: int | None
    cursor: str | None
    max_items: int | None
    max_pages: int | None
    prefetch: int


_PAGING = ("page_size", "cursor", "max_items", "max_pages", "prefetch")


class Resource:
    """Base of the API groups: one method per endpoint, each a thin call.

    Every method of every group also takes the per-call options of
    `RequestOptions` as keyword arguments: ``timeout`` (seconds per attempt),
    ``max_retries``, ``total_timeout`` (seconds for the whole call, retries
    included) and ``extra_headers``. Listing methods take the paging options of
    `ListOptions` as well; their options apply to each page request. Every
    option is checked when the method is called, before anything is sent
    (`TypeError` or `ValueError` naming the option).
    """

    def __init__(self, transport: Transport, converter: Converter) -> None:
        self._transport = transport
        self._converter = converter

    def _body(self, body: object, problems: list[str] | None = None, *, as_type: Any = None) -> Any:
        """``body`` (an attrs request body) checked by the one walker, as the API's JSON.

        ``as_type`` is the tagged union a variant is sent as (its ``type`` written).

        Raises:
            InvalidRequestError: Listing every problem, ``problems`` (a path's) first.
        """
        return self._converter.unstructure(check(body, problems), as_type)

    def _body_of(
        self, cls: type, arguments: Mapping[str, Any], problems: list[str] | None = None
    ) -> Any:
        """`_body` of a ``cls`` built from the method's ``arguments`` (its ``locals()``).

        Each field of ``cls`` takes the argument of its name, so a method whose
        keyword arguments are the body's fields builds it without naming each twice.
        """
        return self._body(cls(**{name: arguments[name] for name in _field_names(cls)}), problems)

    async def _call(
        self,
        method: str,
        path: str,
        cls: type[T],
        *,
        options: RequestOptions,
        json_body: Any = None,
        params: Params | None = None,
        form: Form | None = None,
        idempotent: bool = True,
    ) -> T:
        response = await self._request(
            method, path, options, params=params, json_body=json_body, form=form,
            idempotent=idempotent,
        )  # fmt: skip
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
        options: RequestOptions,
        json_body: Any = None,
        idempotent: bool = True,
    ) -> list[T]:
        """`_call` for an endpoint whose body is a bare JSON array of ``cls``."""
        response = await self._request(
            method, path, options, json_body=json_body, idempotent=idempotent
        )
        try:
            return self._converter.structure_list(response.data, cls, path="$")
        except SchemaMismatch as exc:
            raise _invalid(method, path, response, cls, exc.errors) from None

    async def _request(
        self, method: str, path: str, options: RequestOptions, **send: Any
    ) -> Response:
        """Send (the transport checks the options); record the response for `with_raw_response`."""
        response = await self._transport.request(method, path, **send, **options)
        record_response(response)
        return response

    def _pager(
        self,
        path: str,
        cls: type[T],
        *,
        options: ListOptions,
        params: dict[str, str | int | None] | None = None,
        items_key: str = "data",
        keep: Callable[[Any], bool] | None = None,
    ) -> AsyncPager[T]:
        """A lazy listing of ``path``; the options are checked now, nothing is sent yet.

        With ``keep``, only the items (as received) it accepts are decoded and listed.
        """
        paging = {k: options[k] for k in _PAGING if k in options}  # type: ignore[literal-required]
        request: RequestOptions = check_options(
            {k: v for k, v in options.items() if k not in _PAGING}
        )
        query = {**(params or {}), "limit": _page_size(paging.get("page_size"))}

        async def fetch_page(page_cursor: str | None) -> Page[T]:
            response = await self._request(
                "GET", path, request, params={**query, "cursor": page_cursor}
            )
            return self._decode_page(response, path, cls, items_key, keep)

        return AsyncPager(
            fetch_page,
            cursor=paging.get("cursor"),  # checked by AsyncPager
            max_items=_count("max_items", paging.get("max_items")),
            max_pages=_count("max_pages", paging.get("max_pages")),
            prefetch=paging.get("prefetch", 0),
        )

    def _decode_page(
        self, response: Response, path: str, cls: type[T], items_key: str,
        keep: Callable[[Any], bool] | None,
    ) -> Page[T]:  # fmt: skip
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
        found = body[items_key]
        if keep is not None and type(found) is list:
            found = [item for item in found if keep(item)]
        try:
            items = self._converter.structure_list(found, cls, path=items_key)
        except SchemaMismatch as exc:
            raise _invalid("GET", path, response, cls, exc.errors) from None
        return Page(items, body["cursor"])


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(a.name for a in attrs.fields(cls))


def _page_size(value: object) -> int | None:
    return None if value is None else check_count("page_size", value, minimum=1)


def _count(name: str, value: object) -> int | None:
    return None if value is None else check_count(name, value)


def enum_filter(name: str, value: E | str | None, enum_cls: type[E]) -> str | None:
    """The API value of an enum filter: a member, or one of the values in any case.

    Raises:
        InvalidRequestError: A string that is none of the values (they are listed).
        TypeError: Neither a member nor a string.
    """
    if value is None:
        return None
    accepted = ", ".join(repr(m.value) for m in enum_cls)
    if isinstance(value, enum_cls):
        return str(value.value)
    if not isinstance(value, str):
        raise TypeError(
            f"{name} must be a {enum_cls.__name__} or one of {accepted}, "
            f"got {type(value).__name__} {value!r}"
        )
    for member in enum_cls:
        if str(member.value).casefold() == value.casefold():
            return str(member.value)
    raise InvalidRequestError([f"{name}: expected one of {accepted} (any case), got {value!r}"])


def _invalid(
    method: str, path: str, response: Response, cls: type[Any], errors: list[str]
) -> ResponseValidationError:
    shown = "; ".join(errors[:5]) + ("; ..." if len(errors) > 5 else "")
    return ResponseValidationError(
        f"{method} {path}: the {response.status} response does not fit {_name(cls)}: {shown}",
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


def _name(cls: Any) -> str:
    """A model's name; a union (``Function``) has none, so its members are listed."""
    return getattr(cls, "__name__", None) or " | ".join(c.__name__ for c in get_args(cls))
