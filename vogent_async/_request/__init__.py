"""The request side: a call's path and body, checked at the door and encoded.

Holds the one path builder (`_paths`), the walker that checks a body against the
rules on its fields (`_validation`, with `_annotations` for what a field's type
accepts) and the encoder of a job's rows item by item (`_rows`). It may import the
codec, `vogent_async.models` (the rules fields declare), `vogent_async.errors` and
the root leaves; never the transport, resources or the client.
"""
