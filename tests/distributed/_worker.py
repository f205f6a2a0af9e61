"""One arq export worker for the distributed tests: ``python -m tests.distributed._worker JSON``.

The JSON argument holds ``redis_url``, ``base_url``, ``sink``, ``budget_key`` (or
``null`` for each worker's own budget) and ``max_concurrency``.
"""

from __future__ import annotations

import json
import logging
import sys
from typing import Any

from arq import run_worker
from arq.connections import RedisSettings

from vogent_async.contrib.arq import ExportSettings, worker_settings

API_KEY = "sk-distributed-test"

#: Seconds an arq job may run; a killed worker's jobs go to another after this + 10 s.
JOB_TIMEOUT = 10


def export_settings(config: dict[str, Any]) -> ExportSettings:
    """The workers' export settings, from the JSON config."""
    return ExportSettings(
        sink=config["sink"],
        api_key=API_KEY,
        base_url=config["base_url"],
        budget_key=config["budget_key"],
        max_concurrency=config["max_concurrency"],
        page_size=10,
        timeout=2.0,
        max_retries=8,
    )


def main(raw: str) -> None:
    """Run the worker until SIGTERM."""
    config = json.loads(raw)
    logging.basicConfig(level=logging.INFO, stream=sys.stderr)
    run_worker(
        worker_settings(
            export_settings(config),
            redis_settings=RedisSettings.from_dsn(config["redis_url"]),
            max_jobs=10,
            job_timeout=JOB_TIMEOUT,
            poll_delay=0.05,
            keep_result=300,
            max_tries=20,
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])
