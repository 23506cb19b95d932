package billing

import (
	"fmt"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/lexicon"
)

// FiftyNineNeeded flags a bundled code pair billed without a distinct-service modifier.
var FiftyNineNeeded = &analyzer.Rule{
	ID:       "modifier/59-needed",
	Severity: analyzer.Warning,
	Doc:      `Flags two codes billed on the same date that form a procedure-to-procedure (PTP) code-pair edit with modifier indicator 1 — for example 97140 (manual therapy) with 97530 (therapeutic activities) — when neither carries modifier 59 or XE/XS/XP/XU. The column-2 code is denied unless the services were performed in separate, distinct 15-minute intervals and the modifier says so. If they were, document the separate intervals and append 59 (or XU) to the column-2 code; if not, bill only one of them. The pairs come from the code-pair table in use — a data pack imported from CMS's practitioner PTP files (soaplint data import), the file given with --ncci, or the built-in table — as in effect on the note's date of service; edits deleted before that date do not apply, and modifier indicator 9 means no edit. Each message says what the pair rests on: the CMS file and quarter, the secondary sources (built-in rows; their column order is unconfirmed), or an unverified row, which is reported as an info only.`,
	Source:   "CMS NCCI Procedure-to-Procedure edits, practitioner services (modifier indicator 1); NCCI Policy Manual for Medicare Services ch. 11 (97140 with 97530) and ch. 1 (modifier 59 and X{EPSU})",
	Run:      runFiftyNineNeeded,
}

func runFiftyNineNeeded(pass *analyzer.Pass) {
	n := pass.Note
	if len(n.Charges) < 2 || pass.Lexicon.Edits == nil {
		return
	}
	dos := n.Header.DateOfService
	// Pairs are looked up between distinct codes (the first charge of each), so
	// a note with thousands of billing lines costs codes², not lines².
	first := map[string]int{}
	var order []int
	for i, ch := range n.Charges {
		if _, ok := first[ch.Code]; !ok {
			first[ch.Code] = i
			order = append(order, i)
		}
	}
	reported := map[[2]string]bool{}
	for x, i := range order {
		a := n.Charges[i]
		for _, j := range order[x+1:] {
			b := n.Charges[j]
			e, ok := pass.Lexicon.Edits.Lookup(a.Code, b.Code, dos)
			if !ok || e.Modifier != 1 {
				continue
			}
			key := [2]string{e.Column1, e.Column2}
			if reported[key] || codeHasDistinct(pass, e.Column1) || codeHasDistinct(pass, e.Column2) {
				continue
			}
			reported[key] = true
			col2 := a
			if b.Code == e.Column2 {
				col2 = b
			}
			r := chargeRange(col2)
			msg := fmt.Sprintf("%s and %s billed the same day are a bundled code pair (NCCI edit, column 1 %s, column 2 %s): %s is paid only for a separate, distinct interval marked with modifier 59 or XU; document the separate intervals and add the modifier to %s, or bill one code",
				e.Column1, e.Column2, e.Column1, e.Column2, e.Column2, e.Column2)
			d := analyzer.Diagnostic{Start: r.Start, End: r.End, Message: msg + " (" + e.Prov.Basis("code-pair edit") + ")"}
			if e.Prov.Status == lexicon.Unverified {
				d.Severity = analyzer.Info
			}
			pass.Report(d)
		}
	}
}

func codeHasDistinct(pass *analyzer.Pass, code string) bool {
	for _, ch := range pass.Note.Charges {
		if ch.Code == code {
			if _, ok := distinctModifier(ch); ok {
				return true
			}
		}
	}
	return false
}
