"""What `check` reports: findings (a missing layer, or a warning) on checklist rows, one per endpoint."""

from __future__ import annotations

from dataclasses import dataclass, field

WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
LAYERS = ("service", "gateway", "types", "client")
PRESENT, MISSING, NOT_NEEDED, UNKNOWN, WARNED = "x", " ", "-", "?", "!"


@dataclass
class Finding:
    severity: str  # "error": a missing layer (exit 1); "warning": never fails
    kind: str  # missing-gateway, no-service-route, unknown-upstream, missing-client, missing-types, ...
    layer: str  # the layer it is about: service, gateway, types, client
    service: str | None
    method: str | None
    path: str | None  # the service path: /widgets/{id}
    file: str | None
    line: int | None
    message: str

    @property
    def endpoint(self) -> str | None:
        return None if self.path is None else f"{self.method or 'ANY'} {self.path}"

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}" if self.file and self.line else (self.file or "")


@dataclass
class Row:
    service: str | None
    label: str  # "GET /widgets/{id}", "models package", "unreadable route"
    method: str | None = None
    path: str | None = None
    marks: dict[str, str] = field(default_factory=lambda: dict.fromkeys(LAYERS, NOT_NEEDED))
    findings: list[Finding] = field(default_factory=list)

    def add(self, severity: str, kind: str, layer: str, file: str | None, line: int | None, message: str) -> None:
        self.findings.append(Finding(severity, kind, layer, self.service, self.method, self.path, file, line, message))
        if severity == "error":
            self.marks[layer] = MISSING
        elif self.marks[layer] == PRESENT:
            self.marks[layer] = WARNED
