// Package models holds the widget-service models.
package models

import "time"

// Widget is the stored resource.
type Widget struct {
	ID          string    `json:"id"`
	OrgID       string    `json:"orgId"`
	Name        string    `json:"name" validate:"required,min=1,max=200"`
	Description string    `json:"description,omitempty"`
	Price       float64   `json:"price"`
	Quantity    int       `json:"quantity"`
	Active      bool      `json:"active"`
	Tags        []string  `json:"tags,omitempty"`
	CreatedAt   int64     `json:"createdAt"`
	UpdatedAt   time.Time `json:"updatedAt"`
	CreatedBy   *string   `json:"createdBy,omitempty"`
}

// CreateWidgetRequest is the body of POST /widgets.
type CreateWidgetRequest struct {
	Name        string   `json:"name" validate:"required,min=1,max=200"`
	Description string   `json:"description,omitempty" validate:"omitempty,max=2000"`
	Price       float64  `json:"price" validate:"gte=0"`
	Tags        []string `json:"tags,omitempty"`
}

// UpdateWidgetRequest is the body of PUT /widgets/{id}; every field is optional.
type UpdateWidgetRequest struct {
	Name        *string   `json:"name,omitempty" validate:"omitempty,min=1"`
	Description *string   `json:"description,omitempty"`
	Price       *float64  `json:"price,omitempty"`
	Tags        *[]string `json:"tags,omitempty"`
	Active      *bool     `json:"active"`
}

// ListWidgetsResponse is one page of widgets.
type ListWidgetsResponse struct {
	Items []Widget `json:"items"`
	Total int64    `json:"total"`
	Page  int      `json:"page"`
	Limit int      `json:"limit"`
}

// ErrorResponse is the body of every error.
type ErrorResponse struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}
