package routes

import (
	"net/http"

	"github.com/elqnt/eloquent/services/widget-service/handlers"
)

// SetupRoutes registers every endpoint of the service on mux.
func SetupRoutes(mux *http.ServeMux, widgetHandler *handlers.WidgetHandler) {
	mux.HandleFunc("GET /widgets", widgetHandler.ListWidgets)
	mux.HandleFunc("POST /widgets", widgetHandler.CreateWidget)
	mux.HandleFunc("GET /widgets/{id}", widgetHandler.GetWidget)
	mux.HandleFunc("PUT /widgets/{id}", widgetHandler.UpdateWidget)
	mux.HandleFunc("DELETE /widgets/{id}", widgetHandler.DeleteWidget)
}
