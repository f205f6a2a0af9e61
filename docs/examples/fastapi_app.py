"""Recipe: one `vogent_async.Client` shared by every request of a FastAPI app.

The client lives in the app's ``lifespan``: it is opened at start-up, handed to
requests through the lifespan state and a dependency, and closed at shutdown.
Serve it with ``uvicorn fastapi_app:app`` from ``docs/examples`` (``VOGENT_API_KEY``
set), or run the file: without a key it serves against a seeded fake, asks each
route once, prints the answers and stops.
"""

from __future__ import annotations

# --8<-- [start:imports]
import asyncio
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any, TypedDict

import aiohttp
import uvicorn
from fastapi import Depends, FastAPI, HTTPException, Request

import vogent_async
from vogent_async.testing import sandbox

# --8<-- [end:imports]


# --8<-- [start:app]
class State(TypedDict):
    """What the lifespan hands to every request, as ``request.state``."""

    vogent: vogent_async.Client


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[State]:
    """Open the shared client at start-up; close it (and its connections) at shutdown."""
    async with vogent_async.Client(max_concurrency=20, total_timeout=15.0) as client:
        yield {"vogent": client}


def vogent(request: Request) -> vogent_async.Client:
    """The dependency that gives a handler the shared client."""
    client: vogent_async.Client = request.state.vogent
    return client


Vogent = Annotated[vogent_async.Client, Depends(vogent)]
app = FastAPI(lifespan=lifespan)


@app.get("/jobs")
async def active_jobs(client: Vogent) -> list[dict[str, str]]:
    """The first 100 active jobs."""
    jobs = await client.batch_dial_jobs.list(status="ACTIVE", max_items=100).to_list()
    return [{"id": job.id, "name": job.name} for job in jobs]


@app.get("/jobs/{job_id}")
async def one_job(job_id: str, client: Vogent) -> dict[str, str]:
    """One job, with the API's errors mapped to this app's."""
    try:
        job = await client.batch_dial_jobs.get(job_id)
    except vogent_async.NotFoundError:
        raise HTTPException(status_code=404, detail="no such job") from None
    except vogent_async.APIError as exc:  # the API failed or timed out, after retries
        raise HTTPException(status_code=502, detail=f"Vogent API: {type(exc).__name__}") from None
    return {"id": job.id, "name": job.name, "status": str(job.status)}


# --8<-- [end:app]


async def main(job_ids: list[str] | None = None) -> list[tuple[int, Any]]:
    """Serve the app with uvicorn on a free loopback port, call it once per path, stop it."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    host, port = sock.getsockname()
    server = uvicorn.Server(uvicorn.Config(app, lifespan="on", log_level="warning"))
    serving = asyncio.create_task(server.serve(sockets=[sock]))
    paths = ["/jobs"] + [f"/jobs/{job_id}" for job_id in job_ids or []]
    results: list[tuple[int, Any]] = []
    try:
        while not server.started:  # uvicorn sets this once the lifespan start-up ran
            if serving.done():
                serving.result()  # start-up failed: raise its error
            await asyncio.sleep(0.01)
        async with aiohttp.ClientSession(f"http://{host}:{port}") as http:
            for path in paths:
                async with http.get(path) as resp:
                    results.append((resp.status, await resp.json()))
    finally:
        server.should_exit = True  # runs the lifespan exit: the client is closed
        await serving
        sock.close()
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
        uvicorn.run(app, host="127.0.0.1", port=8000)
