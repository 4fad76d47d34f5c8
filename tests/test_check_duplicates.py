"""`check` reports a pattern a service registers twice (ServeMux panics at start; `go test` of handler
tests that build their own mux never sees it), and only what net/http itself calls the same pattern:
same method (or both none), same host, same segments with wildcard names ignored, `{x...}` and `{$}`
kept apart. A real Go program confirms the rule: what check calls a duplicate panics, the rest does not."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from elqnt_scaffold.commands import check
from elqnt_scaffold.repo import open_repo
from elqnt_scaffold.report.check import summary

from tests.conftest import go, needs_go

ROUTES = "services/api-gateway/config/routes.yaml"
PROJECT_ROUTES = "services/project-service/routes/routes.go"
GADGET_ROUTES = "services/gadget-service/routes/routes.go"
LAST_PROJECT_ROUTE = '\tmux.HandleFunc("DELETE /projects/{id}", projectHandler.DeleteProject)\n'
GET_GADGET = '\tmux.HandleFunc("GET /gadgets/{id}", gadgetHandler.GetGadget)\n'
PUT_GADGET = '\tmux.HandleFunc("PUT /gadgets/{id}", gadgetHandler.UpdateGadget)\n'


def line_of(root: Path, rel: str, needle: str, nth: int = 1) -> int:
    hits = [number for number, line in enumerate((root / rel).read_text().splitlines(), 1) if needle in line]
    assert len(hits) >= nth, f"{needle!r} not {nth} times in {rel}"
    return hits[nth - 1]


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text()
    assert text.count(old) == 1, (rel, old)
    path.write_text(text.replace(old, new))


def found(root: Path) -> check.CheckResult:
    return check.run(open_repo(root), None, cwd=root)


def register(root: Path, *patterns: str, marker: str = "//elqnt:internal") -> list[int]:
    """Register the patterns in the example's project-service routes.go (marked, so that they need no
    other layer); their line numbers."""
    lines = "".join(f'\tmux.HandleFunc("{p}", projectHandler.GetProject) {marker}\n' for p in patterns)
    edit(root, PROJECT_ROUTES, LAST_PROJECT_ROUTE, LAST_PROJECT_ROUTE + lines)
    first = line_of(root, PROJECT_ROUTES, "DELETE /projects/{id}") + 1
    return list(range(first, first + len(patterns)))


def duplicates(result: check.CheckResult) -> list[check.Finding]:
    return [f for f in result.findings if f.kind == "duplicate"]


# ----------------------------------------------------------------------------------- the named case


@pytest.fixture
def gadget(cli, example: Path) -> Path:
    """The example plus a scaffolded gadget-service whose routes.go registers GET /gadgets/{id} twice."""
    run = cli("add-endpoint", "gadget", "--field", "name:string:required", "--no-tidy", "--repo", str(example))
    assert run.code == 0, run.out + run.err
    assert cli("check", "--repo", str(example)).code == 0
    edit(example, GADGET_ROUTES, PUT_GADGET, PUT_GADGET + GET_GADGET.replace("GetGadget", "UpdateGadget"))
    return example


def test_a_pattern_registered_twice_exits_1_naming_both_lines(cli, gadget):
    first, second = line_of(gadget, GADGET_ROUTES, '"GET /gadgets/{id}"'), line_of(gadget, GADGET_ROUTES, '"GET /gadgets/{id}"', 2)
    result = found(gadget)
    assert result.exit_code == 1
    [dup] = result.errors  # nothing else is missing: the gateway entry and the client function serve both
    assert (dup.kind, dup.severity, dup.layer, dup.service) == ("duplicate", "error", "service", "gadget-service")
    assert (dup.endpoint, dup.file, dup.line) == ("GET /gadgets/{id}", GADGET_ROUTES, second)
    assert f"{GADGET_ROUTES}:{first} (handler gadgetHandler.GetGadget)" in dup.message
    assert f"{GADGET_ROUTES}:{second} (handler gadgetHandler.UpdateGadget)" in dup.message
    assert "GET /gadgets/{id} is registered twice" in dup.message and "ServeMux panics at start" in dup.message
    row = next(r for r in result.rows if r.label == "GET /gadgets/{id}")
    assert row.marks == {"service": "2", "gateway": "x", "types": "x", "client": "x"}
    assert sum(r.label == "GET /gadgets/{id}" for r in result.rows) == 1  # one endpoint, registered twice

    text = cli("check", "--repo", str(gadget))
    assert text.code == 1, text.out + text.err
    lines = text.out.splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip().startswith("GET /gadgets/{id} "))
    assert re.search(r"\[2\]\s+\[x\]\s+\[x\]\s+\[x\]$", lines[at])
    assert lines[at + 1].split()[:2] == ["error", "Service:"]
    assert f"{GADGET_ROUTES}:{second}: GET /gadgets/{{id}} is registered twice" in lines[at + 1]
    assert f"{GADGET_ROUTES}:{first}" in lines[at + 1]
    assert "[2] registered twice" in text.out
    assert lines[-1].startswith("check: 1 pattern registered twice (ServeMux panics at start) (")

    as_json = cli("check", "--format", "json", "--repo", str(gadget))
    assert as_json.code == 1
    [item] = json.loads(as_json.out)
    assert item == {
        "severity": "error", "kind": "duplicate", "endpoint": "GET /gadgets/{id}", "method": "GET",
        "path": "/gadgets/{id}", "service": "gadget-service", "layer": "service", "file": GADGET_ROUTES,
        "line": second, "message": dup.message,
    }

    gh = cli("check", "--format", "github", "--repo", str(gadget))
    assert gh.code == 1
    [error] = [line for line in gh.out.splitlines() if line.startswith("::error ")]
    assert error.startswith(f"::error file={GADGET_ROUTES},line={second}::GET /gadgets/{{id}} (gadget-service): Service: ")
    assert f"{GADGET_ROUTES}:{first}" in error


def test_a_duplicate_and_a_missing_layer_are_both_counted(gadget):
    edit(gadget, GADGET_ROUTES, PUT_GADGET, "")  # PUT /gadgets/{id} keeps its gateway entry: no route now
    result = found(gadget)
    assert {f.kind for f in result.errors} == {"duplicate", "no-service-route"}
    assert summary(result).startswith("check: 1 missing layer in 1 endpoint; 1 pattern registered twice")


@needs_go
def test_go_panics_at_start_on_the_named_case(tmp_path):
    (tmp_path / "go.mod").write_text("module twice\n\ngo 1.22\n")
    (tmp_path / "main.go").write_text(
        'package main\n\nimport "net/http"\n\nfunc get(http.ResponseWriter, *http.Request) {}\n\n'
        "func main() {\n\tmux := http.NewServeMux()\n"
        '\tmux.HandleFunc("GET /gadgets/{id}", get)\n\tmux.HandleFunc("GET /gadgets/{id}", get)\n}\n'
    )
    run = go(["run", "."], tmp_path)
    assert run.returncode != 0
    assert 'panic: pattern "GET /gadgets/{id}" (registered at ' in run.stderr
    assert 'conflicts with pattern "GET /gadgets/{id}"' in run.stderr


# ------------------------------------------------------------------- what is, and is not, the same


def test_wildcard_names_do_not_matter(example):
    first, second = register(example, "GET /items/{id}", "GET /items/{key}")
    [dup] = duplicates(found(example))
    assert (dup.file, dup.line, dup.endpoint) == (PROJECT_ROUTES, second, "GET /items/{id}")
    assert f"GET /items/{{key}} at {PROJECT_ROUTES}:{second}" in dup.message
    assert f"matches the same requests as GET /items/{{id}} at {PROJECT_ROUTES}:{first}" in dup.message
    assert found(example).exit_code == 1


def test_two_method_less_patterns_are_the_same(example):
    register(example, "/items/{id}", "/items/{key}")
    [dup] = duplicates(found(example))
    assert dup.endpoint == "ANY /items/{id}" and dup.method is None


@pytest.mark.parametrize(
    "pair",
    [("GET /items/{id}", "POST /items/{id}"), ("GET /files/{id}", "GET /files/{path...}"),
     ("GET a.example.com/x", "GET b.example.com/x")],
    ids=["methods", "multi-wildcard", "hosts"],
)
def test_different_patterns_are_two_routes(example, pair):
    register(example, *pair)
    result = found(example)
    assert duplicates(result) == [] and result.exit_code == 0
    labels = [r.label for r in result.rows]
    assert labels.count(pair[0]) == 1 and labels.count(pair[1]) == 1, labels


def test_a_wildcard_and_a_multi_wildcard_route_each_match_their_own_gateway_entry(example):
    """`/files/{id}` and `/files/{path...}` have the same shape; each gateway entry goes to its own route."""
    register(example, "GET /files/{id}", "GET /files/{path...}", marker="//elqnt:no-client")
    entry = "- path: /api/v1/files/{path...}\n  method: GET\n  proxy_upstream: $PROJECT_SERVICE_URL\n  auth_required: true\n\n"
    edit(example, ROUTES, "# ---------------------------------------------------------------------------\n# Add new",
         entry + "# ---------------------------------------------------------------------------\n# Add new")
    result = found(example)
    assert [(f.kind, f.endpoint) for f in result.errors] == [("missing-gateway", "GET /files/{id}")]
    rest = next(r for r in result.rows if r.label == "GET /files/{path...}")
    assert rest.marks["gateway"] == "x" and rest.findings == []


# --------------------------------------------------------------------- the rule is net/http's rule

PAIRS = [
    ("GET /gadgets/{id}", "GET /gadgets/{id}", True),
    ("/items/{id}", "/items/{key}", True),
    ("GET /items/{id}", "POST /items/{id}", False),
    ("GET /files/{id}", "GET /files/{path...}", False),
    ("GET a.example.com/x", "GET b.example.com/x", False),
    ("GET a.example.com/x", "GET /x", False),
    ("GET /files/", "GET /files/{rest...}", True),  # a trailing slash is a multi wildcard
    ("GET /a/{x...}", "GET /a/{y...}", True),
    ("GET /files/{$}", "GET /files/", False),
    ("GET /files/{$}", "GET /files/{$}", True),
    ("GET /a%20b", "GET /a b", True),  # literals are compared unescaped
    ("GET  /x", "GET /x", True),
    ("/x/{id}", "GET /x/{id}", False),  # the one with a method is more specific
    ("GET /x", "HEAD /x", False),
]


@needs_go
def test_check_calls_a_duplicate_exactly_what_servemux_panics_on(example, tmp_path):
    calls = "".join(f"\ttry({json.dumps(a)}, {json.dumps(b)})\n" for a, b, _ in PAIRS)
    (tmp_path / "go.mod").write_text("module pairs\n\ngo 1.22\n")
    (tmp_path / "main.go").write_text(
        'package main\n\nimport (\n\t"fmt"\n\t"net/http"\n)\n\nfunc h(http.ResponseWriter, *http.Request) {}\n\n'
        "func try(a, b string) {\n\tdefer func() { fmt.Println(recover() != nil) }()\n"
        "\tmux := http.NewServeMux()\n\tmux.HandleFunc(a, h)\n\tmux.HandleFunc(b, h)\n}\n\n"
        f"func main() {{\n{calls}}}\n"
    )
    run = go(["run", "."], tmp_path)
    assert run.returncode == 0, run.stderr
    panics = [word == "true" for word in run.stdout.split()]
    assert panics == [same for _, _, same in PAIRS], "the table disagrees with net/http"

    original = (example / PROJECT_ROUTES).read_text()
    for a, b, same in PAIRS:
        (example / PROJECT_ROUTES).write_text(original)
        _, second = register(example, a, b)
        got = [(f.file, f.line) for f in duplicates(found(example))]
        assert got == ([(PROJECT_ROUTES, second)] if same else []), (a, b)
