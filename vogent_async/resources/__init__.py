"""The API groups, one class each, reached as attributes of `vogent_async.Client`."""

from vogent_async.resources.batch_dial_jobs import BatchDialJobs
from vogent_async.resources.dials import Dials

__all__ = ["BatchDialJobs", "Dials"]
