// Package billing holds soaplint's modifier/* and units/* rules: discipline modifiers, code-pair edits, assistant modifiers and MUEs.
package billing

import (
	"strings"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/note"
)

// Rules returns this family's rules.
func Rules() []*analyzer.Rule {
	return []*analyzer.Rule{
		DisciplineMissing,
		DisciplineMismatch,
		FiftyNineNeeded,
		FiftyNineUnsupported,
		AssistantCQCO,
		ExceedsMUE,
	}
}

// therapyCode reports whether code is a therapy code (one the lexicon knows, or a
// physical medicine and rehabilitation code 97xxx).
func therapyCode(pass *analyzer.Pass, code string) bool {
	if pass.Lexicon.Codes != nil && pass.Lexicon.Codes.Lookup(code) != nil {
		return true
	}
	return strings.HasPrefix(code, "97")
}

// disciplineOf maps each therapy discipline modifier to its discipline.
var disciplineOf = map[string]note.Discipline{"GP": note.PT, "GO": note.OT, "GN": note.SLP}

// modifierFor is the discipline modifier of d ("" when unknown).
func modifierFor(d note.Discipline) string {
	switch d {
	case note.PT:
		return "GP"
	case note.OT:
		return "GO"
	case note.SLP:
		return "GN"
	}
	return ""
}

func disciplineName(d note.Discipline) string {
	switch d {
	case note.PT:
		return "physical therapy"
	case note.OT:
		return "occupational therapy"
	case note.SLP:
		return "speech-language pathology"
	}
	return "therapy"
}

// discipline is the note's discipline: its header, else its signer's credentials.
func discipline(n *note.Note) note.Discipline {
	if n.Header.Discipline != note.DisciplineUnknown {
		return n.Header.Discipline
	}
	if n.Signature == nil {
		return note.DisciplineUnknown
	}
	for _, c := range n.Signature.Credentials {
		if d := credentialDiscipline(c); d != note.DisciplineUnknown {
			return d
		}
	}
	return note.DisciplineUnknown
}

// credentialDiscipline reads the discipline of one credential ("PTA", "OTR/L", "CCC-SLP").
func credentialDiscipline(c string) note.Discipline {
	c = strings.ToUpper(strings.TrimSpace(c))
	switch {
	case strings.Contains(c, "SLP") || c == "CCC" || strings.HasPrefix(c, "CCC-"):
		return note.SLP
	case c == "PT" || c == "DPT" || c == "MPT" || c == "PTA" || c == "LPTA" || c == "SPT" || c == "SPTA":
		return note.PT
	case c == "OT" || c == "OTR" || strings.HasPrefix(c, "OTR/") || c == "OTA" || strings.HasPrefix(c, "COTA") || c == "OT/L" || c == "OTD" || c == "MOT":
		return note.OT
	}
	return note.DisciplineUnknown
}

// disciplineModifier returns the charge's GP/GO/GN modifier, if any.
func disciplineModifier(ch note.Charge) (note.Modifier, bool) {
	for _, m := range ch.Modifiers {
		if _, ok := disciplineOf[m.Value]; ok {
			return m, true
		}
	}
	return note.Modifier{}, false
}

// distinctModifiers are the modifiers that bypass a code-pair edit.
var distinctModifiers = []string{"59", "XE", "XS", "XP", "XU"}

// distinctModifier returns the charge's 59/X{EPSU} modifier, if any.
func distinctModifier(ch note.Charge) (note.Modifier, bool) {
	for _, m := range ch.Modifiers {
		for _, d := range distinctModifiers {
			if m.Value == d {
				return m, true
			}
		}
	}
	return note.Modifier{}, false
}

// chargeRange is where a finding about a charge is reported: its code.
func chargeRange(ch note.Charge) note.Range {
	if !ch.CodeRange.Empty() {
		return ch.CodeRange
	}
	return ch.Line
}

// insertModifier is a fix of the given kind that appends "-mod" to the charge's
// code and modifiers.
func insertModifier(n *note.Note, ch note.Charge, mod, title string, kind analyzer.FixKind) []analyzer.Fix {
	at := ch.InsertModifierAt
	if at <= 0 || at > len(n.Text) || at < ch.CodeRange.End {
		return nil
	}
	return []analyzer.Fix{{Title: title, Kind: kind, Edits: []analyzer.TextEdit{{Start: at, End: at, NewText: "-" + mod}}}}
}
