package billing

import (
	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/note"
)

// DisciplineMismatch flags a discipline modifier that contradicts the note's discipline.
var DisciplineMismatch = &analyzer.Rule{
	ID:       "modifier/discipline-mismatch",
	Severity: analyzer.Warning,
	Doc:      `Flags a therapy modifier that does not match the discipline of the note: GP (physical therapy) on an OT or SLP note, GO (occupational therapy) on a PT or SLP note, GN (speech-language pathology) on a PT or OT note. The modifier tells the payer under which plan of care and which therapist's scope the service was given, and it drives the therapy threshold (KX) accounting, which Medicare keeps separately for PT/SLP and for OT; a wrong modifier is a compliance finding even when the claim pays. The note's discipline comes from its Discipline line, else the signer's credentials. The fix replaces the modifier.`,
	Source:   "Medicare Claims Processing Manual (Pub. 100-04) ch. 5 §20.1 (GP, GO, GN: services delivered under a PT, OT or SLP plan of care)",
	Run:      runDisciplineMismatch,
}

func runDisciplineMismatch(pass *analyzer.Pass) {
	n := pass.Note
	if len(n.Charges) == 0 {
		return
	}
	d := discipline(n)
	want := modifierFor(d)
	if want == "" {
		return
	}
	for _, ch := range n.Charges {
		m, ok := disciplineModifier(ch)
		if !ok || m.Value == want || ch.HasModifier(want) {
			continue
		}
		var fixes []analyzer.Fix
		if !m.Range.Empty() {
			// A suggestion: the modifier and the note's discipline disagree, and
			// either may be the wrong one.
			fixes = []analyzer.Fix{{Title: "Use modifier " + want, Kind: analyzer.Suggestion, Edits: []analyzer.TextEdit{{Start: m.Range.Start, End: m.Range.End, NewText: want}}}}
		}
		r := m.Range
		if r.Empty() {
			r = chargeRange(ch)
		}
		pass.Reportf(r, fixes, "%s carries %s (%s), but this is %s note: use %s",
			ch.Code, m.Value, disciplineName(disciplineOf[m.Value]), article(d), want)
	}
}

// article is "a PT", "an OT", "an SLP".
func article(d note.Discipline) string {
	if d == note.PT {
		return "a PT"
	}
	return "an " + string(d)
}
