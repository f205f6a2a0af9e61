"""arq workers that export dials into a database, sharing one budget through Redis.

Install with ``pip install 'vogent-async[arq]'``. In a module of yours::

    from arq.connections import RedisSettings
    from vogent_async.contrib.arq import ExportSettings, worker_settings

    WorkerSettings = worker_settings(
        ExportSettings(sink="dials.sqlite3", max_concurrency=8),
        redis_settings=RedisSettings(host="redis"),
    )

then run ``arq yourmodule.WorkerSettings`` on as many machines as you like, and
enqueue ``export_matching_jobs`` (every job a filter matches) or
``export_job_dials`` (one job). Every worker's client shares one `RedisBudget`;
each export saves a checkpoint after every page and writes dials with an upsert,
so a killed worker's job resumes on another one without losing or repeating a dial.
"""

from __future__ import annotations

from vogent_async.contrib.arq._open_sink import open_sink
from vogent_async.contrib.arq._settings import CHECKPOINT_PREFIX, ExportSettings, worker_settings
from vogent_async.contrib.arq._sink import DialSink, SqliteSink
from vogent_async.contrib.arq._tasks import Runtime, export_job_dials, export_matching_jobs

__all__ = [
    "CHECKPOINT_PREFIX",
    "DialSink",
    "ExportSettings",
    "Runtime",
    "SqliteSink",
    "export_job_dials",
    "export_matching_jobs",
    "open_sink",
    "worker_settings",
]
