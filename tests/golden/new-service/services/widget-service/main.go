// Command widget-service serves the widget-service API behind the API gateway.
//
// It listens on ADDR (e.g. "127.0.0.1:8080"), else ":$PORT", else ":8080", logs JSON lines (log/slog) to
// stdout, and stops gracefully on SIGINT or SIGTERM.
//
// Its records live in PostgreSQL: DATABASE_URL (e.g. "postgres://user:password@localhost:5432/app?sslmode=disable")
// names the database, whose tables migrations/ creates (golang-migrate). Without DATABASE_URL, or when the
// database does not answer within 5 s, it exits with status 1 and says why.
package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/elqnt/eloquent/services/widget-service/handlers"
	"github.com/elqnt/eloquent/services/widget-service/internal/httpapi"
	"github.com/elqnt/eloquent/services/widget-service/repositories"
	"github.com/elqnt/eloquent/services/widget-service/routes"
	"github.com/elqnt/eloquent/services/widget-service/services"
)

func main() {
	slog.SetDefault(slog.New(slog.NewJSONHandler(os.Stdout, nil)))

	// Connections
	pool, err := openPool(os.Getenv("DATABASE_URL"))
	if err != nil {
		slog.Error("widget-service cannot start", "error", err)
		os.Exit(1)
	}

	// Repositories
	widgetRepo := repositories.NewPostgresWidgetRepository(pool)

	// Services
	widgetService := services.NewWidgetService(widgetRepo)

	// Handlers
	widgetHandler := handlers.NewWidgetHandler(widgetService)

	// Routes
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", httpapi.Healthz) //elqnt:internal
	routes.SetupRoutes(mux, widgetHandler)

	srv := &http.Server{
		Addr:              listenAddr(),
		Handler:           httpapi.WithRequestID(httpapi.LogRequests(httpapi.Recover(httpapi.JSONErrors(mux)))),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
	}
	err = serve(srv)
	pool.Close()
	if err != nil {
		slog.Error("widget-service stopped", "error", err)
		os.Exit(1)
	}
}

// openPool opens the service's one connection pool to PostgreSQL at url (DATABASE_URL) and checks, within
// 5 s, that the database answers: a service that cannot reach its database fails at start, not on the first
// request.
func openPool(url string) (*pgxpool.Pool, error) {
	if url == "" {
		return nil, errors.New("DATABASE_URL is not set: give the service its PostgreSQL database, e.g. " +
			"DATABASE_URL=postgres://user:password@localhost:5432/app?sslmode=disable")
	}
	pool, err := pgxpool.New(context.Background(), url)
	if err != nil {
		return nil, fmt.Errorf("DATABASE_URL is not a PostgreSQL URL: %w", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		cfg := pool.Config().ConnConfig
		return nil, fmt.Errorf("the database at %s:%d (DATABASE_URL) does not answer: %w", cfg.Host, cfg.Port, err)
	}
	return pool, nil
}

// listenAddr is ADDR, else ":" + PORT, else ":8080".
func listenAddr() string {
	if addr := os.Getenv("ADDR"); addr != "" {
		return addr
	}
	if port := os.Getenv("PORT"); port != "" {
		return ":" + port
	}
	return ":8080"
}

// serve runs srv until SIGINT or SIGTERM, then lets the requests in flight finish (10 s at most).
func serve(srv *http.Server) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	failed := make(chan error, 1)
	go func() {
		if err := srv.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
			failed <- err
		}
	}()
	slog.Info("widget-service listening", "addr", srv.Addr)
	select {
	case err := <-failed:
		return fmt.Errorf("listen on %s: %w", srv.Addr, err)
	case <-ctx.Done():
	}
	slog.Info("widget-service shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return srv.Shutdown(shutdownCtx)
}
