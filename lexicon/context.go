package lexicon

import (
	"fmt"
	"io/fs"

	"github.com/soaplint/soaplint/lexicon/textmatch"
)

// loadContext reads data/context.tsv, the ConText trigger table (negation,
// history, hypothetical, pseudo-triggers and terminators), into a classifier.
func loadContext(fsys fs.FS) (*textmatch.Context, error) {
	const name = "data/context.tsv"
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, err
	}
	rows, err := parseContext(name, string(data))
	if err != nil {
		return nil, err
	}
	c, err := textmatch.NewContext(rows)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	return c, nil
}

var (
	contextCategories = map[string]textmatch.Category{
		"negation": textmatch.Negation, "history": textmatch.History, "hypothesis": textmatch.Hypothesis,
		"pseudo": textmatch.Pseudo, "terminate": textmatch.Terminate,
	}
	contextDirections = map[string]textmatch.Direction{
		"forward": textmatch.Forward, "backward": textmatch.Backward, "bidirectional": textmatch.Bidirectional, "-": 0,
	}
	contextEnds = map[string]textmatch.Category{
		"all": textmatch.Affirmed, "negation": textmatch.Negation, "history": textmatch.History, "hypothesis": textmatch.Hypothesis, "-": 0,
	}
)

// parseContext reads phrase, category, direction, ends and origin per line; it
// requires a "# source:" line and names the line of any bad row.
func parseContext(name, data string) ([]textmatch.Trigger, error) {
	rows, lines, err := parseTSV(name, data, 5)
	if err != nil {
		return nil, err
	}
	out := make([]textmatch.Trigger, 0, len(rows))
	for r, f := range rows {
		i := lines[r] - 1
		cat, ok1 := contextCategories[f[1]]
		dir, ok2 := contextDirections[f[2]]
		ends, ok3 := contextEnds[f[3]]
		if !ok1 || !ok2 || !ok3 {
			return nil, fmt.Errorf("%s:%d: unknown category, direction or ends", name, i+1)
		}
		if (cat == textmatch.Pseudo || cat == textmatch.Terminate) != (dir == 0) {
			return nil, fmt.Errorf("%s:%d: only negation, history and hypothesis triggers have a direction", name, i+1)
		}
		out = append(out, textmatch.Trigger{Phrase: f[0], Category: cat, Direction: dir, Ends: ends})
	}
	return out, nil
}
