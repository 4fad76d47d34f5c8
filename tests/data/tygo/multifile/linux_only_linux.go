package multifile

type LinuxOnly struct{}
