// Command widget-service serves the widget-service API behind the API gateway.
//
// It listens on ADDR (e.g. "127.0.0.1:8080"), else ":$PORT", else ":8080", logs JSON lines (log/slog) to
// stdout, and stops gracefully on SIGINT or SIGTERM.
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

	"github.com/elqnt/eloquent/services/widget-service/handlers"
	"github.com/elqnt/eloquent/services/widget-service/internal/httpapi"
	"github.com/elqnt/eloquent/services/widget-service/repositories"
	"github.com/elqnt/eloquent/services/widget-service/routes"
	"github.com/elqnt/eloquent/services/widget-service/services"
)

func main() {
	slog.SetDefault(slog.New(slog.NewJSONHandler(os.Stdout, nil)))

	// Connections: none yet; the repositories below keep their data in memory.

	// Repositories
	widgetRepo := repositories.NewInMemoryWidgetRepository()

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
	if err := serve(srv); err != nil {
		slog.Error("widget-service stopped", "error", err)
		os.Exit(1)
	}
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
