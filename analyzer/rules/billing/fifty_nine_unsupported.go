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
	var documented map[string]bool // built on the first charge that needs it
	for _, ch := range n.Charges {
		m, ok := distinctModifier(ch)
		if !ok {
			continue
		}
		if t := text(n, ch.Line); t != "" && distinct.AnyAffirmed(t) {
			continue
		}
		if documented == nil {
			documented = distinctCodes(n, distinct)
		}
		if documented[ch.Code] {
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

// distinctCodes returns the codes the note documents as distinct services: a
// service of the code with an interval of its own that overlaps no other code's
// interval, or a statement of separateness on its line or activity. It reads
// each service once, so a note with many charges and services stays linear.
func distinctCodes(n *note.Note, distinct *textmatch.Matcher) map[string]bool {
	type codeInterval struct {
		code       string
		start, end int // clock minutes, end exclusive
	}
	var ivs []codeInterval
	axis := 0
	for _, s := range n.Services {
		for _, iv := range s.Intervals {
			if span, ok := units.Span(iv); ok && span > 0 {
				ivs = append(ivs, codeInterval{s.Code, iv.Start.Minutes, iv.Start.Minutes + span})
				axis = max(axis, iv.Start.Minutes+span)
			}
		}
	}
	// Clock minutes live on a short axis: per minute, the first code covering it
	// and whether a different code covers it too. An interval is its code's own
	// when none of its minutes is shared with another code.
	first := make([]int32, axis) // index into ivs + 1; 0 when no interval covers the minute
	shared := make([]bool, axis)
	for i, iv := range ivs {
		for m := iv.start; m < iv.end; m++ {
			switch {
			case first[m] == 0:
				first[m] = int32(i + 1)
			case ivs[first[m]-1].code != iv.code:
				shared[m] = true
			}
		}
	}
	out := map[string]bool{}
	for _, iv := range ivs {
		if out[iv.code] {
			continue
		}
		own := true
		for m := iv.start; m < iv.end && own; m++ {
			own = !shared[m]
		}
		out[iv.code] = own
	}
	for _, s := range n.Services {
		if out[s.Code] {
			continue
		}
		for _, r := range []note.Range{s.Line, s.Activity} {
			if t := text(n, r); t != "" && distinct.AnyAffirmed(t) {
				out[s.Code] = true
				break
			}
		}
	}
	return out
}

func text(n *note.Note, r note.Range) string {
	if r.Empty() || r.Start < 0 || r.End > len(n.Text) {
		return ""
	}
	return n.Text[r.Start:r.End]
}
