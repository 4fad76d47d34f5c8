"""elqnt_scaffold.sources.go: reading and structurally editing Go source, and go.mod helpers."""

from __future__ import annotations

import difflib
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from elqnt_scaffold.sources import go
from elqnt_scaffold.sources.go import GoSourceError, RouteRegistration, add_call_arg, add_func_param, append_statements, check_syntax, ensure_imports, insert_statement_after, route_registrations, struct_types
from elqnt_scaffold.sources.go.gomod import GoModError, add_require, go_version, has_require, module_path

# --------------------------------------------------------------------------- fixtures

ROUTES = """\
package routes

import (
	"net/http"

	"github.com/elqnt/project-service/handlers"
)

func SetupRoutes(mux *http.ServeMux, projectHandler *handlers.ProjectHandler) {
	mux.HandleFunc("GET /projects", projectHandler.ListProjects)
	mux.HandleFunc("POST /projects", projectHandler.CreateProject)
	mux.HandleFunc("GET /projects/{id}", projectHandler.GetProject)
}
"""

ROUTES_MULTILINE = """\
package routes

import (
	"net/http"

	"github.com/elqnt/project-service/handlers"
)

// SetupRoutes registers every route of the service — ünïcödé included.
func SetupRoutes(
	mux *http.ServeMux,
	projectHandler *handlers.ProjectHandler,
) {
	mux.HandleFunc("GET /projects", projectHandler.ListProjects) // list
}
"""

MAIN = """\
package main

import (
	"log"
	"net/http"

	"github.com/elqnt/project-service/handlers"
	"github.com/elqnt/project-service/repositories"
	"github.com/elqnt/project-service/routes"
	"github.com/elqnt/project-service/services"
)

func main() {
	// Repositories
	projectRepo := repositories.NewInMemoryProjectRepository()

	// Services
	projectService := services.NewProjectService(projectRepo)

	// Handlers
	projectHandler := handlers.NewProjectHandler(projectService)

	// Routes
	mux := http.NewServeMux()
	routes.SetupRoutes(mux, projectHandler)

	log.Fatal(http.ListenAndServe(":8080", mux))
}
"""

MAIN_WIRED = """\
package main

import (
	"log"
	"net/http"

	"github.com/elqnt/project-service/handlers"
	"github.com/elqnt/project-service/repositories"
	"github.com/elqnt/project-service/routes"
	"github.com/elqnt/project-service/services"
)

func main() {
	// Repositories
	projectRepo := repositories.NewInMemoryProjectRepository()
	widgetRepo := repositories.NewInMemoryWidgetRepository()

	// Services
	projectService := services.NewProjectService(projectRepo)
	widgetService := services.NewWidgetService(widgetRepo)

	// Handlers
	projectHandler := handlers.NewProjectHandler(projectService)
	widgetHandler := handlers.NewWidgetHandler(widgetService)

	// Routes
	mux := http.NewServeMux()
	routes.SetupRoutes(mux, projectHandler, widgetHandler)

	log.Fatal(http.ListenAndServe(":8080", mux))
}
"""

REPO = "widgetRepo := repositories.NewInMemoryWidgetRepository()"
SERVICE = "widgetService := services.NewWidgetService(widgetRepo)"
HANDLER = "widgetHandler := handlers.NewWidgetHandler(widgetService)"


def wire_main(src: str) -> str:
    """The calls the service layer makes to wire one resource into main.go."""
    src = insert_statement_after(src, "main", REPO, ["repositories.New"], "routes.SetupRoutes")
    src = insert_statement_after(
        src, "main", SERVICE, ["services.New", "repositories.New"], "routes.SetupRoutes"
    )
    src = insert_statement_after(
        src, "main", HANDLER, ["handlers.New", "services.New", "repositories.New"], "routes.SetupRoutes"
    )
    return add_call_arg(src, "main", "routes.SetupRoutes", "widgetHandler")


# --------------------------------------------------------------------------- helpers


def assert_gofmt_clean(tmp_path: Path, *sources: str) -> None:
    for src in sources:
        check_syntax(src)
    gofmt = shutil.which("gofmt")
    if gofmt is None:
        pytest.skip("gofmt not installed")
    folder = tmp_path / "gofmt"
    folder.mkdir(exist_ok=True)
    files = []
    for i, src in enumerate(sources):
        f = folder / f"f{i}.go"
        f.write_text(src, encoding="utf-8")
        files.append(str(f))
    res = subprocess.run([gofmt, "-l", *files], capture_output=True, text=True, check=False)
    assert res.returncode == 0, res.stderr
    assert res.stdout == "", "not gofmt-clean:\n" + "\n".join(
        Path(f).read_text(encoding="utf-8") for f in res.stdout.split()
    )


def assert_insert_only(before: str, after: str) -> None:
    """Every byte of `before` is kept, in order: the edit only inserted text."""
    a, b = before.encode(), after.encode()
    ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    assert all(tag in ("equal", "insert") for tag, *_ in ops), [o for o in ops if o[0] != "equal"]


def assert_idempotent(edit, src: str) -> str:
    once = edit(src)
    assert edit(once) == once
    return once


# --------------------------------------------------------------------------- syntax and reading


def test_check_syntax_accepts_clean_source():
    for src in (ROUTES, ROUTES_MULTILINE, MAIN):
        check_syntax(src)


@pytest.mark.parametrize(
    ("src", "line"),
    [
        ("package main\n\nfunc main() {\n\tx := \n}\n", 4),
        ("package main\n\nfunc main() {\n\tfoo(\n}\n", 4),
        ("package main\n\n// é\nfunc main() {\n\tif x {\n}\n\n", 6),  # missing "}" at EOF
        ('package main\n\nimport (\n\t"fmt"\n\nfunc main() {}\n', 3),
    ],
)
def test_check_syntax_reports_line(src: str, line: int):
    with pytest.raises(GoSourceError) as info:
        check_syntax(src)
    assert info.value.line == line
    assert str(info.value).startswith(f"line {line}")
    assert info.value.message


def test_syntax_error_column_counts_characters():
    with pytest.raises(GoSourceError) as info:
        check_syntax('package main\n\nfunc f() {\n\tx := "ñ" + )\n}\n')
    assert (info.value.line, info.value.column) == (4, 11)  # "ñ" is one column, two bytes
    assert str(info.value) == "line 4, column 11: syntax error near '+ )'"


def test_every_function_rejects_broken_source():
    broken = "package routes\n\nfunc SetupRoutes(mux *http.ServeMux {\n}\n"
    for call in (
        lambda: go.package_name(broken),
        lambda: go.route_registrations(broken),
        lambda: add_func_param(broken, "SetupRoutes", "h", "*H"),
        lambda: append_statements(broken, "SetupRoutes", ["x()"]),
        lambda: ensure_imports(broken, ["fmt"]),
    ):
        with pytest.raises(GoSourceError) as info:
            call()
        assert info.value.line == 3


def test_package_funcs_imports_and_names():
    src = """\
package handlers

import (
	"encoding/json"
	v "github.com/go-playground/validator/v10"
	_ "embed"
)

import "net/http"

var validate = v.New()

const (
	a, b = 1, 2
)

type WidgetHandler struct{}

func NewWidgetHandler() *WidgetHandler { return nil }

func (h *WidgetHandler) Get(w http.ResponseWriter, r *http.Request) {}

func writeJSON(w http.ResponseWriter, status int, v any) {}
"""
    assert go.package_name(src) == "handlers"
    assert go.top_level_funcs(src) == {"NewWidgetHandler", "writeJSON"}
    assert go.imports(src) == [
        "encoding/json",
        "github.com/go-playground/validator/v10",
        "embed",
        "net/http",
    ]
    assert go.top_level_names(src) == {
        "validate",
        "a",
        "b",
        "WidgetHandler",
        "NewWidgetHandler",
        "writeJSON",
    }


def test_func_params_and_call_args():
    assert go.func_params(ROUTES_MULTILINE, "SetupRoutes") == [
        ("mux", "*http.ServeMux"),
        ("projectHandler", "*handlers.ProjectHandler"),
    ]
    src = "package p\n\nfunc f(a, b int, rest ...string) {\n\tg(a, h(b), rest...)\n}\n"
    assert go.func_params(src, "f") == [("a", "int"), ("b", "int"), ("rest", "...string")]
    assert go.call_args(src, "f", "g") == ["a", "h(b)", "rest..."]
    assert go.call_args(MAIN, "main", "routes.SetupRoutes") == ["mux", "projectHandler"]


# --------------------------------------------------------------------------- route registrations


def test_routes_in_the_guides_shape():
    assert route_registrations(ROUTES) == [
        RouteRegistration("GET", "/projects", "projectHandler.ListProjects", 10, "mux.HandleFunc",
                          None, None, "GET /projects"),
        RouteRegistration("POST", "/projects", "projectHandler.CreateProject", 11, "mux.HandleFunc",
                          None, None, "POST /projects"),
        RouteRegistration("GET", "/projects/{id}", "projectHandler.GetProject", 12, "mux.HandleFunc",
                          None, None, "GET /projects/{id}"),
    ]  # fmt: skip


ROUTES_VARIED = """\
package server

import (
	"fmt"
	"net/http"
)

const base = "/v2"

type Server struct{ mux *http.ServeMux }

func (s *Server) routes(h *Handler) {
	s.mux.HandleFunc("GET /widgets", h.List)
	s.mux.Handle("POST /widgets", auth(http.HandlerFunc(h.Create)))
	s.mux.HandleFunc(`DELETE /widgets/{id}`, h.Delete)
	s.mux.HandleFunc("GET "+base+"/widgets", h.List)
	s.mux.HandleFunc(fmt.Sprintf("GET %s/x", base), h.List)
	s.mux.HandleFunc(base, h.List)
}

func register(r *Router, h *Handler) {
	r.router.HandleFunc("PATCH\\t/widgets/{id}", h.Patch)
	r.router.Handle("GET api.example.com/widgets/{id...}", h)
	http.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusOK)
	})
	r.router.Handle("GET", "/three/args", h) // not a net/http registration
	mux.HandleFunc("GET /caf\\u00e9/\\x41", h.Cafe)
	mux.HandleFunc("widgets", h.Bad)
	mux.HandleFunc("GE(T /x", h.Bad)
}
"""


def test_routes_any_receiver_wrapped_raw_and_unreadable():
    got = [
        (r.call, r.method, r.path, r.handler, r.line, r.unreadable)
        for r in route_registrations(ROUTES_VARIED)
    ]
    assert got[:3] == [
        ("s.mux.HandleFunc", "GET", "/widgets", "h.List", 13, None),
        ("s.mux.Handle", "POST", "/widgets", "auth(http.HandlerFunc(h.Create))", 14, None),
        ("s.mux.HandleFunc", "DELETE", "/widgets/{id}", "h.Delete", 15, None),
    ]
    # patterns built at run time are reported, never guessed
    assert [(g[1], g[2], g[4]) for g in got[3:6]] == [
        (None, None, 16),
        (None, None, 17),
        (None, None, 18),
    ]
    assert got[3][5] == 'pattern built at run time (concatenation: "GET "+base+"/widgets")'
    assert got[4][5] == 'pattern built at run time (call: fmt.Sprintf("GET %s/x", base))'
    assert got[5][5] == "pattern read from variable or constant base"
    assert got[6:] == [
        ("r.router.HandleFunc", "PATCH", "/widgets/{id}", "h.Patch", 22, None),
        ("r.router.Handle", "GET", "/widgets/{id...}", "h", 23, None),
        ("http.HandleFunc", None, "/healthz", got[8][3], 24, None),
        ("mux.HandleFunc", "GET", "/café/A", "h.Cafe", 28, None),
        ("mux.HandleFunc", None, None, "h.Bad", 29, "pattern 'widgets' has no '/'"),
        ("mux.HandleFunc", None, None, "h.Bad", 30, "invalid method 'GE(T' in pattern 'GE(T /x'"),
    ]
    assert got[8][3].startswith("func(w http.ResponseWriter")
    host = route_registrations(ROUTES_VARIED)[7]
    assert (host.host, host.pattern) == ("api.example.com", "GET api.example.com/widgets/{id...}")


def test_split_pattern_like_net_http():
    assert go.split_pattern("GET /x") == ("GET", None, "/x", None)
    assert go.split_pattern("GET  \t example.com/x/{id}") == ("GET", "example.com", "/x/{id}", None)
    assert go.split_pattern("/") == (None, None, "/", None)
    assert go.split_pattern("example.com/") == (None, "example.com", "/", None)
    assert go.split_pattern("")[3] == "empty pattern"


def test_route_lines_count_utf8_correctly():
    src = 'package r\n\n// ñandú — 🦤\nfunc S(mux *http.ServeMux) {\n\tmux.HandleFunc("GET /ñ", h) // é\n}\n'
    [reg] = route_registrations(src)
    assert (reg.line, reg.path, reg.handler) == (5, "/ñ", "h")


# --------------------------------------------------------------------------- structs


def test_struct_types():
    src = """\
package models

// Widget is a dashboard widget.
// It has a name.
type Widget struct {
	// ID is the identifier.
	ID          string `json:"id"`
	Name, Title string `json:"name" validate:"required"`
	Config      any    `json:"config,omitempty"` // free-form
	*Base
	audit.Stamp `json:"stamp"`
	Nested      struct {
		A int
	}
	CreatedAt int64 "json:\\"createdAt\\""
}

type (
	// Page doc.
	Page[T any] struct {
		Items []T `json:"items"`
	}
	NotAStruct int
	Alias      = struct{}
)

type Empty struct{}
"""
    decls = struct_types(src)
    assert [d.name for d in decls] == ["Widget", "Page", "Empty"]
    w = decls[0]
    assert (w.line, w.doc) == (5, "// Widget is a dashboard widget.\n// It has a name.")
    assert [(f.name, f.type, f.tag, f.line, f.embedded) for f in w.fields] == [
        ("ID", "string", 'json:"id"', 7, False),
        ("Name", "string", 'json:"name" validate:"required"', 8, False),
        ("Title", "string", 'json:"name" validate:"required"', 8, False),
        ("Config", "any", 'json:"config,omitempty"', 9, False),
        ("Base", "*Base", None, 10, True),
        ("Stamp", "audit.Stamp", 'json:"stamp"', 11, True),
        ("Nested", "struct {\n\t\tA int\n\t}", None, 12, False),
        ("CreatedAt", "int64", 'json:"createdAt"', 15, False),
    ]
    assert w.fields[0].doc == "// ID is the identifier."
    assert w.fields[1].doc is None
    assert w.fields[3].comment == "// free-form"
    page = decls[1]
    assert (page.doc, page.type_params, page.line) == ("// Page doc.", "[T any]", 20)
    assert [(f.name, f.type, f.tag) for f in page.fields] == [("Items", "[]T", 'json:"items"')]
    assert decls[2].fields == [] and decls[2].doc is None
    assert go.comment_text(w.doc) == "Widget is a dashboard widget.\nIt has a name."


# --------------------------------------------------------------------------- ensure_imports


def test_ensure_imports_noop_when_present():
    assert ensure_imports(MAIN, ["net/http", "github.com/elqnt/project-service/routes"]) is MAIN
    aliased = 'package p\n\nimport v "github.com/go-playground/validator/v10"\n'
    assert ensure_imports(aliased, ["github.com/go-playground/validator/v10"]) is aliased


def test_ensure_imports_into_both_groups_sorted(tmp_path):
    out = assert_idempotent(
        lambda s: ensure_imports(
            s, ["github.com/elqnt/project-service/models", "context", "strings", "github.com/google/uuid"]
        ),
        MAIN,
    )
    assert out == MAIN.replace(
        '\t"log"\n\t"net/http"\n',
        '\t"context"\n\t"log"\n\t"net/http"\n\t"strings"\n',
    ).replace(
        '\t"github.com/elqnt/project-service/handlers"\n',
        '\t"github.com/elqnt/project-service/handlers"\n\t"github.com/elqnt/project-service/models"\n',
    ).replace(
        '\t"github.com/elqnt/project-service/services"\n',
        '\t"github.com/elqnt/project-service/services"\n\t"github.com/google/uuid"\n',
    )
    assert_insert_only(MAIN, out)
    assert_gofmt_clean(tmp_path, out)


def test_ensure_imports_single_import_becomes_block(tmp_path):
    src = 'package routes\n\nimport "net/http"\n\nfunc SetupRoutes(mux *http.ServeMux) {}\n'
    out = assert_idempotent(
        lambda s: ensure_imports(s, ["github.com/elqnt/widget-service/handlers", "encoding/json"]), src
    )
    assert out == (
        "package routes\n\n"
        'import (\n\t"encoding/json"\n\t"net/http"\n\n\t"github.com/elqnt/widget-service/handlers"\n)\n\n'
        "func SetupRoutes(mux *http.ServeMux) {}\n"
    )
    assert_gofmt_clean(tmp_path, out)


def test_ensure_imports_new_groups_and_no_imports(tmp_path):
    only_std = 'package p\n\nimport (\n\t"fmt"\n)\n\nvar _ = fmt.Sprint\n'
    out1 = assert_idempotent(lambda s: ensure_imports(s, ["example.com/x", "errors"]), only_std)
    assert (
        out1 == 'package p\n\nimport (\n\t"errors"\n\t"fmt"\n\n\t"example.com/x"\n)\n\nvar _ = fmt.Sprint\n'
    )

    only_other = 'package p\n\nimport (\n\t// the module\n\t"example.com/x"\n)\n'
    out2 = assert_idempotent(lambda s: ensure_imports(s, ["os", "example.com/a"]), only_other)
    assert (
        out2 == 'package p\n\nimport (\n\t"os"\n\n\t"example.com/a"\n\t// the module\n\t"example.com/x"\n)\n'
    )

    none = "// Package p does things.\npackage p // trailing\n\nfunc F() {}\n"
    out3 = assert_idempotent(lambda s: ensure_imports(s, ["net/http", "example.com/y"]), none)
    assert out3 == (
        "// Package p does things.\npackage p // trailing\n\n"
        'import (\n\t"net/http"\n\n\t"example.com/y"\n)\n\nfunc F() {}\n'
    )
    bare = "package p"
    assert ensure_imports(bare, ["fmt"]) == 'package p\n\nimport (\n\t"fmt"\n)\n'
    for before, after in ((only_std, out1), (only_other, out2), (none, out3)):
        assert_insert_only(before, after)
    assert_gofmt_clean(tmp_path, out1, out2, out3)


def test_ensure_imports_picks_group_by_shared_prefix(tmp_path):
    src = """\
package p

import (
	"net/http"

	"github.com/go-playground/validator/v10"

	"github.com/elqnt/widget-service/handlers" // local
	"github.com/elqnt/widget-service/services"
)
"""
    out = ensure_imports(
        src,
        [
            "github.com/elqnt/widget-service/models",
            "golang.org/x/sync",
            "github.com/elqnt/widget-service/zeta",
        ],
    )
    assert out == """\
package p

import (
	"net/http"

	"github.com/go-playground/validator/v10"
	"golang.org/x/sync"

	"github.com/elqnt/widget-service/handlers" // local
	"github.com/elqnt/widget-service/models"
	"github.com/elqnt/widget-service/services"
	"github.com/elqnt/widget-service/zeta"
)
"""
    assert_gofmt_clean(tmp_path, out)


def test_ensure_imports_keeps_cgo_import_alone(tmp_path):
    src = 'package p\n\n// #include <stdio.h>\nimport "C"\n\nfunc F() {}\n'
    out = ensure_imports(src, ["fmt"])
    assert out == 'package p\n\n// #include <stdio.h>\nimport "C"\n\nimport (\n\t"fmt"\n)\n\nfunc F() {}\n'
    assert_gofmt_clean(tmp_path, out)


# --------------------------------------------------------------------------- add_func_param


def test_add_func_param_one_line(tmp_path):
    out = assert_idempotent(
        lambda s: add_func_param(s, "SetupRoutes", "widgetHandler", "*handlers.WidgetHandler"), ROUTES
    )
    assert out == ROUTES.replace(
        "projectHandler *handlers.ProjectHandler)",
        "projectHandler *handlers.ProjectHandler, widgetHandler *handlers.WidgetHandler)",
    )
    assert_insert_only(ROUTES, out)
    assert_gofmt_clean(tmp_path, out)


def test_add_func_param_multi_line(tmp_path):
    out = assert_idempotent(
        lambda s: add_func_param(s, "SetupRoutes", "widgetHandler", "*handlers.WidgetHandler"),
        ROUTES_MULTILINE,
    )
    assert out == ROUTES_MULTILINE.replace(
        "\tprojectHandler *handlers.ProjectHandler,\n",
        "\tprojectHandler *handlers.ProjectHandler,\n\twidgetHandler *handlers.WidgetHandler,\n",
    )
    assert_insert_only(ROUTES_MULTILINE, out)
    assert_gofmt_clean(tmp_path, out)


def test_add_func_param_other_shapes(tmp_path):
    empty = "package p\n\nfunc Setup() {\n}\n"
    assert add_func_param(empty, "Setup", "mux", "*http.ServeMux") == (
        "package p\n\nfunc Setup(mux *http.ServeMux) {\n}\n"
    )
    grouped = "package p\n\nfunc F[T any](a, b int) (int, error) {\n\treturn 0, nil\n}\n"
    assert add_func_param(grouped, "F", "b", "string") is grouped  # name taken: no-op
    assert add_func_param(grouped, "F", "c", "T") == grouped.replace("(a, b int)", "(a, b int, c T)")
    comment = "package p\n\nfunc F(\n\ta int, // first\n) {\n}\n"
    out = add_func_param(comment, "F", "b", "string")
    assert out == "package p\n\nfunc F(\n\ta int, // first\n\tb string,\n) {\n}\n"
    assert_gofmt_clean(tmp_path, out)


def test_add_func_param_errors():
    with pytest.raises(GoSourceError) as info:
        add_func_param(ROUTES, "Setup", "h", "*H")
    assert "Setup" in info.value.message
    variadic = "package p\n\n\nfunc F(a int, opts ...Option) {}\n"
    with pytest.raises(GoSourceError) as info:
        add_func_param(variadic, "F", "b", "int")
    assert info.value.line == 4
    method = "package p\n\nfunc (s *S) SetupRoutes(mux *http.ServeMux) {}\n"
    with pytest.raises(GoSourceError):  # methods are not top-level functions
        add_func_param(method, "SetupRoutes", "h", "*H")


# --------------------------------------------------------------------------- append_statements

NEW_ROUTES = [
    'mux.HandleFunc("GET /widgets", widgetHandler.ListWidgets)',
    'mux.HandleFunc("POST /widgets", widgetHandler.CreateWidget)',
]


def test_append_statements_routes(tmp_path):
    edit = lambda s: append_statements(s, "SetupRoutes", NEW_ROUTES)  # noqa: E731
    out = assert_idempotent(edit, ROUTES)
    assert out == ROUTES.replace(
        '\tmux.HandleFunc("GET /projects/{id}", projectHandler.GetProject)\n}',
        '\tmux.HandleFunc("GET /projects/{id}", projectHandler.GetProject)\n'
        '\tmux.HandleFunc("GET /widgets", widgetHandler.ListWidgets)\n'
        '\tmux.HandleFunc("POST /widgets", widgetHandler.CreateWidget)\n}',
    )
    assert_insert_only(ROUTES, out)
    out2 = edit(ROUTES_MULTILINE)
    assert out2.endswith(
        '\tmux.HandleFunc("GET /projects", projectHandler.ListProjects) // list\n'
        '\tmux.HandleFunc("GET /widgets", widgetHandler.ListWidgets)\n'
        '\tmux.HandleFunc("POST /widgets", widgetHandler.CreateWidget)\n}\n'
    )
    assert_gofmt_clean(tmp_path, out, out2)


def test_append_statements_skips_present_statements_modulo_whitespace():
    stmts = ['mux.HandleFunc( "GET /projects",projectHandler.ListProjects )', "projectRepo := other()"]
    assert append_statements(ROUTES, "SetupRoutes", stmts[:1]) is ROUTES
    # `x := ...` whose names are all declared already could not compile twice: treated as present
    assert append_statements(MAIN, "main", stmts[1:]) is MAIN
    # the same statement twice in one call lands once
    once = append_statements(ROUTES, "SetupRoutes", [NEW_ROUTES[0], NEW_ROUTES[0]])
    assert once.count("ListWidgets") == 1


def test_append_statements_one_line_and_nested_bodies(tmp_path):
    src = "package p\n\nfunc Setup(mux *http.ServeMux) {}\n\nfunc Two() { a(); b() }\n"
    out = append_statements(src, "Setup", NEW_ROUTES)
    assert out == (
        "package p\n\nfunc Setup(mux *http.ServeMux) {\n"
        '\tmux.HandleFunc("GET /widgets", widgetHandler.ListWidgets)\n'
        '\tmux.HandleFunc("POST /widgets", widgetHandler.CreateWidget)\n'
        "}\n\nfunc Two() { a(); b() }\n"
    )
    out2 = append_statements(out, "Two", ["if ok {\n\tc()\n}"])
    assert out2.endswith("func Two() {\n\ta()\n\tb()\n\tif ok {\n\t\tc()\n\t}\n}\n")
    assert append_statements(out2, "Two", ["if ok {c()}"]) == out2
    assert_gofmt_clean(tmp_path, out, out2)


def test_append_statements_rejects_bad_statement():
    with pytest.raises(GoSourceError) as info:
        append_statements(ROUTES, "SetupRoutes", ["mux.HandleFunc("])
    assert info.value.line == 9
    with pytest.raises(GoSourceError):
        append_statements(ROUTES, "Nope", ["x()"])


# --------------------------------------------------------------------------- add_call_arg


def test_add_call_arg_one_line_and_multi_line(tmp_path):
    out = assert_idempotent(lambda s: add_call_arg(s, "main", "routes.SetupRoutes", "widgetHandler"), MAIN)
    assert out == MAIN.replace(
        "routes.SetupRoutes(mux, projectHandler)", "routes.SetupRoutes(mux, projectHandler, widgetHandler)"
    )
    assert_insert_only(MAIN, out)
    multi = MAIN.replace(
        "routes.SetupRoutes(mux, projectHandler)", "routes.SetupRoutes(\n\t\tmux,\n\t\tprojectHandler,\n\t)"
    )
    out2 = assert_idempotent(lambda s: add_call_arg(s, "main", "routes.SetupRoutes", "widgetHandler"), multi)
    assert out2 == multi.replace("\t\tprojectHandler,\n", "\t\tprojectHandler,\n\t\twidgetHandler,\n")
    assert add_call_arg(MAIN, "main", "routes.SetupRoutes", " projectHandler ") is MAIN
    empty = "package main\n\nfunc main() {\n\tif true {\n\t\troutes.Setup()\n\t}\n}\n"
    assert add_call_arg(empty, "main", "routes.Setup", "mux") == empty.replace("Setup()", "Setup(mux)")
    assert_gofmt_clean(tmp_path, out, out2)


def test_add_call_arg_errors():
    with pytest.raises(GoSourceError) as info:
        add_call_arg(MAIN, "main", "routes.Setup", "h")
    assert info.value.line == 13 and "routes.Setup" in info.value.message
    with pytest.raises(GoSourceError):
        add_call_arg("package p\n\nfunc f() {\n\tg(a, b...)\n}\n", "f", "g", "c")


# --------------------------------------------------------------------------- insert_statement_after


def test_wiring_main_in_the_guides_order(tmp_path):
    out = wire_main(MAIN)
    assert out == MAIN_WIRED
    assert wire_main(out) == out
    assert_insert_only(MAIN, out)
    assert_gofmt_clean(tmp_path, out)


def test_each_insert_is_idempotent():
    for stmt, prefixes in (
        (REPO, ["repositories.New"]),
        (SERVICE, ["services.New"]),
        (HANDLER, ["handlers.New"]),
    ):
        assert_idempotent(
            lambda s: insert_statement_after(s, "main", stmt, prefixes, "routes.SetupRoutes"), MAIN
        )


def test_insert_without_anchor_goes_before_the_routes_block(tmp_path):
    src = """\
package main

func main() {
	db := connect()

	// Handlers
	healthHandler := handlers.NewHealthHandler(db)

	// Routes
	mux := http.NewServeMux()
	routes.SetupRoutes(mux, healthHandler)
	serve(mux)
}
"""
    out = wire_main(src)
    assert out == """\
package main

func main() {
	db := connect()

	// Handlers
	healthHandler := handlers.NewHealthHandler(db)

	widgetRepo := repositories.NewInMemoryWidgetRepository()
	widgetService := services.NewWidgetService(widgetRepo)
	widgetHandler := handlers.NewWidgetHandler(widgetService)

	// Routes
	mux := http.NewServeMux()
	routes.SetupRoutes(mux, healthHandler, widgetHandler)
	serve(mux)
}
"""
    assert wire_main(out) == out
    assert_insert_only(src, out)
    assert_gofmt_clean(tmp_path, out)


def test_insert_before_callee_without_heading():
    src = (
        "package main\n\nfunc main() {\n\tx := 1\n\tmux := http.NewServeMux()\n\troutes.SetupRoutes(mux)\n}\n"
    )
    out = insert_statement_after(src, "main", REPO, ["repositories.New"], "routes.SetupRoutes")
    assert out == src.replace("\tmux :=", f"\t{REPO}\n\tmux :=")
    plain = "package main\n\nfunc main() {\n\tx := 1\n\n\troutes.SetupRoutes(x)\n}\n"
    out = insert_statement_after(plain, "main", REPO, ["repositories.New"], "routes.SetupRoutes")
    assert out == plain.replace("\troutes.", f"\t{REPO}\n\troutes.")


def test_insert_keeps_error_checks_and_comments_with_their_statement(tmp_path):
    src = """\
package main

func main() {
	db, err := sql.Open("postgres", dsn) // connections
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()

	// Repositories
	projectRepo, err := repositories.NewPostgresProjectRepository(db)
	if err != nil {
		log.Fatal(err)
	}
	// Services
	projectService := services.NewProjectService(projectRepo)
	mux := http.NewServeMux()
	routes.SetupRoutes(mux, projectService)
}
"""
    out = insert_statement_after(src, "main", REPO, ["repositories.New"], "routes.SetupRoutes")
    assert out == src.replace(
        "\t\tlog.Fatal(err)\n\t}\n\t// Services", f"\t\tlog.Fatal(err)\n\t}}\n\t{REPO}\n\t// Services"
    )
    # with no anchor: before the routes block (`mux :=` + the call), here with no heading comment
    stmt = "widgetRepo := repositories.NewPostgresWidgetRepository(db)"
    src2 = src.replace("repositories.NewPostgres", "repos.Make")
    out2 = insert_statement_after(src2, "main", stmt, ["repositories.New"], "routes.SetupRoutes")
    assert out2 == src2.replace("\tmux :=", f"\t{stmt}\n\tmux :=")
    # ... but never before what it uses: after db's declaration and the guards that follow it
    src3 = src2.replace("\tdb, err := sql.Open", "\troutes.SetupRoutes(nil, nil)\n\tdb, err := sql.Open")
    out3 = insert_statement_after(src3, "main", stmt, ["repositories.New"], "routes.SetupRoutes")
    assert out3 == src3.replace("\tdefer db.Close()\n", f"\tdefer db.Close()\n\t{stmt}\n")
    assert_gofmt_clean(tmp_path, out, out2, out3)


def test_insert_never_before_a_declaration_it_uses():
    src = """\
package main

func main() {
	projectService := services.NewProjectService(nil)
	projectHandler := handlers.NewProjectHandler(projectService)
	widgetService := services.NewWidgetService(nil)
	routes.SetupRoutes(mux, projectHandler)
}
"""
    out = insert_statement_after(src, "main", HANDLER, ["handlers.New"], "routes.SetupRoutes")
    assert out == src.replace(
        "\twidgetService := services.NewWidgetService(nil)\n",
        f"\twidgetService := services.NewWidgetService(nil)\n\t{HANDLER}\n",
    )


def test_insert_in_one_line_body_and_non_ascii(tmp_path):
    src = "package main\n\n// Größe 🚀\nfunc main() { routes.SetupRoutes(mux) }\n"
    out = insert_statement_after(src, "main", REPO, ["repositories.New"], "routes.SetupRoutes")
    assert out == f"package main\n\n// Größe 🚀\nfunc main() {{\n\t{REPO}\n\troutes.SetupRoutes(mux)\n}}\n"
    assert_gofmt_clean(tmp_path, out)


def test_insert_errors():
    src = "package main\n\nfunc main() {\n\tserve()\n}\n"
    with pytest.raises(GoSourceError) as info:
        insert_statement_after(src, "main", REPO, ["repositories.New"], "routes.SetupRoutes")
    assert info.value.line == 3 and "routes.SetupRoutes" in info.value.message
    with pytest.raises(GoSourceError):
        insert_statement_after(src, "run", REPO, ["repositories.New"], "routes.SetupRoutes")
    with pytest.raises(GoSourceError):
        insert_statement_after(src, "main", "a := ; b", ["serve"], "routes.SetupRoutes")


# --------------------------------------------------------------------------- a full edit of routes.go


def test_routes_go_edit_sequence(tmp_path):
    def edit(src: str) -> str:
        src = add_func_param(src, "SetupRoutes", "widgetHandler", "*handlers.WidgetHandler")
        src = append_statements(src, "SetupRoutes", NEW_ROUTES)
        return ensure_imports(src, ["github.com/elqnt/project-service/handlers"])

    for src in (ROUTES, ROUTES_MULTILINE):
        out = assert_idempotent(edit, src)
        assert_insert_only(src, out)
        assert_gofmt_clean(tmp_path, out)
        assert [r.path for r in route_registrations(out)][-2:] == ["/widgets", "/widgets"]


def test_a_large_file_is_read_and_edited_whole():
    """5,000 registrations: every one read, the edit at the end (speed is measured in bench/, not here)."""
    lines = [f'\tmux.HandleFunc("GET /r{i}/{{id}}", h.Get{i})' for i in range(5000)]
    src = "package routes\n\nfunc SetupRoutes(mux *http.ServeMux, h *H) {\n" + "\n".join(lines) + "\n}\n"
    regs = route_registrations(src)
    out = append_statements(src, "SetupRoutes", ['mux.HandleFunc("GET /new", h.New)'])
    assert len(regs) == 5000 and [r.path for r in regs[:2]] == ["/r0/{id}", "/r1/{id}"]
    assert out == src[: -len("}\n")] + '\tmux.HandleFunc("GET /new", h.New)\n}\n'


# --------------------------------------------------------------------------- go.mod

GOMOD = """\
module github.com/elqnt/widget-service

go 1.22.3

require (
	github.com/google/uuid v1.6.0
	github.com/redis/go-redis/v9 v9.5.1
)

require (
	github.com/cespare/xxhash/v2 v2.2.0 // indirect
)
"""


def test_gomod_readers():
    assert module_path(GOMOD) == "github.com/elqnt/widget-service"
    assert module_path('module "example.com/q" // comment\n') == "example.com/q"
    assert go_version(GOMOD) == "1.22.3"
    assert go_version("module x\n") is None
    assert has_require(GOMOD, "github.com/google/uuid")
    assert has_require(GOMOD, "github.com/cespare/xxhash/v2")
    assert has_require("module x\n\nrequire example.com/a v1.0.0\n", "example.com/a")
    assert not has_require(GOMOD, "github.com/google")
    with pytest.raises(GoModError):
        module_path("go 1.22\n")


def test_gomod_add_require_into_direct_block_sorted():
    add = lambda t: add_require(t, "github.com/go-playground/validator/v10", "v10.22.0")  # noqa: E731
    out = assert_idempotent(add, GOMOD)
    assert out == GOMOD.replace(
        "\tgithub.com/google/uuid v1.6.0\n",
        "\tgithub.com/go-playground/validator/v10 v10.22.0\n\tgithub.com/google/uuid v1.6.0\n",
    )
    last = add_require(GOMOD, "golang.org/x/sync", "v0.7.0")
    assert "\tgithub.com/redis/go-redis/v9 v9.5.1\n\tgolang.org/x/sync v0.7.0\n)\n\nrequire (" in last
    assert add_require(GOMOD, "github.com/google/uuid", "v9.9.9") is GOMOD


def test_gomod_add_require_creates_block_and_keeps_crlf():
    bare = "module example.com/svc\n\ngo 1.22\n\n// tools\n"
    assert add_require(bare, "example.com/a", "v1.0.0") == (
        "module example.com/svc\n\ngo 1.22\n\nrequire (\n\texample.com/a v1.0.0\n)\n\n// tools\n"
    )
    assert (
        add_require("module m", "example.com/a", "v1.0.0")
        == "module m\n\nrequire (\n\texample.com/a v1.0.0\n)\n"
    )
    single = "module m\r\n\r\ngo 1.22\r\n\r\nrequire example.com/b v1.0.0\r\n"
    assert (
        add_require(single, "example.com/a", "v1.0.0")
        == single + "\r\nrequire (\r\n\texample.com/a v1.0.0\r\n)\r\n"
    )


# --------------------------------------------------------------------------- properties


_PATHS = st.sampled_from(
    [
        "context",
        "errors",
        "fmt",
        "net/http",
        "strings",
        "encoding/json",
        "github.com/google/uuid",
        "github.com/go-playground/validator/v10",
        "github.com/elqnt/project-service/handlers",
        "github.com/elqnt/project-service/models",
        "github.com/elqnt/project-service/zz",
        "golang.org/x/sync/errgroup",
    ]
)
_IMPORT_SHAPES = [
    "package p\n",
    'package p\n\nimport "fmt"\n',
    'package p\n\nimport (\n\t"fmt"\n\t"os"\n)\n',
    'package p\n\nimport (\n\t"github.com/google/uuid"\n)\n\nfunc F() {}\n',
    MAIN,
]


def _import_groups(src: str) -> list[list[str]]:
    block = src.split("import (\n", 1)[1].split("\n)", 1)[0]
    return [[ln.strip() for ln in g.split("\n") if ln.strip()] for g in block.split("\n\n")]


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(_IMPORT_SHAPES), st.lists(_PATHS, max_size=6))
def test_ensure_imports_properties(src: str, paths: list[str]):
    out = ensure_imports(src, paths)
    check_syntax(out)
    assert ensure_imports(out, paths) == out
    assert set(go.imports(out)) == set(go.imports(src)) | set(paths)
    if paths and 'import "fmt"\n' not in src:
        assert_insert_only(src, out)
    if "import (" in out:
        groups = _import_groups(out)
        assert all(g == sorted(g) for g in groups)
        std = ["." not in g[0].strip('"').split("/")[0] for g in groups]
        assert std == sorted(std, reverse=True)  # the stdlib group comes first


@settings(max_examples=60, deadline=None)
@given(st.permutations([REPO, SERVICE, HANDLER]))
def test_wiring_order_does_not_matter_for_the_result(stmts: list[str]):
    prefixes = {REPO: ["repositories.New"], SERVICE: ["services.New", "repositories.New"],
                HANDLER: ["handlers.New", "services.New", "repositories.New"]}  # fmt: skip
    src = MAIN
    for stmt in stmts:
        src = insert_statement_after(src, "main", stmt, prefixes[stmt], "routes.SetupRoutes")
    assert add_call_arg(src, "main", "routes.SetupRoutes", "widgetHandler") == MAIN_WIRED


# --------------------------------------------------------------------------- the Go toolchain


@pytest.mark.toolchain
def test_edited_service_builds_and_vets(tmp_path):
    go = shutil.which("go")
    if go is None:
        pytest.skip("go not installed")
    root = tmp_path / "svc"
    module = "github.com/elqnt/project-service"
    files = {
        "go.mod": f"module {module}\n\ngo 1.22\n",
        "main.go": MAIN,
        "routes/routes.go": ROUTES_MULTILINE,
    }
    for res in ("Project", "Widget"):
        files[f"repositories/{res.lower()}.go"] = (
            f"package repositories\n\ntype InMemory{res}Repository struct{{}}\n\n"
            f"func NewInMemory{res}Repository() *InMemory{res}Repository {{ return &InMemory{res}Repository{{}} }}\n"
        )
        files[f"services/{res.lower()}.go"] = (
            f'package services\n\nimport "{module}/repositories"\n\n'
            f"type {res}Service struct{{ repo *repositories.InMemory{res}Repository }}\n\n"
            f"func New{res}Service(r *repositories.InMemory{res}Repository) *{res}Service {{\n"
            f"\treturn &{res}Service{{repo: r}}\n}}\n"
        )
        verbs = ("List", "Create", "Get") if res == "Project" else ("List", "Create")
        methods = "".join(
            f"\nfunc (h *{res}Handler) {v}{res}{'s' if v == 'List' else ''}(w http.ResponseWriter, r *http.Request) {{}}\n"
            for v in verbs
        )
        files[f"handlers/{res.lower()}.go"] = (
            f'package handlers\n\nimport (\n\t"net/http"\n\n\t"{module}/services"\n)\n\n'
            f"type {res}Handler struct{{ svc *services.{res}Service }}\n\n"
            f"func New{res}Handler(s *services.{res}Service) *{res}Handler {{ return &{res}Handler{{svc: s}} }}\n"
            + methods
        )
    routes = files["routes/routes.go"]
    routes = add_func_param(routes, "SetupRoutes", "widgetHandler", "*handlers.WidgetHandler")
    routes = append_statements(routes, "SetupRoutes", NEW_ROUTES)
    files["routes/routes.go"] = ensure_imports(routes, [f"{module}/handlers"])
    files["main.go"] = wire_main(MAIN)
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    env = {**os.environ, "GOFLAGS": "-mod=mod", "GOTOOLCHAIN": "local"}
    for cmd in ([go, "build", "./..."], [go, "vet", "./..."]):
        res = subprocess.run(cmd, cwd=root, capture_output=True, text=True, env=env, check=False)
        assert res.returncode == 0, res.stderr
    assert_gofmt_clean(tmp_path, files["main.go"], files["routes/routes.go"])
