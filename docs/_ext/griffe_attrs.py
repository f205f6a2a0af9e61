"""A griffe extension that gives attrs classes the ``__init__`` attrs generates.

griffe reads source without running it, and attrs writes ``__init__`` at import
time, so without this the reference would show ``BatchDialJob()`` and every
``Args:`` entry would be reported as a parameter that is not in the signature.
The built-in dataclasses extension does the same for ``@dataclass``.
"""

from __future__ import annotations

from typing import Any

import griffe

_DECORATORS = {
    "attrs.define",
    "attrs.frozen",
    "attrs.mutable",
    "attr.s",
    "attr.attrs",
    "attr.define",
    "attr.frozen",
}
_FIELD_CALLS = {"attrs.field", "attr.ib", "attr.field"}
_POSITIONAL = griffe.ParameterKind("positional or keyword")
_KEYWORD = griffe.ParameterKind("keyword-only")


def _is_attrs_class(cls: griffe.Class) -> bool:
    for decorator in cls.decorators:
        value = decorator.value
        if isinstance(value, griffe.ExprCall):
            value = value.function
        if isinstance(value, griffe.Expr) and value.canonical_path in _DECORATORS:
            return True
    return False


def _field_args(attribute: griffe.Attribute) -> dict[str, Any] | None:
    value = attribute.value
    if isinstance(value, griffe.ExprCall) and value.canonical_path in _FIELD_CALLS:
        return {
            arg.name: arg.value for arg in value.arguments if isinstance(arg, griffe.ExprKeyword)
        }
    return None


def _parameters(cls: griffe.Class) -> list[griffe.Parameter]:
    parameters = []
    for member in cls.members.values():
        if not isinstance(member, griffe.Attribute) or member.annotation is None:
            continue
        if "class-attribute" in member.labels and "instance-attribute" not in member.labels:
            continue  # ClassVar
        args = _field_args(member)
        if args is not None and str(args.get("init")) == "False":
            continue
        if args is None:
            default = member.value
        elif "factory" in args:
            default = griffe.ExprCall(function=args["factory"], arguments=[])
        else:
            default = args.get("default")
        kind = _POSITIONAL
        if args is not None and str(args.get("kw_only")) == "True":
            kind = _KEYWORD
        parameters.append(
            griffe.Parameter(
                member.name.lstrip("_"),  # attrs strips leading underscores in __init__
                annotation=member.annotation,
                kind=kind,
                default=default,
                docstring=member.docstring,
            )
        )
    return parameters


def _add_init(cls: griffe.Class) -> None:
    if "__init__" in cls.members or not _is_attrs_class(cls):
        return
    parameters: dict[str, griffe.Parameter] = {}
    try:
        bases = list(reversed(cls.mro()))
    except ValueError:  # an unresolvable base: document the class's own fields only
        bases = []
    for parent in [*bases, cls]:
        if isinstance(parent, griffe.Class) and _is_attrs_class(parent):
            parameters.update((p.name, p) for p in _parameters(parent))
    ordered = sorted(parameters.values(), key=lambda p: p.kind is _KEYWORD)
    self_param = griffe.Parameter("self", kind=_POSITIONAL)
    cls.set_member(
        "__init__",
        griffe.Function(
            "__init__",
            lineno=0,
            endlineno=0,
            parent=cls,
            parameters=griffe.Parameters(self_param, *ordered),
            returns="None",
        ),
    )


def _walk(obj: griffe.Module | griffe.Class) -> None:
    if isinstance(obj, griffe.Class):
        _add_init(obj)
    for member in obj.members.values():
        if not member.is_alias and (member.is_module or member.is_class):
            _walk(member)  # type: ignore[arg-type]


class AttrsInitExtension(griffe.Extension):
    """Synthesise ``__init__`` for every attrs class of a loaded package."""

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        """Walk the package once it is loaded.

        Args:
            pkg: The loaded package.
            **kwargs: Other hook arguments, unused.
        """
        _walk(pkg)
