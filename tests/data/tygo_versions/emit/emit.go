package emit

//tygo:emit
var _ = `export type Header = { name: string };`

//tygo:emit
var (
	first  = `export type First = 1;`
	second = `export type Second = 2;`
)

//tygo:emit
var a, b = `export type A = "a";`, `export type B = "b";`

// A doc line first.
//
//tygo:emit
var withDoc = "export type WithDoc = boolean;"

//tygo:emit
var empty = ""

//tygo:emit
var notAString = 42

//tygo:emitter
var prefixed = `export type Prefixed = 3;`

//tygo:emit export type Above = string;
type Below struct {
	// A field doc.
	//tygo:emit // emitted above the field
	X int `json:"x"`
}

// Plain vars and empty groups without the directive are skipped.
var ()

// doc of an empty group
var ()

func inBody() {
	//tygo:emit
	var local = `export type FromBody = "body";`
	_ = local
}
