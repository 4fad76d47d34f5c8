package multifile

type Underscore struct{}
