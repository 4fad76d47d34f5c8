package multifile

type ArmOnly struct{}
