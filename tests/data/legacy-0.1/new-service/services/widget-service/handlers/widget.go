package handlers

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"

	"github.com/elqnt/eloquent/services/widget-service/models"
	"github.com/elqnt/eloquent/services/widget-service/services"
)

// WidgetHandler serves the widget endpoints.
type WidgetHandler struct {
	widgetService *services.WidgetService
}

// NewWidgetHandler returns a handler over the service.
func NewWidgetHandler(s *services.WidgetService) *WidgetHandler {
	return &WidgetHandler{widgetService: s}
}

// ListWidgets serves GET /widgets?page=&limit= (page from 1, limit 1-100, default 20).
func (h *WidgetHandler) ListWidgets(w http.ResponseWriter, r *http.Request) {
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
	result, err := h.widgetService.List(r.Context(), orgID, page, limit)
	if err != nil {
		writeError(w, http.StatusInternalServerError, "LIST_FAILED", err.Error())
		return
	}
	writeJSON(w, http.StatusOK, result)
}

// CreateWidget serves POST /widgets.
func (h *WidgetHandler) CreateWidget(w http.ResponseWriter, r *http.Request) {
	orgID := r.Header.Get("X-Org-ID")
	userID := r.Header.Get("X-User-ID")
	if orgID == "" {
		writeError(w, http.StatusBadRequest, "MISSING_ORG_ID", "X-Org-ID header required")
		return
	}
	var req models.CreateWidgetRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		writeError(w, http.StatusBadRequest, "INVALID_JSON", err.Error())
		return
	}
	if err := validate.Struct(req); err != nil {
		writeError(w, http.StatusBadRequest, "VALIDATION_ERROR", err.Error())
		return
	}
	item, err := h.widgetService.Create(r.Context(), orgID, userID, req)
	if err != nil {
		writeError(w, http.StatusInternalServerError, "CREATE_FAILED", err.Error())
		return
	}
	writeJSON(w, http.StatusCreated, item)
}

// GetWidget serves GET /widgets/{id}.
func (h *WidgetHandler) GetWidget(w http.ResponseWriter, r *http.Request) {
	orgID := r.Header.Get("X-Org-ID")
	if orgID == "" {
		writeError(w, http.StatusBadRequest, "MISSING_ORG_ID", "X-Org-ID header required")
		return
	}
	item, err := h.widgetService.Get(r.Context(), orgID, r.PathValue("id"))
	if errors.Is(err, services.ErrWidgetNotFound) {
		writeError(w, http.StatusNotFound, "NOT_FOUND", "widget not found")
		return
	}
	if err != nil {
		writeError(w, http.StatusInternalServerError, "GET_FAILED", err.Error())
		return
	}
	writeJSON(w, http.StatusOK, item)
}

// UpdateWidget serves PUT /widgets/{id}.
func (h *WidgetHandler) UpdateWidget(w http.ResponseWriter, r *http.Request) {
	orgID := r.Header.Get("X-Org-ID")
	userID := r.Header.Get("X-User-ID")
	if orgID == "" {
		writeError(w, http.StatusBadRequest, "MISSING_ORG_ID", "X-Org-ID header required")
		return
	}
	var req models.UpdateWidgetRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		writeError(w, http.StatusBadRequest, "INVALID_JSON", err.Error())
		return
	}
	if err := validate.Struct(req); err != nil {
		writeError(w, http.StatusBadRequest, "VALIDATION_ERROR", err.Error())
		return
	}
	item, err := h.widgetService.Update(r.Context(), orgID, userID, r.PathValue("id"), req)
	if errors.Is(err, services.ErrWidgetNotFound) {
		writeError(w, http.StatusNotFound, "NOT_FOUND", "widget not found")
		return
	}
	if err != nil {
		writeError(w, http.StatusInternalServerError, "UPDATE_FAILED", err.Error())
		return
	}
	writeJSON(w, http.StatusOK, item)
}

// DeleteWidget serves DELETE /widgets/{id}.
func (h *WidgetHandler) DeleteWidget(w http.ResponseWriter, r *http.Request) {
	orgID := r.Header.Get("X-Org-ID")
	if orgID == "" {
		writeError(w, http.StatusBadRequest, "MISSING_ORG_ID", "X-Org-ID header required")
		return
	}
	err := h.widgetService.Delete(r.Context(), orgID, r.PathValue("id"))
	if errors.Is(err, services.ErrWidgetNotFound) {
		writeError(w, http.StatusNotFound, "NOT_FOUND", "widget not found")
		return
	}
	if err != nil {
		writeError(w, http.StatusInternalServerError, "DELETE_FAILED", err.Error())
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
