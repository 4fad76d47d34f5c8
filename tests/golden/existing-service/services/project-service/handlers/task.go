package handlers

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"

	"github.com/elqnt/eloquent/services/project-service/models"
	"github.com/elqnt/eloquent/services/project-service/services"
)

// TaskHandler serves the task endpoints.
type TaskHandler struct {
	taskService *services.TaskService
}

// NewTaskHandler returns a handler over the service.
func NewTaskHandler(s *services.TaskService) *TaskHandler {
	return &TaskHandler{taskService: s}
}

// ListTasks serves GET /tasks?page=&limit= (page from 1, limit 1-100, default 20).
func (h *TaskHandler) ListTasks(w http.ResponseWriter, r *http.Request) {
	orgID := r.Header.Get("X-Org-ID")
	if orgID == "" {
		writeError(w, http.StatusBadRequest, "MISSING_ORG_ID", "X-Org-ID header required")
		return
	}
	page, limit := 1, 20
	if v := r.URL.Query().Get("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			writeError(w, http.StatusBadRequest, "INVALID_QUERY", "page must be a positive integer")
			return
		}
		page = n
	}
	if v := r.URL.Query().Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100 {
			writeError(w, http.StatusBadRequest, "INVALID_QUERY", "limit must be an integer from 1 to 100")
			return
		}
		limit = n
	}
	result, err := h.taskService.List(r.Context(), orgID, page, limit)
	if err != nil {
		writeError(w, http.StatusInternalServerError, "LIST_FAILED", err.Error())
		return
	}
	writeJSON(w, http.StatusOK, result)
}

// CreateTask serves POST /tasks.
func (h *TaskHandler) CreateTask(w http.ResponseWriter, r *http.Request) {
	orgID := r.Header.Get("X-Org-ID")
	userID := r.Header.Get("X-User-ID")
	if orgID == "" {
		writeError(w, http.StatusBadRequest, "MISSING_ORG_ID", "X-Org-ID header required")
		return
	}
	var req models.CreateTaskRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		writeError(w, http.StatusBadRequest, "INVALID_JSON", err.Error())
		return
	}
	if err := validate.Struct(req); err != nil {
		writeError(w, http.StatusBadRequest, "VALIDATION_ERROR", err.Error())
		return
	}
	item, err := h.taskService.Create(r.Context(), orgID, userID, req)
	if err != nil {
		writeError(w, http.StatusInternalServerError, "CREATE_FAILED", err.Error())
		return
	}
	writeJSON(w, http.StatusCreated, item)
}

// GetTask serves GET /tasks/{id}.
func (h *TaskHandler) GetTask(w http.ResponseWriter, r *http.Request) {
	orgID := r.Header.Get("X-Org-ID")
	if orgID == "" {
		writeError(w, http.StatusBadRequest, "MISSING_ORG_ID", "X-Org-ID header required")
		return
	}
	item, err := h.taskService.Get(r.Context(), orgID, r.PathValue("id"))
	if errors.Is(err, services.ErrTaskNotFound) {
		writeError(w, http.StatusNotFound, "NOT_FOUND", "task not found")
		return
	}
	if err != nil {
		writeError(w, http.StatusInternalServerError, "GET_FAILED", err.Error())
		return
	}
	writeJSON(w, http.StatusOK, item)
}

// UpdateTask serves PUT /tasks/{id}.
func (h *TaskHandler) UpdateTask(w http.ResponseWriter, r *http.Request) {
	orgID := r.Header.Get("X-Org-ID")
	userID := r.Header.Get("X-User-ID")
	if orgID == "" {
		writeError(w, http.StatusBadRequest, "MISSING_ORG_ID", "X-Org-ID header required")
		return
	}
	var req models.UpdateTaskRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		writeError(w, http.StatusBadRequest, "INVALID_JSON", err.Error())
		return
	}
	if err := validate.Struct(req); err != nil {
		writeError(w, http.StatusBadRequest, "VALIDATION_ERROR", err.Error())
		return
	}
	item, err := h.taskService.Update(r.Context(), orgID, userID, r.PathValue("id"), req)
	if errors.Is(err, services.ErrTaskNotFound) {
		writeError(w, http.StatusNotFound, "NOT_FOUND", "task not found")
		return
	}
	if err != nil {
		writeError(w, http.StatusInternalServerError, "UPDATE_FAILED", err.Error())
		return
	}
	writeJSON(w, http.StatusOK, item)
}

// DeleteTask serves DELETE /tasks/{id}.
func (h *TaskHandler) DeleteTask(w http.ResponseWriter, r *http.Request) {
	orgID := r.Header.Get("X-Org-ID")
	if orgID == "" {
		writeError(w, http.StatusBadRequest, "MISSING_ORG_ID", "X-Org-ID header required")
		return
	}
	err := h.taskService.Delete(r.Context(), orgID, r.PathValue("id"))
	if errors.Is(err, services.ErrTaskNotFound) {
		writeError(w, http.StatusNotFound, "NOT_FOUND", "task not found")
		return
	}
	if err != nil {
		writeError(w, http.StatusInternalServerError, "DELETE_FAILED", err.Error())
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
