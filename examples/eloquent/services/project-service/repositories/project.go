// Package repositories stores the project service's data.
package repositories

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"sync"

	"github.com/elqnt/eloquent/services/project-service/models"
)

// ErrNotFound is returned when a record does not exist in the caller's organization.
var ErrNotFound = errors.New("not found")

// ProjectRepository persists projects. Every operation is scoped to one
// organization: a project of org A is invisible to org B.
type ProjectRepository interface {
	// List returns one page (1-based) of the organization's projects, oldest
	// first, and the total number of projects.
	List(ctx context.Context, orgID string, page, limit int) ([]models.Project, int, error)
	Create(ctx context.Context, orgID string, p models.Project) (models.Project, error)
	Get(ctx context.Context, orgID, id string) (models.Project, error)
	Update(ctx context.Context, orgID string, p models.Project) (models.Project, error)
	Delete(ctx context.Context, orgID, id string) error
}

// InMemoryProjectRepository is a ProjectRepository kept in process memory.
// It is safe for concurrent use.
type InMemoryProjectRepository struct {
	mu       sync.RWMutex
	projects map[string]map[string]models.Project // orgID -> project ID -> project
}

// NewInMemoryProjectRepository returns an empty in-memory repository.
func NewInMemoryProjectRepository() *InMemoryProjectRepository {
	return &InMemoryProjectRepository{projects: make(map[string]map[string]models.Project)}
}

var _ ProjectRepository = (*InMemoryProjectRepository)(nil)

// List implements ProjectRepository.
func (r *InMemoryProjectRepository) List(_ context.Context, orgID string, page, limit int) ([]models.Project, int, error) {
	r.mu.RLock()
	defer r.mu.RUnlock()

	all := make([]models.Project, 0, len(r.projects[orgID]))
	for _, p := range r.projects[orgID] {
		all = append(all, cloneProject(p))
	}
	slices.SortFunc(all, func(a, b models.Project) int {
		return cmp.Or(cmp.Compare(a.CreatedAt, b.CreatedAt), cmp.Compare(a.ID, b.ID))
	})

	total := len(all)
	start := min((page-1)*limit, total)
	end := min(start+limit, total)
	return all[start:end], total, nil
}

// Create implements ProjectRepository.
func (r *InMemoryProjectRepository) Create(_ context.Context, orgID string, p models.Project) (models.Project, error) {
	r.mu.Lock()
	defer r.mu.Unlock()

	org, ok := r.projects[orgID]
	if !ok {
		org = make(map[string]models.Project)
		r.projects[orgID] = org
	}
	if _, exists := org[p.ID]; exists {
		return models.Project{}, errors.New("project already exists")
	}
	org[p.ID] = cloneProject(p)
	return cloneProject(p), nil
}

// Get implements ProjectRepository.
func (r *InMemoryProjectRepository) Get(_ context.Context, orgID, id string) (models.Project, error) {
	r.mu.RLock()
	defer r.mu.RUnlock()

	p, ok := r.projects[orgID][id]
	if !ok {
		return models.Project{}, ErrNotFound
	}
	return cloneProject(p), nil
}

// Update implements ProjectRepository.
func (r *InMemoryProjectRepository) Update(_ context.Context, orgID string, p models.Project) (models.Project, error) {
	r.mu.Lock()
	defer r.mu.Unlock()

	if _, ok := r.projects[orgID][p.ID]; !ok {
		return models.Project{}, ErrNotFound
	}
	r.projects[orgID][p.ID] = cloneProject(p)
	return cloneProject(p), nil
}

// Delete implements ProjectRepository.
func (r *InMemoryProjectRepository) Delete(_ context.Context, orgID, id string) error {
	r.mu.Lock()
	defer r.mu.Unlock()

	if _, ok := r.projects[orgID][id]; !ok {
		return ErrNotFound
	}
	delete(r.projects[orgID], id)
	return nil
}

// cloneProject returns a copy of p that shares no memory with it, so callers
// can never modify stored records.
func cloneProject(p models.Project) models.Project {
	p.Tags = slices.Clone(p.Tags)
	return p
}
