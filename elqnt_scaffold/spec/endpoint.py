"""Endpoint: the key every layer shares — method, service path and the operation behind it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from .document import Spec

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


@dataclass(frozen=True)
class Endpoint:
    method: str  # GET
    path: str  # /widgets/{id}, as the service registers it
    operation: str  # list, create, get, update, delete
    handler: str  # Go handler method: ListWidgets, ArchiveWidget, SearchWidgets
    verb: str  # client function verb: list
    plural: bool  # does the client function name the plural (listWidgets, searchWidgets)?
    custom: Any = None  # the OperationSpec of a custom operation, None for CRUD

    @property
    def internal(self) -> bool:
        """A custom operation marked internal: no gateway entry, no client function."""
        return self.custom is not None and self.custom.gateway.internal

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def writes(self) -> bool:
        return self.method in WRITE_METHODS


def spec_endpoints(spec: Spec) -> list[Endpoint]:
    """The routes of a spec: CRUD in the guide's order (list, create, get, update, delete), then custom ones."""
    n = spec.names
    table = {
        "list": Endpoint("GET", n.collection_path, "list", f"List{n.go_plural}", "list", True),
        "create": Endpoint("POST", n.collection_path, "create", f"Create{n.go}", "create", False),
        "get": Endpoint("GET", n.item_path, "get", f"Get{n.go}", "get", False),
        "update": Endpoint("PUT", n.item_path, "update", f"Update{n.go}", "update", False),
        "delete": Endpoint("DELETE", n.item_path, "delete", f"Delete{n.go}", "delete", False),
    }
    out = []
    for op in spec.operations:
        if isinstance(op, str):
            out.append(table[op])
            continue
        # a collection-level operation (`/search`) is named in the plural: SearchWidgets, searchWidgets
        go = n.go_plural if op.collection_level else n.go
        out.append(Endpoint(op.method, n.collection_path + op.path, op.name, op.go + go, op.go, op.collection_level, op))
    return out
