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
// and an optional fifth column "recognised" for modifiers that are only read on
// billing lines (returned apart, in other); '#' comments.
func loadModifiers(fsys fs.FS) (mods, other []Modifier, err error) {
	const name = "data/modifiers.tsv"
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, nil, err
	}
	for i, line := range strings.Split(string(data), "\n") {
		line = strings.TrimRight(line, "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < 4 || len(f) > 5 || len(f[0]) != 2 || strings.TrimSpace(f[1]) == "" || len(f) == 5 && f[4] != "recognised" {
			return nil, nil, fmt.Errorf("%s:%d: want MODIFIER<TAB>meaning<TAB>status<TAB>source[<TAB>recognised]", name, i+1)
		}
		prov, err := parseProvenance(f[2], f[3])
		if err != nil {
			return nil, nil, fmt.Errorf("%s:%d: %v", name, i+1, err)
		}
		m := Modifier{Code: f[0], Meaning: strings.TrimSpace(f[1]), Prov: prov}
		if len(f) == 5 {
			other = append(other, m)
		} else {
			mods = append(mods, m)
		}
	}
	return mods, other, nil
}
