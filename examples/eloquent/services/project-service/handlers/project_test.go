package handlers_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/elqnt/eloquent/services/project-service/handlers"
	"github.com/elqnt/eloquent/services/project-service/models"
	"github.com/elqnt/eloquent/services/project-service/repositories"
	"github.com/elqnt/eloquent/services/project-service/services"
)

// newProjectTestMux wires a ProjectHandler over an empty in-memory store,
// registered with the same patterns as routes.SetupRoutes.
func newProjectTestMux() *http.ServeMux {
	h := handlers.NewProjectHandler(services.NewProjectService(repositories.NewInMemoryProjectRepository()))
	mux := http.NewServeMux()
	mux.HandleFunc("GET /projects", h.ListProjects)
	mux.HandleFunc("POST /projects", h.CreateProject)
	mux.HandleFunc("GET /projects/{id}", h.GetProject)
	mux.HandleFunc("PUT /projects/{id}", h.UpdateProject)
	mux.HandleFunc("DELETE /projects/{id}", h.DeleteProject)
	return mux
}

// serveProject sends one request to mux as a user of orgID ("" sends no
// X-Org-ID header) and returns the recorded response.
func serveProject(t *testing.T, mux http.Handler, orgID, method, target, body string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if orgID != "" {
		req.Header.Set("X-Org-ID", orgID)
		req.Header.Set("X-User-ID", "user-1")
	}
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, req)
	return rec
}

// decodeProjectBody decodes a JSON response body into v.
func decodeProjectBody(t *testing.T, rec *httptest.ResponseRecorder, v any) {
	t.Helper()
	if err := json.NewDecoder(rec.Body).Decode(v); err != nil {
		t.Fatalf("decode response %q: %v", rec.Body.String(), err)
	}
}

// assertProjectError checks an error response's status and code.
func assertProjectError(t *testing.T, rec *httptest.ResponseRecorder, status int, code string) {
	t.Helper()
	if rec.Code != status {
		t.Fatalf("status = %d, want %d (body %s)", rec.Code, status, rec.Body.String())
	}
	var body struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	}
	decodeProjectBody(t, rec, &body)
	if body.Code != code || body.Message == "" {
		t.Fatalf("error body = %+v, want code %q and a message", body, code)
	}
}

func TestProjectCRUD(t *testing.T) {
	mux := newProjectTestMux()

	rec := serveProject(t, mux, "org-a", "POST", "/projects", `{"name":"Roadmap","tags":["q3"]}`)
	if rec.Code != http.StatusCreated {
		t.Fatalf("create: status = %d, want 201 (body %s)", rec.Code, rec.Body.String())
	}
	var created models.Project
	decodeProjectBody(t, rec, &created)
	if created.ID == "" || created.Name != "Roadmap" || created.Status != "active" || created.CreatedAt == 0 {
		t.Fatalf("create: got %+v", created)
	}

	rec = serveProject(t, mux, "org-a", "GET", "/projects/"+created.ID, "")
	if rec.Code != http.StatusOK {
		t.Fatalf("get: status = %d, want 200", rec.Code)
	}
	var got models.Project
	decodeProjectBody(t, rec, &got)
	if got.ID != created.ID || got.Name != "Roadmap" || len(got.Tags) != 1 {
		t.Fatalf("get: got %+v, want %+v", got, created)
	}

	rec = serveProject(t, mux, "org-a", "PUT", "/projects/"+created.ID, `{"name":"Roadmap 2025","status":"archived"}`)
	if rec.Code != http.StatusOK {
		t.Fatalf("update: status = %d, want 200 (body %s)", rec.Code, rec.Body.String())
	}
	var updated models.Project
	decodeProjectBody(t, rec, &updated)
	if updated.Name != "Roadmap 2025" || updated.Status != "archived" || updated.CreatedAt != created.CreatedAt {
		t.Fatalf("update: got %+v", updated)
	}

	rec = serveProject(t, mux, "org-a", "GET", "/projects?page=1&limit=10", "")
	if rec.Code != http.StatusOK {
		t.Fatalf("list: status = %d, want 200", rec.Code)
	}
	var list models.ListProjectsResponse
	decodeProjectBody(t, rec, &list)
	if list.Total != 1 || len(list.Items) != 1 || list.Page != 1 || list.Limit != 10 {
		t.Fatalf("list: got %+v", list)
	}

	rec = serveProject(t, mux, "org-a", "DELETE", "/projects/"+created.ID, "")
	if rec.Code != http.StatusNoContent {
		t.Fatalf("delete: status = %d, want 204", rec.Code)
	}
	rec = serveProject(t, mux, "org-a", "GET", "/projects/"+created.ID, "")
	assertProjectError(t, rec, http.StatusNotFound, "NOT_FOUND")
}

func TestProjectErrors(t *testing.T) {
	mux := newProjectTestMux()

	tests := []struct {
		name, orgID, method, target, body string
		status                            int
		code                              string
	}{
		{"missing org on create", "", "POST", "/projects", `{"name":"x"}`, http.StatusBadRequest, "MISSING_ORG_ID"},
		{"missing org on list", "", "GET", "/projects", "", http.StatusBadRequest, "MISSING_ORG_ID"},
		{"invalid json", "org-a", "POST", "/projects", `{"name":`, http.StatusBadRequest, "INVALID_JSON"},
		{"missing name", "org-a", "POST", "/projects", `{"description":"no name"}`, http.StatusBadRequest, "VALIDATION_ERROR"},
		{"unknown status", "org-a", "POST", "/projects", `{"name":"x","status":"done"}`, http.StatusBadRequest, "VALIDATION_ERROR"},
		{"bad limit", "org-a", "GET", "/projects?limit=abc", "", http.StatusBadRequest, "INVALID_QUERY"},
		{"get unknown", "org-a", "GET", "/projects/nope", "", http.StatusNotFound, "NOT_FOUND"},
		{"update unknown", "org-a", "PUT", "/projects/nope", `{"name":"x"}`, http.StatusNotFound, "NOT_FOUND"},
		{"delete unknown", "org-a", "DELETE", "/projects/nope", "", http.StatusNotFound, "NOT_FOUND"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := serveProject(t, mux, tt.orgID, tt.method, tt.target, tt.body)
			assertProjectError(t, rec, tt.status, tt.code)
		})
	}
}

func TestProjectsAreScopedByOrg(t *testing.T) {
	mux := newProjectTestMux()

	rec := serveProject(t, mux, "org-a", "POST", "/projects", `{"name":"Secret"}`)
	var created models.Project
	decodeProjectBody(t, rec, &created)

	rec = serveProject(t, mux, "org-b", "GET", "/projects/"+created.ID, "")
	assertProjectError(t, rec, http.StatusNotFound, "NOT_FOUND")

	rec = serveProject(t, mux, "org-b", "DELETE", "/projects/"+created.ID, "")
	assertProjectError(t, rec, http.StatusNotFound, "NOT_FOUND")

	rec = serveProject(t, mux, "org-b", "GET", "/projects", "")
	var list models.ListProjectsResponse
	decodeProjectBody(t, rec, &list)
	if list.Total != 0 || len(list.Items) != 0 {
		t.Fatalf("org-b sees org-a's projects: %+v", list)
	}
}
