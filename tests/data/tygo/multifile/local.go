package multifile

func handler() {
	// Response is declared inside a function.
	type Response struct {
		OK bool `json:"ok"`
	}
	const LocalConst = "local"
	var unused Response
	_ = unused
}

func (a Alpha) Method() {
	type inner struct{ X int }
	type Outer struct{ Y int }
}
