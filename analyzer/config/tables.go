package config

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/soaplint/soaplint/lexicon"
	"github.com/soaplint/soaplint/lexicon/cmsimport"
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

// DataEnv is the environment variable naming a data pack directory.
const DataEnv = "SOAPLINT_DATA"

// DefaultDataDir is where soaplint data import writes a pack by default: the
// user's configuration directory, soaplint/data.
func DefaultDataDir() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "soaplint", "data"), nil
}

// DataChoice is the data pack a run uses and why.
type DataChoice struct {
	Pack *cmsimport.Pack // nil: the built-in tables (or a .soaplint.yaml's data:)
	// From says where the choice came from: "--data", "$SOAPLINT_DATA", "the
	// default directory" or "" (no pack).
	From string
	// Override: the pack wins over a .soaplint.yaml's data: (--data and
	// $SOAPLINT_DATA do; the default directory does not).
	Override bool
}

// ChooseData picks the data pack for a run: --data (flag), else $SOAPLINT_DATA
// (env), else the default directory when it holds a pack, else none. A named
// pack that cannot be loaded is an error; an empty default directory is not.
func ChooseData(flag, env string) (DataChoice, error) {
	switch {
	case flag != "":
		p, err := cmsimport.Load(flag)
		if err != nil {
			return DataChoice{}, fmt.Errorf("--data: %v", err)
		}
		return DataChoice{Pack: p, From: "--data", Override: true}, nil
	case env != "":
		p, err := cmsimport.Load(env)
		if err != nil {
			return DataChoice{}, fmt.Errorf("$%s: %v", DataEnv, err)
		}
		return DataChoice{Pack: p, From: "$" + DataEnv, Override: true}, nil
	}
	dir, err := DefaultDataDir()
	if err != nil || !cmsimport.IsPack(dir) {
		return DataChoice{}, nil
	}
	p, err := cmsimport.Load(dir)
	if err != nil {
		return DataChoice{}, fmt.Errorf("default data pack: %v", err)
	}
	return DataChoice{Pack: p, From: "the default directory"}, nil
}
