"""The request budget protocol: what `Client(budget=...)` takes.

A budget decides when an attempt may go. Before every attempt the client calls
`Budget.acquire`, which waits out any pause a server asked for and then grants a
`Lease`; the client sends, then calls `Lease.release`, whatever the outcome. While
a streamed response stays open after its attempt, the client calls `Lease.renew`
every `Lease.renew_every` seconds, so that the lease lasts as long as the stream. When
the API answers ``429``/``503`` with ``Retry-After``, the client calls
`Budget.pause`, so that every attempt the budget governs holds off, not only the
one that was refused.

The default, `LocalBudget`, lives in the client's process: slots of an
``asyncio.Semaphore`` and a pause in the process's memory. A budget shared by many
processes (`vogent_async.contrib.redis.RedisBudget`) keeps the same promises for
everything that uses the same key.

`acquire` reports what went wrong with the two exceptions below, so that the
client can tell a pause that outlasts the call's deadline (the call fails with its
``total_timeout`` error) from a slot that did not come in time (the attempt fails
with `APITimeoutError` and is retried like any other unsent attempt).

The protocol and `LocalBudget` live in the transport (`vogent_async._transport._budget`),
which calls them; this module is where users import them.
"""

from __future__ import annotations

from vogent_async._transport._budget import Budget, Lease, LocalBudget, NoSlot, OutOfTime

__all__ = ["Budget", "Lease", "LocalBudget", "NoSlot", "OutOfTime"]
