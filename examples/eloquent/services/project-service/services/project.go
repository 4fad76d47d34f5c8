// Package services holds the project service's business logic.
package services

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/elqnt/eloquent/services/project-service/models"
	"github.com/elqnt/eloquent/services/project-service/repositories"
)

// ProjectService implements the project use cases on top of a ProjectRepository.
type ProjectService struct {
	repo repositories.ProjectRepository
}

// NewProjectService returns a ProjectService backed by repo.
func NewProjectService(repo repositories.ProjectRepository) *ProjectService {
	return &ProjectService{repo: repo}
}

// List returns one page of the organization's projects. A page below 1 means
// the first page; a limit below 1 means 20, and limits above 100 are capped.
func (s *ProjectService) List(ctx context.Context, orgID, userID string, page, limit int) (models.ListProjectsResponse, error) {
	page = max(page, 1)
	if limit < 1 {
		limit = 20
	}
	limit = min(limit, 100)

	items, total, err := s.repo.List(ctx, orgID, page, limit)
	if err != nil {
		return models.ListProjectsResponse{}, fmt.Errorf("list projects: %w", err)
	}
	return models.ListProjectsResponse{Items: items, Total: total, Page: page, Limit: limit}, nil
}

// Create stores a new project in the organization. The status defaults to
// "active". userID is the caller, as forwarded by the API gateway.
func (s *ProjectService) Create(ctx context.Context, orgID, userID string, req models.CreateProjectRequest) (models.Project, error) {
	id, err := newProjectID()
	if err != nil {
		return models.Project{}, err
	}
	now := time.Now().UnixMilli()
	p := models.Project{
		ID:          id,
		Name:        req.Name,
		Description: req.Description,
		Status:      cmp.Or(req.Status, "active"),
		Tags:        append([]string{}, req.Tags...), // never nil: JSON [] rather than null
		CreatedAt:   now,
		UpdatedAt:   now,
	}
	created, err := s.repo.Create(ctx, orgID, p)
	if err != nil {
		return models.Project{}, fmt.Errorf("create project: %w", err)
	}
	return created, nil
}

// Get returns the project with the given ID. The error wraps
// repositories.ErrNotFound when the organization has no such project.
func (s *ProjectService) Get(ctx context.Context, orgID, userID, id string) (models.Project, error) {
	p, err := s.repo.Get(ctx, orgID, id)
	if err != nil {
		return models.Project{}, fmt.Errorf("get project %s: %w", id, err)
	}
	return p, nil
}

// Update replaces the editable fields of a project; an empty status means
// "active". The error wraps repositories.ErrNotFound when the organization
// has no such project.
func (s *ProjectService) Update(ctx context.Context, orgID, userID, id string, req models.UpdateProjectRequest) (models.Project, error) {
	p, err := s.repo.Get(ctx, orgID, id)
	if err != nil {
		return models.Project{}, fmt.Errorf("update project %s: %w", id, err)
	}
	p.Name = req.Name
	p.Description = req.Description
	p.Status = cmp.Or(req.Status, "active")
	p.Tags = append([]string{}, req.Tags...) // never nil: JSON [] rather than null
	p.UpdatedAt = time.Now().UnixMilli()

	updated, err := s.repo.Update(ctx, orgID, p)
	if err != nil {
		return models.Project{}, fmt.Errorf("update project %s: %w", id, err)
	}
	return updated, nil
}

// Delete removes a project. The error wraps repositories.ErrNotFound when the
// organization has no such project.
func (s *ProjectService) Delete(ctx context.Context, orgID, userID, id string) error {
	if err := s.repo.Delete(ctx, orgID, id); err != nil {
		return fmt.Errorf("delete project %s: %w", id, err)
	}
	return nil
}

// newProjectID returns a random 128-bit ID, hex encoded.
func newProjectID() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("generate project id: %w", err)
	}
	return hex.EncodeToString(b), nil
}
