package handlers

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/elqnt/eloquent/services/widget-service/repositories"
	"github.com/elqnt/eloquent/services/widget-service/services"
)

// newWidgetTestMux serves the widget routes over a fresh in-memory repository.
func newWidgetTestMux() *http.ServeMux {
	h := NewWidgetHandler(services.NewWidgetService(repositories.NewInMemoryWidgetRepository()))
	mux := http.NewServeMux()
	mux.HandleFunc("GET /widgets", h.ListWidgets)
	mux.HandleFunc("POST /widgets", h.CreateWidget)
	mux.HandleFunc("GET /widgets/{id}", h.GetWidget)
	mux.HandleFunc("PUT /widgets/{id}", h.UpdateWidget)
	mux.HandleFunc("DELETE /widgets/{id}", h.DeleteWidget)
	return mux
}

func doWidgetRequest(t *testing.T, mux *http.ServeMux, method, path, orgID, body string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if orgID != "" {
		req.Header.Set("X-Org-ID", orgID)
	}
	req.Header.Set("X-User-ID", "user-1")
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, req)
	return rec
}

func decodeWidgetBody(t *testing.T, rec *httptest.ResponseRecorder) map[string]any {
	t.Helper()
	var body map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatalf("response is not a JSON object: %v: %s", err, rec.Body.String())
	}
	return body
}

func TestWidgetRequiresOrg(t *testing.T) {
	rec := doWidgetRequest(t, newWidgetTestMux(), "GET", "/widgets", "", `{"name":"example","description":"example","config":{"example":true},"tags":[],"status":"draft","type":"example","apiUrl":"https://example.com/","weights":{},"dueAt":1}`)
	if rec.Code != http.StatusBadRequest || decodeWidgetBody(t, rec)["code"] != "MISSING_ORG_ID" {
		t.Fatalf("want 400 MISSING_ORG_ID, got %d %s", rec.Code, rec.Body.String())
	}
}

func TestWidgetCreateRejectsBadInput(t *testing.T) {
	mux := newWidgetTestMux()
	rec := doWidgetRequest(t, mux, "POST", "/widgets", "org-a", `{not json`)
	if rec.Code != http.StatusBadRequest || decodeWidgetBody(t, rec)["code"] != "INVALID_JSON" {
		t.Fatalf("want 400 INVALID_JSON, got %d %s", rec.Code, rec.Body.String())
	}
	rec = doWidgetRequest(t, mux, "POST", "/widgets", "org-a", `{"description":"example","config":{"example":true},"tags":[],"status":"draft","type":"example","apiUrl":"https://example.com/","weights":{},"dueAt":1}`)
	if rec.Code != http.StatusBadRequest || decodeWidgetBody(t, rec)["code"] != "VALIDATION_ERROR" {
		t.Fatalf("want 400 VALIDATION_ERROR, got %d %s", rec.Code, rec.Body.String())
	}
}

func TestWidgetLifecycle(t *testing.T) {
	mux := newWidgetTestMux()
	rec := doWidgetRequest(t, mux, "POST", "/widgets", "org-a", `{"name":"example","description":"example","config":{"example":true},"tags":[],"status":"draft","type":"example","apiUrl":"https://example.com/","weights":{},"dueAt":1}`)
	if rec.Code != http.StatusCreated {
		t.Fatalf("create: want 201, got %d %s", rec.Code, rec.Body.String())
	}
	id, _ := decodeWidgetBody(t, rec)["id"].(string)
	if id == "" {
		t.Fatalf("create: no id in %s", rec.Body.String())
	}
	if rec := doWidgetRequest(t, mux, "GET", "/widgets/"+id, "org-a", ""); rec.Code != http.StatusOK {
		t.Fatalf("get: want 200, got %d %s", rec.Code, rec.Body.String())
	}
	if rec := doWidgetRequest(t, mux, "GET", "/widgets/"+id, "org-b", ""); rec.Code != http.StatusNotFound {
		t.Fatalf("get from another org: want 404, got %d", rec.Code)
	}
	rec = doWidgetRequest(t, mux, "GET", "/widgets", "org-b", "")
	if total := decodeWidgetBody(t, rec)["total"]; rec.Code != http.StatusOK || total != float64(0) {
		t.Fatalf("list of another org: want 200 and total 0, got %d %v", rec.Code, total)
	}
	if rec := doWidgetRequest(t, mux, "PUT", "/widgets/"+id, "org-a", `{"name":"example","description":"example","config":{"example":true},"tags":[],"status":"draft","type":"example","apiUrl":"https://example.com/","weights":{},"dueAt":1}`); rec.Code != http.StatusOK {
		t.Fatalf("update: want 200, got %d %s", rec.Code, rec.Body.String())
	}
	if rec := doWidgetRequest(t, mux, "DELETE", "/widgets/"+id, "org-a", ""); rec.Code != http.StatusNoContent {
		t.Fatalf("delete: want 204, got %d %s", rec.Code, rec.Body.String())
	}
	if rec := doWidgetRequest(t, mux, "DELETE", "/widgets/"+id, "org-a", ""); rec.Code != http.StatusNotFound {
		t.Fatalf("delete again: want 404, got %d", rec.Code)
	}
}
