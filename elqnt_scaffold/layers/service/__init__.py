"""Layer 1, Service: `layer` plans the files of `services/<service>/`; `models` emits the Go model structs,
`operations` the custom operations' Go, `samples` the sample request bodies of the handler tests."""

from __future__ import annotations

from .layer import KEY, TITLE, plan, route_table

__all__ = ["KEY", "TITLE", "plan", "route_table"]
