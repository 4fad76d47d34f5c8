"""`remove-endpoint RESOURCE [--op NAME]`: take a resource, or one operation, out of all four layers.

Removing an operation edits the saved spec (round trip: comments and layout stay) and regenerates: what
the operation had in every layer is stale and goes (route line, gateway entry, handler, client function,
its untouched 501 skeleton). Removing the resource plans every layer with `removing=True`: the tool's files
are deleted, its lines and entries in shared files removed (only while they are as it wrote them; see the
lock), the user's service file deleted only while unchanged, else kept and listed. Then the service is
built and vetted, like after add-endpoint.
"""

from __future__ import annotations

from .. import naming
from ..errors import UserError
from ..layers import registry
from ..plan import read_text
from ..repo import Repo
from ..sources.yaml.lines import load
from ..spec import from_data, load_spec
from ..spec import edit
from . import add_endpoint
from .add_endpoint import AddEndpointResult


def run(
    repo: Repo, resource: str, *, op: str | None = None, service: str | None = None, dry_run: bool = False, tidy: bool = True
) -> AddEndpointResult:
    problem = naming.name_problem(resource)
    if problem:
        raise UserError(f"resource name {resource!r} {problem}", field="RESOURCE", hint="use the resource's singular name")
    rel = repo.rel(add_endpoint.saved_path(repo, resource, service))
    text = read_text(repo.root / rel)
    if text is None:
        raise UserError(
            f"{resource} has no saved spec at {rel}",
            field="--service" if service else "RESOURCE",
            hint="remove-endpoint removes what add-endpoint made from its saved spec: pass --service when the "
            "resource lives in another service",
        )
    spec = load_spec(repo.root / rel, rel)
    layers = list(registry.KEYS)
    if op is None:
        return add_endpoint.run(repo, spec, only=layers, dry_run=dry_run, tidy=tidy, removing=True)
    names = [o if isinstance(o, str) else o.name for o in spec.operations]
    wanted = naming.snake(op)
    if wanted not in names:
        raise UserError(
            f"{resource} has no operation {op!r} (it has: {', '.join(names)})",
            file=rel,
            field="--op",
            hint="pass one of the spec's operation names",
        )
    if len(names) == 1:
        raise UserError(
            f"{op!r} is the only operation of {resource}",
            file=rel,
            field="--op",
            hint=f"remove the resource instead: elqnt-scaffold remove-endpoint {resource}",
        )
    new_text = edit.remove_operation(text, wanted, file=rel)
    located = load(new_text, rel)
    new_spec = add_endpoint.edited_in_place(repo, from_data(located.value, rel, located), repo.root / rel, new_text)
    return add_endpoint.run(repo, new_spec, only=layers, dry_run=dry_run, tidy=tidy)
