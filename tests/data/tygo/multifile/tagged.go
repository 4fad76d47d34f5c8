//go:build linux && (amd64 || arm64) && !windows

package multifile

type Tagged struct{}
