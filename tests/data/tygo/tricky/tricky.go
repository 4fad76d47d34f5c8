package tricky

// The scanner's automatic ';' splits comment groups, even inside a multi-line block comment.
const (
	SplitA = iota /* x
y */ // z
	SplitB
)

type Split struct {
	X int /* a
b */ //c
	// d
	Y int
}

type Semis struct { A int /* a */; B int }
type Semis2 struct { A int; /* a */ B int }
type Semis3 struct { A int ; // z
 B int }

type Adjacent struct {
	A int // a1
	// a2
	B int
	// c1

	// c2
	C int
	/* d */ D int
}

const (
	HexUpper = 0XFF
	OctUpper = 0O17
	NegOct   = -010
	BackSl   = '\\'
	Bytes    = "\x41\377"
	RunePlus = 'a' + 1
)

type Elems interface {
	// doc int
	int // t1
	~string | ~[]byte // t2
	M() // m
}

type N string
type Inherit struct {
	N `tstype:",extends"`
	G[int, string] `tstype:",extends"`
	Later `tstype:",extends"`
}

type T int
const (
	TA T = 1
	TB
	TC = 2
	TD
	TE T = iota
	TF
)

var f = func() { type Hidden struct{} }

func g() {
	type Shown struct{ X int }
}
