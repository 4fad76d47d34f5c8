package multifile

// Zeta sorts last.
type Zeta struct {
	Alpha Alpha `json:"alpha"`
}
