"""Every operation of the contract has its four parts: the registry of "Adding an API group".

An operation of tests/api/vogent-openapi.yaml is done when it has a client
method (`OPERATIONS` names it), a route of the fake, a reference entry for its
resource in docs/reference/resources.md, and a request-fidelity case
(`test_request_fidelity.FIDELITY`). Each test below fails, naming the
operations, when one of them is missing; a new operation of the contract fails
the first until it is added here.
"""

from __future__ import annotations

import inspect
import typing
from pathlib import Path

import vogent_async
from vogent_async.testing._registry import ROUTES

from .test_request_fidelity import FIDELITY, routes

REFERENCE = Path(__file__).resolve().parents[2] / "docs" / "reference" / "resources.md"

#: Each operation of the contract and the client methods that call it.
OPERATIONS: dict[str, tuple[str, ...]] = {
    "createDial": ("dials.create",),
    "getDial": ("dials.get", "dials.wait"),
    "hangupDial": ("dials.hangup",),
    "getDialToken": ("dials.token",),
    "listAgents": ("agents.list", "agents.get"),
    "createAgent": ("agents.create",),
    "updateAgent": ("agents.update",),
    "deleteAgent": ("agents.delete",),
    "listVoices": ("voices.list",),
    "cloneVoice": ("voices.clone",),
    "listAgentVersionedPrompts": ("versioned_prompts.list",),
    "createAgentVersionedPrompt": ("versioned_prompts.create",),
    "getAgentVersionedPrompt": ("versioned_prompts.get",),
    "updateAgentVersionedPrompt": ("versioned_prompts.update",),
    "listAgentExtractors": ("extractors.list",),
    "createAgentExtractor": ("extractors.create",),
    "getAgentExtractor": ("extractors.get",),
    "updateAgentExtractor": ("extractors.update",),
    "listPhoneNumbers": ("phone_numbers.list",),
    "createPhoneNumber": (
        "phone_numbers.create_purchase",
        "phone_numbers.create_sip_import",
        "phone_numbers.create_vogent_sip",
    ),
    "searchAvailablePhoneNumbers": ("phone_numbers.search",),
    "purchaseAvailablePhoneNumber": ("phone_numbers.purchase",),
    "getPhoneNumber": ("phone_numbers.get",),
    "updatePhoneNumber": ("phone_numbers.update",),
    "deletePhoneNumber": ("phone_numbers.delete",),
    "createFunction": ("functions.create_transfer", "functions.create_api"),
    "getFunction": ("functions.get",),
    "updateFunction": ("functions.update",),
    "deleteFunction": ("functions.delete",),
    "listModels": ("models.list",),
    "runTtsModel": ("tts.stream",),
    "runMultispeakerTtsModel": ("tts.stream_multispeaker",),
    "ttsWebsocket": ("tts.websocket",),
    "listBatchDialJobs": ("batch_dial_jobs.list",),
    "createBatchDialJob": ("batch_dial_jobs.create",),
    "getBatchDialJob": ("batch_dial_jobs.get",),
    "updateBatchDialJob": ("batch_dial_jobs.update",),
    "listBatchDialJobQueue": ("batch_dial_jobs.list_queued",),
    "setBatchDialJobPaused": ("batch_dial_jobs.pause", "batch_dial_jobs.resume"),
    "listBatchDialJobDials": ("batch_dial_jobs.list_dials",),
    "listEvalConfigs": ("evals.list_configs",),
    "createEvalConfig": ("evals.create_config",),
    "listEvalConfigRecords": ("evals.list_records",),
    "createEvalConfigRecord": ("evals.create_record",),
    "getEvalRecord": ("evals.get_record",),
    "deleteEvalRecord": ("evals.delete_record",),
    "listEvalConfigRuns": ("evals.list_runs",),
    "getEvalRun": ("evals.get_run",),
    "cancelEvalRun": ("evals.cancel_run",),
}


def _resource(group: str) -> type:
    """The resource class of ``client.<group>``, as `Client` annotates it."""
    found: type = typing.get_type_hints(vogent_async.Client)[group]
    return found


def test_every_operation_of_the_contract_has_a_client_method() -> None:
    """Each operationId maps to methods that exist, are public and are documented."""
    assert sorted(set(routes()) - set(OPERATIONS)) == [], "operations with no client method"
    assert sorted(set(OPERATIONS) - set(routes())) == [], "methods of no contract operation"
    missing = []
    for operation_id, methods in OPERATIONS.items():
        for dotted in methods:
            group, name = dotted.split(".")
            method = getattr(_resource(group), name, None)
            if method is None or not inspect.getdoc(method):
                missing.append(f"{operation_id}: client.{dotted}")
    assert missing == []


def test_every_operation_has_a_route_of_the_fake() -> None:
    """The fake serves each operation, under the contract's name."""
    served = {route.name: route.key for route in ROUTES}
    assert sorted(op for op in routes() if op not in served) == []
    assert {op: served[op] for op in routes()} == routes()


def test_every_operation_has_a_reference_entry() -> None:
    """The resource class of each operation's methods has a ``:::`` entry in the reference."""
    text = REFERENCE.read_text(encoding="utf-8")
    missing = sorted(
        {
            f"{operation_id}: {_resource(dotted.split('.')[0]).__name__}"
            for operation_id, methods in OPERATIONS.items()
            for dotted in methods
            if f"::: vogent_async.resources.{_resource(dotted.split('.')[0]).__name__}\n"
            not in text
        }
    )
    assert missing == []


def test_every_operation_has_a_request_fidelity_case() -> None:
    """tests/testing/test_request_fidelity.py checks what each operation sends."""
    assert sorted(set(routes()) - set(FIDELITY)) == []
