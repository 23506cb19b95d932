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
}

// loadModifiers reads data/modifiers.tsv: modifier, tab, meaning, and an
// optional third column "recognised" for modifiers that are only read on
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
		if len(f) < 2 || len(f) > 3 || len(f[0]) != 2 || strings.TrimSpace(f[1]) == "" || len(f) == 3 && f[2] != "recognised" {
			return nil, nil, fmt.Errorf("%s:%d: want MODIFIER<TAB>meaning[<TAB>recognised]", name, i+1)
		}
		m := Modifier{Code: f[0], Meaning: strings.TrimSpace(f[1])}
		if len(f) == 3 {
			other = append(other, m)
		} else {
			mods = append(mods, m)
		}
	}
	return mods, other, nil
}
