package handlers

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/elqnt/eloquent/services/project-service/repositories"
	"github.com/elqnt/eloquent/services/project-service/services"
)

// newTaskTestMux serves the task routes over a fresh in-memory repository.
func newTaskTestMux() *http.ServeMux {
	h := NewTaskHandler(services.NewTaskService(repositories.NewInMemoryTaskRepository()))
	mux := http.NewServeMux()
	mux.HandleFunc("GET /tasks", h.ListTasks)
	mux.HandleFunc("POST /tasks", h.CreateTask)
	mux.HandleFunc("GET /tasks/{id}", h.GetTask)
	mux.HandleFunc("PUT /tasks/{id}", h.UpdateTask)
	mux.HandleFunc("DELETE /tasks/{id}", h.DeleteTask)
	return mux
}

func doTaskRequest(t *testing.T, mux *http.ServeMux, method, path, orgID, body string) *httptest.ResponseRecorder {
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

func decodeTaskBody(t *testing.T, rec *httptest.ResponseRecorder) map[string]any {
	t.Helper()
	var body map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatalf("response is not a JSON object: %v: %s", err, rec.Body.String())
	}
	return body
}

func TestTaskRequiresOrg(t *testing.T) {
	rec := doTaskRequest(t, newTaskTestMux(), "GET", "/tasks", "", `{"title":"example","done":true}`)
	if rec.Code != http.StatusBadRequest || decodeTaskBody(t, rec)["code"] != "MISSING_ORG_ID" {
		t.Fatalf("want 400 MISSING_ORG_ID, got %d %s", rec.Code, rec.Body.String())
	}
}

func TestTaskCreateRejectsBadInput(t *testing.T) {
	mux := newTaskTestMux()
	rec := doTaskRequest(t, mux, "POST", "/tasks", "org-a", `{not json`)
	if rec.Code != http.StatusBadRequest || decodeTaskBody(t, rec)["code"] != "INVALID_JSON" {
		t.Fatalf("want 400 INVALID_JSON, got %d %s", rec.Code, rec.Body.String())
	}
	rec = doTaskRequest(t, mux, "POST", "/tasks", "org-a", `{"done":true}`)
	if rec.Code != http.StatusBadRequest || decodeTaskBody(t, rec)["code"] != "VALIDATION_ERROR" {
		t.Fatalf("want 400 VALIDATION_ERROR, got %d %s", rec.Code, rec.Body.String())
	}
}

func TestTaskLifecycle(t *testing.T) {
	mux := newTaskTestMux()
	rec := doTaskRequest(t, mux, "POST", "/tasks", "org-a", `{"title":"example","done":true}`)
	if rec.Code != http.StatusCreated {
		t.Fatalf("create: want 201, got %d %s", rec.Code, rec.Body.String())
	}
	id, _ := decodeTaskBody(t, rec)["id"].(string)
	if id == "" {
		t.Fatalf("create: no id in %s", rec.Body.String())
	}
	if rec := doTaskRequest(t, mux, "GET", "/tasks/"+id, "org-a", ""); rec.Code != http.StatusOK {
		t.Fatalf("get: want 200, got %d %s", rec.Code, rec.Body.String())
	}
	if rec := doTaskRequest(t, mux, "GET", "/tasks/"+id, "org-b", ""); rec.Code != http.StatusNotFound {
		t.Fatalf("get from another org: want 404, got %d", rec.Code)
	}
	rec = doTaskRequest(t, mux, "GET", "/tasks", "org-b", "")
	if total := decodeTaskBody(t, rec)["total"]; rec.Code != http.StatusOK || total != float64(0) {
		t.Fatalf("list of another org: want 200 and total 0, got %d %v", rec.Code, total)
	}
	if rec := doTaskRequest(t, mux, "PUT", "/tasks/"+id, "org-a", `{"title":"example","done":true}`); rec.Code != http.StatusOK {
		t.Fatalf("update: want 200, got %d %s", rec.Code, rec.Body.String())
	}
	if rec := doTaskRequest(t, mux, "DELETE", "/tasks/"+id, "org-a", ""); rec.Code != http.StatusNoContent {
		t.Fatalf("delete: want 204, got %d %s", rec.Code, rec.Body.String())
	}
	if rec := doTaskRequest(t, mux, "DELETE", "/tasks/"+id, "org-a", ""); rec.Code != http.StatusNotFound {
		t.Fatalf("delete again: want 404, got %d", rec.Code)
	}
}
