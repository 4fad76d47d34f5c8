package multifile

type private struct {
	X int
}
