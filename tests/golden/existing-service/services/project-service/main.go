// Command project-service serves the projects API behind the Eloquent API
// gateway (services/api-gateway/config/routes.yaml).
package main

import (
	"context"
	"errors"
	"fmt"
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
	"github.com/jackc/pgx/v5/pgxpool"
)

func main() {
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}

	// 1. Create Database/Redis connections
	// None: this example keeps its data in an in-memory store.

	pgPool := openPostgresPool()
	defer pgPool.Close()

	// 2. Create Repositories (depend on DB)
	projectRepo := repositories.NewInMemoryProjectRepository()
	taskRepo := repositories.NewPostgresTaskRepository(pgPool)

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

// openPostgresPool opens the service's PostgreSQL pool from DATABASE_URL (added by elqnt-scaffold for the
// postgres repositories) and exits with status 1 when DATABASE_URL is not set or the database does not
// answer within 5 s.
func openPostgresPool() *pgxpool.Pool {
	url := os.Getenv("DATABASE_URL")
	if url == "" {
		fmt.Fprintln(os.Stderr, "DATABASE_URL is not set: give the service its PostgreSQL database, e.g. "+
			"DATABASE_URL=postgres://user:password@localhost:5432/app?sslmode=disable")
		os.Exit(1)
	}
	pool, err := pgxpool.New(context.Background(), url)
	if err != nil {
		fmt.Fprintln(os.Stderr, "DATABASE_URL is not a PostgreSQL URL:", err)
		os.Exit(1)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := pool.Ping(ctx); err != nil {
		cfg := pool.Config().ConnConfig
		fmt.Fprintf(os.Stderr, "the database at %s:%d (DATABASE_URL) does not answer: %v\n", cfg.Host, cfg.Port, err)
		os.Exit(1)
	}
	return pool
}
