package repositories

import (
	"context"
	"errors"
	"sync"

	"github.com/elqnt/eloquent/services/widget-service/models"
)

// ErrWidgetNotFound is returned when no widget has the id in the caller's organization.
var ErrWidgetNotFound = errors.New("widget not found")

// WidgetRepository stores widgets. Every operation is scoped by organization: one
// organization never sees another's records. Swap the implementation in main.go for a database.
type WidgetRepository interface {
	List(ctx context.Context, orgID string, offset, limit int) ([]models.Widget, int, error)
	Create(ctx context.Context, orgID string, item models.Widget) (models.Widget, error)
	Get(ctx context.Context, orgID, id string) (models.Widget, error)
	Update(ctx context.Context, orgID string, item models.Widget) (models.Widget, error)
	Delete(ctx context.Context, orgID, id string) error
}

// InMemoryWidgetRepository keeps widgets in memory, per organization, in creation
// order. It is safe for concurrent use.
type InMemoryWidgetRepository struct {
	mu    sync.RWMutex
	items map[string][]models.Widget
}

// NewInMemoryWidgetRepository returns an empty in-memory repository.
func NewInMemoryWidgetRepository() *InMemoryWidgetRepository {
	return &InMemoryWidgetRepository{items: make(map[string][]models.Widget)}
}

// List returns up to limit of the organization's widgets from offset, and their total.
func (repo *InMemoryWidgetRepository) List(ctx context.Context, orgID string, offset, limit int) ([]models.Widget, int, error) {
	repo.mu.RLock()
	defer repo.mu.RUnlock()
	all := repo.items[orgID]
	page := []models.Widget{}
	if offset < len(all) {
		end := min(offset+limit, len(all))
		page = append(page, all[offset:end]...)
	}
	return page, len(all), nil
}

// Create stores a new widget in the organization.
func (repo *InMemoryWidgetRepository) Create(ctx context.Context, orgID string, item models.Widget) (models.Widget, error) {
	repo.mu.Lock()
	defer repo.mu.Unlock()
	repo.items[orgID] = append(repo.items[orgID], item)
	return item, nil
}

// Get returns the organization's widget with the id.
func (repo *InMemoryWidgetRepository) Get(ctx context.Context, orgID, id string) (models.Widget, error) {
	repo.mu.RLock()
	defer repo.mu.RUnlock()
	for _, item := range repo.items[orgID] {
		if item.ID == id {
			return item, nil
		}
	}
	return models.Widget{}, ErrWidgetNotFound
}

// Update replaces the organization's widget that has item.ID.
func (repo *InMemoryWidgetRepository) Update(ctx context.Context, orgID string, item models.Widget) (models.Widget, error) {
	repo.mu.Lock()
	defer repo.mu.Unlock()
	for i, existing := range repo.items[orgID] {
		if existing.ID == item.ID {
			repo.items[orgID][i] = item
			return item, nil
		}
	}
	return models.Widget{}, ErrWidgetNotFound
}

// Delete removes the organization's widget with the id.
func (repo *InMemoryWidgetRepository) Delete(ctx context.Context, orgID, id string) error {
	repo.mu.Lock()
	defer repo.mu.Unlock()
	items := repo.items[orgID]
	for i, existing := range items {
		if existing.ID == id {
			repo.items[orgID] = append(items[:i:i], items[i+1:]...)
			return nil
		}
	}
	return ErrWidgetNotFound
}
