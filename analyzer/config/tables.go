package config

import (
	"fmt"
	"os"

	"github.com/soaplint/soaplint/lexicon"
)

// newTemplate maps a configured template's fields onto lexicon.Template.
func newTemplate(f map[string][]string) lexicon.Template {
	one := func(k string) string {
		if len(f[k]) > 0 {
			return f[k][0]
		}
		return ""
	}
	return lexicon.Template{
		ID:          one("id"),
		Text:        one("text"),
		Disciplines: f["discipline"],
		Regions:     f["region"],
		Impairments: f["impairment"],
		Activities:  f["activity"],
	}
}

// LoadEdits reads a CMS practitioner code-pair edit file (lexicon.ParseEdits).
// Malformed rows are skipped and returned as warnings naming their line.
func LoadEdits(path string) (*lexicon.EditTable, []error, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("cannot read code-pair edit file %s: %s", path, unwrapPath(err))
	}
	defer f.Close()
	t, warn := lexicon.ParseEdits(f, path)
	return t, warn, nil
}

// LoadMUE reads a CMS MUE file (lexicon.ParseMUE). Malformed rows are skipped and
// returned as warnings naming their line.
func LoadMUE(path string) (*lexicon.MUETable, []error, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("cannot read MUE file %s: %s", path, unwrapPath(err))
	}
	defer f.Close()
	t, warn := lexicon.ParseMUE(f, path)
	return t, warn, nil
}
