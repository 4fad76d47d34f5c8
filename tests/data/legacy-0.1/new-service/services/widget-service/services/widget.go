package services

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"time"

	"github.com/elqnt/eloquent/services/widget-service/models"
	"github.com/elqnt/eloquent/services/widget-service/repositories"
)

// ErrWidgetNotFound is returned when no widget has the id in the caller's organization.
var ErrWidgetNotFound = repositories.ErrWidgetNotFound

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
	now := time.Now().UnixMilli()
	var item models.Widget
	item.ID = newWidgetID()
	item.Name = req.Name
	item.Description = req.Description
	item.Config = req.Config
	item.Tags = req.Tags
	item.Status = req.Status
	item.Type = req.Type
	item.APIURL = req.APIURL
	item.Weights = req.Weights
	item.DueAt = req.DueAt
	item.CreatedAt = now
	item.UpdatedAt = now
	emptyNilWidgetFields(&item)
	return s.repo.Create(ctx, orgID, item)
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
	item.Name = req.Name
	item.Description = req.Description
	item.Config = req.Config
	item.Tags = req.Tags
	item.Status = req.Status
	item.Type = req.Type
	item.APIURL = req.APIURL
	item.Weights = req.Weights
	item.DueAt = req.DueAt
	item.UpdatedAt = time.Now().UnixMilli()
	emptyNilWidgetFields(&item)
	return s.repo.Update(ctx, orgID, item)
}

// Delete removes the organization's widget with the id.
func (s *WidgetService) Delete(ctx context.Context, orgID, id string) error {
	return s.repo.Delete(ctx, orgID, id)
}

// emptyNilWidgetFields turns absent lists and maps into empty ones, so clients get [] and {}, not null.
func emptyNilWidgetFields(item *models.Widget) {
	if item.Tags == nil {
		item.Tags = []string{}
	}
	if item.Weights == nil {
		item.Weights = map[string]float64{}
	}
}

func newWidgetID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return hex.EncodeToString(b[:])
}
