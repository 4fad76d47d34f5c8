package multifile

type WindowsOnly struct{}
