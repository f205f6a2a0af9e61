"""Integrations with other systems, each behind its own extra.

- `vogent_async.contrib.redis`: a request budget and cursor checkpoints shared
  through Redis (``pip install 'vogent-async[redis]'``).
- `vogent_async.contrib.arq`: arq worker settings and tasks that export dials
  into a database (``pip install 'vogent-async[arq]'``).
"""
