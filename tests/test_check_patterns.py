"""`check` reads every registration right or warns, and merges nothing silently (issue #13, section 2).

Host patterns, `{id}` beside `{path...}`, sub-muxes mounted with `http.StripPrefix` or routegroup's
`Mount`, log handlers' `Handle(ctx, rec)`, `{$}` behind the gateway, method-less routes in the summary,
and short handler text in warnings. Where check says where a route is served, a real Go program serving
the same code says the same (`go test` with httptest)."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest

from elqnt_scaffold.commands import check
from elqnt_scaffold.repo import open_repo
from elqnt_scaffold.report.check import summary, text as report_text

from tests.conftest import go, needs_go

ROUTES = "services/api-gateway/config/routes.yaml"
SHOP = "services/shop-service"
MODULE = "example.com/shop"


def found(root: Path) -> check.CheckResult:
    return check.run(open_repo(root), None, cwd=root)


def entry(path: str, method: str = "GET", upstream: str = "$SHOP_SERVICE_URL") -> str:
    return f"- path: {path}\n  method: {method}\n  proxy_upstream: {upstream}\n  auth_required: true\n"


def service(root: Path, files: dict[str, str], entries: list[str] = (), name: str = "shop-service") -> Path:
    """A Go service (go.mod, the files) in `root`, and the gateway entries in routes.yaml."""
    folder = root / "services" / name
    (folder).mkdir(parents=True, exist_ok=True)
    (folder / "go.mod").write_text(f"module {MODULE}\n\ngo 1.26\n")
    for rel, src in files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(textwrap.dedent(src).lstrip("\n"))
    (root / ROUTES).write_text("routes:\n" + "\n".join(entries))
    return folder


def rows_of(result: check.CheckResult) -> dict[str, object]:
    return {r.label: r for r in result.rows if r.service == "shop-service"}


def kinds(row) -> list[tuple[str, str]]:
    return [(f.severity, f.kind) for f in row.findings]


ROUTES_GO = '''
package main

import "net/http"

func h(w http.ResponseWriter, r *http.Request) {{ w.Header().Set("X-Route", r.Pattern) }}

func build() *http.ServeMux {{
	mux := http.NewServeMux()
{lines}
	return mux
}}

func main() {{ _ = http.ListenAndServe(":8080", build()) }}
'''


def routes_go(*lines: str) -> str:
    return ROUTES_GO.format(lines="\n".join(f"\t{line}" for line in lines))


# --------------------------------------------------------------------------------- host patterns


def test_a_host_route_is_its_own_row_with_a_warning_and_the_entry_goes_to_the_host_less_route(empty_repo):
    service(empty_repo, {"main.go": routes_go(
        'mux.HandleFunc("GET admin.example.com/items", h)',
        'mux.HandleFunc("GET /items", h) //elqnt:no-client',
    )}, [entry("/api/v1/items")])
    result = found(empty_repo)
    rows = rows_of(result)
    assert set(rows) == {"GET admin.example.com/items", "GET /items"}
    assert rows["GET /items"].marks["gateway"] == "x" and rows["GET /items"].findings == []
    host = rows["GET admin.example.com/items"]
    assert kinds(host) == [("warning", "host-route")]  # no missing-gateway: no entry can name a host
    [warning] = host.findings
    assert (warning.file, warning.line) == (f"{SHOP}/main.go", 9)
    assert "the gateway routes by path" in warning.message and "//elqnt:internal" in warning.message
    assert host.marks == {"service": "!", "gateway": "-", "types": "-", "client": "-"}
    assert result.exit_code == 0


@pytest.mark.parametrize(
    ("pattern", "entry_path"),
    [("GET admin.example.com/items", "/api/v1/items"),
     ("admin.example.com/items/{id}", "/api/v1/items/{itemId}"),  # method-less, wildcard
     ("GET admin.example.com/{$}", "/api/v1/")],
    ids=["plain", "any-method-wildcard", "root"],
)
def test_an_entry_that_reaches_only_a_host_route_is_never_paired_silently(empty_repo, pattern, entry_path):
    service(empty_repo, {"main.go": routes_go(f'mux.HandleFunc("{pattern}", h) //elqnt:no-client')}, [entry(entry_path)])
    result = found(empty_repo)
    [row] = rows_of(result).values()
    assert row.marks["gateway"] == "x"
    [warning] = row.findings
    assert warning.kind == "host-route" and warning.severity == "warning"
    assert f"routes.yaml sends GET {entry_path} (line 2) here" in warning.message
    assert "Host: admin.example.com" in warning.message
    assert result.exit_code == 0


def test_a_host_route_marked_internal_says_nothing(empty_repo):
    service(empty_repo, {"main.go": routes_go('mux.HandleFunc("GET admin.example.com/items", h) //elqnt:internal')})
    assert found(empty_repo).findings == []


# ------------------------------------------------------------------------- {id} beside {path...}


FILES = routes_go('mux.HandleFunc("GET /files/{id}", h) //elqnt:no-client',
                  'mux.HandleFunc("GET /files/{path...}", h) //elqnt:no-client')


def test_a_wildcard_and_a_rest_wildcard_are_two_routes_each_with_its_own_entry(empty_repo):
    service(empty_repo, {"main.go": FILES}, [entry("/api/v1/files/{fileId}"), entry("/api/v1/files/{rest...}")])
    result = found(empty_repo)
    rows = rows_of(result)
    assert set(rows) == {"GET /files/{id}", "GET /files/{path...}"}
    assert all(r.marks["gateway"] == "x" and r.findings == [] for r in rows.values())
    assert result.exit_code == 0
    assert "2 endpoints of 1 service checked" in summary(result)


def test_a_rest_entry_is_never_served_by_a_one_segment_route(empty_repo):
    """The gateway sends /files/a/b, which `{id}` does not serve: not paired, a missing route."""
    service(empty_repo, {"main.go": routes_go('mux.HandleFunc("GET /files/{id}", h) //elqnt:no-client')},
            [entry("/api/v1/files/{id}"), entry("/api/v1/files/{rest...}")])
    result = found(empty_repo)
    [error] = result.errors
    assert (error.kind, error.endpoint, error.line) == ("no-service-route", "GET /files/{rest...}", 7)
    assert rows_of(result)["GET /files/{id}"].marks["gateway"] == "x"


def test_a_one_segment_entry_is_served_by_a_rest_route(empty_repo):
    service(empty_repo, {"main.go": routes_go('mux.HandleFunc("GET /files/{path...}", h) //elqnt:no-client')},
            [entry("/api/v1/files/{id}")])
    result = found(empty_repo)
    assert result.errors == [] and rows_of(result)["GET /files/{path...}"].marks["gateway"] == "x"


# --------------------------------------------------------------------------------------- {$}


@pytest.mark.parametrize(
    ("pattern", "public"),
    [("GET /{$}", "/api/v1/"), ("GET /files/{$}", "/api/v1/files/"), ("/{$}", "/api/v1/")],
    ids=["root", "folder", "any-method"],
)
def test_an_end_anchored_route_is_served_at_the_slash_path_of_the_gateway(empty_repo, pattern, public):
    service(empty_repo, {"main.go": routes_go(f'mux.HandleFunc("{pattern}", h) //elqnt:no-client')}, [entry(public)])
    result = found(empty_repo)
    assert result.errors == [] and result.exit_code == 0, [f.message for f in result.errors]
    [row] = rows_of(result).values()
    assert row.marks["gateway"] == "x"


def test_a_missing_entry_for_an_end_anchored_route_names_the_slash_path(empty_repo):
    service(empty_repo, {"main.go": routes_go('mux.HandleFunc("GET /{$}", h) //elqnt:no-client')})
    [error] = found(empty_repo).errors
    assert error.kind == "missing-gateway" and "has no GET /api/v1/ entry" in error.message


def test_a_slash_entry_prefers_the_end_anchored_route_to_the_subtree(empty_repo):
    service(empty_repo, {"main.go": routes_go('mux.HandleFunc("GET /{$}", h) //elqnt:no-client',
                                              'mux.HandleFunc("GET /", h) //elqnt:internal')}, [entry("/api/v1/")])
    result = found(empty_repo)
    assert rows_of(result)["GET /{$}"].marks["gateway"] == "x"
    assert [f.kind for f in result.findings] == []


# --------------------------------------------------------------------------- method-less summary


def test_the_summary_counts_method_less_routes(empty_repo):
    service(empty_repo, {"main.go": routes_go('mux.HandleFunc("/healthz", h) //elqnt:internal',
                                              'mux.HandleFunc("/readyz", h) //elqnt:internal')})
    result = found(empty_repo)
    assert summary(result) == "check: every endpoint has every layer it needs (2 endpoints of 1 service checked)"


# ------------------------------------------------------------------------------ log handlers


LOGS = '''
package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"time"
)

type tagHandler struct{ next slog.Handler }

func (h tagHandler) Enabled(ctx context.Context, l slog.Level) bool { return h.next.Enabled(ctx, l) }
func (h tagHandler) WithAttrs(a []slog.Attr) slog.Handler          { return tagHandler{h.next.WithAttrs(a)} }
func (h tagHandler) WithGroup(n string) slog.Handler               { return tagHandler{h.next.WithGroup(n)} }

func (h tagHandler) Handle(ctx context.Context, r slog.Record) error {
	r.AddAttrs(slog.String("tag", "shop"))
	return h.next.Handle(ctx, r)
}

type job struct{}

func (job) Handle(n int, s string) {}

const base = "/v1"

func register(mux *http.ServeMux, h slog.Handler, req *http.Request, prefix string, j job) {
	rec := slog.NewRecord(time.Now(), slog.LevelInfo, "registered", 0)
	ctx := context.Background()
	_ = h.Handle(ctx, rec)
	_ = h.Handle(req.Context(), rec)
	_ = h.Handle(context.WithoutCancel(ctx), rec)
	var n int
	j.Handle(n, "x")
	j.Handle(42, "x")
	mux.HandleFunc(base+"/a", nil)
	mux.HandleFunc(fmt.Sprintf("GET %s/b", base), nil)
	mux.HandleFunc(prefix, nil)
	mux.Handle(base, nil)
}
'''


def test_log_handlers_and_other_non_pattern_calls_are_not_routes(empty_repo):
    service(empty_repo, {"logs.go": LOGS})
    result = found(empty_repo)
    unreadable = sorted(f.line for f in result.findings if f.kind == "unreadable-route")
    lines = (empty_repo / SHOP / "logs.go").read_text().splitlines()
    assert [lines[n - 1].strip().split("(")[0] for n in unreadable] == ["mux.HandleFunc"] * 3 + ["mux.Handle"]
    assert {f.kind for f in result.findings} == {"unreadable-route"}


@needs_go
def test_the_log_handler_file_is_valid_go(tmp_path):
    (tmp_path / "go.mod").write_text("module logs\n\ngo 1.26\n")
    (tmp_path / "logs.go").write_text(textwrap.dedent(LOGS).lstrip("\n") + "\nfunc main() {}\n")
    vet = go(["vet", "."], tmp_path)
    assert vet.returncode == 0, vet.stderr


# ----------------------------------------------------------------------- short handler text


def test_warnings_quote_a_closure_handler_in_one_short_line(empty_repo):
    closure = 'func(w http.ResponseWriter, r *http.Request) {\n\t\tw.WriteHeader(204)\n' + "\t\t_ = r\n" * 40 + "\t}"
    service(empty_repo, {"main.go": routes_go(f'mux.HandleFunc("GET "+"/x", {closure})',
                                              f'mux.HandleFunc("GET /y", {closure}) //elqnt:internal',
                                              f'mux.HandleFunc("GET /y", {closure}) //elqnt:internal')})
    result = found(empty_repo)
    unreadable = next(f for f in result.findings if f.kind == "unreadable-route")
    assert "(handler func(w, r) {...})" in unreadable.message and "WriteHeader" not in unreadable.message
    twice = next(f for f in result.findings if f.kind == "duplicate")
    assert twice.message.count("(handler func(w, r) {...})") == 2 and "\n" not in twice.message
    assert all(len(line) < 400 for line in report_text(result).splitlines())


# ------------------------------------------------------------------------------- sub-muxes

SHOP_MAIN = '''
package main

import (
	"net/http"

	"example.com/shop/internal/routegroup"
	"example.com/shop/routes"
)

func h(w http.ResponseWriter, r *http.Request) { w.Header().Set("X-Route", r.Pattern) }

func auth(next http.Handler) http.Handler { return next }

type reports struct{ mux *http.ServeMux }

func (a *reports) ServeHTTP(w http.ResponseWriter, r *http.Request) { a.mux.ServeHTTP(w, r) }

func newReports() *reports {
	a := &reports{mux: http.NewServeMux()}
	a.mux.HandleFunc("GET /monthly", h)
	return a
}

func v2() http.Handler {
	m := http.NewServeMux()
	m.HandleFunc("GET /orders", h)
	return m
}

func build() http.Handler {
	root := http.NewServeMux()
	routes.Setup(root, h)

	api := http.NewServeMux()
	routes.Users(api, h)
	root.Handle("/api/", http.StripPrefix("/api", api))

	admin := http.NewServeMux()
	routes.Users(admin, h)
	root.Handle("/admin/", http.StripPrefix("/admin", auth(admin)))

	root.Handle("/v2/", http.StripPrefix("/v2", v2()))
	root.Handle("/reports/", http.StripPrefix("/reports", newReports()))

	group := routegroup.New(root)
	update := group.Mount("/update")
	update.HandleFunc("POST /items/{id}", h)
	update.HandleFunc("GET /", h)
	group.Mount("/tags").HandleFunc("GET /{tag}", h)

	host := http.NewServeMux()
	host.HandleFunc("GET /dash", h)
	root.Handle("admin.example.com/", host)
	return root
}

func main() { _ = http.ListenAndServe(":8080", build()) }
'''

SHOP_ROUTES = '''
package routes

import "net/http"

func Setup(mux *http.ServeMux, h http.HandlerFunc) {
	mux.HandleFunc("GET /health", h)
}

func Users(mux *http.ServeMux, h http.HandlerFunc) {
	mux.HandleFunc("GET /users", h)
}
'''

ROUTEGROUP = '''
// Package routegroup is a small stand-in with routegroup's API (New, Mount, Bundle.Mount, HandleFunc).
package routegroup

import (
	"net/http"
	"strings"
)

type Bundle struct {
	mux  *http.ServeMux
	base string
}

func New(mux *http.ServeMux) *Bundle { return &Bundle{mux: mux} }

func (b *Bundle) Mount(base string) *Bundle { return &Bundle{mux: b.mux, base: b.base + base} }

func (b *Bundle) HandleFunc(pattern string, h http.HandlerFunc) {
	method, path, found := strings.Cut(pattern, " ")
	if !found {
		method, path = "", pattern
	}
	if path == "/" {
		path = "/{$}"
	}
	b.mux.HandleFunc(strings.TrimSpace(method+" "+b.base+path), h) //elqnt:internal
}
'''

MOUNTED = {  # what check reports (label -> registration line in main.go or routes/routes.go)
    "GET /health": ("routes/routes.go", 6),
    "GET /api/users": ("routes/routes.go", 10),
    "GET /admin/users": ("routes/routes.go", 10),
    "GET /v2/orders": ("main.go", 26),
    "POST /update/items/{id}": ("main.go", 47),
    "GET /update/{$}": ("main.go", 48),
    "GET /tags/{tag}": ("main.go", 49),
    "GET admin.example.com/dash": ("main.go", 52),
}


@pytest.fixture
def shop(empty_repo: Path) -> Path:
    service(empty_repo, {"main.go": SHOP_MAIN, "routes/routes.go": SHOP_ROUTES, "internal/routegroup/group.go": ROUTEGROUP})
    return empty_repo


def test_sub_mux_routes_are_reported_where_they_are_served(shop):
    result = found(shop)
    rows = rows_of(result)
    served = {label: (r.findings[0].file if r.findings else None) for label, r in rows.items() if not label.startswith("?")}
    assert set(served) == set(MOUNTED) | {"ANY /reports/"}, sorted(served)
    for label, (file, line) in MOUNTED.items():
        finding = rows[label].findings[0]
        assert (finding.file, finding.line) == (f"{SHOP}/{file}", line), label
    # never at the bare path, never merged: two sub-muxes' GET /users are two endpoints
    assert not any(label in rows for label in ("GET /users", "GET /orders", "ANY /api/", "ANY /admin/", "ANY /v2/"))
    api = next(f for f in rows["GET /api/users"].findings if f.kind == "missing-gateway")
    assert "GET /api/users (registered as GET /users, mounted at services/shop-service/main.go:36)" in api.message
    assert "has no GET /api/v1/api/users entry" in api.message
    admin = next(f for f in rows["GET /admin/users"].findings if f.kind == "missing-gateway")
    assert "mounted at services/shop-service/main.go:40" in admin.message
    update = next(f for f in rows["GET /update/{$}"].findings if f.kind == "missing-gateway")
    assert "GET /update/{$} (registered as GET /, mounted at services/shop-service/main.go:46)" in update.message
    assert "has no GET /api/v1/update/ entry" in update.message


def test_a_mount_check_cannot_follow_is_a_warning_and_its_mux_is_not_at_the_bare_path(shop):
    result = found(shop)
    rows = rows_of(result)
    assert "GET /monthly" not in rows and "GET /reports/monthly" not in rows
    [unplaced] = [f for f in result.findings if f.kind == "mounted-route"]
    assert (unplaced.severity, unplaced.file, unplaced.line) == ("warning", f"{SHOP}/main.go", 20)
    assert "GET /monthly (handler h) is registered on a mux that is mounted" in unplaced.message
    assert "services/shop-service/main.go:43 mounts newReports() under /reports" in unplaced.message
    # the mount itself is what the gateway can route to: it stays an endpoint
    assert "ANY /reports/" in rows


def test_the_same_sub_mux_registering_a_pattern_twice_is_a_duplicate_and_two_sub_muxes_are_not(shop):
    routes = shop / SHOP / "routes/routes.go"
    routes.write_text(routes.read_text().replace('\tmux.HandleFunc("GET /users", h)\n', '\tmux.HandleFunc("GET /users", h)\n\tmux.HandleFunc("GET /users", h)\n'))
    dups = [f for f in found(shop).findings if f.kind == "duplicate"]
    assert sorted(f.endpoint for f in dups) == ["GET /admin/users", "GET /api/users"]
    root_and_api = SHOP_ROUTES.replace('"GET /health"', '"GET /users"')
    (shop / SHOP / "routes/routes.go").write_text(textwrap.dedent(root_and_api).lstrip("\n"))
    result = found(shop)
    assert [f for f in result.findings if f.kind == "duplicate"] == []
    assert {"GET /users", "GET /api/users", "GET /admin/users"} <= set(rows_of(result))


def test_entries_for_mounted_routes_satisfy_them(shop):
    (shop / ROUTES).write_text("routes:\n" + "\n".join(entry(f"/api/v1{p}") for p in ("/api/users", "/admin/users", "/health")))
    result = found(shop)
    rows = rows_of(result)
    for label in ("GET /api/users", "GET /admin/users", "GET /health"):
        assert rows[label].marks["gateway"] == "x"
    assert not any(f.kind == "no-service-route" for f in result.findings)


@needs_go
def test_go_serves_each_route_where_check_says_and_not_at_the_bare_path(shop):
    """The same service, run by net/http: every path check reports answers with its handler, the
    paths as registered (without their mount prefix) do not."""
    folder = shop / SHOP
    cases = []
    for label in MOUNTED:
        method, pattern = label.split(" ", 1)
        host, _, path = pattern.partition("/")
        path = "/" + re.sub(r"\{[^}]*\}", "x", path.replace("{$}", ""))
        cases.append((method, host, path, 200))
    cases += [("GET", "", "/users", 404), ("GET", "", "/orders", 404), ("POST", "", "/items/x", 404),
              ("GET", "", "/dash", 404), ("GET", "", "/reports/monthly", 200)]
    table = "".join(f"\t\t{{{json.dumps(m)}, {json.dumps(h)}, {json.dumps(p)}, {code}}},\n" for m, h, p, code in cases)
    (folder / "main_test.go").write_text(
        'package main\n\nimport (\n\t"net/http/httptest"\n\t"testing"\n)\n\n'
        "func TestServed(t *testing.T) {\n\tmux := build()\n\tfor _, c := range []struct {\n"
        "\t\tmethod, host, path string\n\t\tcode              int\n\t}{\n" + table + "\t} {\n"
        "\t\treq := httptest.NewRequest(c.method, c.path, nil)\n\t\tif c.host != \"\" {\n\t\t\treq.Host = c.host\n\t\t}\n"
        "\t\trec := httptest.NewRecorder()\n\t\tmux.ServeHTTP(rec, req)\n"
        "\t\tif rec.Code != c.code {\n\t\t\tt.Errorf(\"%s %s%s: %d, want %d\", c.method, c.host, c.path, rec.Code, c.code)\n\t\t}\n"
        "\t\tif c.code == 200 && rec.Header().Get(\"X-Route\") == \"\" {\n\t\t\tt.Errorf(\"%s %s: no handler\", c.method, c.path)\n\t\t}\n"
        "\t}\n}\n"
    )
    run = go(["test", "-count=1", "./..."], folder)
    assert run.returncode == 0, run.stdout + run.stderr
    assert go(["vet", "./..."], folder).returncode == 0


@needs_go
def test_go_sends_a_host_request_to_the_host_route_and_others_to_the_host_less_one(tmp_path):
    (tmp_path / "go.mod").write_text("module hosts\n\ngo 1.26\n")
    (tmp_path / "main.go").write_text(textwrap.dedent(routes_go(
        'mux.HandleFunc("GET admin.example.com/items", h)', 'mux.HandleFunc("GET /items", h)',
        'mux.HandleFunc("GET /files/{id}", h)', 'mux.HandleFunc("GET /files/{path...}", h)',
    )).lstrip("\n"))
    (tmp_path / "main_test.go").write_text(
        'package main\n\nimport (\n\t"net/http/httptest"\n\t"testing"\n)\n\n'
        "func TestPatterns(t *testing.T) {\n\tmux := build()\n"
        "\tfor host, path := range map[string]string{\"admin.example.com\": \"/items\", \"project-service:8080\": \"/items\", "
        "\"a\": \"/files/a\", \"b\": \"/files/a/b\"} {\n"
        "\t\treq := httptest.NewRequest(\"GET\", path, nil)\n\t\treq.Host = host\n\t\trec := httptest.NewRecorder()\n"
        "\t\tmux.ServeHTTP(rec, req)\n\t\tt.Logf(\"%s%s -> %s\", host, path, rec.Header().Get(\"X-Route\"))\n\t}\n}\n"
    )
    run = go(["test", "-count=1", "-v", "."], tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "admin.example.com/items -> GET admin.example.com/items" in run.stdout
    assert "project-service:8080/items -> GET /items" in run.stdout
    assert "a/files/a -> GET /files/{id}" in run.stdout
    assert "b/files/a/b -> GET /files/{path...}" in run.stdout


# --------------------------------------------------------------- more ways to mount a mux

SERVER = '''
package main

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/go-pkgz/routegroup"
)

const apiPrefix = "/api"

func h(w http.ResponseWriter, r *http.Request) {}

type server struct {
	root *http.ServeMux
	api  *http.ServeMux
}

func newServer() *server {
	s := &server{root: http.NewServeMux(), api: http.NewServeMux()}
	s.routes()
	return s
}

func (s *server) routes() {
	s.api.HandleFunc("GET /keys", h)
	s.root.Handle("/api/", http.StripPrefix("/api", s.api))

	v1 := http.NewServeMux()
	v1.HandleFunc("GET /old", h)
	s.root.Handle("/v1/", http.StripPrefix(apiPrefix, v1))

	v3 := http.NewServeMux()
	v3.HandleFunc("GET /other", h)
	s.root.Handle("/v3/", http.StripPrefix("/api", v3))

	group := routegroup.New(s.root)
	group.Route(func(b *routegroup.Bundle) {
		b.HandleFunc("GET /inside", h)
	})
	routegroup.Mount(s.root, "/billing").HandleFunc("GET /invoices", h)

	r := chi.NewRouter()
	r.Route("/chi", func(r chi.Router) {
		r.HandleFunc("/ping", h)
	})
	sub := http.NewServeMux()
	sub.HandleFunc("GET /deep", h)
	r.Mount("/mounted", sub)
	s.root.Handle("/", r)
	routegroup.Mount(s.root, apiPrefix+"/x").HandleFunc("GET /y", h)
}

func main() { _ = http.ListenAndServe(":8080", newServer().root) }
'''


def test_muxes_in_struct_fields_routegroup_route_and_chi_are_followed(empty_repo):
    service(empty_repo, {"main.go": SERVER})
    result = found(empty_repo)
    rows = rows_of(result)
    placed = {label for label in rows if not label.startswith("?")}
    assert placed == {"GET /api/keys", "GET /inside", "GET /billing/invoices", "ANY /chi/ping", "GET /mounted/deep"}, placed
    unplaced = {f.line: f.message for f in result.findings if f.kind == "mounted-route"}
    group = next(n for n, line in enumerate(textwrap.dedent(SERVER).lstrip().splitlines(), 1) if "GET /y" in line)
    assert set(unplaced) == {30, 34, group}  # GET /old, GET /other, GET /y: placed nowhere, warned
    assert f": {SHOP}/main.go:{group} makes a route group with a prefix check cannot read;" in unplaced[group]
    assert f": {SHOP}/main.go:31 strips a prefix check cannot read;" in unplaced[30] and ":35" not in unplaced[30]
    assert f": {SHOP}/main.go:35 strips '/api' from requests for '/v3/', which do not start with it;" in unplaced[34]
