"""What the install instructions say matches the package's metadata (pyproject.toml)."""

from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path

DOCS = Path(__file__).resolve().parents[1] / "docs"


def _runtime_dependencies() -> set[str]:
    requirements = metadata.requires("vogent-async") or []
    names = (re.match(r"[A-Za-z0-9_.-]+", r) for r in requirements if "extra ==" not in r)
    return {name.group(0) for name in names if name is not None}


def test_the_quickstart_names_every_runtime_dependency_and_no_count() -> None:
    """It said "three dependencies" while there were five."""
    text = (DOCS / "quickstart.md").read_text("utf-8")

    spelled = {
        name: {f"`{name}`", f"`{name.replace('-', '_')}`"} for name in _runtime_dependencies()
    }
    assert {name for name, forms in spelled.items() if not any(f in text for f in forms)} == set()
    assert not re.search(r"\b(two|three|four|five|six) dependencies", text)
