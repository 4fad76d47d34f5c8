// Package newexpr uses Go 1.26's new(expr), which tree-sitter-go does not read; tygo ignores the
// function bodies and var initializers it appears in.
package newexpr

import "strings"

type User struct {
	Nickname *string   `json:"nickname,omitempty"`
	Age      *int      `json:"age,omitempty"`
	Tags     *[]string `json:"tags,omitempty"`
}

// Default is never written by tygo (a var).
var Default = User{Nickname: new("anon"), Age: new(42)}

var (
	limit   = new(len("abcd") * 2)
	builder = func() *int { return new(1 + 2) }
)

// NewUser fills the optional fields.
func NewUser(name string) User {
	u := User{Nickname: new(strings.TrimSpace(name)), Age: new(-1)}
	u.Tags = new([]string{"a", "b"})
	u.Age = new(
		*u.Age +
			1,
	)
	// A declaration in a function body is written by tygo: it must survive.
	type Local struct {
		Count int `json:"count"`
	}
	const Inner = "inner"
	_ = new(Local{Count: len(Inner)})
	return u
}

func (u *User) Reset() {
	u.Nickname = new(`raw`)
	u.Age = new(int)
	_ = new(map[string]int)
	_ = new(User{Nickname: new("nested")})
}

func shadow(new func(int) int) int { return new(1) }

// After follows the function bodies.
type After struct {
	When int64 `json:"when"`
}

const Label = "new(1) stays a string"
