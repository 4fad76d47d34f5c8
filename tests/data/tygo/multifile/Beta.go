package multifile

type Beta struct {
	B string `json:"b"`
}
