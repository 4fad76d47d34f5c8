// Command widget-service serves the widget-service API behind the API gateway.
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

	"github.com/elqnt/eloquent/services/widget-service/handlers"
	"github.com/elqnt/eloquent/services/widget-service/repositories"
	"github.com/elqnt/eloquent/services/widget-service/routes"
	"github.com/elqnt/eloquent/services/widget-service/services"
)

func main() {
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}

	// Connections: none yet; the repositories below keep their data in memory.

	// Repositories
	widgetRepo := repositories.NewInMemoryWidgetRepository()

	// Services
	widgetService := services.NewWidgetService(widgetRepo)

	// Handlers
	widgetHandler := handlers.NewWidgetHandler(widgetService)

	// Routes
	mux := http.NewServeMux()
	routes.SetupRoutes(mux, widgetHandler)

	srv := &http.Server{Addr: ":" + port, Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		log.Printf("widget-service listening on :%s", port)
		if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Fatalf("listen: %v", err)
		}
	}()
	<-ctx.Done()
	log.Printf("widget-service shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		log.Printf("shutdown: %v", err)
	}
}
