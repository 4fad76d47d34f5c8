// Package handlers exposes the project service over HTTP. The API gateway
// authenticates callers and forwards their organization and user in the
// X-Org-ID and X-User-ID headers.
package handlers

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"

	"github.com/go-playground/validator/v10"

	"github.com/elqnt/eloquent/services/project-service/models"
	"github.com/elqnt/eloquent/services/project-service/repositories"
	"github.com/elqnt/eloquent/services/project-service/services"
)

var validate = validator.New()

// ProjectHandler serves the /projects routes.
type ProjectHandler struct {
	projectService *services.ProjectService
}

// NewProjectHandler returns a ProjectHandler backed by ps.
func NewProjectHandler(ps *services.ProjectService) *ProjectHandler {
	return &ProjectHandler{projectService: ps}
}

// ListProjects handles GET /projects?page=&limit=.
func (h *ProjectHandler) ListProjects(w http.ResponseWriter, r *http.Request) {
	// 1. Extract org/user from headers (set by API Gateway)
	orgID := r.Header.Get("X-Org-ID")
	userID := r.Header.Get("X-User-ID")
	if orgID == "" {
		writeError(w, http.StatusBadRequest, "MISSING_ORG_ID", "X-Org-ID header required")
		return
	}

	// 2. Parse query parameters (0 lets the service choose the default)
	query := r.URL.Query()
	page, err := strconv.Atoi(query.Get("page"))
	if query.Has("page") && (err != nil || page < 1) {
		writeError(w, http.StatusBadRequest, "INVALID_QUERY", "page must be a positive integer")
		return
	}
	limit, err := strconv.Atoi(query.Get("limit"))
	if query.Has("limit") && (err != nil || limit < 1) {
		writeError(w, http.StatusBadRequest, "INVALID_QUERY", "limit must be a positive integer")
		return
	}

	// 3. Call service layer
	resp, err := h.projectService.List(r.Context(), orgID, userID, page, limit)
	if err != nil {
		writeError(w, http.StatusInternalServerError, "LIST_FAILED", err.Error())
		return
	}

	// 4. Return response
	writeJSON(w, http.StatusOK, resp)
}

// CreateProject handles POST /projects.
func (h *ProjectHandler) CreateProject(w http.ResponseWriter, r *http.Request) {
	// 1. Extract org/user from headers (set by API Gateway)
	orgID := r.Header.Get("X-Org-ID")
	userID := r.Header.Get("X-User-ID")
	if orgID == "" {
		writeError(w, http.StatusBadRequest, "MISSING_ORG_ID", "X-Org-ID header required")
		return
	}

	// 2. Parse and validate request body
	var req models.CreateProjectRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		writeError(w, http.StatusBadRequest, "INVALID_JSON", err.Error())
		return
	}
	if err := validate.Struct(req); err != nil {
		writeError(w, http.StatusBadRequest, "VALIDATION_ERROR", err.Error())
		return
	}

	// 3. Call service layer
	project, err := h.projectService.Create(r.Context(), orgID, userID, req)
	if err != nil {
		writeError(w, http.StatusInternalServerError, "CREATE_FAILED", err.Error())
		return
	}

	// 4. Return response
	writeJSON(w, http.StatusCreated, project)
}

// GetProject handles GET /projects/{id}.
func (h *ProjectHandler) GetProject(w http.ResponseWriter, r *http.Request) {
	// 1. Extract org/user from headers (set by API Gateway)
	orgID := r.Header.Get("X-Org-ID")
	userID := r.Header.Get("X-User-ID")
	if orgID == "" {
		writeError(w, http.StatusBadRequest, "MISSING_ORG_ID", "X-Org-ID header required")
		return
	}

	// 2. Call service layer
	project, err := h.projectService.Get(r.Context(), orgID, userID, r.PathValue("id"))
	if errors.Is(err, repositories.ErrNotFound) {
		writeError(w, http.StatusNotFound, "NOT_FOUND", "project not found")
		return
	}
	if err != nil {
		writeError(w, http.StatusInternalServerError, "GET_FAILED", err.Error())
		return
	}

	// 3. Return response
	writeJSON(w, http.StatusOK, project)
}

// UpdateProject handles PUT /projects/{id}.
func (h *ProjectHandler) UpdateProject(w http.ResponseWriter, r *http.Request) {
	// 1. Extract org/user from headers (set by API Gateway)
	orgID := r.Header.Get("X-Org-ID")
	userID := r.Header.Get("X-User-ID")
	if orgID == "" {
		writeError(w, http.StatusBadRequest, "MISSING_ORG_ID", "X-Org-ID header required")
		return
	}

	// 2. Parse and validate request body
	var req models.UpdateProjectRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		writeError(w, http.StatusBadRequest, "INVALID_JSON", err.Error())
		return
	}
	if err := validate.Struct(req); err != nil {
		writeError(w, http.StatusBadRequest, "VALIDATION_ERROR", err.Error())
		return
	}

	// 3. Call service layer
	project, err := h.projectService.Update(r.Context(), orgID, userID, r.PathValue("id"), req)
	if errors.Is(err, repositories.ErrNotFound) {
		writeError(w, http.StatusNotFound, "NOT_FOUND", "project not found")
		return
	}
	if err != nil {
		writeError(w, http.StatusInternalServerError, "UPDATE_FAILED", err.Error())
		return
	}

	// 4. Return response
	writeJSON(w, http.StatusOK, project)
}

// DeleteProject handles DELETE /projects/{id}.
func (h *ProjectHandler) DeleteProject(w http.ResponseWriter, r *http.Request) {
	// 1. Extract org/user from headers (set by API Gateway)
	orgID := r.Header.Get("X-Org-ID")
	userID := r.Header.Get("X-User-ID")
	if orgID == "" {
		writeError(w, http.StatusBadRequest, "MISSING_ORG_ID", "X-Org-ID header required")
		return
	}

	// 2. Call service layer
	err := h.projectService.Delete(r.Context(), orgID, userID, r.PathValue("id"))
	if errors.Is(err, repositories.ErrNotFound) {
		writeError(w, http.StatusNotFound, "NOT_FOUND", "project not found")
		return
	}
	if err != nil {
		writeError(w, http.StatusInternalServerError, "DELETE_FAILED", err.Error())
		return
	}

	// 3. Return response
	w.WriteHeader(http.StatusNoContent)
}
