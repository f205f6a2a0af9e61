"""The Evals group of the fake: configs, their records and their runs, in generic collections.

The API documents no way to start a run, so runs are seeded:
``fake.eval_runs.seed([{"evalConfigId": config_id, "status": "PENDING"}])``.
Records and runs keep the config they belong to under ``evalConfigId``, a key
the fake strips from what it sends (the contract's bodies do not have it). The
config, a record's dial and a run's agent and prompt must be held (see
`vogent_async.testing._world`).
"""

from __future__ import annotations

from typing import Any

from vogent_async.testing._collection import Collection
from vogent_async.testing._generated import DataGenerator, iso_ms
from vogent_async.testing._groups import Group
from vogent_async.testing._routing import Call, Page, Paging, Reject, RouteTable

__all__ = ["GROUP"]

routes = RouteTable()
_OWNER = "evalConfigId"
_PAGED = Paging(default_limit=100)
_CANCELLABLE = frozenset({"PENDING", "RUNNING"})
_PROMPT_KEYS = ("name", "description", "systemPrompt", "maxTurns", "agentInputs")


def generate_config(data: DataGenerator, world: Any) -> dict[str, Any]:
    """An `EvalConfig` body."""
    topic = data.pick(["renewal", "booking", "survey", "support"])
    return {"name": f"{topic.title()} calls", "promptSnippet": f"The agent handled the {topic}."}


def generate_record(data: DataGenerator, world: Any) -> dict[str, Any]:
    """A ``PROMPT`` `EvalRecord` body, belonging to no config until one is given."""
    prompt = {
        "id": data.uuid(),
        "name": "Hesitant customer",
        "systemPrompt": "You are a customer unsure about renewing.",
        "maxTurns": data.between(4, 12),
        "createdAt": iso_ms(1_767_225_600_000),
    }
    return {_OWNER: None, "recordType": "PROMPT", "prompt": prompt}


def generate_run(data: DataGenerator, world: Any) -> dict[str, Any]:
    """A pending `AIEvalRun` body of a held agent (if any), belonging to no config yet."""
    run: dict[str, Any] = {_OWNER: None, "status": "PENDING"}
    agent_id = world.pick("agents") if world is not None else None
    agent = world.get("agents", agent_id) if agent_id is not None else None
    if agent is not None:
        run["callAgentId"] = agent["id"]
        if agent.get("defaultVersionedPromptId"):
            run["versionedPromptId"] = agent["defaultVersionedPromptId"]
    run["createdAt"] = iso_ms(1_767_225_600_000)
    return run


def _public(item: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in item.items() if k != _OWNER}


def _config(call: Call) -> str:
    return call.param("id")  # the app found the config before the handler ran


def _owned(call: Call, name: str, config_id: str) -> Page:
    items = call.fake.collection(name)
    page = items.page(call.limit, call.after, lambda item: item[_OWNER] == config_id)
    return Page([_public(item) for item in page.items], page.next_key)


def _record(call: Call) -> tuple[Collection, str]:
    return call.fake.collection("eval_records"), call.param("recordId")


@routes.get("/eval_configs", name="listEvalConfigs", paging=_PAGED)
async def list_configs(call: Call) -> Page:
    return call.fake.collection("eval_configs").page(call.limit, call.after)


@routes.post("/eval_configs", name="createEvalConfig")
async def create_config(call: Call) -> dict[str, Any]:
    body = {"name": call.body["name"], "promptSnippet": call.body.get("promptSnippet", "")}
    return call.fake.collection("eval_configs").create(body)


@routes.get("/eval_configs/{id}/records", name="listEvalConfigRecords", paging=_PAGED)
async def list_records(call: Call) -> Page:
    return _owned(call, "eval_records", _config(call))


@routes.post("/eval_configs/{id}/records", name="createEvalConfigRecord")
async def create_record(call: Call) -> dict[str, Any]:
    config_id, body = _config(call), call.body
    if body["recordType"] == "DIAL" and not body.get("dialId"):
        raise Reject.invalid(["dialId: required for a DIAL record"])
    if body["recordType"] == "PROMPT" and not body.get("systemPrompt"):
        raise Reject.invalid(["systemPrompt: required for a PROMPT record"])
    record: dict[str, Any] = {_OWNER: config_id, "recordType": body["recordType"]}
    if body["recordType"] == "DIAL":
        record["dialId"] = body["dialId"]
    else:
        store = call.fake.store
        prompt = {k: body[k] for k in _PROMPT_KEYS if k in body}
        record["prompt"] = {"id": store.data.uuid(), **prompt, "createdAt": iso_ms(store.now_ms)}
    return _public(call.fake.collection("eval_records").create(record))


@routes.get("/eval_configs/{id}/records/{recordId}", name="getEvalRecord")
async def get_record(call: Call) -> dict[str, Any]:
    records, record_id = _record(call)
    return _public(records.get(record_id))


@routes.delete("/eval_configs/{id}/records/{recordId}", name="deleteEvalRecord")
async def delete_record(call: Call) -> dict[str, Any]:
    records, record_id = _record(call)
    records.delete(record_id)
    return {"id": record_id}


@routes.get("/eval_configs/{id}/runs", name="listEvalConfigRuns", paging=_PAGED)
async def list_runs(call: Call) -> Page:
    return _owned(call, "eval_runs", _config(call))


def _run(call: Call) -> tuple[Collection, str]:
    return call.fake.collection("eval_runs"), call.param("id")


@routes.get("/eval_runs/{id}", name="getEvalRun")
async def get_run(call: Call) -> dict[str, Any]:
    runs, run_id = _run(call)
    return _public(runs.get(run_id))


@routes.post("/eval_runs/{id}/cancel", name="cancelEvalRun")
async def cancel_run(call: Call) -> dict[str, Any]:
    runs, run_id = _run(call)
    if runs.get(run_id).get("status") in _CANCELLABLE:
        return _public(runs.update(run_id, {"status": "CANCELLED"}))
    return _public(runs.get(run_id))


GROUP = Group(
    "evals",
    routes,
    collections={
        "eval_configs": generate_config,
        "eval_records": generate_record,
        "eval_runs": generate_run,
    },
    owners={"eval_records": _OWNER, "eval_runs": _OWNER},
)
