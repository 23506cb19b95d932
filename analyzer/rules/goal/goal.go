// Package goal holds soaplint's goal/* rules: goals must be functional, measurable
// and time-bound (CMS Medicare Benefit Policy Manual ch. 15 §220.1.2, §220.3).
//
// The rules share one nlp.Classifier per lexicon (nlp.ForLexicon), which decides
// each goal sentence once and caches the decision, so the three rules and every
// later note carrying the same copied-forward goal pay for one token scan.
package goal

import (
	"strings"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/nlp"
	"github.com/soaplint/soaplint/analyzer/note"
)

// Rules returns this family's rules.
func Rules() []*analyzer.Rule {
	return []*analyzer.Rule{ImpairmentBased, NotMeasurable, NoTimeframe}
}

// goals calls f for each goal of the pass's note that has text, with its facts.
func goals(pass *analyzer.Pass, f func(g note.Goal, facts nlp.Facts)) {
	if len(pass.Note.Goals) == 0 {
		return
	}
	c := nlp.ForLexicon(pass.Lexicon)
	for _, g := range pass.Note.Goals {
		if strings.TrimSpace(g.Text) == "" || g.Range.Empty() {
			continue
		}
		f(g, c.Classify(g.Text))
	}
}
