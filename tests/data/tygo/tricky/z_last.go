package tricky

type Later struct{ L int }

type Last int // no final newline