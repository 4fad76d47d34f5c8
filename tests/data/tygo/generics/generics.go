package generics

type Number interface {
	~int | ~int64 | ~float64
}

// Constraint with docs.
type Stringish interface {
	// only strings
	~string // trailing
	String() string
}

type Stringer interface {
	String() string
}

type Embeds interface {
	Stringer
	fmt.Formatter
}

type Page[T any] struct {
	Items []T    `json:"items"`
	Next  *T     `json:"next,omitempty"`
	Total int    `json:"total"`
}

type Pair[K comparable, V any] struct {
	Key   K `json:"key"`
	Value V `json:"value"`
}

type Multi[A, B any, C Number] struct {
	A A
	B B
	C C
}

type Union[T int | string] struct {
	V T `json:"v"`
}

type Wrapped struct {
	Page  Page[string]          `json:"page"`
	Pairs []Pair[string, int64] `json:"pairs"`
	Ptr   *Page[Pair[int, bool]] `json:"ptr"`
}

type List[T any] []T
type Dict[K comparable, V any] map[K]V
type Alias[T any] = Page[T]
type Constraint[T any] interface{ *T }
