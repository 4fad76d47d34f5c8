package tags

type Tagged struct {
	Plain        string
	Named        string  `json:"named"`
	Omit         string  `json:"omit,omitempty"`
	NoName       string  `json:",omitempty"`
	NoNameNoOpt  string  `json:""`
	Skipped      string  `json:"-"`
	DashComma    string  `json:"-,"`
	AsString     int64   `json:"asString,string"`
	AsStringOmit int64   `json:",string,omitempty"`
	OmitZero     int     `json:"omitZero,omitzero"`
	OnlyValidate string  `validate:"required"`
	Dashed       string  `json:"dashed-name"`
	Spaced       string  `json:"with space"`
	Digit        string  `json:"2fa"`
	Dollar       string  `json:"$ref"`
	Unicode      string  `json:"naïve"`
	Under        string  `json:"_under"`
	YAMLOnly     string  `yaml:"yaml_only"`
	Both         string  `json:"jsonName,omitempty" yaml:"yamlName"`
	YAMLOmit     string  `json:"jsonOmit" yaml:"yamlOmit,omitempty"`
	YAMLSkip     string  `json:"kept" yaml:"-"`
	TSType       string  `json:"tsType" tstype:"'a' | 'b'"`
	TSSkip       string  `tstype:"-"`
	Multi        string  `json:"multi" validate:"required" db:"multi_col"`
	A, B         int     `json:"ab"`
	C, d, E      string
	ptr          *string `json:"ptr"`
	PtrOmit      *string `json:"ptrOmit,omitempty"`
	PtrNoTag     *int
	Spaces       string `json:"spaces"   validate:"x"`
	Ñandu        string
	Ünder        int `json:"ünder"`
	Dup          string `json:"first" json:"second"`
	Escaped      string `json:"esc\u00e9"`
}

type NoTags struct {
	ID      string
	Count   int
	private bool
	Ref     *NoTags
}

type unexported struct {
	Visible string `json:"visible"`
}

type Exposed struct {
	Inner unexported `json:"inner"`
}
