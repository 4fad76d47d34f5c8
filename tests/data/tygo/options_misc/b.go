package options_misc

type B struct {
	Y int `json:"y"`
}
