package billing

import (
	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/note"
	"github.com/soaplint/soaplint/analyzer/units"
	"github.com/soaplint/soaplint/lexicon"
	"github.com/soaplint/soaplint/lexicon/textmatch"
)

// FiftyNineUnsupported flags 59/X{EPSU} appended with nothing documenting a distinct service.
var FiftyNineUnsupported = &analyzer.Rule{
	ID:       "modifier/59-unsupported",
	Severity: analyzer.Warning,
	Doc:      `Flags modifier 59 or XE/XS/XP/XU on a code when nothing in the note documents a separate, distinct service: no clock interval of the code's own that does not overlap the other codes' intervals, and no statement that it was a separate interval, session or body region. Modifier 59 is the most audited modifier; it certifies that the service was distinct from the bundled one, and "interspersed between functional trials" says the opposite. Document the code's own start and stop times (or the separate structure treated), or remove the modifier and bill only what the edit allows.`,
	Source:   "NCCI Policy Manual for Medicare Services ch. 1 §E (modifier 59 and X{EPSU}: separate and distinct services) and ch. 11; CMS MLN fact sheet \"Proper Use of Modifiers 59 & -X{EPSU}\"",
	Run:      runFiftyNineUnsupported,
}

// classDistinct is the term list of statements that a service was separate
// from the others (lexicon/data/terms/distinct.txt).
const classDistinct lexicon.TermClass = "distinct"

func runFiftyNineUnsupported(pass *analyzer.Pass) {
	n := pass.Note
	if len(n.Charges) == 0 {
		return
	}
	distinct := pass.Lexicon.Terms.Matcher(classDistinct)
	for _, ch := range n.Charges {
		m, ok := distinctModifier(ch)
		if !ok || distinctDocumented(n, ch, distinct) {
			continue
		}
		r := m.Range
		if r.Empty() {
			r = chargeRange(ch)
		}
		pass.Reportf(r, nil,
			"%s-%s says %s was a separate, distinct service, but the note documents no separate interval for it (no start–stop time of its own, no \"separate interval\"): document when it was done, or remove the modifier",
			ch.Code, m.Value, ch.Code)
	}
}

// distinctDocumented reports whether the note documents ch's code as a distinct
// service: an interval of its own that overlaps no other code's interval, or a
// statement of separateness on its documentation or billing line.
func distinctDocumented(n *note.Note, ch note.Charge, distinct *textmatch.Matcher) bool {
	if text(n, ch.Line) != "" && distinct.AnyAffirmed(text(n, ch.Line)) {
		return true
	}
	for _, s := range n.Services {
		if s.Code != ch.Code {
			continue
		}
		for _, iv := range s.Intervals {
			if ownInterval(n, s.Code, iv) {
				return true
			}
		}
		for _, r := range []note.Range{s.Line, s.Activity} {
			if t := text(n, r); t != "" && distinct.AnyAffirmed(t) {
				return true
			}
		}
	}
	return false
}

// ownInterval reports whether iv is valid and overlaps no other code's interval.
func ownInterval(n *note.Note, code string, iv note.Interval) bool {
	span, ok := units.Span(iv)
	if !ok || span == 0 {
		return false
	}
	a0, a1 := iv.Start.Minutes, iv.Start.Minutes+span
	for _, s := range n.Services {
		if s.Code == code {
			continue
		}
		for _, o := range s.Intervals {
			os, ok := units.Span(o)
			if !ok {
				continue
			}
			if min(a1, o.Start.Minutes+os)-max(a0, o.Start.Minutes) > 0 {
				return false
			}
		}
	}
	return true
}

func text(n *note.Note, r note.Range) string {
	if r.Empty() || r.Start < 0 || r.End > len(n.Text) {
		return ""
	}
	return n.Text[r.Start:r.End]
}
