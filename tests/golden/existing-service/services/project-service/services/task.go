package services

// This file is yours: elqnt-scaffold wrote it once and only ever appends a method for a new operation
// (answering 501 until you write it). The request -> record mapping lives in models/task.go and
// TaskServiceAPI in services/task_gen.go, both regenerated from the spec.

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"time"

	"github.com/elqnt/eloquent/services/project-service/models"
	"github.com/elqnt/eloquent/services/project-service/repositories"
)

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
	return s.repo.Create(ctx, orgID, req.NewTask(newTaskID(), time.Now().UnixMilli()))
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
	req.ApplyTo(&item, time.Now().UnixMilli())
	return s.repo.Update(ctx, orgID, item)
}

// Delete removes the organization's task with the id.
func (s *TaskService) Delete(ctx context.Context, orgID, id string) error {
	return s.repo.Delete(ctx, orgID, id)
}

// newTaskID returns a random 128-bit id, hex-encoded.
func newTaskID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return hex.EncodeToString(b[:])
}
