module github.com/elqnt/eloquent/services/widget-service

go 1.22

require github.com/go-playground/validator/v10 v10.26.0
