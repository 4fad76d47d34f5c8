"""elqnt_scaffold.sources.go.remove: the inverse edits (removal and replacement) of Go source.

The core property: for every insert the tool makes, the matching removal gives the file back byte for
byte, and removing twice changes nothing more."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from elqnt_scaffold.sources import go
from elqnt_scaffold.sources.go.nodes import Doc, decl_keys
from elqnt_scaffold.sources.go import (
    GoSourceError,
    add_call_arg,
    add_func_param,
    append_decls,
    append_statements,
    decl_text,
    ensure_imports,
    insert_statement_after,
    remove_call_arg,
    remove_func_param,
    remove_statements,
    remove_unused_imports,
    replace_decls,
)
from tests.conftest import EXAMPLE, needs_go
from tests.test_golang_source import (
    _IMPORT_SHAPES,
    _PATHS,
    HANDLER,
    MAIN,
    MAIN_WIRED,
    NEW_ROUTES,
    REPO,
    ROUTES,
    ROUTES_MULTILINE,
    ROUTES_VARIED,
    SERVICE,
    assert_gofmt_clean,
    wire_main,
)

EXAMPLE_SVC = EXAMPLE / "services" / "project-service"
EXAMPLE_MAIN = (EXAMPLE_SVC / "main.go").read_text(encoding="utf-8")
EXAMPLE_ROUTES = (EXAMPLE_SVC / "routes" / "routes.go").read_text(encoding="utf-8")
EXAMPLE_MODULE = "github.com/elqnt/eloquent/services/project-service"


def crlf(src: str) -> str:
    return src.replace("\n", "\r\n")


# --------------------------------------------------------------------------- more shapes

MAIN_MULTILINE_CALL = MAIN.replace(
    "routes.SetupRoutes(mux, projectHandler)", "routes.SetupRoutes(\n\t\tmux,\n\t\tprojectHandler, // the projects\n\t)"
)
MAIN_CALL_CLOSE_ON_LAST_LINE = MAIN.replace(
    "routes.SetupRoutes(mux, projectHandler)", "routes.SetupRoutes(mux,\n\t\tprojectHandler)"
)
MAIN_CALL_FIRST_ON_OPEN_LINE = MAIN.replace(
    "routes.SetupRoutes(mux, projectHandler)", "routes.SetupRoutes(mux,\n\t)"
)
MAIN_NO_ARGS = "package main\n\nfunc main() {\n\tif ok {\n\t\troutes.SetupRoutes()\n\t}\n}\n"

# the anchor has a trailing comment, a comment follows on the next line, code follows the statements
MAIN_COMMENTS_AND_MIDDLE = """\
package main

func main() {
	cfg := config.Load()
	projectRepo := repositories.NewInMemoryProjectRepository() // in memory
	// the cache sits in front of the repository
	cache := newCache(projectRepo)
	projectService := services.NewProjectService(cache)
	/* handlers */ projectHandler := handlers.NewProjectHandler(projectService)
	audit(cfg)
	mux := http.NewServeMux()
	routes.SetupRoutes(mux, projectHandler)
	serve(mux)
}
"""

# no anchors at all: the three statements go above the "// Routes" heading, the first item of the body
MAIN_HEADING_FIRST = """\
package main

func main() {
	// Routes
	mux := http.NewServeMux()
	routes.SetupRoutes(mux)
	serve(mux)
}
"""

MAIN_NO_HEADING = "package main\n\nfunc main() {\n\tx := 1\n\n\troutes.SetupRoutes(x)\n}\n"

ROUTES_GROUPED = """\
package routes

import "net/http"

func SetupRoutes(mux *http.ServeMux, a, b *handlers.ProjectHandler) {
	mux.HandleFunc("GET /a", a.List)
}
"""

ROUTES_NO_PARAMS_NO_IMPORTS = """\
// Package routes wires nothing yet.
package routes // the routes

func SetupRoutes() {
	register()
}
"""

ROUTES_PARAM_ON_CLOSE_LINE = """\
package routes

import (
	"net/http"
)

func SetupRoutes(
	mux *http.ServeMux) {
	mux.Handle("/", nil) //elqnt:internal
}
"""

MAINS = {
    "main": MAIN,
    "example": EXAMPLE_MAIN,
    "multiline-call": MAIN_MULTILINE_CALL,
    "close-on-last-line": MAIN_CALL_CLOSE_ON_LAST_LINE,
    "comments-and-middle": MAIN_COMMENTS_AND_MIDDLE,
    "heading-first": MAIN_HEADING_FIRST,
    "crlf": crlf(MAIN),
    "crlf-example": crlf(EXAMPLE_MAIN),
}
ROUTES_FILES = {
    "routes": ROUTES,
    "multiline": ROUTES_MULTILINE,
    "example": EXAMPLE_ROUTES,
    "grouped": ROUTES_GROUPED,
    "no-params-no-imports": ROUTES_NO_PARAMS_NO_IMPORTS,
    "param-on-close-line": ROUTES_PARAM_ON_CLOSE_LINE,
    "crlf": crlf(ROUTES_MULTILINE),
    "crlf-example": crlf(EXAMPLE_ROUTES),
}


def assert_round_trip(add, remove, src: str) -> str:
    """add changes src; remove gives src back byte for byte; removing again changes nothing; removing
    from the untouched file returns the very same object."""
    added = add(src)
    assert added != src
    back = remove(added)
    assert back.encode() == src.encode()
    assert remove(back) == back
    assert remove(src) is src
    return added


def unwire_main(src: str) -> str:
    src = remove_call_arg(src, "main", "routes.SetupRoutes", "widgetHandler")
    return remove_statements(src, "main", [REPO, SERVICE, HANDLER])


# --------------------------------------------------------------------------- statements


@pytest.mark.parametrize("name", MAINS)
def test_wiring_main_round_trips(name: str):
    src = MAINS[name]
    added = assert_round_trip(wire_main, unwire_main, src)
    assert added.count("widget") == 6
    for stmt in (REPO, SERVICE, HANDLER):  # one statement at a time, too
        assert remove_statements(added, "main", [stmt]).count(stmt) == 0


@pytest.mark.parametrize("name", ["main", "comments-and-middle", "heading-first", "crlf"])
def test_each_inserted_statement_round_trips(name: str):
    for stmt, prefixes in ((REPO, ["repositories.New"]), (SERVICE, ["services.New"]), (HANDLER, ["handlers.New"])):
        assert_round_trip(
            lambda s: insert_statement_after(s, "main", stmt, prefixes, "routes.SetupRoutes"),
            lambda s: remove_statements(s, "main", [stmt]),
            MAINS[name],
        )


def test_statements_land_where_expected_in_the_new_shapes():
    wired = wire_main(MAIN_COMMENTS_AND_MIDDLE)
    assert f"// in memory\n\t{REPO}\n\t// the cache" in wired
    assert f"projectService)\n\t{HANDLER}\n\taudit(cfg)" in wired
    assert wire_main(MAIN_HEADING_FIRST).startswith(
        f"package main\n\nfunc main() {{\n\t{REPO}\n\t{SERVICE}\n\t{HANDLER}\n\n\t// Routes\n"
    )
    plain = insert_statement_after(MAIN_NO_HEADING, "main", REPO, ["repositories.New"], "routes.SetupRoutes")
    assert remove_statements(plain, "main", [REPO]) == MAIN_NO_HEADING


@pytest.mark.parametrize("name", ROUTES_FILES)
def test_appended_routes_round_trip(name: str):
    lines = NEW_ROUTES + ['mux.HandleFunc("DELETE /widgets/{id}", widgetHandler.DeleteWidget) //elqnt:internal']
    assert_round_trip(
        lambda s: append_statements(s, "SetupRoutes", lines),
        lambda s: remove_statements(s, "SetupRoutes", lines),
        ROUTES_FILES[name],
    )


def test_remove_statements_compares_tokens_and_ignores_missing():
    out = remove_statements(
        MAIN_WIRED, "main", ["widgetRepo:=repositories.NewInMemoryWidgetRepository( )", "notThere()"]
    )
    assert out == MAIN_WIRED.replace(f"\t{REPO}\n", "")
    assert remove_statements(MAIN, "main", ["notThere()"]) is MAIN


def test_remove_statements_every_occurrence_and_blank_lines(tmp_path):
    src = "package p\n\nfunc f() {\n\ta()\n\n\tx()\n\n\tx() // again\n\n\tb()\n}\n"
    out = remove_statements(src, "f", ["x()"])
    assert out == "package p\n\nfunc f() {\n\ta()\n\n\tb()\n}\n"
    assert_gofmt_clean(tmp_path, out)
    # a nested statement is not a statement of the body
    nested = "package p\n\nfunc f() {\n\tif ok {\n\t\tx()\n\t}\n}\n"
    assert remove_statements(nested, "f", ["x()"]) is nested


def test_remove_after_rebuilt_one_line_body_keeps_the_multi_line_body(tmp_path):
    one_line = "package p\n\nfunc Setup(mux *http.ServeMux) {}\n"
    added = append_statements(one_line, "Setup", NEW_ROUTES)
    back = remove_statements(added, "Setup", NEW_ROUTES)
    assert back == "package p\n\nfunc Setup(mux *http.ServeMux) {\n}\n"  # documented: not `{}` again
    assert_gofmt_clean(tmp_path, back)


# --------------------------------------------------------------------------- call arguments


@pytest.mark.parametrize(
    "src", [MAIN, EXAMPLE_MAIN, MAIN_MULTILINE_CALL, MAIN_CALL_CLOSE_ON_LAST_LINE, MAIN_CALL_FIRST_ON_OPEN_LINE,
            MAIN_NO_ARGS, crlf(MAIN_MULTILINE_CALL)],
)  # fmt: skip
def test_call_arg_round_trips(src: str):
    added = assert_round_trip(
        lambda s: add_call_arg(s, "main", "routes.SetupRoutes", "widgetHandler"),
        lambda s: remove_call_arg(s, "main", "routes.SetupRoutes", " widgetHandler "),
        src,
    )
    assert go.call_args(added, "main", "routes.SetupRoutes")[-1] == "widgetHandler"


def test_remove_call_arg_first_middle_last_and_only():
    src = "package p\n\nfunc f() {\n\tg(a, h(b), c)\n\tg(a)\n}\n"
    assert remove_call_arg(src, "f", "g", "a") == src.replace("g(a, h(b), c)", "g(h(b), c)")
    assert remove_call_arg(src, "f", "g", "h( b )") == src.replace("g(a, h(b), c)", "g(a, c)")
    assert remove_call_arg(src, "f", "g", "c") == src.replace("g(a, h(b), c)", "g(a, h(b))")
    multi = "package p\n\nfunc f() {\n\tg(\n\t\ta, // first\n\t\tb,\n\t)\n}\n"
    assert remove_call_arg(multi, "f", "g", "a") == "package p\n\nfunc f() {\n\tg(\n\t\tb,\n\t)\n}\n"
    one = "package p\n\nfunc f() {\n\tg(\n\t\ta,\n\t)\n}\n"
    assert remove_call_arg(one, "f", "g", "a") == "package p\n\nfunc f() {\n\tg()\n}\n"
    twice = "package p\n\nfunc f() {\n\tg(a, x, x)\n}\n"
    assert remove_call_arg(twice, "f", "g", "x") == "package p\n\nfunc f() {\n\tg(a)\n}\n"
    assert remove_call_arg(src, "f", "nope", "a") is src  # no such call: nothing to do


# --------------------------------------------------------------------------- parameters


@pytest.mark.parametrize("name", ROUTES_FILES)
def test_func_param_round_trips(name: str):
    assert_round_trip(
        lambda s: add_func_param(s, "SetupRoutes", "widgetHandler", "*handlers.WidgetHandler"),
        lambda s: remove_func_param(s, "SetupRoutes", "widgetHandler"),
        ROUTES_FILES[name],
    )


def test_remove_func_param_shapes(tmp_path):
    grouped = remove_func_param(ROUTES_GROUPED, "SetupRoutes", "b")
    assert grouped == ROUTES_GROUPED.replace("a, b *handlers", "a *handlers")
    assert go.func_params(grouped, "SetupRoutes")[-1] == ("a", "*handlers.ProjectHandler")
    assert_gofmt_clean(tmp_path, grouped, remove_func_param(ROUTES_MULTILINE, "SetupRoutes", "mux"))
    assert remove_func_param(ROUTES_GROUPED, "SetupRoutes", "a") == ROUTES_GROUPED.replace(
        "a, b *handlers", "b *handlers"
    )
    assert remove_func_param(ROUTES, "SetupRoutes", "mux") == ROUTES.replace("mux *http.ServeMux, ", "")
    assert remove_func_param(ROUTES_MULTILINE, "SetupRoutes", "mux") == ROUTES_MULTILINE.replace(
        "\tmux *http.ServeMux,\n", ""
    )
    only = "package p\n\nfunc F(\n\ta int, // the a\n) {\n}\n"
    assert remove_func_param(only, "F", "a") == "package p\n\nfunc F() {\n}\n"
    variadic = "package p\n\nfunc F(a int, opts ...Option) {}\n"
    assert remove_func_param(variadic, "F", "opts") == "package p\n\nfunc F(a int) {}\n"
    assert remove_func_param(variadic, "F", "zzz") is variadic


# --------------------------------------------------------------------------- imports

SINGLE_IMPORT = 'package routes\n\nimport "net/http"\n\nfunc SetupRoutes(mux *http.ServeMux) {}\n'
ALIASED = 'package p\n\nimport (\n\tv "github.com/go-playground/validator/v10"\n)\n\nvar _ = v.New\n'
CGO = 'package p\n\n// #include <stdio.h>\nimport "C"\n\nfunc F() {}\n'
TOP_AND_BOTTOM = 'package p\n\nimport (\n\t// the module\n\t"example.com/x"\n)\n'


@pytest.mark.parametrize(
    ("src", "paths"),
    [
        (MAIN, ["github.com/elqnt/project-service/models", "context", "strings", "github.com/google/uuid"]),
        (EXAMPLE_MAIN, ["encoding/json", "golang.org/x/sync/errgroup", f"{EXAMPLE_MODULE}/models"]),
        (SINGLE_IMPORT, ["github.com/elqnt/widget-service/handlers", "encoding/json"]),
        (crlf(SINGLE_IMPORT), ["github.com/elqnt/widget-service/handlers"]),
        (ROUTES_NO_PARAMS_NO_IMPORTS, ["net/http", "example.com/y"]),
        ("package p\n", ["fmt"]),
        (crlf(ROUTES_NO_PARAMS_NO_IMPORTS), ["net/http"]),
        (CGO, ["fmt"]),
        (TOP_AND_BOTTOM, ["os", "example.com/a", "example.com/z"]),
        (ALIASED.replace("\tv ", '\t"fmt"\n\tv '), ["errors", "example.com/q"]),
        (crlf(MAIN), ["context", "example.com/zz"]),
        (crlf('package p\n\nimport (\n\t"fmt"\n\t"os"\n)\n'), ["example.com/x", "errors"]),  # a group at the bottom
        ('package p\n\nimport (\n\t"example.com/x"\n\t"example.com/y"\n)\n', ["os", "fmt"]),  # a group on top
        (ROUTES_VARIED, ["github.com/elqnt/x/handlers"]),
    ],
)
def test_import_round_trips(src: str, paths: list[str]):
    assert_round_trip(lambda s: ensure_imports(s, paths), lambda s: remove_unused_imports(s, paths), src)


_REMOVABLE_SHAPES = [s for s in _IMPORT_SHAPES if 'import (\n\t"github.com/google/uuid"\n)' not in s] + [
    SINGLE_IMPORT,
    TOP_AND_BOTTOM,
    crlf(MAIN),
]


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(_REMOVABLE_SHAPES), st.lists(_PATHS, max_size=6))
def test_import_round_trip_property(src: str, paths: list[str]):
    added = [p for p in paths if p not in go.imports(src)]
    out = ensure_imports(src, added)
    assert remove_unused_imports(out, added) == src
    assert remove_unused_imports(src, added) is src


def test_remove_unused_imports_keeps_what_is_used():
    # handlers.ProjectHandler is a qualified type; http.ServeMux too
    assert remove_unused_imports(ROUTES, ["github.com/elqnt/project-service/handlers", "net/http"]) is ROUTES
    assert remove_unused_imports(ALIASED, ["github.com/go-playground/validator/v10"]) is ALIASED
    blank = 'package p\n\nimport (\n\t_ "embed"\n\t. "strings"\n\t"fmt"\n)\n'
    assert remove_unused_imports(blank, ["embed", "strings", "fmt"]) == (
        'package p\n\nimport (\n\t_ "embed"\n\t. "strings"\n)\n'
    )
    versioned = 'package p\n\nimport (\n\t"fmt"\n\t"github.com/go-playground/validator/v10"\n)\n\nvar _ = fmt.Sprint\n'
    assert remove_unused_imports(versioned, ["github.com/go-playground/validator/v10"]) == (
        'package p\n\nimport "fmt"\n\nvar _ = fmt.Sprint\n'
    )
    assert remove_unused_imports(versioned, ["not/imported"]) is versioned


def test_remove_unused_imports_one_spec_block_is_collapsed():
    # documented ambiguity: a one-spec block the user wrote cannot be told from one ensure_imports made
    src = 'package p\n\nimport (\n\t"github.com/google/uuid"\n)\n\nvar _ = uuid.New\n'
    out = ensure_imports(src, ["fmt"])
    assert remove_unused_imports(out, ["fmt"]) == 'package p\n\nimport "github.com/google/uuid"\n\nvar _ = uuid.New\n'


# --------------------------------------------------------------------------- declarations

DECLS = [
    "// ListWidgets lists widgets.\nfunc (h *WidgetHandler) ListWidgets(w http.ResponseWriter, r *http.Request) {\n}",
    "// Widget is a widget.\ntype Widget struct {\n\tID string `json:\"id\"`\n}",
    "var errWidgetNotFound = errors.New(\"not found\") // sentinel",
    "func helper() {}",
]


@pytest.mark.parametrize("src", [MAIN, EXAMPLE_ROUTES, ROUTES_VARIED, crlf(EXAMPLE_MAIN), "package p\n"])
def test_decl_round_trips(src: str):
    for decl in DECLS:
        key = next(iter(decl_keys(Doc(f"package p\n\n{decl}\n").root)))
        added = assert_round_trip(
            lambda s: append_decls(s, [decl]), lambda s: replace_decls(s, {key: None}), src
        )
        assert decl_text(added, key) == decl
    everything = append_decls(src, DECLS)
    keys = {"WidgetHandler.ListWidgets": None, "Widget": None, "errWidgetNotFound": None, "helper": None}
    assert replace_decls(everything, keys) == src


def test_replace_decls_in_place_with_doc_comment():
    src = append_decls(ROUTES, DECLS)
    new = "// ListWidgets lists every widget.\nfunc (h *WidgetHandler) ListWidgets(w http.ResponseWriter, r *http.Request) {\n\tw.WriteHeader(200)\n}\n"
    out = replace_decls(src, {"WidgetHandler.ListWidgets": new, "helper": None})
    assert out == src.replace(DECLS[0], new.strip()).replace("\n\nfunc helper() {}", "")
    assert decl_text(out, "WidgetHandler.ListWidgets") == new.strip()
    assert replace_decls(out, {"WidgetHandler.ListWidgets": new, "helper": None}) is out
    crlf_src = crlf(src)
    crlf_out = replace_decls(crlf_src, {"Widget": "type Widget struct{}"})
    assert crlf_out == crlf_src.replace(crlf(DECLS[1]), "type Widget struct{}")
    assert decl_text(crlf_src, "Widget") == DECLS[1]
    assert decl_text(src, "SetupRoutes").startswith("func SetupRoutes(mux")
    assert decl_text(src, "Nope") is None


def test_replace_decls_grouped_declarations():
    src = "package p\n\nvar (\n\ta = 1\n\tb = 2\n)\n\nconst c = 3\n"
    with pytest.raises(GoSourceError) as info:
        replace_decls(src, {"a": None})
    assert info.value.line == 3 and "b" in info.value.message
    assert replace_decls(src, {"a": None, "b": None}) == "package p\n\nconst c = 3\n"
    assert replace_decls(src, {"a": "var a, b = 1, 2", "b": "var a, b = 1, 2"}) == (
        "package p\n\nvar a, b = 1, 2\n\nconst c = 3\n"
    )


def test_replace_decls_errors():
    with pytest.raises(GoSourceError) as info:
        replace_decls(ROUTES, {"Nope": "func Nope() {}"})
    assert "Nope" in info.value.message
    with pytest.raises(GoSourceError) as info:
        replace_decls(ROUTES, {"SetupRoutes": "func Other() {}"})
    assert info.value.line == 9
    with pytest.raises(GoSourceError) as info:
        replace_decls(ROUTES, {"SetupRoutes": "func SetupRoutes( {"})
    assert info.value.line == 9
    assert replace_decls(ROUTES, {"Nope": None}) is ROUTES


# --------------------------------------------------------------------------- errors


def test_every_function_reports_the_syntax_error_line():
    broken = "package routes\n\nimport \"net/http\"\n\nfunc SetupRoutes(mux *http.ServeMux {\n}\n"
    for call in (
        lambda: remove_statements(broken, "SetupRoutes", ["x()"]),
        lambda: remove_call_arg(broken, "SetupRoutes", "f", "x"),
        lambda: remove_func_param(broken, "SetupRoutes", "mux"),
        lambda: remove_unused_imports(broken, ["net/http"]),
        lambda: replace_decls(broken, {"SetupRoutes": None}),
        lambda: decl_text(broken, "SetupRoutes"),
    ):
        with pytest.raises(GoSourceError) as info:
            call()
        assert info.value.line == 5
        assert str(info.value).startswith("line 5")


def test_impossible_removals():
    shared = "package p\n\nfunc f() {\n\ta()\n\tx(); y()\n}\n"
    with pytest.raises(GoSourceError) as info:
        remove_statements(shared, "f", ["y()"])
    assert info.value.line == 5 and "shares its line" in info.value.message
    with pytest.raises(GoSourceError) as info:
        remove_statements(MAIN, "mian", [REPO])
    assert "mian" in info.value.message
    with pytest.raises(GoSourceError):
        remove_statements(MAIN, "main", ["a := ; b"])
    with pytest.raises(GoSourceError):
        remove_func_param(MAIN, "nope", "x")
    messy = 'package p\n\nimport (\n\t"fmt"; "os"\n\t"strings"\n)\n\nvar _ = strings.Cut\n'
    with pytest.raises(GoSourceError) as info:
        remove_unused_imports(messy, ["os"])
    assert info.value.line == 4


# --------------------------------------------------------------------------- the Go toolchain

MODULE = "example.com/svc"
SVC_MAIN = f"""\
package main

import (
	"log"
	"net/http"

	"{MODULE}/routes"
)

func main() {{
	// Routes
	mux := http.NewServeMux()
	routes.SetupRoutes(mux)

	log.Fatal(http.ListenAndServe(":8080", mux))
}}
"""
SVC_ROUTES = """\
package routes

import "net/http"

// SetupRoutes registers the service's routes.
func SetupRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {})
}
"""
SVC_WIDGET_FILES = {
    "repositories/widget.go": "package repositories\n\ntype W struct{}\n\n"
    "func NewInMemoryWidgetRepository() *W { return &W{} }\n",
    "services/widget.go": f'package services\n\nimport "{MODULE}/repositories"\n\ntype S struct{{ r *repositories.W }}\n\n'
    "func NewWidgetService(r *repositories.W) *S { return &S{r} }\n",
    "handlers/widget.go": f'package handlers\n\nimport (\n\t"net/http"\n\n\t"{MODULE}/services"\n)\n\n'
    "type WidgetHandler struct{ s *services.S }\n\n"
    "func NewWidgetHandler(s *services.S) *WidgetHandler { return &WidgetHandler{s} }\n\n"
    "func (h *WidgetHandler) ListWidgets(w http.ResponseWriter, r *http.Request) {}\n\n"
    "func (h *WidgetHandler) CreateWidget(w http.ResponseWriter, r *http.Request) {}\n",
}
SVC_PACKAGES = [f"{MODULE}/{p}" for p in ("handlers", "repositories", "services")]


def _go(root: Path, *args: str) -> None:
    env = {**os.environ, "GOFLAGS": "-mod=mod", "GOTOOLCHAIN": "local"}
    res = subprocess.run(["go", *args], cwd=root, capture_output=True, text=True, env=env, check=False)
    assert res.returncode == 0, res.stderr


@pytest.mark.toolchain
@needs_go
def test_removal_leaves_a_gofmt_clean_module_that_builds(tmp_path):
    root = tmp_path / "svc"
    wired = {
        "main.go": ensure_imports(wire_main(SVC_MAIN), SVC_PACKAGES),
        "routes/routes.go": ensure_imports(
            append_statements(
                add_func_param(SVC_ROUTES, "SetupRoutes", "widgetHandler", "*handlers.WidgetHandler"),
                "SetupRoutes",
                NEW_ROUTES,
            ),
            [f"{MODULE}/handlers"],
        ),
    }
    files = {"go.mod": f"module {MODULE}\n\ngo 1.22\n", **SVC_WIDGET_FILES, **wired}
    for rel, content in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(content, encoding="utf-8")
    _go(root, "build", "./...")  # the wired service builds ...

    main = remove_unused_imports(unwire_main(wired["main.go"]), SVC_PACKAGES)
    routes = remove_statements(wired["routes/routes.go"], "SetupRoutes", NEW_ROUTES)
    routes = remove_unused_imports(remove_func_param(routes, "SetupRoutes", "widgetHandler"), [f"{MODULE}/handlers"])
    handlers = replace_decls(files["handlers/widget.go"], {"WidgetHandler.CreateWidget": None})
    assert (main, routes) == (SVC_MAIN, SVC_ROUTES)
    assert "CreateWidget" not in handlers and handlers.endswith("r *http.Request) {}\n")
    for rel, content in (("main.go", main), ("routes/routes.go", routes), ("handlers/widget.go", handlers)):
        (root / rel).write_text(content, encoding="utf-8")
    res = subprocess.run([shutil.which("gofmt") or "gofmt", "-l", "."], cwd=root, capture_output=True, text=True)
    assert res.returncode == 0 and res.stdout == "", res.stdout + res.stderr
    _go(root, "build", "./...")  # ... and so does the unwired one
    _go(root, "vet", "./...")
