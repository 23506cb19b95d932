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

// loadModifiers reads data/modifiers.tsv: modifier, tab, meaning; '#' comments.
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
		code, meaning, ok := strings.Cut(line, "\t")
		if !ok || len(code) != 2 || strings.TrimSpace(meaning) == "" {
			return nil, fmt.Errorf("%s:%d: want MODIFIER<TAB>meaning", name, i+1)
		}
		mods = append(mods, Modifier{Code: code, Meaning: strings.TrimSpace(meaning)})
	}
	return mods, nil
}
