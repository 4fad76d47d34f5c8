//go:build ignore

package main

type Ignored struct{}
