package lexicon

import (
	"fmt"
	"io/fs"
	"strings"
)

// Modifier is a billing modifier and what it means.
type Modifier struct {
	Code    string
	Meaning string
	Prov    Provenance
}

// loadModifiers reads data/modifiers.tsv: modifier, meaning, status, sources
// (tab-separated); '#' comments.
func loadModifiers(fsys fs.FS) ([]Modifier, error) {
	const name = "data/modifiers.tsv"
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, err
	}
	var mods []Modifier
	for i, line := range strings.Split(string(data), "\n") {
		line = strings.TrimRight(line, "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < 4 || len(f[0]) != 2 || strings.TrimSpace(f[1]) == "" {
			return nil, fmt.Errorf("%s:%d: want MODIFIER<TAB>meaning<TAB>status<TAB>source", name, i+1)
		}
		prov, err := parseProvenance(f[2], f[3])
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %v", name, i+1, err)
		}
		mods = append(mods, Modifier{Code: f[0], Meaning: strings.TrimSpace(f[1]), Prov: prov})
	}
	return mods, nil
}
