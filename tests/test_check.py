"""`check` (the pre-commit hook): every kind of finding at the right file:line, nothing else; markers,
the three formats, PATHS, exit 2 on files that do not parse, and the scaffolder's own output passing."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from elqnt_scaffold.commands import check
from elqnt_scaffold.repo import open_repo

ROUTES = "services/api-gateway/config/routes.yaml"
PROJECT_ROUTES = "services/project-service/routes/routes.go"
EXTRA_ROUTES = "services/project-service/routes/extra.go"
CLIENT = "eloquent-packages/packages/api-client/src/projects.ts"
AUDIT_MAIN = "services/audit-service/main.go"

EXTRA_GO = """package routes

import (
\t"net/http"

\t"github.com/elqnt/eloquent/services/project-service/handlers"
)

type server struct{ mux *http.ServeMux }

func logged(h http.HandlerFunc) http.HandlerFunc { return h }

// More routes, in another function and file, on another receiver, with wrapped handlers.
func (s *server) setupMore(projectHandler *handlers.ProjectHandler) {
\ts.mux.Handle(`GET /projects/{projectId}/members`, logged(projectHandler.GetProject))
\t//elqnt:internal
\ts.mux.HandleFunc("GET /debug/vars", projectHandler.ListProjects)
\ts.mux.HandleFunc("POST /webhooks/stripe", projectHandler.CreateProject) //elqnt:no-client
}
"""

AUDIT_GO = """package main

import "net/http"

const base = "/audit"

func main() {
\tmux := http.NewServeMux()
\tmux.HandleFunc("GET "+base+"/events", nil)
\tmux.HandleFunc("GET /healthz", nil) // elqnt:internal
\t_ = http.ListenAndServe(":8080", mux)
}
"""

NEW_ENTRIES = """- path: /api/v1/webhooks/stripe
  method: POST
  proxy_upstream: $PROJECT_SERVICE_URL
  auth_required: false  # elqnt:public (signed by Stripe)

- path: /api/v1/projects/{id}/archive
  method: POST
  proxy_upstream: $PROJECT_SERVICE_URL
  auth_required: true

- path: /api/v1/billing/invoices
  method: GET
  proxy_upstream: $BILLING_SERVICE_URL
  auth_required: true

"""


def line_of(root: Path, rel: str, needle: str) -> int:
    for number, line in enumerate((root / rel).read_text().splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {rel}")


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text()
    assert text.count(old) == 1, (rel, old)
    path.write_text(text.replace(old, new))


@pytest.fixture
def gapped(example: Path) -> Path:
    return make_gaps(example)


def make_gaps(example: Path) -> Path:
    """The example with known gaps: one of each finding, plus marked routes that must not be findings."""
    edit(example, ROUTES, "- path: /api/v1/projects/{id}\n  method: PUT\n", "- path: /api/v1/projects/{id}\n  method: PATCH\n")
    edit(example, ROUTES, "# elqnt:public - anyone may log in; the login issues the JWT\n", "")  # unmarked: a warning
    edit(example, ROUTES, "# ---------------------------------------------------------------------------\n# Add new",
         NEW_ENTRIES + "# ---------------------------------------------------------------------------\n# Add new")
    (example / EXTRA_ROUTES).write_text(EXTRA_GO)
    client = (example / CLIENT).read_text()
    (example / CLIENT).write_text(client[: client.index("/** Deletes")])
    edit(example, "tygo.yaml", '  - path: "github.com/elqnt/eloquent/services/project-service/models"\n'
         '    output_path: "eloquent-packages/packages/types/src/project-service.ts"\n', "  []\n")
    audit = example / "services/audit-service"
    audit.mkdir()
    (audit / "go.mod").write_text("module github.com/elqnt/eloquent/services/audit-service\n\ngo 1.22\n")
    (audit / "main.go").write_text(AUDIT_GO)
    return example


def found(root: Path, *paths: str) -> check.CheckResult:
    return check.run(open_repo(root), list(paths) or None, cwd=root)


def keyed(result: check.CheckResult, severity: str) -> set[tuple[str, str | None, str]]:
    return {(f.kind, f.endpoint, f"{f.file}:{f.line}") for f in result.findings if f.severity == severity}


def test_the_complete_example_has_no_findings(cli, example):
    run = cli("check", "--repo", str(example))
    assert run.code == 0, run.out + run.err
    assert "every endpoint has every layer it needs" in run.out
    result = found(example)
    assert result.errors == []
    # the login is public on purpose and marked `# elqnt:public`: not even a warning
    assert result.warnings == []


def test_every_kind_of_gap_is_found_at_its_file_and_line_and_nothing_else(gapped):
    r = gapped
    result = found(r)
    assert result.problems == []
    assert keyed(result, "error") == {
        ("missing-gateway", "PUT /projects/{id}", f"{PROJECT_ROUTES}:{line_of(r, PROJECT_ROUTES, 'PUT /projects/{id}')}"),
        ("missing-gateway", "GET /projects/{projectId}/members", f"{EXTRA_ROUTES}:{line_of(r, EXTRA_ROUTES, '/members')}"),
        ("missing-client", "GET /projects/{projectId}/members", f"{EXTRA_ROUTES}:{line_of(r, EXTRA_ROUTES, '/members')}"),
        ("no-service-route", "PATCH /projects/{id}", f"{ROUTES}:{line_of(r, ROUTES, 'method: PATCH') - 1}"),
        ("no-service-route", "POST /projects/{id}/archive", f"{ROUTES}:{line_of(r, ROUTES, '/archive')}"),
        ("unknown-upstream", "GET /billing/invoices", f"{ROUTES}:{line_of(r, ROUTES, '/billing/invoices')}"),
        ("missing-client", "DELETE /projects/{id}", f"{ROUTES}:{line_of(r, ROUTES, 'method: DELETE') - 1}"),
        ("missing-types", None, "services/project-service/models/project.go:6"),
    }
    assert keyed(result, "warning") == {
        ("write-without-auth", "POST /auth/login", f"{ROUTES}:{line_of(r, ROUTES, '/auth/login')}"),
        ("write-without-scopes", "POST /projects/{id}/archive", f"{ROUTES}:{line_of(r, ROUTES, '/archive')}"),
        ("unreadable-route", None, f"{AUDIT_MAIN}:{line_of(r, AUDIT_MAIN, 'base+')}"),
    }
    assert result.exit_code == 1


def test_marked_routes_are_not_findings(gapped):
    result = found(gapped)
    labels = {row.label for row in result.rows}
    assert "GET /debug/vars" in labels and "GET /healthz" in labels  # internal: no gateway, no client, no types
    internal = next(row for row in result.rows if row.label == "GET /debug/vars")
    assert internal.findings == [] and internal.marks == {"service": "x", "gateway": "-", "types": "-", "client": "-"}
    webhook = next(row for row in result.rows if row.label == "POST /webhooks/stripe")  # no-client, public on purpose
    assert webhook.findings == [] and webhook.marks == {"service": "x", "gateway": "x", "types": "-", "client": "-"}


def test_an_internal_route_the_gateway_exposes_is_a_warning(example):
    edit(example, PROJECT_ROUTES, '\tmux.HandleFunc("GET /projects", ', '\t//elqnt:internal\n\tmux.HandleFunc("GET /projects", ')
    result = found(example)
    assert result.errors == []
    assert ("internal-exposed", "GET /projects") in {(f.kind, f.endpoint) for f in result.warnings}


def test_a_gateway_entry_whose_route_may_be_unreadable_is_only_a_warning(gapped):
    edit(gapped, ROUTES, "$BILLING_SERVICE_URL", "$AUDIT_SERVICE_URL")
    result = found(gapped)
    audit = [f for f in result.findings if f.service == "audit-service"]
    assert {(f.kind, f.severity) for f in audit} == {("no-service-route", "warning"), ("unreadable-route", "warning")}
    assert "cannot read" in next(f for f in audit if f.kind == "no-service-route").message


def test_types_output_missing_or_stale_is_found(example):
    (example / "eloquent-packages/packages/types/src/project-service.ts").unlink()
    result = found(example)
    assert keyed(result, "error") == {("missing-types", None, f"tygo.yaml:{line_of(example, 'tygo.yaml', 'path:')}")}
    (example / "eloquent-packages/packages/types/src/project-service.ts").write_text("export interface Project {}\n")
    result = found(example)
    [finding] = result.errors
    assert finding.file == "services/project-service/models/project.go" and finding.line == 17
    assert "CreateProjectRequest, UpdateProjectRequest, ListProjectsResponse" in finding.message


def test_wildcard_names_and_method_less_patterns_match(example):
    text = (example / ROUTES).read_text().replace("/api/v1/projects/{id}", "/api/v1/projects/{projectId}")
    (example / ROUTES).write_text(text)
    edit(example, PROJECT_ROUTES, '"GET /projects"', '"/projects"')
    assert found(example).errors == []


def test_a_spec_with_frontend_false_needs_no_client(example):
    client = (example / CLIENT).read_text()
    start, end = client.index("/** Lists"), client.index("/** Creates")
    (example / CLIENT).write_text(client[:start] + client[end:])
    assert {f.kind for f in found(example).errors} == {"missing-client"}
    (example / "services/project-service/endpoints").mkdir()
    (example / "services/project-service/endpoints/project.yaml").write_text(
        "resource: project\nfields:\n  - {name: name, type: string}\nfrontend: false\n"
    )
    assert found(example).errors == []


def test_the_gateways_own_go_code_is_not_a_backend_service(example):
    gateway = example / "services/api-gateway"
    (gateway / "go.mod").write_text("module github.com/elqnt/eloquent/services/api-gateway\n\ngo 1.22\n")
    (gateway / "main.go").write_text(
        'package main\n\nimport "net/http"\n\nfunc main() {\n\tmux := http.NewServeMux()\n'
        '\tmux.HandleFunc("/", nil)\n\tmux.HandleFunc("GET /healthz", nil)\n}\n'
    )
    assert found(example).errors == []


def test_a_client_call_no_gateway_entry_serves_is_a_warning(example):
    (example / "eloquent-packages/packages/api-client/src/reports.ts").write_text(
        'import { request } from "./http";\n\nexport async function getReport(id: string): Promise<void> {\n'
        '  return request<void>("GET", `/api/v1/reports/${id}?full=${1}`);\n}\n'
    )
    result = found(example)
    assert result.exit_code == 0
    [stray] = [f for f in result.warnings if f.kind == "client-without-gateway"]
    assert (stray.endpoint, stray.file, stray.line) == ("GET /api/v1/reports/{}", "eloquent-packages/packages/api-client/src/reports.ts", 4)
    assert "getReport" in stray.message


# ------------------------------------------------------------------------------------------ formats


def test_text_groups_the_four_column_checklist_by_endpoint(cli, gapped):
    run = cli("check", "--repo", str(gapped))
    assert run.code == 1
    lines = run.out.splitlines()
    assert re.match(r"Endpoint\s+Service\s+Gateway\s+Types\s+Frontend$", lines[0])
    put = next(i for i, line in enumerate(lines) if line.strip().startswith("PUT /projects/{id}"))
    assert re.search(r"\[x\]\s+\[ \]\s+\[ \]\s+\[x\]$", lines[put])
    assert lines[put + 1].split()[:2] == ["error", "API"]
    assert f"{PROJECT_ROUTES}:{line_of(gapped, PROJECT_ROUTES, 'PUT /projects/{id}')}:" in lines[put + 1]
    assert "GET /projects/{id} " not in run.out  # complete endpoints are not listed by default
    assert lines[-1].startswith("check: 8 missing layers in 6 endpoints and 1 models package")
    everything = cli("check", "--all", "--repo", str(gapped))
    assert any(line.strip().startswith("GET /projects/{id} ") for line in everything.out.splitlines())


def test_json_lists_every_finding_with_its_fields(cli, gapped):
    run = cli("check", "--format", "json", "--repo", str(gapped))
    assert run.code == 1
    items = json.loads(run.out)
    assert len(items) == 11
    put = next(i for i in items if i["endpoint"] == "PUT /projects/{id}")
    assert put == {
        "severity": "error",
        "kind": "missing-gateway",
        "endpoint": "PUT /projects/{id}",
        "method": "PUT",
        "path": "/projects/{id}",
        "service": "project-service",
        "layer": "gateway",
        "file": PROJECT_ROUTES,
        "line": line_of(gapped, PROJECT_ROUTES, "PUT /projects/{id}"),
        "message": put["message"],
    }
    assert {i["severity"] for i in items} == {"error", "warning"}


def test_github_format_annotates_file_and_line(cli, gapped):
    run = cli("check", "--format", "github", "--repo", str(gapped))
    assert run.code == 1
    errors = [line for line in run.out.splitlines() if line.startswith("::error ")]
    warnings = [line for line in run.out.splitlines() if line.startswith("::warning ")]
    assert len(errors) == 8 and len(warnings) == 3
    line = line_of(gapped, PROJECT_ROUTES, "PUT /projects/{id}")
    assert any(e.startswith(f"::error file={PROJECT_ROUTES},line={line}::PUT /projects/{{id}} (project-service): API Gateway: ") for e in errors)


# -------------------------------------------------------------------------------------------- PATHS


def test_paths_limit_the_report_to_what_they_touch(cli, gapped):
    only_project = found(gapped, PROJECT_ROUTES)
    assert {f.service for f in only_project.findings} == {"project-service"}
    assert found(gapped, str(gapped / AUDIT_MAIN)).errors == []  # absolute paths too; audit only warns
    everything = found(gapped, ROUTES)
    assert "unknown-upstream" in {f.kind for f in everything.errors}
    assert len(found(gapped, CLIENT).findings) == len(found(gapped).findings)
    untouched = cli("check", "README.md", "docs/x.md", "--repo", str(gapped), cwd=gapped)
    assert untouched.code == 0 and "nothing to check" in untouched.out
    assert cli("check", AUDIT_MAIN, cwd=gapped).code == 0
    assert cli("check", "services/project-service/models/project.go", cwd=gapped).code == 1


# ------------------------------------------------------------------------------------------ exit 2


@pytest.mark.parametrize(
    ("rel", "old", "new", "needle"),
    [
        (PROJECT_ROUTES, "projectHandler.GetProject)\n", "projectHandler.GetProject\n", "GetProject"),
        (ROUTES, "  method: POST\n  proxy_upstream: $PROJECT_SERVICE_URL", "  method: [POST\n  proxy_upstream: $PROJECT_SERVICE_URL", "[POST"),
        (CLIENT, "return request<Project>(\"POST\"", "return request<Project>(\"POST\" +", "+"),
        ("tygo.yaml", "packages:\n", "packages:\n  - path: [\n", "path: ["),
    ],
    ids=["go", "routes-yaml", "ts", "tygo-yaml"],
)
def test_a_file_that_does_not_parse_exits_2_naming_file_and_line(cli, example, rel, old, new, needle):
    edit(example, rel, old, new)
    run = cli("check", "--repo", str(example))
    assert run.code == 2, run.out + run.err
    m = re.search(rf"^error: {re.escape(rel)}:(\d+): ", run.err, re.M)
    assert m, run.err
    assert abs(int(m.group(1)) - line_of(example, rel, needle)) <= 1
    as_json = cli("check", "--format", "json", "--repo", str(example))
    assert as_json.code == 2 and json.loads(as_json.out)[0]["kind"] == "unparseable"
    gh = cli("check", "--format", "github", "--repo", str(example))
    assert gh.code == 2 and gh.out.startswith(f"::error file={rel},line=")


def test_a_bad_format_exits_2(cli, example):
    run = cli("check", "--format", "xml", "--repo", str(example))
    assert run.code == 2 and "--format" in run.err


# ------------------------------------------------------------------------------ with add-endpoint


def test_check_passes_after_add_endpoint_and_add_endpoint_prints_the_rows(cli, example):
    run = cli("add-endpoint", "widget", "--field", "name:string:required", "--no-tidy", "--repo", str(example))
    assert run.code == 0, run.out + run.err
    assert "Check: every layer present" in run.out
    assert re.search(r"^\s+DELETE /widgets/\{id\}\s+\[x\]\s+\[x\]\s+\[x\]\s+\[x\]$", run.out, re.M)
    checked = cli("check", "--repo", str(example))
    assert checked.code == 0, checked.out + checked.err


def test_check_passes_after_add_endpoint_of_an_internal_spec(cli, example, tmp_path):
    spec = tmp_path / "metric.yaml"
    spec.write_text("resource: metric\nservice: project-service\nfields:\n  - {name: value, type: float64}\nfrontend: false\n")
    run = cli("add-endpoint", "metric", "--spec", str(spec), "--no-tidy", "--repo", str(example))
    assert run.code == 0, run.out + run.err
    checked = cli("check", "--repo", str(example))
    assert checked.code == 0, checked.out + checked.err
