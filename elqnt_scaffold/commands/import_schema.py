"""`import-schema FILE --resource NAME`: a spec from a JSON Schema or an OpenAPI 3 document.

document (importer.document: load, recognise, check) -> model graph (importer.graph: datamodel-code-
generator's own parsers) -> spec fields and models (importer.mapping) -> a validated Spec, dumped the way
add-endpoint saves specs. What the spec cannot carry comes back as warnings, one line each.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import naming
from ..errors import UserError
from ..spec import Spec, dump_spec, from_data
from ..importer.document import Document, load_document, pointer_parts


@dataclass
class ImportResult:
    spec: Spec
    text: str
    model: str  # the document's model the resource was built from
    warnings: list[str] = field(default_factory=list)


INSTALL_IMPORT = "pip install 'elqnt-scaffold[import]'"


def _graph_module():
    """importer.graph, which imports datamodel-code-generator (the `import` extra) only when this command runs.
    UserError (exit 2) with the pip line when the extra is not installed."""
    try:
        from ..importer import graph
    except ModuleNotFoundError as exc:
        if not (exc.name or "").startswith("datamodel_code_generator"):
            raise
        raise UserError(
            "import-schema needs datamodel-code-generator, which is not installed (it is an extra, so the "
            "pre-commit hooks install without it)",
            hint=f"run `{INSTALL_IMPORT}` (or `pip install 'datamodel-code-generator>=0.89'` in this environment)",
        ) from None
    return graph


def run(path: Path, resource: str, model: str | None = None, service: str | None = None) -> ImportResult:
    problem = naming.name_problem(resource)
    if problem:
        raise UserError(f"resource name {resource!r} {problem}", field="--resource",
                        hint="use a singular snake_case name like order or line_item")
    doc = load_document(path)
    schema_graph = _graph_module()
    from ..importer.mapping import Mapper

    graph = schema_graph.parse(doc)
    chosen = choose_model(doc, graph, model)
    resource = naming.snake(resource)
    names = naming.ResourceNames.of(resource)
    reserved = {names.go, f"Create{names.go}Request", f"Update{names.go}Request", f"List{names.go_plural}Response"}
    mapper = Mapper(doc, graph, names.go, reserved)
    fields = mapper.resource_fields(chosen)
    mapper.settle_names(names.go, fields)
    data: dict[str, Any] = {"resource": resource}
    if service:
        data["service"] = service
    description = mapper.description(chosen, mapper.pointer_of(chosen, "#"))
    if description:
        data["description"] = description
    data["fields"] = fields
    if mapper.models:
        data["models"] = mapper.models
    spec = from_data(data, f"{doc.file} (imported as {resource!r})")
    label = _label(doc, chosen)
    note = f"elqnt-scaffold spec imported from {Path(doc.file).name} ({label}); check it, then `add-endpoint --spec`."
    return ImportResult(spec, dump_spec(spec, note=note), label, mapper.warnings)


def _label(doc: Document, model: Any) -> str:
    pointer = "#" + model.path.split("#", 1)[1] if "#" in model.path else "#"
    return pointer if pointer != "#" else (doc.data.get("title") or "the root schema")


def candidates(doc: Document, graph: dict[str, Any]) -> dict[str, Any]:
    """The objects a resource can be built from, by the name `--model` takes: OpenAPI components.schemas;
    a JSON Schema's root (by its title, or `root`) and its $defs / definitions."""
    out: dict[str, Any] = {}
    for path, model in graph.items():
        if model.kind != "object" or model.inline or "#" not in path:
            continue
        parts = pointer_parts(path)
        if doc.kind == "openapi" and len(parts) == 3 and parts[:2] == ("components", "schemas"):
            out[str(parts[2])] = model
        elif doc.kind == "jsonschema" and not parts:
            out[str(doc.data.get("title") or "root")] = model
        elif doc.kind == "jsonschema" and len(parts) == 2 and parts[0] in ("$defs", "definitions"):
            out[str(parts[1])] = model
    return out


def choose_model(doc: Document, graph: dict[str, Any], wanted: str | None) -> Any:
    found = candidates(doc, graph)
    names = ", ".join(sorted(found)) or "none"
    if wanted is not None:
        match = found.get(wanted) or next((m for n, m in found.items() if n.lower() == wanted.lower()), None)
        if match is None:
            match = next((m for m in found.values() if m.class_name == wanted), None)
        if match is None:
            raise UserError(
                f"no object schema named {wanted!r} in this document (its objects: {names})",
                file=doc.file, field="--model", hint="pass one of the names listed with --model",
            )
        return match
    if doc.kind == "jsonschema" and any(not pointer_parts(m.path) for m in found.values()):
        return next(m for m in found.values() if not pointer_parts(m.path))  # the root object
    if len(found) == 1:
        return next(iter(found.values()))
    if not found:
        raise UserError(
            "the document defines no object schema (an object with properties) to build a resource from",
            file=doc.file, line=1, hint="import a schema whose root, or one of whose definitions, is an object",
        )
    raise UserError(
        f"the document has several object schemas ({names}): which one is the resource?",
        file=doc.file, field="--model", hint="choose one with --model NAME",
    )
