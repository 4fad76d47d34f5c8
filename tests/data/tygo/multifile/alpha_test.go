package multifile

type TestOnly struct {
	X int `json:"x"`
}
