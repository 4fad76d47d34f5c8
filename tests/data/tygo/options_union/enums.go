package options_union

// Status of a widget.
type Status string

// Statuses.
const (
	// Active ones.
	StatusActive   Status = "active" // in use
	StatusInactive Status = "inactive"
	statusHidden   Status = "hidden"
	StatusArchived Status = "archived"
)

type Level int

const (
	LevelLow Level = iota
	LevelMid
	LevelHigh
)

const (
	ColorRed   = "red"
	ColorGreen = "green"
)

const (
	Lonely = 1
	Other  = 2
)

type Mixed string

const (
	MixedA Mixed = "a"
	OtherB Mixed = "b"
	MixedC Mixed = "c"
	Single Level = 3
)

type Widget struct {
	Status Status `json:"status"`
	Level  Level  `json:"level"`
}
