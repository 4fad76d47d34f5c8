"""Custom operations as a reviewer reads them: optional query parameters are pointers (absent is nil, not
false/0/""), a collection-level operation is named in the plural in every layer, and its `list` response is
one page like the CRUD list. Checked by a Go test run against the generated handler with `go test`, by
tsc --strict on the client, and by re-running add-endpoint on a repository made with the old singular name."""

from __future__ import annotations

import json
import re
from pathlib import Path

from elqnt_scaffold.lockfile import digest
from elqnt_scaffold.sources import go as gosrc
from tests.conftest import assert_go_quality, go, needs_go, needs_tsc, tsc

SVC = Path("services/widget-service")
CLIENT = Path("eloquent-packages/packages/api-client")
TYPES = Path("eloquent-packages/packages/types/src/widget-service.ts")
LOCK = SVC / "endpoints/widget.lock"
SPEC = """resource: widget
fields: [{name: name, type: string, required: true}]
operations:
  - list
  - get
  - name: search
    method: GET
    path: /search
    query:
      - {name: q, type: string, required: true}
      - {name: archived, type: bool}
      - {name: min_size, type: int32}
      - {name: label, type: string}
    response: list
  - {name: export, method: GET, path: /export, response: list, paginate: false}
"""

# A Go test dropped into the generated handlers package: a stand-in service records what the handler
# parsed, so absent, false/0/"" and page/limit are told apart by the real net/http and strconv.
PROBE = """package handlers

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"MODULE/models"
	"MODULE/services"
)

type queryProbe struct {
	services.WidgetServiceAPI
	query       models.SearchWidgetsQuery
	page, limit int
}

func (p *queryProbe) Search(ctx context.Context, orgID, userID string, query models.SearchWidgetsQuery, page, limit int) (models.ListWidgetsResponse, error) {
	p.query, p.page, p.limit = query, page, limit
	return models.ListWidgetsResponse{Page: page, Limit: limit}, nil
}

func probe(t *testing.T, p *queryProbe, target string) *httptest.ResponseRecorder {
	t.Helper()
	*p = queryProbe{}
	req := httptest.NewRequest(http.MethodGet, target, nil)
	req.Header.Set("X-Org-ID", "org-a")
	rec := httptest.NewRecorder()
	NewWidgetHandler(p).SearchWidgets(rec, req)
	return rec
}

func TestProbeOptionalQueryIsNilWhenAbsent(t *testing.T) {
	p := &queryProbe{}
	rec := probe(t, p, "/widgets/search?q=x")
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	if p.query.Q != "x" || p.query.Archived != nil || p.query.MinSize != nil || p.query.Label != nil {
		t.Fatalf("absent optional parameters must be nil: %+v", p.query)
	}
	if p.page != 1 || p.limit != 20 {
		t.Fatalf("default page: %d %d", p.page, p.limit)
	}
	if body := strings.TrimSpace(rec.Body.String()); body != `{"items":[],"total":0,"page":1,"limit":20}` {
		t.Fatalf("body %s", body)
	}
}

func TestProbeZeroValuesArePresent(t *testing.T) {
	p := &queryProbe{}
	rec := probe(t, p, "/widgets/search?q=x&archived=false&minSize=0&label=&page=3&limit=5")
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	if p.query.Archived == nil || *p.query.Archived || p.query.MinSize == nil || *p.query.MinSize != 0 ||
		p.query.Label == nil || *p.query.Label != "" {
		t.Fatalf("false, 0 and \\"\\" must arrive as set values: %+v", p.query)
	}
	if p.page != 3 || p.limit != 5 {
		t.Fatalf("page %d limit %d", p.page, p.limit)
	}
}

func TestProbeBadValuesAre400(t *testing.T) {
	p := &queryProbe{}
	for _, target := range []string{"/widgets/search", "/widgets/search?q=x&minSize=big", "/widgets/search?q=x&limit=500", "/widgets/search?q=x&page=0"} {
		if rec := probe(t, p, target); rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "INVALID_QUERY") {
			t.Fatalf("%s: status %d: %s", target, rec.Code, rec.Body)
		}
	}
}
"""


def _scaffold(cli, example: Path, *args: str) -> None:
    run = cli("add-endpoint", "widget", "--repo", str(example), *args)
    assert run.code == 0, run.out + run.err


def _module(example: Path) -> str:
    return (example / SVC / "go.mod").read_text().split()[1]


@needs_go
@needs_tsc
def test_optional_query_parameters_are_pointers_and_lists_are_paged(cli, example, tmp_path):
    spec = tmp_path / "widget.yaml"
    spec.write_text(SPEC)
    _scaffold(cli, example, "--spec", str(spec))
    models = (example / SVC / "models/widget.go").read_text()
    query = models.split("type SearchWidgetsQuery struct {\n", 1)[1].split("}")[0]
    assert [line.split()[:2] for line in query.splitlines()] == [
        ["Q", "string"], ["Archived", "*bool"], ["MinSize", "*int32"], ["Label", "*string"]
    ]
    service = (example / SVC / "services/widget.go").read_text()
    assert ("func (s *WidgetService) Search(ctx context.Context, orgID, userID string, query models.SearchWidgetsQuery, "
            "page, limit int) (models.ListWidgetsResponse, error) {") in service
    assert "func (s *WidgetService) Export(ctx context.Context, orgID, userID string) ([]models.Widget, error) {" in service
    routes_go = (example / SVC / "routes/routes.go").read_text()
    assert 'mux.HandleFunc("GET /widgets/search", widgetHandler.SearchWidgets)' in routes_go
    assert 'mux.HandleFunc("GET /widgets/export", widgetHandler.ExportWidgets)' in routes_go
    # tygo writes the pointers as optional members: the client's argument type is that interface
    types = (example / TYPES).read_text()
    assert "  q: string;\n  archived?: boolean;\n  minSize?: number /* int32 */;\n  label?: string;\n" in types
    client = (example / CLIENT / "src/widgets.ts").read_text()
    assert ("export async function searchWidgets(query: SearchWidgetsQuery, params?: { page?: number; limit?: number }): "
            "Promise<ListWidgetsResponse>") in client
    assert "page: params?.page, limit: params?.limit" in client
    assert "export async function exportWidgets(): Promise<Widget[]>" in client
    proc = tsc(example / CLIENT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert_go_quality(example / SVC)  # the user's 501 skeletons compile with the new shapes

    (example / SVC / "handlers/query_probe_test.go").write_text(PROBE.replace("MODULE", _module(example)))
    run = go(["test", "-count=1", "-run", "TestProbe", "-v", "./handlers/"], example / SVC)
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.count("--- PASS: TestProbe") == 3, run.stdout


@needs_go
@needs_tsc
def test_a_repository_made_with_the_singular_name_is_renamed_cleanly(cli, example, tmp_path):
    """A repository generated before collection-level operations were plural: route line `SearchWidget`
    (recorded in the lock), `searchWidget` in the client, a 501 skeleton taking `SearchWidgetQuery` and
    answering `[]models.Widget`. Re-running add-endpoint replaces the route line (none left stale), the
    skeleton follows, and the service builds."""
    spec = tmp_path / "widget.yaml"
    spec.write_text(SPEC)
    _scaffold(cli, example, "--spec", str(spec))
    svc = example / SVC
    old_names = {"SearchWidgets(": "SearchWidget(", "SearchWidgets)": "SearchWidget)", "SearchWidgetsQuery": "SearchWidgetQuery",
                 "searchWidgets(": "searchWidget("}

    def to_old(text: str) -> str:
        for new, old in old_names.items():
            text = text.replace(new, old)
        return text

    for rel in ("routes/routes.go", "handlers/widget.go", "models/widget.go"):
        (svc / rel).write_text(to_old((svc / rel).read_text()))
    client = example / CLIENT / "src/widgets.ts"
    client.write_text(to_old(client.read_text()))
    service = svc / "services/widget.go"
    skeleton = gosrc.decl_text(service.read_text(), "WidgetService.Search")
    old_skeleton = to_old(skeleton).replace(", page, limit int) (models.ListWidgetsResponse, error)", ") ([]models.Widget, error)")
    old_skeleton = old_skeleton.replace("return models.ListWidgetsResponse{}, ", "return nil, ")
    service.write_text(service.read_text().replace(skeleton, old_skeleton))
    lock = json.loads((example / LOCK).read_text())
    parts = lock["parts"][f"{SVC}/services/widget.go"]
    parts["skeleton WidgetService.Search"] = digest(old_skeleton)
    parts["file"] = digest(service.read_text())
    routes_rel = f"{SVC}/routes/routes.go"
    lock["parts"][routes_rel] = {k: to_old(v) for k, v in lock["parts"][routes_rel].items()}
    (example / LOCK).write_text(json.dumps(lock, indent=2) + "\n")
    assert "widgetHandler.SearchWidget)" in (svc / "routes/routes.go").read_text()

    _scaffold(cli, example)
    routes_go = (svc / "routes/routes.go").read_text()
    assert re.findall(r'.*"GET /widgets/search".*', routes_go) == [
        '\tmux.HandleFunc("GET /widgets/search", widgetHandler.SearchWidgets)'
    ]
    assert "SearchWidgetQuery" not in service.read_text() and "models.SearchWidgetsQuery, page, limit int" in service.read_text()
    assert "searchWidget(" not in client.read_text() and "searchWidgets(" in client.read_text()
    assert_go_quality(svc)
    proc = tsc(example / CLIENT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    drift = cli("drift", "--repo", str(example))
    assert drift.code == 0, drift.out + drift.err
