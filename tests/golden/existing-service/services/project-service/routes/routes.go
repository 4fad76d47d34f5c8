// Package routes registers the project service's HTTP routes. Every route
// here needs a matching entry in services/api-gateway/config/routes.yaml.
package routes

import (
	"net/http"

	"github.com/elqnt/eloquent/services/project-service/handlers"
)

// SetupRoutes registers the service's handlers on mux.
func SetupRoutes(mux *http.ServeMux, projectHandler *handlers.ProjectHandler, taskHandler *handlers.TaskHandler) {
	mux.HandleFunc("GET /projects", projectHandler.ListProjects)
	mux.HandleFunc("POST /projects", projectHandler.CreateProject)
	mux.HandleFunc("GET /projects/{id}", projectHandler.GetProject)
	mux.HandleFunc("PUT /projects/{id}", projectHandler.UpdateProject)
	mux.HandleFunc("DELETE /projects/{id}", projectHandler.DeleteProject)
	mux.HandleFunc("GET /tasks", taskHandler.ListTasks)
	mux.HandleFunc("POST /tasks", taskHandler.CreateTask)
	mux.HandleFunc("GET /tasks/{id}", taskHandler.GetTask)
	mux.HandleFunc("PUT /tasks/{id}", taskHandler.UpdateTask)
	mux.HandleFunc("DELETE /tasks/{id}", taskHandler.DeleteTask)
}
