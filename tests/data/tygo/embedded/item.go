package embedded

import (
	"database/sql"
	"time"
)

type Item struct {
	Base
	*Named
	auditInfo
	Meta `json:"meta"`
	Other `json:",omitempty"`
	time.Time
	sql.NullString `json:"note"`
	Label
	Page[Item]
	Title string `json:"title"`
}

type Meta struct {
	Version int `json:"version"`
}

type Page[T any] struct {
	Items []T `json:"items"`
}

type Other struct{ X int }

type Extended struct {
	Base  `tstype:",extends"`
	*Meta `tstype:",extends"`
	Named `tstype:",extends,required"`
	Label `tstype:",extends"`
	Page[string] `tstype:",extends"`
	time.Time `tstype:",extends"`
	Done bool `json:"done"`
}

type ExtendsRequired struct {
	*Other `tstype:",extends,required"`
	Meta   `json:"m" tstype:"-"`
	Z      int `tstype:"Record<string, number>"`
	R      int `tstype:",readonly"`
	Q      *int `tstype:",required"`
	QQ     *int `tstype:"string,required" json:"qq,omitempty"`
}
