"""The README's "Testing your code with FakeVogent" example runs as written."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..conftest import SleepRecorder

README = Path(__file__).resolve().parents[2] / "README.md"


async def test_the_readme_fake_vogent_example_passes(sleeps: SleepRecorder) -> None:
    """The example test in the README's FakeVogent section is correct code that passes."""
    text = README.read_text(encoding="utf-8")
    section = text.split("## Testing your code with FakeVogent", 1)[1]
    match = re.search(r"```python\n(.*?)```", section, re.S)
    assert match is not None
    namespace: dict[str, Any] = {}

    exec(compile(match.group(1), str(README), "exec"), namespace)
    await namespace["test_report_counts_completed_dials"]()

    assert len(sleeps.delays) == 2  # the two injected 503s were retried after a backoff
