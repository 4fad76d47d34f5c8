"""The checks a spec's `models:` need beyond their own shape: names, references, collisions, cycles.

Called by `Spec` after pydantic validated every part; each problem is a SpecProblem carrying the path
of the key it is about (`models.Address.fields[2].type`), so the loader reports its file:line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import naming
from .fields import SpecProblem, is_model_name

if TYPE_CHECKING:  # pragma: no cover
    from .document import Spec
    from .fields import FieldSpec


def check_models(spec: "Spec") -> None:
    for name in spec.models:
        if not is_model_name(name):
            raise SpecProblem(
                f"model name {name!r} is not a Go type name",
                ("models", name),
                hint="use PascalCase letters and digits, starting with a capital: Address, LineItem, GeoPoint2",
            )
    for path, field in _all_fields(spec):
        model = field.model
        if model is not None and model not in spec.models:
            known = ", ".join(spec.models) or "none"
            where = "" if field.type == model else f" in type {field.type!r}"
            raise SpecProblem(
                f"unknown model {model!r}{where} (the spec's models: {known})",
                path + ("type",),
                hint=f"add `{model}:` with its `fields:` under `models:`, or fix the type's spelling",
            )
    _check_collisions(spec)
    _check_required_cycles(spec)


def _all_fields(spec: "Spec") -> list[tuple[tuple[Any, ...], "FieldSpec"]]:
    out: list[tuple[tuple[Any, ...], FieldSpec]] = [(("fields", i), f) for i, f in enumerate(spec.fields)]
    for name, model in spec.models.items():
        out += [(("models", name, "fields", i), f) for i, f in enumerate(model.fields)]
    return out


def enum_type_name(owner: str, field_name: str) -> str:
    """The Go type of an enum field: the owner's Go name and the field's (`Widget` + `status`)."""
    return owner + naming.go_name(field_name)


def _check_collisions(spec: "Spec") -> None:
    taken: dict[str, tuple[Any, ...]] = {}
    names = spec.names
    for own in (names.go, f"Create{names.go}Request", f"Update{names.go}Request", f"List{names.go_plural}Response"):
        taken[own] = ("resource",)
    for path, field in _all_fields(spec):  # enum types: `<Owner><Field>`
        if field.type != "enum":
            continue
        owner = names.go if path[0] == "fields" else path[1]
        go = enum_type_name(owner, field.name)
        if go in taken:
            raise SpecProblem(
                f"enum field {field.name!r} needs the Go type {go}, which {_what(taken[go])} already declares",
                path + ("name",),
                hint="rename the field or the model",
            )
        taken[go] = path
    for name in spec.models:
        if name in taken:
            raise SpecProblem(
                f"model {name!r} has the name of a Go type the resource already declares ({_what(taken[name])})",
                ("models", name),
                hint="rename the model, and the field types that name it",
            )


def _what(path: tuple[Any, ...]) -> str:
    if path == ("resource",):
        return "the resource"
    if path[0] == "fields":
        return f"fields[{path[1]}]"
    return f"models.{path[1]}.fields[{path[3]}]"


def _check_required_cycles(spec: "Spec") -> None:
    """A model that holds itself through fields that are all required, not nullable and not in a list or
    map has no finite JSON value, and no Go size: reject it (optional and nullable fields are pointers)."""
    edges: dict[str, list[tuple[str, int, str]]] = {}
    for name, model in spec.models.items():
        for index, field in enumerate(model.fields):
            if field.model and len(field.kind) == 1 and field.required and not field.nullable:
                edges.setdefault(name, []).append((field.model, index, field.name))
    state: dict[str, int] = {}  # 1 visiting, 2 done

    def visit(name: str, trail: list[tuple[str, int, str]]) -> None:
        state[name] = 1
        for target, index, field_name in edges.get(name, []):
            step = trail + [(name, index, field_name)]
            if state.get(target) == 1:
                start = next(i for i, (owner, _, _) in enumerate(step) if owner == target)
                cycle = step[start:]
                shown = " -> ".join(f"{owner}.{fname}" for owner, _, fname in cycle) + f" -> {target}"
                owner, idx, _ = cycle[0]
                raise SpecProblem(
                    f"required cycle {shown}: no finite value has every one of these fields",
                    ("models", owner, "fields", idx, "type"),
                    hint="make one field of the cycle optional (drop `required`) or `nullable: true`; "
                    "it becomes a pointer",
                )
            if state.get(target) is None:
                visit(target, step)
        state[name] = 2

    for name in spec.models:
        if state.get(name) is None:
            visit(name, [])
