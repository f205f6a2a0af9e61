"""The transport: one HTTP exchange or websocket, sent, retried and turned into data or an error.

Holds the retry loop (`_loop.Transport`, `_shared.Shared`), the exchange types every
sender speaks (`_send`) and the websocket seam (`_socket`), the aiohttp sender with
its body reader and websocket (`_aiohttp*`), per-call options, the retry policy, the
API key (`_secret`), uploads, deadlines for awaitables (`_within`: one, or many on
one timer), the budget protocol with `LocalBudget` and its throttle (re-exported by
`vogent_async.budget`) and the websocket heartbeat. It may import
`vogent_async.errors`, `vogent_async.models._show` (message wording) and the root
leaves (`_sentinel`, `_version`); never `vogent_async.budget`, the codec, the request
walker, resources or the client.
"""
