package consts

import "time"

type Status string

const (
	StatusActive   Status = "active"
	StatusInactive Status = "inactive" // no longer in use
	statusHidden   Status = "hidden"
)

const SingleTyped Status = "single"

const Untyped = "untyped"
const Number = 42
const Float = 3.14
const Negative = -7
const Truth = true
const Octal = 0755
const OctalNew = 0o644
const Hex = 0xFF
const Binary = 0b1010
const Underscored = 1_000_000
const Imag = 2i
const Exp = 1e9
const Rune = 'A'
const RuneEsc = '\n'
const RuneHex = '\x41'
const RuneUni = '\u00e9'
const RuneBig = '\U0001F600'
const RuneUTF8 = 'é'
const Raw = `raw ${string} with \ backslash`
const Escapes = "tab\there \"quoted\" \u00e9 \U0001F600 \\ done"
const Concat = "a" + "b"
const Timeout = 5 * time.Second
const Converted = Status("converted")
const Shift = 1 << 10
const AndNot = 0xFF &^ 0x0F
const Xor = ^0
const Not = !true
const Paren = (1 + 2) * 3
const Mixed = 1 + 2*3 - 4/2
const Prec = (1 | 2) & 4
const Ref = Number * 2
const Len = len("abc")

type Level int

const (
	LevelDebug Level = iota
	LevelInfo
	_
	LevelWarn
	levelHidden
	LevelError
)

const (
	KB = 1 << (10 * (iota + 1))
	MB
	GB
)

const (
	FlagA uint8 = 1 << iota
	FlagB
	FlagC
	Other = "other"
	AlsoOther
)

const (
	X, Y = iota, iota * 10
	Z, W
)

// Grouped consts share this doc.
const (
	DocA = "a"
	// DocB has its own doc.
	DocB = "b"
	DocC = "c"
)

// Single doc.
const (
	OnlyOne = 1
)

type Kind = string
type ID int64
type Ratio float32
type Flag bool
type Code uint16
type Names []string

const DefaultKind Kind = "thing"

type (
	// Color is grouped.
	Color string
	Size  int
	// Ignored unexported.
	weight int
)

var Variable = "not exported by tygo"

var (
	VarA = 1
	VarB = 2
)
