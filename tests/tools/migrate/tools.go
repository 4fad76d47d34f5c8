//go:build tools

// Package tools pins the golang-migrate CLI the tests apply migrations with (tests/pg/migrate.py builds it
// with -tags postgres into .cache/bin/migrate).
package tools

import _ "github.com/golang-migrate/migrate/v4/cmd/migrate"
