"""Models of the Extractors group: what an agent pulls out of a finished call."""

from __future__ import annotations

from typing import ClassVar

import attrs

from vogent_async._sentinel import NOT_GIVEN, NotGiven
from vogent_async.models._rules import JSON_OBJECT, TEXT, ObjectChecks, checks, something_given
from vogent_async.models._wire import WireModel

__all__ = ["Extractor", "ExtractorInput", "ExtractorUpdate"]


@attrs.frozen
class Extractor(WireModel):
    """An extractor of an agent: the fields it extracts from each call's transcript.

    Attributes:
        id: The extractor's id.
        name: Its name.
        extractor_fields_json_schema: A JSON Schema of the extracted fields,
            serialised as a string (``json.loads`` it to read it).
    """

    id: str
    name: str
    extractor_fields_json_schema: str


@attrs.frozen
class ExtractorInput(WireModel):
    """A new extractor: the body of ``extractors.create`` (and `AgentInput.default_extractor`).

    Attributes:
        name: The extractor's name; not empty.
        extractor_fields_json_schema: A JSON Schema of the fields to extract, as a
            string (``json.dumps`` it); it must parse as a JSON object.
    """

    name: str = attrs.field(metadata=checks(TEXT))
    extractor_fields_json_schema: str = attrs.field(metadata=checks(JSON_OBJECT))


@attrs.frozen
class ExtractorUpdate(WireModel):
    """Changes to an extractor: the body ``extractors.update`` builds.

    Each field is documented there, as the argument of its name; a field left at
    `NOT_GIVEN` is not sent.
    """

    name: str | NotGiven = attrs.field(default=NOT_GIVEN, metadata=checks(TEXT))
    extractor_fields_json_schema: str | NotGiven = attrs.field(
        default=NOT_GIVEN, metadata=checks(JSON_OBJECT)
    )

    _object_checks: ClassVar[ObjectChecks] = (something_given,)
