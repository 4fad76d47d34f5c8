// Package multifile spreads models over files.
package multifile

type Alpha struct {
	Name string `json:"name"`
}
