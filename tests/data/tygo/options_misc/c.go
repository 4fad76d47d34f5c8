package options_misc

type C struct{}
