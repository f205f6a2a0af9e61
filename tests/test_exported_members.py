"""The public surface: every public name is exported, documented, and in the API reference."""

from __future__ import annotations

import importlib
import inspect
import re
import types
import typing
from pathlib import Path
from typing import Any

import pytest

import vogent_async

REFERENCE = Path(__file__).resolve().parent.parent / "docs" / "reference"
DIRECTIVE = re.compile(r"^::: +(\S+)\s*$", re.MULTILINE)

#: The modules whose ``__all__`` is the public API.
PUBLIC_MODULES = [
    "vogent_async",
    "vogent_async.budget",
    "vogent_async.contrib.arq",
    "vogent_async.contrib.redis",
    "vogent_async.errors",
    "vogent_async.models",
    "vogent_async.resources",
    "vogent_async.testing",
    "vogent_async.webhooks",
    "vogent_async.webhooks.aiohttp",
    "vogent_async.webhooks.starlette",
]

#: Exported but not an object to document with ``:::``.
NOT_IN_REFERENCE = {"__version__"}


def _ours(value: Any) -> bool:
    """Whether an object comes from this package (not ``typing``, ``__future__``, ...)."""
    module = getattr(value, "__module__", None) or type(value).__module__
    return isinstance(module, str) and module.split(".")[0] == "vogent_async"


def _public_names(module: types.ModuleType) -> list[str]:
    """The package's objects a module holds under a public name (submodules aside)."""
    names = dir(module)  # not vars(): vogent_async.testing imports its names on first use
    return sorted(
        name
        for name in names
        if not name.startswith("_")
        and not isinstance(value := getattr(module, name), types.ModuleType)
        and _ours(value)
    )


def _resolve(path: str) -> Any:
    """Import ``a.b.C.d`` as the object it names, as mkdocstrings does."""
    parts = path.split(".")
    for split in range(len(parts), 0, -1):
        try:
            obj: Any = importlib.import_module(".".join(parts[:split]))
        except ModuleNotFoundError:
            continue
        for attr in parts[split:]:
            obj = getattr(obj, attr)
        return obj
    raise LookupError(path)


def _documented() -> dict[int, str]:
    """Every object a ``::: path`` directive of the reference renders, by identity."""
    found: dict[int, str] = {}
    for page in sorted(REFERENCE.glob("*.md")):
        for path in DIRECTIVE.findall(page.read_text()):
            found[id(_resolve(path))] = path
    return found


def _exported() -> dict[str, Any]:
    """Every exported public object, keyed by its public path."""
    objects: dict[str, Any] = {}
    for module_name in PUBLIC_MODULES:
        module = importlib.import_module(module_name)
        for name in module.__all__:
            if name not in NOT_IN_REFERENCE:
                objects[f"{module_name}.{name}"] = getattr(module, name)
    return objects


def _resource_classes() -> dict[str, type]:
    """The classes of the API groups reached as attributes of `Client`."""
    hints = typing.get_type_hints(vogent_async.Client)
    return {
        f"Client.{name}": tp
        for name, tp in hints.items()
        if not name.startswith("_") and inspect.isclass(tp)
    }


@pytest.mark.parametrize("module_name", PUBLIC_MODULES)
def test_all_public_names_are_exported(module_name: str) -> None:
    """A public module's ``__all__`` holds each of its public classes and functions, once.

    Their order is ruff's business (RUF022 keeps ``__all__`` sorted, isort-style).
    """
    module = importlib.import_module(module_name)
    missing = sorted(set(_public_names(module)) - set(module.__all__))
    assert missing == [], f"public but not in {module_name}.__all__: {missing}"
    assert len(set(module.__all__)) == len(module.__all__)
    for name in module.__all__:
        getattr(module, name)  # every exported name exists


def test_every_exported_name_is_in_the_reference() -> None:
    """Each exported object and each API group class has a ``:::`` entry in docs/reference."""
    documented = _documented()
    wanted = {**_exported(), **_resource_classes()}
    missing = sorted(path for path, obj in wanted.items() if id(obj) not in documented)
    assert missing == [], f"add a '::: <path>' entry to docs/reference/ for: {missing}"


def _members(cls: type) -> list[tuple[str, Any]]:
    """The public methods and properties a class defines itself."""
    members = []
    for name, value in vars(cls).items():
        if name.startswith("_"):
            continue
        func = value.fget if isinstance(value, property) else value
        if isinstance(func, (classmethod, staticmethod)):
            func = func.__func__
        if inspect.isfunction(func):
            members.append((name, func))
    return members


def test_every_public_object_has_a_docstring() -> None:
    """Exported classes and functions, and their public methods, all carry a docstring."""
    undocumented = []
    wanted = {**_exported(), **_resource_classes()}
    for path, obj in wanted.items():
        if not (inspect.isclass(obj) or inspect.isfunction(obj)):
            continue
        if not (obj.__doc__ or "").strip():
            undocumented.append(path)
        if inspect.isclass(obj):
            undocumented.extend(
                f"{path}.{name}"
                for name, member in _members(obj)
                if not (member.__doc__ or "").strip()
            )
    assert sorted(set(undocumented)) == []


def test_reference_entries_resolve() -> None:
    """Every ``:::`` path in docs/reference names an importable object."""
    for page in sorted(REFERENCE.glob("*.md")):
        for path in DIRECTIVE.findall(page.read_text()):
            assert _resolve(path) is not None, f"{page.name}: {path}"
