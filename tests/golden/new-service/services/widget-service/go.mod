module github.com/elqnt/eloquent/services/widget-service

go 1.26.0

require github.com/go-playground/validator/v10 v10.30.6

require (
	github.com/jackc/pgx/v5 v5.12.0
)
