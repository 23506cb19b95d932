package episode

import "github.com/soaplint/soaplint/analyzer"

// ClonedNote flags a narrative copied from an earlier visit.
var ClonedNote = &analyzer.Rule{
	ID:       "episode/cloned-note",
	Severity: analyzer.Warning,
	Doc:      `Flags a note whose narrative — the Subjective, Objective and Assessment text, without goals, home-program lists, billing lines and headers — is a near-duplicate of an earlier visit's for the same patient: the same sentences with at most trivial changes (the date, a number or two). Payers and auditors name cloned documentation as a reason to deny: each visit must show what was done that day and how the patient responded. Notes that share a template but describe other activities and responses are not flagged. The finding names the earlier visit's date and points at that note.`,
	Source:   "CMS MLN fact sheet 'Complying With Medical Record Documentation Requirements' (MLN909160): cloned documentation does not support medical necessity",
}
