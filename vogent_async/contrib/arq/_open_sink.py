"""`open_sink`: the sink a target names, SQLite or PostgreSQL.

Apart from both sinks, so that neither imports the other (PostgreSQL's needs
``psycopg``, imported only when a DSN asks for it).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from vogent_async.contrib.arq._sink import DialSink, SqliteSink

__all__ = ["open_sink"]


def open_sink(target: str | Path, **options: Any) -> DialSink:
    """The sink a target names: a ``postgresql://`` DSN or a SQLite file path.

    Args:
        target: ``postgresql://user@host/db`` (needs ``psycopg``), or a file path.
        **options: Passed to the sink's class.

    Raises:
        ValueError: ``target`` is empty.
    """
    text = str(target)
    if not text:
        raise ValueError("sink must be a SQLite file path or a postgresql:// DSN")
    if text.startswith(("postgresql://", "postgres://")):
        from vogent_async.contrib.arq._postgres import PostgresSink

        sink: DialSink = PostgresSink(text, **options)
        return sink
    return SqliteSink(text, **options)
