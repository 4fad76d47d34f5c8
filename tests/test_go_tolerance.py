"""`check` reads valid Go that tree-sitter-go 0.25 cannot parse whole (issue #13, section 4).

Go 1.26's `new(expr)` is the construct the grammar does not know yet. An error outside what check must
read (a function body, another declaration) does not stop it reading the registrations and models types
that parse; an error in what it must read is exit 2 at file:line, saying whether gofmt accepts the file
(then it is the tool's limit). The structural editors still refuse any file with a syntax error."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from elqnt_scaffold.commands import check
from elqnt_scaffold.inventory.service import read_services, unparseable
from elqnt_scaffold.repo import open_repo
from elqnt_scaffold.sources import go as golang
from elqnt_scaffold.sources.go import GoSourceError, route_registrations, struct_types
from elqnt_scaffold.sources.go import tolerance

from tests.conftest import go, needs_go, tree_digest

SERVICE = "services/project-service"
ROUTES_GO = f"{SERVICE}/routes/routes.go"
MODELS_GO = f"{SERVICE}/models/project.go"
FIRST_ROUTE = '\tmux.HandleFunc("GET /projects", projectHandler.ListProjects)\n'
needs_gofmt = pytest.mark.skipif(shutil.which("gofmt") is None, reason="gofmt is not installed")


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text()
    assert text.count(old) == 1, (rel, old)
    path.write_text(text.replace(old, new))


def append(root: Path, rel: str, code: str) -> None:
    path = root / rel
    path.write_text(path.read_text() + code)


def line_of(root: Path, rel: str, needle: str) -> int:
    return next(n for n, line in enumerate((root / rel).read_text().splitlines(), 1) if needle in line)


def found(root: Path) -> check.CheckResult:
    return check.run(open_repo(root), None, cwd=root)


# Valid Go 1.26 in each place check reads (or skips); tree-sitter-go 0.25 fails on each new(expr).
CONSTRUCTS = {
    "new-in-the-registering-function": (ROUTES_GO, FIRST_ROUTE, '\tnick := new("anon")\n\t_ = nick\n' + FIRST_ROUTE),
    "new-in-a-closure-handler": (ROUTES_GO, FIRST_ROUTE, FIRST_ROUTE + '\tmux.HandleFunc("GET /projects/nick", func(w http.ResponseWriter, r *http.Request) { //elqnt:internal\n'
                                 '\t\tnick := new("anon" + r.URL.Path)\n\t\t_, _ = w.Write([]byte(*nick))\n\t})\n'),
    "new-in-another-function": (ROUTES_GO, None, '\nfunc defaultAge() *int { return new(30 + 1) }\n'),
    "new-in-a-models-function": (MODELS_GO, None, '\n// Anonymous is a project with a nickname.\nfunc Anonymous() Project {\n'
                                 '\tp := Project{Name: "anon"}\n\tp.Description = *new("x")\n\treturn p\n}\n'),
    "new-in-a-top-level-var": (MODELS_GO, None, '\nvar defaultName = new("untitled")\n'),
    "generic-alias-range-over-func-and-int": (MODELS_GO, None, '\n// Set is a generic alias.\ntype Set[T comparable] = map[T]struct{}\n\n'
                                              '// Count ranges over a function and an int.\nfunc Count(seq func(func(int) bool)) (n int) {\n'
                                              '\tfor range seq {\n\t\tn++\n\t}\n\tfor i := range 3 {\n\t\tn += min(i, 1)\n\t}\n\treturn n\n}\n'),
}
LATE_STRUCT = '\n// Late is declared after the construct: check must still read it.\ntype Late struct {\n\tName string `json:"name"`\n}\n'


def _apply(root: Path, name: str) -> str:
    rel, old, new = CONSTRUCTS[name]
    if old is None:
        append(root, rel, new)
    else:
        edit(root, rel, old, new)
    return rel


@pytest.mark.parametrize("name", sorted(CONSTRUCTS))
def test_valid_go_tree_sitter_cannot_parse_whole_is_read_where_it_parses(example, name):
    rel = _apply(example, name)
    append(example, MODELS_GO, LATE_STRUCT)  # a models type after every construct
    result = found(example)
    assert result.problems == [], result.problems
    labels = {r.label for r in result.rows}
    assert {"GET /projects", "POST /projects", "GET /projects/{id}", "PUT /projects/{id}", "DELETE /projects/{id}"} <= labels
    # the struct after the construct was read: tygo's output lacks it
    [missing] = [f for f in result.errors if f.kind == "missing-types"]
    assert missing.message.startswith("Late of ") and missing.line == line_of(example, MODELS_GO, "type Late struct")
    assert [f.kind for f in result.errors] == ["missing-types"] and result.exit_code == 1
    services = read_services(example, open_repo(example).config, None, [])
    assert {m.name for m in services["project-service"].models} >= {"Project", "CreateProjectRequest", "Late"}
    assert rel in (ROUTES_GO, MODELS_GO)


@needs_go
@pytest.mark.parametrize("name", sorted(CONSTRUCTS))
def test_the_go_toolchain_accepts_each_construct(example, name):
    _apply(example, name)
    vet = go(["vet", "./..."], example / SERVICE)
    assert vet.returncode == 0, vet.stderr
    assert "new-in" not in name or route_or_models_broken(example, name)


def route_or_models_broken(root: Path, name: str) -> bool:
    """tree-sitter-go 0.25 really rejects the file (the test would prove nothing otherwise)."""
    rel = CONSTRUCTS[name][0]
    with pytest.raises(GoSourceError):
        golang.check_syntax((root / rel).read_text())
    return True


# ------------------------------------------------------------------- errors in what check reads


@needs_gofmt
@pytest.mark.parametrize(
    ("rel", "old", "new", "needle", "verdict"),
    [
        (ROUTES_GO, FIRST_ROUTE, '\tmux.HandleFunc(*new("GET /nick"), projectHandler.ListProjects)\n' + FIRST_ROUTE,
         '*new("GET /nick")', "gofmt accepts this file: tree-sitter-go cannot read this construct yet"),
        (ROUTES_GO, "// SetupRoutes registers", 'var fallback = new(len("fallback"))\n\n// SetupRoutes registers',
         "var fallback", "gofmt accepts this file: tree-sitter-go cannot read this construct yet"),
        (ROUTES_GO, "projectHandler.GetProject)\n", "projectHandler.GetProject\n", "projectHandler.GetProject",
         "gofmt rejects it too: "),
        (MODELS_GO, "type Project struct {\n", "type Project struct {\n\tBroken int json:\"broken\"\n", "Broken int",
         "gofmt rejects it too: "),
    ],
    ids=["new-as-the-pattern", "top-level-new-hiding-a-registration", "missing-paren", "broken-struct"],
)
def test_an_error_in_what_check_must_read_exits_2_saying_what_gofmt_says(cli, example, rel, old, new, needle, verdict):
    edit(example, rel, old, new)
    before = tree_digest(example)
    run = cli("check", "--repo", str(example))
    assert run.code == 2, run.out + run.err
    m = re.search(rf"^error: {re.escape(rel)}:(\d+): (.*)$", run.err, re.M)
    assert m, run.err
    assert abs(int(m.group(1)) - line_of(example, rel, needle)) <= 1
    assert verdict in m.group(2) and "cannot be read" in m.group(2)
    assert tree_digest(example) == before  # nothing written


def test_a_top_level_new_that_hides_only_a_function_without_routes_does_not_stop_them(example):
    edit(example, ROUTES_GO, "// SetupRoutes registers",
         'var fallback = new(defaultName())\n\nfunc defaultName() string { return "x" }\n\n// SetupRoutes registers')
    result = found(example)
    assert result.problems == [] and result.exit_code == 0
    assert len([r for r in result.rows if r.service == "project-service" and r.path]) == 5


@needs_gofmt
def test_a_real_syntax_error_in_another_function_body_does_not_stop_the_routes(example):
    append(example, ROUTES_GO, "\nfunc broken() {\n\tx := \n}\n")
    assert "rejects" in tolerance.gofmt_verdict((example / ROUTES_GO).read_text())
    result = found(example)
    assert result.problems == [] and result.exit_code == 0
    assert sum(r.label.endswith("/projects") or "/projects/{id}" in r.label for r in result.rows) == 5


def test_without_gofmt_the_message_says_only_what_tree_sitter_says(monkeypatch):
    monkeypatch.setattr(tolerance.shutil, "which", lambda name: None)
    src = 'package p\n\nfunc f(mux *M) {\n\tmux.HandleFunc(*new("GET /only-here"), h)\n}\n'
    with pytest.raises(GoSourceError) as info:
        route_registrations(src, tolerant=True)
    said = unparseable(info.value, src)
    assert said.startswith("Go does not parse: syntax error near") and "gofmt" not in said
    assert info.value.line == 4


# ---------------------------------------------------------------------------- the readers


def test_tolerant_readers_skip_errors_they_do_not_need_and_strict_ones_refuse():
    src = ('package p\n\ntype U struct {\n\tA *string `json:"a"`\n}\n\nvar d = U{A: new("x")}\n\n'
           'func f(mux *M) {\n\tu := U{A: new("y")}\n\t_ = u\n\tmux.HandleFunc("GET /a", h)\n}\n\n'
           'type V struct {\n\tB int `json:"b"`\n}\n')
    assert [(r.pattern, r.line) for r in route_registrations(src, tolerant=True)] == [("GET /a", 12)]
    assert [d.name for d in struct_types(src, tolerant=True)] == ["U", "V"]
    for strict in (lambda: route_registrations(src), lambda: struct_types(src), lambda: golang.check_syntax(src)):
        with pytest.raises(GoSourceError) as info:
            strict()
        assert info.value.line == 7


def test_an_error_inside_a_call_that_is_not_a_registration_does_not_stop_the_reader():
    src = ('package p\n\nfunc (h tag) Handle(ctx context.Context, r slog.Record) error {\n'
           '\treturn h.next.Handle(ctx, tagged(r, new("shop")))\n}\n\nfunc f(mux *M) {\n\tmux.HandleFunc("GET /a", h)\n}\n')
    with pytest.raises(GoSourceError):
        golang.check_syntax(src)
    assert [r.pattern for r in route_registrations(src, tolerant=True)] == ["GET /a"]


@pytest.mark.parametrize(
    "edit_call",
    [
        lambda src: golang.add_func_param(src, "SetupRoutes", "h", "*H"),
        lambda src: golang.append_statements(src, "SetupRoutes", ['mux.HandleFunc("GET /x", h.X)']),
        lambda src: golang.ensure_imports(src, ["fmt"]),
        lambda src: golang.remove_statements(src, "SetupRoutes", ['mux.HandleFunc("GET /projects", projectHandler.ListProjects)']),
    ],
    ids=["add-param", "append", "imports", "remove"],
)
def test_editors_still_refuse_a_file_tree_sitter_cannot_parse(edit_call):
    src = (Path(__file__).resolve().parent.parent / "examples/eloquent" / ROUTES_GO).read_text()
    src = src.replace(FIRST_ROUTE, '\tnick := new("anon")\n\t_ = nick\n' + FIRST_ROUTE)
    with pytest.raises(GoSourceError) as info:
        edit_call(src)
    assert info.value.line == src.splitlines().index('\tnick := new("anon")') + 1


def test_add_endpoint_refuses_a_service_file_it_must_edit_and_writes_nothing(cli, example):
    edit(example, ROUTES_GO, FIRST_ROUTE, '\tnick := new("anon")\n\t_ = nick\n' + FIRST_ROUTE)
    before = tree_digest(example)
    run = cli("add-endpoint", "widget", "--service", "project-service", "--field", "name:string", "--no-tidy",
              "--repo", str(example))
    assert run.code == 2, run.out + run.err
    assert "routes.go" in run.err
    assert tree_digest(example) == before
