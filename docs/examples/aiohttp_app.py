"""Recipe: one `vogent_async.Client` shared by every request of an aiohttp.web app.

The client is created when the app starts and closed when it stops, through
``app.cleanup_ctx``; handlers reach it with a typed ``web.AppKey``. Serve it with
``python docs/examples/aiohttp_app.py`` (``VOGENT_API_KEY`` set); without a key it
serves against a seeded fake, asks each route once, prints the answers and stops.
"""

from __future__ import annotations

# --8<-- [start:imports]
import asyncio
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
from aiohttp import web

import vogent_async
from vogent_async.testing import sandbox

# --8<-- [end:imports]

# --8<-- [start:app]
VOGENT = web.AppKey("vogent", vogent_async.Client)


async def vogent_client(app: web.Application) -> AsyncIterator[None]:
    """Open the shared client at start-up; close it (and its connections) at shutdown."""
    async with vogent_async.Client(max_concurrency=20, total_timeout=15.0) as client:
        app[VOGENT] = client
        yield


async def active_jobs(request: web.Request) -> web.Response:
    """``GET /jobs``: the first 100 active jobs."""
    client = request.app[VOGENT]
    jobs = await client.batch_dial_jobs.list(status="ACTIVE", max_items=100).to_list()
    return web.json_response([{"id": job.id, "name": job.name} for job in jobs])


async def one_job(request: web.Request) -> web.Response:
    """``GET /jobs/{job_id}``: one job, with the API's errors mapped to this app's."""
    client = request.app[VOGENT]
    try:
        job = await client.batch_dial_jobs.get(request.match_info["job_id"])
    except vogent_async.NotFoundError:
        raise web.HTTPNotFound(text="no such job") from None
    except vogent_async.APIError as exc:  # the API failed or timed out, after retries
        raise web.HTTPBadGateway(text=f"Vogent API: {type(exc).__name__}") from None
    return web.json_response({"id": job.id, "name": job.name, "status": str(job.status)})


def make_app() -> web.Application:
    """Build the app: routes, and the client's life cycle."""
    app = web.Application()
    app.cleanup_ctx.append(vogent_client)
    app.router.add_get("/jobs", active_jobs)
    app.router.add_get("/jobs/{job_id}", one_job)
    return app


# --8<-- [end:app]


async def main(job_ids: list[str] | None = None) -> list[tuple[int, Any]]:
    """Serve the app on a free loopback port, call it once per path, and stop it."""
    runner = web.AppRunner(make_app())
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    paths = ["/jobs"] + [f"/jobs/{job_id}" for job_id in job_ids or []]
    results: list[tuple[int, Any]] = []
    try:
        async with aiohttp.ClientSession(f"http://{host}:{port}") as http:
            for path in paths:
                async with http.get(path) as resp:
                    body = await resp.json() if resp.status == 200 else await resp.text()
                    results.append((resp.status, body))
    finally:
        await runner.cleanup()  # runs the cleanup_ctx exit: the client is closed
    return results


async def demo() -> bool:
    """Without ``VOGENT_API_KEY``: serve on a seeded fake, ask each route once, print, stop.

    Returns False, doing nothing, when a key is set.
    """
    async with sandbox() as fake:
        if fake is None:
            return False
        [active] = fake.seed_jobs(1, status="ACTIVE")
        for status, body in await main([active, "no-such-job"]):
            print(status, body)
    return True


if __name__ == "__main__":
    if not asyncio.run(demo()):  # a key is set: serve until interrupted
        web.run_app(make_app(), host="127.0.0.1", port=8080)
