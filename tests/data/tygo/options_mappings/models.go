package options_mappings

import (
	"database/sql"
	"time"
)

type Event struct {
	ID       string         `json:"id"`
	At       time.Time      `json:"at"`
	Maybe    *time.Time     `json:"maybe,omitempty"`
	Dur      time.Duration  `json:"dur"`
	Note     sql.NullString `json:"note"`
	Unknown  other.Thing    `json:"unknown"`
	Any      any            `json:"any"`
	Iface    interface{}    `json:"iface"`
	Optional string         `json:"optional,omitempty"`
	Ptr      *int           `json:"ptr"`
	Ch       chan int       `json:"ch"`
	NoTag    string
	Nested   struct {
		Deep *string `json:"deep,omitempty"`
	} `json:"nested"`
}

type Alias any

const Timeout = time.Second

// Kinds.
type Kind string

const (
	KindA Kind = "a"
	KindB Kind = "b"
)
