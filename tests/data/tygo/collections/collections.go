package collections

import (
	"encoding/json"
	"time"
)

type Thing struct {
	Names     []string                     `json:"names"`
	Matrix    [][]float64                  `json:"matrix"`
	Lookup    map[string]int               `json:"lookup"`
	Nested    map[string]map[string][]bool `json:"nested"`
	ByID      map[int64]*Thing             `json:"byId"`
	Ptrs      []*Thing                     `json:"ptrs"`
	PtrSlice  *[]string                    `json:"ptrSlice"`
	PtrPtr    **int                        `json:"ptrPtr"`
	Fixed     [3]int                       `json:"fixed"`
	Raw       []byte                       `json:"raw"`
	Raws      [][]byte                     `json:"raws"`
	Hash      [32]byte                     `json:"hash"`
	Anything  any                          `json:"anything"`
	Iface     interface{}                  `json:"iface"`
	AnyMap    map[string]any               `json:"anyMap"`
	IfaceMap  map[string]interface{}       `json:"ifaceMap"`
	AnySlice  []interface{}                `json:"anySlice"`
	RawMsg    json.RawMessage              `json:"rawMsg"`
	When      time.Time                    `json:"when"`
	WhenPtr   *time.Time                   `json:"whenPtr,omitempty"`
	Dur       time.Duration                `json:"dur"`
	Times     []time.Time                  `json:"times"`
	Ch        chan int                     `json:"-"`
	Ch2       chan string
	Fn        func(int) error
	Err       error
	B         byte
	R         rune
	U         uintptr
	C         complex128
	I8        int8
	U16       uint16
	U32       uint32
	F32       float32
	Ptrs2     []*[]*int
	MapOfPtr  map[string]*string
	Anon      struct {
		A int    `json:"a"`
		B *string `json:"b,omitempty"`
		Deep struct {
			C []struct {
				D bool `json:"d"`
			} `json:"c"`
		} `json:"deep"`
	} `json:"anon"`
	AnonPtr *struct {
		X int `json:"x"`
	} `json:"anonPtr"`
	Empty     struct{}             `json:"empty"`
	MapAnon   map[string]struct{ Y int } `json:"mapAnon"`
	SliceAnon []struct{ Z string }  `json:"sliceAnon"`
	Paren     (int)
}

type Matrix [][]float64
type Lookup map[string]*Thing
type ThingPtr *Thing
type Callback func(string) bool
type Stream chan Thing
type Bytes []byte
type When time.Time
type Any any
type Empty interface{}
type Blob = []byte
type Alias = Thing
type Pair [2]string
