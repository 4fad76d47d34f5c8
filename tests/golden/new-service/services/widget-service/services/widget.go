package services

// This file is yours: elqnt-scaffold wrote it once and only ever appends a method for a new operation
// (answering 501 until you write it). The request -> record mapping lives in models/widget.go and
// WidgetServiceAPI in services/widget_gen.go, both regenerated from the spec.

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"time"

	"github.com/elqnt/eloquent/services/widget-service/models"
	"github.com/elqnt/eloquent/services/widget-service/repositories"
)

// WidgetService holds the business rules of widgets.
type WidgetService struct {
	repo repositories.WidgetRepository
}

// NewWidgetService returns a service over the repository.
func NewWidgetService(repo repositories.WidgetRepository) *WidgetService {
	return &WidgetService{repo: repo}
}

// List returns one page (1-based) of the organization's widgets.
func (s *WidgetService) List(ctx context.Context, orgID string, page, limit int) (models.ListWidgetsResponse, error) {
	items, total, err := s.repo.List(ctx, orgID, (page-1)*limit, limit)
	if err != nil {
		return models.ListWidgetsResponse{}, err
	}
	return models.ListWidgetsResponse{Items: items, Total: total, Page: page, Limit: limit}, nil
}

// Create stores a new widget for the organization; userID is the caller, for auditing.
func (s *WidgetService) Create(ctx context.Context, orgID, userID string, req models.CreateWidgetRequest) (models.Widget, error) {
	return s.repo.Create(ctx, orgID, req.NewWidget(newWidgetID(), time.Now().UnixMilli()))
}

// Get returns the organization's widget with the id.
func (s *WidgetService) Get(ctx context.Context, orgID, id string) (models.Widget, error) {
	return s.repo.Get(ctx, orgID, id)
}

// Update replaces the fields of the organization's widget with the id.
func (s *WidgetService) Update(ctx context.Context, orgID, userID, id string, req models.UpdateWidgetRequest) (models.Widget, error) {
	item, err := s.repo.Get(ctx, orgID, id)
	if err != nil {
		return models.Widget{}, err
	}
	req.ApplyTo(&item, time.Now().UnixMilli())
	return s.repo.Update(ctx, orgID, item)
}

// Delete removes the organization's widget with the id.
func (s *WidgetService) Delete(ctx context.Context, orgID, id string) error {
	return s.repo.Delete(ctx, orgID, id)
}

// newWidgetID returns a random 128-bit id, hex-encoded.
func newWidgetID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return hex.EncodeToString(b[:])
}
