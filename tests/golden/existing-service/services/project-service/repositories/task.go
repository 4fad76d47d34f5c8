package repositories

import (
	"context"
	"errors"
	"sync"

	"github.com/elqnt/eloquent/services/project-service/models"
)

// ErrTaskNotFound is returned when no task has the id in the caller's organization.
var ErrTaskNotFound = errors.New("task not found")

// TaskRepository stores tasks. Every operation is scoped by organization: one
// organization never sees another's records. Swap the implementation in main.go for a database.
type TaskRepository interface {
	List(ctx context.Context, orgID string, offset, limit int) ([]models.Task, int, error)
	Create(ctx context.Context, orgID string, item models.Task) (models.Task, error)
	Get(ctx context.Context, orgID, id string) (models.Task, error)
	Update(ctx context.Context, orgID string, item models.Task) (models.Task, error)
	Delete(ctx context.Context, orgID, id string) error
}

// InMemoryTaskRepository keeps tasks in memory, per organization, in creation
// order. It is safe for concurrent use.
type InMemoryTaskRepository struct {
	mu    sync.RWMutex
	items map[string][]models.Task
}

// NewInMemoryTaskRepository returns an empty in-memory repository.
func NewInMemoryTaskRepository() *InMemoryTaskRepository {
	return &InMemoryTaskRepository{items: make(map[string][]models.Task)}
}

// List returns up to limit of the organization's tasks from offset, and their total.
func (repo *InMemoryTaskRepository) List(ctx context.Context, orgID string, offset, limit int) ([]models.Task, int, error) {
	repo.mu.RLock()
	defer repo.mu.RUnlock()
	all := repo.items[orgID]
	page := []models.Task{}
	if offset < len(all) {
		end := min(offset+limit, len(all))
		page = append(page, all[offset:end]...)
	}
	return page, len(all), nil
}

// Create stores a new task in the organization.
func (repo *InMemoryTaskRepository) Create(ctx context.Context, orgID string, item models.Task) (models.Task, error) {
	repo.mu.Lock()
	defer repo.mu.Unlock()
	repo.items[orgID] = append(repo.items[orgID], item)
	return item, nil
}

// Get returns the organization's task with the id.
func (repo *InMemoryTaskRepository) Get(ctx context.Context, orgID, id string) (models.Task, error) {
	repo.mu.RLock()
	defer repo.mu.RUnlock()
	for _, item := range repo.items[orgID] {
		if item.ID == id {
			return item, nil
		}
	}
	return models.Task{}, ErrTaskNotFound
}

// Update replaces the organization's task that has item.ID.
func (repo *InMemoryTaskRepository) Update(ctx context.Context, orgID string, item models.Task) (models.Task, error) {
	repo.mu.Lock()
	defer repo.mu.Unlock()
	for i, existing := range repo.items[orgID] {
		if existing.ID == item.ID {
			repo.items[orgID][i] = item
			return item, nil
		}
	}
	return models.Task{}, ErrTaskNotFound
}

// Delete removes the organization's task with the id.
func (repo *InMemoryTaskRepository) Delete(ctx context.Context, orgID, id string) error {
	repo.mu.Lock()
	defer repo.mu.Unlock()
	items := repo.items[orgID]
	for i, existing := range items {
		if existing.ID == id {
			repo.items[orgID] = append(items[:i:i], items[i+1:]...)
			return nil
		}
	}
	return ErrTaskNotFound
}
