package multifile

import "fmt"

var registry = map[string]int{}

func Describe(a Alpha) string {
	return fmt.Sprint(a.Name)
}
