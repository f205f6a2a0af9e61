"""The Models group: ``client.models``."""

from __future__ import annotations

from vogent_async._request._paths import path
from vogent_async._transport._options import Unpack
from vogent_async.models.models import Model
from vogent_async.resources._base import ListOptions, Resource
from vogent_async.resources._pagination import AsyncPager

__all__ = ["Models"]


class Models(Resource):
    """List the language models an agent can use.

    Every method also takes the paging and per-call options (`ListOptions`).
    """

    def list(self, **options: Unpack[ListOptions]) -> AsyncPager[Model]:
        """List the models, lazily, page by page (the API's default page is 100).

        Nothing is sent until iteration starts; the options are checked at once.

        Args:
            **options: Paging and per-call options (`ListOptions`).

        Returns:
            An `AsyncPager` of `Model`.
        """
        return self._pager(path("/models"), Model, options=options)
