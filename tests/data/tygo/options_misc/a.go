// Package doc is dropped with preserve_comments: types.
package options_misc

// Kept type doc.
type A struct {
	// Kept field doc.
	X int `json:"x"` // kept trailing
}

// Const doc.
const C = 1 // const trailing dropped
