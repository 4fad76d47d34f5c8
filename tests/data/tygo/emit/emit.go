package emit

//tygo:emit
var _ = `export type Custom = "a" | "b";`

//tygo:emit This is a plain comment for the next line
var _ = `export type Two = number;`

var notEmitted = `export type Nope = 1;`

// Doc with an emit inside.
//tygo:emit export type FromDoc = string;
type WithEmit struct {
	//tygo:emit   indented: true;
	Field string `json:"field"`
}

//tygo:emit
var Exported = "export const X = 1;"
