package embedded

import "time"

// Base holds the audit fields.
type Base struct {
	ID        string    `json:"id"`
	CreatedAt time.Time `json:"createdAt"`
}

type Named struct {
	Name string `json:"name"`
}

type auditInfo struct {
	By string `json:"by"`
}

type Label string
