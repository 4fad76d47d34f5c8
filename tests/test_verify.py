"""Verification after apply: `go build ./...` then `go vet ./...` in each service folder, the toolchain's
output turned into problems with file, line, message and a hint in the user's terms. Real Go modules."""

from __future__ import annotations

from pathlib import Path

import pytest

from elqnt_scaffold.commands.verify import BuildProblem, verify_services
from tests.conftest import needs_go

SERVICE = "services/gizmo-service"

GO_MOD = "module example.com/gizmo-service\n\ngo 1.22\n"

HANDLERS = """package handlers

import "context"

// GizmoServiceAPI is what the gizmo handler needs of the service.
type GizmoServiceAPI interface {
\tGet(ctx context.Context, orgID, id string) (string, error)
\tBulkArchive(ctx context.Context, orgID string, ids []string) (int, error)
}
"""

SERVICES = """package services

import "context"

// GizmoService holds the business rules of gizmos.
type GizmoService struct{ names map[string]string }

// Get returns one gizmo's name.
func (s *GizmoService) Get(ctx context.Context, orgID, id string) (string, error) {
\treturn s.names[orgID+"/"+id], nil
}
"""

ARCHIVE = """
// BulkArchive archives the gizmos.
func (s *GizmoService) BulkArchive(ctx context.Context, orgID string, ids []string) (int, error) {
\treturn len(ids), nil
}
"""

MAIN = """package main

import (
\t"fmt"

\t"example.com/gizmo-service/handlers"
\t"example.com/gizmo-service/services"
)

var _ handlers.GizmoServiceAPI = (*services.GizmoService)(nil)

func main() {
\tfmt.Println("gizmos")
}
"""


def module(root: Path, *, archive: bool = True, main: str = MAIN) -> Path:
    service = root / SERVICE
    for rel, text in {
        "go.mod": GO_MOD,
        "handlers/gizmo.go": HANDLERS,
        "services/gizmo.go": SERVICES + (ARCHIVE if archive else ""),
        "main.go": main,
    }.items():
        (service / rel).parent.mkdir(parents=True, exist_ok=True)
        (service / rel).write_text(text)
    return root


def line_of(root: Path, rel: str, needle: str) -> int:
    return next(n for n, line in enumerate((root / rel).read_text().splitlines(), 1) if needle in line)


@needs_go
def test_a_clean_module_has_no_problems(tmp_path):
    assert verify_services(module(tmp_path), [SERVICE]) == []


@needs_go
def test_a_missing_method_behind_an_assertion_names_the_method_the_type_and_its_file(tmp_path):
    root = module(tmp_path, archive=False)
    [problem] = verify_services(root, [SERVICE])
    assert isinstance(problem, BuildProblem)
    assert (problem.service, problem.tool) == (SERVICE, "build")
    assert (problem.file, problem.line) == (f"{SERVICE}/main.go", line_of(root, f"{SERVICE}/main.go", "var _ handlers"))
    assert problem.column is not None
    assert problem.message.endswith(
        "*services.GizmoService does not implement handlers.GizmoServiceAPI (missing method BulkArchive)"
    )
    assert problem.hint.startswith(
        f"add the method BulkArchive to GizmoService in {SERVICE}/services/gizmo.go "
        "(the spec's operation bulk_archive needs it); "
    )
    signature_line = line_of(root, f"{SERVICE}/handlers/gizmo.go", "BulkArchive(")
    assert (f"see {SERVICE}/handlers/gizmo.go:{signature_line} for its signature: func (s *GizmoService) "
            "BulkArchive(ctx context.Context, orgID string, ids []string) (int, error)") in problem.hint


@needs_go
def test_a_method_with_the_wrong_signature_says_to_change_it(tmp_path):
    root = module(tmp_path, archive=False)
    (root / SERVICE / "services/archive.go").write_text(
        "package services\n\nfunc (s *GizmoService) BulkArchive(ids []string) int { return len(ids) }\n"
    )
    [problem] = verify_services(root, [SERVICE])
    assert "(wrong type for method BulkArchive)" in problem.message and "want BulkArchive(" in problem.message
    assert problem.hint.startswith(f"change the signature of GizmoService.BulkArchive at {SERVICE}/services/archive.go:3 "
                                   "to the one GizmoServiceAPI wants; see ")


@needs_go
def test_names_the_spec_changed_point_at_the_hand_written_file(tmp_path):
    main = MAIN.replace('fmt.Println("gizmos")', 'var s services.GizmoService\n\tfmt.Println(s.Nmae, services.ErrGizmoGone)')
    root = module(tmp_path, main=main)
    problems = verify_services(root, [SERVICE])
    line = line_of(root, f"{SERVICE}/main.go", "s.Nmae")
    assert [(p.file, p.line, p.tool) for p in problems] == [(f"{SERVICE}/main.go", line, "build")] * 2
    no_field, undefined = problems
    assert no_field.message == "s.Nmae undefined (type services.GizmoService has no field or method Nmae)"
    assert no_field.hint.startswith(f"{SERVICE}/main.go:{line} uses Nmae, which services.GizmoService does not have: "
                                    "the spec changed a name the hand-written code still uses")
    assert undefined.message == "undefined: services.ErrGizmoGone"
    assert undefined.hint.startswith(f"{SERVICE}/main.go:{line} uses services.ErrGizmoGone, which no longer exists: "
                                     "the spec changed a name the hand-written code still uses")
    assert f"rename it in {SERVICE}/main.go" in undefined.hint


@needs_go
def test_a_vet_failure_is_reported_as_vet_after_the_build_passed(tmp_path):
    root = module(tmp_path, main=MAIN.replace('fmt.Println("gizmos")', 'fmt.Printf("%d gizmos\\n", "many")'))
    [problem] = verify_services(root, [SERVICE])
    assert problem.tool == "vet"
    assert (problem.file, problem.line) == (f"{SERVICE}/main.go", line_of(root, f"{SERVICE}/main.go", "Printf"))
    assert "fmt.Printf format %d has arg" in problem.message
    assert "go vet" in problem.hint
    assert verify_services(root, [SERVICE], vet=False) == []


@needs_go
def test_every_service_is_verified_and_a_missing_go_sum_entry_says_go_mod_tidy(tmp_path, monkeypatch):
    monkeypatch.delenv("GOFLAGS", raising=False)
    monkeypatch.setenv("GOPROXY", "off")  # never the network
    root = module(tmp_path)
    other = root / "services/clock-service"
    other.mkdir(parents=True)
    (other / "go.mod").write_text("module example.com/clock-service\n\ngo 1.22\n\nrequire github.com/google/uuid v1.6.0\n")
    (other / "main.go").write_text('package main\n\nimport "github.com/google/uuid"\n\nfunc main() { println(uuid.NewString()) }\n')
    [problem] = verify_services(root, [SERVICE, "services/clock-service"])
    assert (problem.service, problem.file, problem.tool) == ("services/clock-service", "services/clock-service/main.go", "build")
    assert problem.hint.startswith("run `go mod tidy` in services/clock-service")


def test_go_missing_from_path_is_one_problem_never_a_pass(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "nothing"))
    problems = verify_services(module(tmp_path), [SERVICE, "services/other-service"])
    assert len(problems) == 1
    assert "not on PATH" in problems[0].message and problems[0].line is None
    assert "services/other-service" in problems[0].hint
    assert verify_services(tmp_path, []) == []


@pytest.mark.parametrize("vet", [True, False])
def test_a_service_folder_that_does_not_exist_is_a_problem(tmp_path, vet, monkeypatch):
    monkeypatch.setattr("shutil.which", lambda name: "/usr/bin/go-never-run")
    [problem] = verify_services(tmp_path, ["services/ghost-service"], vet=vet)
    assert (problem.file, problem.line) == ("services/ghost-service", None)
