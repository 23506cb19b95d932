package lexicon

import "io/fs"

// Code describes one CPT/HCPCS code.
type Code struct {
	Code    string
	Name    string
	Timed   bool
	Aliases []string
}

// CodeTable holds every known code.
type CodeTable struct {
	byCode map[string]*Code
}

// Lookup returns the code's entry, or nil.
func (t *CodeTable) Lookup(code string) *Code { return t.byCode[code] }

func loadCodes(fsys fs.FS) (*CodeTable, error) { return &CodeTable{byCode: map[string]*Code{}}, nil }
