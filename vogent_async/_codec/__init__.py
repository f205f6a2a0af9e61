"""The codec: JSON to models and back, through one cattrs converter.

Holds the converter (`_converter`), its cattrs hooks (`_cattrs_hooks`), tagged
unions, the compiled structure functions (`_compiled`), structural sharing of
decoded models (`_sharing`), the field paths of decoding errors, the helper every
code generator writes its source with (`_source`) and the models' JSON helpers
(`_wire`, handed to `vogent_async.models` on import). It may import
`vogent_async.models` (the markers models declare), `vogent_async.errors` and the
root leaves; never the transport, the request walker, resources or the client.
"""

from vogent_async._codec import _wire as _wire  # hands the codec to the models' JSON helpers
