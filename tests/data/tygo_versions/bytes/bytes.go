// Package bytes holds every shape of byte and uint8 that tygo v0.2.21 writes differently from v0.2.20.
package bytes

// B is a single byte: v0.2.20 writes `byte`, v0.2.21 `number /* byte */`.
type B byte

type U uint8

// BS and US: `string` / `number /* uint8 */[]` in v0.2.20, `string /* []T */` in v0.2.21.
type BS []byte

type US []uint8

type Blob = []byte

type Payload struct {
	One      byte              `json:"one"`
	Raw      []byte            `json:"raw"`
	Octets   []uint8           `json:"octets"`
	Hash     [32]byte          `json:"hash"`
	Nonce    [12]uint8         `json:"nonce"`
	Chunks   [][]byte          `json:"chunks"`
	ByName   map[string]byte   `json:"byName"`
	ByByte   map[byte][]uint8  `json:"byByte"`
	Maybe    *[]byte           `json:"maybe,omitempty"`
	Pointers []*byte           `json:"pointers"`
	Nested   map[string][]byte `json:"nested"`
	Inline   struct {
		B []byte `json:"b"`
	} `json:"inline"`
	Mapped BS     `json:"mapped"`
	Runes  []rune `json:"runes"`
	Ints   []int8 `json:"ints"`
}

type Generic[T ~byte | ~[]byte] struct {
	Value T `json:"value"`
}

type Constraint interface {
	~[]byte | ~byte
}

type OctetsOrText interface {
	~[]uint8 | ~string
}

const First byte = 'a'

const Mask uint8 = 0xFF

const (
	Low  B = 1
	High B = 2
)
