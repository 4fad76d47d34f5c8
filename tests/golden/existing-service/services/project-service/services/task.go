package services

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"time"

	"github.com/elqnt/eloquent/services/project-service/models"
	"github.com/elqnt/eloquent/services/project-service/repositories"
)

// ErrTaskNotFound is returned when no task has the id in the caller's organization.
var ErrTaskNotFound = repositories.ErrTaskNotFound

// TaskService holds the business rules of tasks.
type TaskService struct {
	repo repositories.TaskRepository
}

// NewTaskService returns a service over the repository.
func NewTaskService(repo repositories.TaskRepository) *TaskService {
	return &TaskService{repo: repo}
}

// List returns one page (1-based) of the organization's tasks.
func (s *TaskService) List(ctx context.Context, orgID string, page, limit int) (models.ListTasksResponse, error) {
	items, total, err := s.repo.List(ctx, orgID, (page-1)*limit, limit)
	if err != nil {
		return models.ListTasksResponse{}, err
	}
	return models.ListTasksResponse{Items: items, Total: total, Page: page, Limit: limit}, nil
}

// Create stores a new task for the organization; userID is the caller, for auditing.
func (s *TaskService) Create(ctx context.Context, orgID, userID string, req models.CreateTaskRequest) (models.Task, error) {
	now := time.Now().UnixMilli()
	var item models.Task
	item.ID = newTaskID()
	item.Title = req.Title
	item.Done = req.Done
	item.CreatedAt = now
	item.UpdatedAt = now
	return s.repo.Create(ctx, orgID, item)
}

// Get returns the organization's task with the id.
func (s *TaskService) Get(ctx context.Context, orgID, id string) (models.Task, error) {
	return s.repo.Get(ctx, orgID, id)
}

// Update replaces the fields of the organization's task with the id.
func (s *TaskService) Update(ctx context.Context, orgID, userID, id string, req models.UpdateTaskRequest) (models.Task, error) {
	item, err := s.repo.Get(ctx, orgID, id)
	if err != nil {
		return models.Task{}, err
	}
	item.Title = req.Title
	item.Done = req.Done
	item.UpdatedAt = time.Now().UnixMilli()
	return s.repo.Update(ctx, orgID, item)
}

// Delete removes the organization's task with the id.
func (s *TaskService) Delete(ctx context.Context, orgID, id string) error {
	return s.repo.Delete(ctx, orgID, id)
}

func newTaskID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return hex.EncodeToString(b[:])
}
