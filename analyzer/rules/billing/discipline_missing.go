package billing

import "github.com/soaplint/soaplint/analyzer"

// DisciplineMissing flags Medicare therapy codes billed without GP, GO or GN.
var DisciplineMissing = &analyzer.Rule{
	ID:       "modifier/discipline-missing",
	Severity: analyzer.Error,
	Doc:      `Under the medicare profile, flags a therapy code billed without the modifier that says under which plan of care it was delivered: GP (physical therapy), GO (occupational therapy) or GN (speech-language pathology). Medicare requires one of them on every "always therapy" code, including evaluations and untimed codes such as 92526, and returns claim lines without one. The fix appends the modifier of the note's discipline (from its Discipline line or the signer's credentials); when the discipline is unknown no fix is offered.`,
	Source:   "Medicare Claims Processing Manual (Pub. 100-04) ch. 5 §20.1 (therapy modifiers GP, GO, GN) and §10.6",
	Profiles: []analyzer.Profile{analyzer.Medicare},
	Run:      runDisciplineMissing,
}

func runDisciplineMissing(pass *analyzer.Pass) {
	n := pass.Note
	if len(n.Charges) == 0 {
		return
	}
	d := discipline(n)
	mod := modifierFor(d)
	for _, ch := range n.Charges {
		if !therapyCode(pass, ch.Code) {
			continue
		}
		if _, ok := disciplineModifier(ch); ok {
			continue
		}
		if mod == "" {
			pass.Reportf(chargeRange(ch), nil,
				"%s has no therapy modifier: Medicare requires GP, GO or GN on every therapy code; add the one for the discipline of the plan of care", ch.Code)
			continue
		}
		pass.Reportf(chargeRange(ch), insertModifier(n, ch, mod, "Add modifier "+mod, analyzer.Safe), // the note's one discipline decides it
			"%s has no therapy modifier: Medicare requires GP, GO or GN on every therapy code; add %s for %s", ch.Code, mod, disciplineName(d))
	}
}
