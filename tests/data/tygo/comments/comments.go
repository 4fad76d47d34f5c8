//go:build !windows

// Package comments is about comments.
//
// It has a second paragraph.
package comments

// Doc on a struct.
// Second line of the doc.
type Documented struct {
	// Field doc.
	A string `json:"a"` // trailing A
	/* Block doc on B. */
	B string `json:"b"` /* trailing block B */

	// Doc separated by a blank line from C.

	C string `json:"c"`
	D string `json:"d"` // trailing D
	// doc of E right after a trailing comment
	E string `json:"e"`
	/*
	   Multi-line block doc
	   on F.
	*/
	F string `json:"f"`
	//go:generate echo directive doc
	G string `json:"g"`
	//
	H string `json:"h"`
	// A comment with */ inside.
	I string `json:"i"` // trailing with */ inside
	J string `json:"j"` //
	K string `json:"k"` //nolint:lll
	L string `json:"l"` /* one */ /* two */
	M    string `json:"m"`; N string `json:"n"` // after N
	O string `json:"o"`; // after semicolon
	// Tabbed doc:
	//	indented line
	//   spaced line
	P string `json:"p"`
	Q struct { // after brace
		// inner doc
		R int `json:"r"` // inner trailing
	} `json:"q"` // after nested
	unexported string // not shown
	// doc of unexported field
	hidden string
	S string `json:"s"` // multi
	// continued on next line
	T string `json:"t"`
} // after struct

type Trailing string // trailing on a named type

/* Block doc on a type. */
type BlockDoc int

/*
Multi-line
block doc.

With a blank line.
*/
type MultiBlock struct {
	X int `json:"x"`
}

// Doc comment that is detached.

type Detached struct{}

type (
	// Grouped doc on GA.
	GA string
	GB string // line comment on GB
)

// Shared doc for the group.
type (
	GC string
	GD string
)

// Consts doc.
const (
	CA = "a" // line a
	// Doc on CB.
	CB = "b"
	/* block on CC */
	CC = "c" /* trailing block cc */
)

const Lone = 1 // lone const

//go:generate stringer -type=Directive
type Directive int

// Mixed doc and directive.
//go:generate something
type MixedDirective int

//
type EmptyDoc int

type NoDoc struct {
	Z int `json:"z"`
}
