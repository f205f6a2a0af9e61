"""The API's data as attrs classes, one module per API group.

Each group module's ``__all__`` says what it makes public; the list below is
the package's, and `vogent_async` re-exports it as it is (it lists no model
itself). tests/test_exported_members.py fails if a group's public class is
missing here or from docs/reference.
"""

from vogent_async.models._shared import *
from vogent_async.models.agent_inputs import *
from vogent_async.models.agents import *
from vogent_async.models.batch_dial_jobs import *
from vogent_async.models.dials import *
from vogent_async.models.evals import *
from vogent_async.models.extractors import *
from vogent_async.models.functions import *
from vogent_async.models.models import *
from vogent_async.models.phone_numbers import *
from vogent_async.models.tts import *
from vogent_async.models.versioned_prompts import *
from vogent_async.models.voices import *

__all__ = [
    "FINAL_DIAL_STATUSES",
    "SAMPLE_RATES",
    "APIFunction",
    "APIFunctionInput",
    "Agent",
    "AgentInput",
    "AgentType",
    "AgentUpdate",
    "AllowedNumber",
    "ArrayConditionType",
    "AudioFormat",
    "AudioOutputType",
    "AvailableNumber",
    "BackgroundNoiseType",
    "BatchDialJob",
    "BatchDialJobStatus",
    "BatchDialRow",
    "CloneModel",
    "Dial",
    "DialFunctionCall",
    "DialNodeTransition",
    "DialRecording",
    "DialSession",
    "DialStatus",
    "DialSystemResultType",
    "DialTranscriptItem",
    "EndpointDetectorConfig",
    "EndpointDetectorMode",
    "EndpointDetectorType",
    "EvalConfig",
    "EvalRecord",
    "EvalRecordPrompt",
    "EvalRecordType",
    "EvalRun",
    "EvalRunResult",
    "EvalRunStatus",
    "Extractor",
    "ExtractorInput",
    "ExtractorUpdate",
    "FlowDefinition",
    "FlowNode",
    "FlowNodeType",
    "Function",
    "FunctionInput",
    "FunctionType",
    "FunctionUpdate",
    "IdleMessageConfig",
    "IvrConfiguration",
    "IvrDetectionType",
    "LifecycleMessages",
    "LinkedFunctionDefinition",
    "Model",
    "ModelOption",
    "ModelOptionValueType",
    "MultispeakerLine",
    "NewPhoneNumber",
    "NumberPurchase",
    "OpeningLine",
    "OpeningLineType",
    "OptionValue",
    "PhoneNumber",
    "PhoneNumberType",
    "PurchaseNewNumber",
    "QueuedDial",
    "Schedule",
    "ScheduleDay",
    "SilenceHangupConfiguration",
    "SipImport",
    "SipImportNewNumber",
    "TimeSlot",
    "TimeoutBehaviorConfiguration",
    "TranscriberParams",
    "TranscriberType",
    "TransferFunction",
    "TransferFunctionInput",
    "TransitionConditionType",
    "TransitionRule",
    "TtsChunk",
    "TtsError",
    "TtsFinished",
    "TtsMessage",
    "TtsTimestamp",
    "UnknownVariant",
    "UtteranceDetectorConfig",
    "UtteranceSensitivity",
    "VersionedPrompt",
    "VersionedPromptInput",
    "VersionedPromptUpdate",
    "VogentSip",
    "VogentSipNewNumber",
    "Voice",
    "VoiceTier",
]
