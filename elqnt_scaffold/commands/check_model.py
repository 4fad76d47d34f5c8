"""What `check` reports: findings (a missing layer, a pattern registered twice, or a warning) on checklist rows,
one per endpoint."""

from __future__ import annotations

from dataclasses import dataclass, field

WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
LAYERS = ("service", "gateway", "types", "client")
PRESENT, MISSING, NOT_NEEDED, UNKNOWN, WARNED = "x", " ", "-", "?", "!"
TWICE = "2"  # the service registers the pattern more than once: ServeMux panics at start


@dataclass
class Finding:
    severity: str  # "error": a missing layer or a duplicate registration (exit 1); "warning": never fails
    # errors: missing-gateway, no-service-route, unknown-upstream, missing-client, missing-types, duplicate (a
    # pattern the service registers twice: ServeMux panics at start); warnings: write-without-auth,
    # write-without-scopes, unreadable-route, client-without-gateway, duplicate-gateway-entry, internal-exposed,
    # host-route (a pattern with a host: the gateway routes by path only), mounted-route (registered on a mux
    # mounted where check cannot follow) (no-service-route and unknown-upstream are warnings when check cannot tell)
    kind: str
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
            self.marks[layer] = TWICE if kind == "duplicate" else MISSING
        elif self.marks[layer] == PRESENT:
            self.marks[layer] = WARNED
