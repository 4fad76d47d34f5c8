// Package models defines the JSON types of the project service's API.
// They are the source of the TypeScript types in @elqnt/types (tygo generate).
package models

// Project is a named container for an organization's work.
type Project struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Description string   `json:"description"`
	Status      string   `json:"status"`
	Tags        []string `json:"tags"`
	CreatedAt   int64    `json:"createdAt"`
	UpdatedAt   int64    `json:"updatedAt"`
}

// CreateProjectRequest is the body of POST /projects.
type CreateProjectRequest struct {
	Name        string   `json:"name" validate:"required,min=1,max=120"`
	Description string   `json:"description,omitempty" validate:"max=2000"`
	Status      string   `json:"status,omitempty" validate:"omitempty,oneof=active archived"`
	Tags        []string `json:"tags,omitempty" validate:"max=20,dive,min=1,max=40"`
}

// UpdateProjectRequest is the body of PUT /projects/{id}. It replaces the
// project's editable fields.
type UpdateProjectRequest struct {
	Name        string   `json:"name" validate:"required,min=1,max=120"`
	Description string   `json:"description,omitempty" validate:"max=2000"`
	Status      string   `json:"status,omitempty" validate:"omitempty,oneof=active archived"`
	Tags        []string `json:"tags,omitempty" validate:"max=20,dive,min=1,max=40"`
}

// ListProjectsResponse is one page of GET /projects.
type ListProjectsResponse struct {
	Items []Project `json:"items"`
	Total int       `json:"total"`
	Page  int       `json:"page"`
	Limit int       `json:"limit"`
}
