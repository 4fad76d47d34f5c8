// Command project-service serves the projects API behind the Eloquent API
// gateway (services/api-gateway/config/routes.yaml).
package main

import (
	"context"
	"errors"
	"log"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/elqnt/eloquent/services/project-service/handlers"
	"github.com/elqnt/eloquent/services/project-service/repositories"
	"github.com/elqnt/eloquent/services/project-service/routes"
	"github.com/elqnt/eloquent/services/project-service/services"
)

func main() {
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}

	// 1. Create Database/Redis connections
	// None: this example keeps its data in an in-memory store.

	// 2. Create Repositories (depend on DB)
	projectRepo := repositories.NewInMemoryProjectRepository()
	taskRepo := repositories.NewInMemoryTaskRepository()

	// 3. Create Services (depend on Repos)
	projectService := services.NewProjectService(projectRepo)
	taskService := services.NewTaskService(taskRepo)

	// 4. Create Handlers (depend on Services)
	projectHandler := handlers.NewProjectHandler(projectService)
	taskHandler := handlers.NewTaskHandler(taskService)

	// 5. Wire Routes (depend on Handlers)
	mux := http.NewServeMux()
	routes.SetupRoutes(mux, projectHandler, taskHandler)

	srv := &http.Server{
		Addr:              ":" + port,
		Handler:           mux,
		ReadHeaderTimeout: 10 * time.Second,
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	serveErr := make(chan error, 1)
	go func() {
		log.Printf("project-service listening on %s", srv.Addr)
		serveErr <- srv.ListenAndServe()
	}()

	select {
	case err := <-serveErr:
		if !errors.Is(err, http.ErrServerClosed) {
			log.Fatalf("serve: %v", err)
		}
	case <-ctx.Done():
		log.Print("shutting down")
		shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := srv.Shutdown(shutdownCtx); err != nil {
			log.Printf("shutdown: %v", err)
		}
	}
}
