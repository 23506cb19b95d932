package billing

import (
	"fmt"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/note"
	"github.com/soaplint/soaplint/lexicon"
)

// ExceedsMUE flags units of a code above its medically unlikely edit value.
var ExceedsMUE = &analyzer.Rule{
	ID:       "units/exceeds-mue",
	Severity: analyzer.Warning,
	Doc:      `Flags a code billed for more units on one date of service than its medically unlikely edit (MUE) allows — for example 97530 above 6 units. Units above the MUE are denied automatically (for date-of-service MUEs the whole line), whatever the payer and however well the minutes are documented; they are paid only on appeal with documentation of medical necessity. Split long sessions across codes that fit what was done, or prepare the appeal documentation. Values come from the MUE table in use — a data pack imported from CMS's practitioner MUE file (soaplint data import), the file given with --mue, or the built-in table. No built-in MUE value has been confirmed, so on the built-in table this is an info that asks you to verify the value against the current quarter's CMS file; with a CMS file it is a warning that names the file and quarter.`,
	Source:   "CMS NCCI Medically Unlikely Edits, practitioner services MUE table; NCCI Policy Manual for Medicare Services ch. 1 §V (MUEs)",
	Run:      runExceedsMUE,
}

func runExceedsMUE(pass *analyzer.Pass) {
	n := pass.Note
	if len(n.Charges) == 0 || pass.Lexicon.MUE == nil {
		return
	}
	type tally struct {
		units int
		first note.Charge
	}
	var order []string
	byCode := map[string]*tally{}
	for _, ch := range n.Charges {
		if !ch.Units.Set {
			continue
		}
		t := byCode[ch.Code]
		if t == nil {
			t = &tally{first: ch}
			byCode[ch.Code] = t
			order = append(order, ch.Code)
		}
		t.units += ch.Units.Value
	}
	for _, code := range order {
		t := byCode[code]
		m, ok := pass.Lexicon.MUE.Lookup(code)
		v := m.Value
		if !ok || t.units <= v {
			continue
		}
		r := t.first.Units.Range
		if r.Empty() {
			r = chargeRange(t.first)
		}
		d := analyzer.Diagnostic{Start: r.Start, End: r.End, Message: fmt.Sprintf(
			"%s billed x%d on one date of service, above its medically unlikely edit (MUE) of %d units: units over %d are denied automatically unless appealed with documentation of medical necessity (%s)",
			code, t.units, v, v, m.Prov.Basis("MUE value"))}
		if m.Prov.Status == lexicon.Unverified {
			d.Severity = analyzer.Info
		}
		pass.Report(d)
	}
}
