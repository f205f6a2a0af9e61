"""The API groups, one class each, reached as attributes of `vogent_async.Client`."""

from vogent_async.resources.batch_dial_jobs import BatchDialJobs

__all__ = ["BatchDialJobs"]
