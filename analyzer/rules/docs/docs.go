// Package docs holds soaplint's doc/* rules: sections, signatures, diagnosis codes and boilerplate.
package docs

import (
	"strings"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/note"
	"github.com/soaplint/soaplint/analyzer/rules/internal/ruleutil"
)

// Rules returns this family's rules.
func Rules() []*analyzer.Rule {
	return []*analyzer.Rule{VaguePhrase, MissingSection, MissingSignature, InvalidICD10, UnfilledPlaceholder}
}

// isTherapyNote reports whether n looks like a billed or payer-bound therapy note
// rather than a narrative report: it bills codes, names a payer, or documents a
// service by code number (a narrative's "Gait:" paragraph is not enough).
func isTherapyNote(n *note.Note) bool {
	if len(n.Charges) > 0 || n.Header.Payer != "" {
		return true
	}
	for _, s := range n.Services {
		if s.Code != "" && s.Line.End <= len(n.Text) && strings.Contains(n.Text[s.Line.Start:s.Line.End], s.Code) {
			return true
		}
	}
	return false
}

// trim shrinks r to exclude leading and trailing white space.
func trim(text string, r note.Range) note.Range { return ruleutil.TrimSpace(text, r) }
