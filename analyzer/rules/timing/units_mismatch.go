package timing

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/note"
	"github.com/soaplint/soaplint/analyzer/units"
)

// UnitsMismatch flags billed units the documented minutes do not support.
var UnitsMismatch = &analyzer.Rule{
	ID:       "time/units-mismatch",
	Severity: analyzer.Error,
	Doc:      `Flags a timed code whose billed units differ from what the documented minutes support. Under the medicare profile the units come from the day's total timed minutes (8–22 → 1, 23–37 → 2, 38–52 → 3, 53–67 → 4, 68–82 → 5, one more per 15 minutes); each code first gets its whole 15-minute units and the leftover units go to the codes with the most remaining minutes, so a code under 8 minutes may legitimately get a unit and three codes of 13, 12 and 11 minutes support only two units. Under the commercial profile each code is counted on its own, a unit at 8, 23, 38 … minutes. Units are judged on the minutes documented for each code (double-counted minutes are time/overlapping-codes' concern). Over-billing is a denial and an overpayment; under-billing leaves payment on the table. The fix rewrites the units.`,
	Source:   "Medicare Claims Processing Manual (Pub. 100-04) ch. 5 §20.2 (counting minutes for timed codes, assignment of remaining units); Medicare Benefit Policy Manual ch. 15 §220.3",
	Run:      runUnitsMismatch,
}

func runUnitsMismatch(pass *analyzer.Pass) {
	n := pass.Note
	if len(n.Charges) == 0 {
		return
	}
	p := units.NewPlan(n, method(pass.Profile), timedFunc(pass))
	if !p.Complete && p.Method == units.EightMinute {
		totalTimeMethod(pass, p)
		return
	}
	if p.TotalMinutes == 0 {
		spanCheck(pass, p)
		return
	}
	if p.Method == units.EightMinute && billedAllocationValid(p) {
		return // e.g. a tie on remaining minutes broken the other way
	}
	for _, c := range p.Codes {
		if !c.Timed || !c.Known() || !c.BilledSet || c.Billed == c.Expected {
			continue
		}
		var fixes []analyzer.Fix
		if len(c.Charges) == 1 {
			if f, ok := unitsFix(n, n.Charges[c.Charges[0]], c.Expected); ok {
				fixes = append(fixes, f)
			}
		}
		pass.Reportf(chargeRange(n, c.Charges[0]), fixes, "%s", mismatchMessage(p, c))
	}
}

// billedAllocationValid reports whether the billed units of every timed code are
// one of the allocations the 8-minute rule allows.
func billedAllocationValid(p units.Plan) bool {
	var mins, billed []int
	for _, c := range p.Codes {
		if !c.Timed {
			continue
		}
		if !c.Known() || !c.BilledSet {
			return false
		}
		mins, billed = append(mins, c.Minutes), append(billed, c.Billed)
	}
	return len(mins) > 0 && units.ValidAllocation(mins, billed)
}

func mismatchMessage(p units.Plan, c units.Code) string {
	if p.Method == units.PerCode {
		return fmt.Sprintf("%s billed x%d, but %d min of %s supports %s when each code is counted on its own (a unit at 8, 23, 38 … min)",
			c.Code, c.Billed, c.Minutes, c.Code, plural(c.Expected, "unit", "units"))
	}
	var others []string
	for _, o := range p.Codes {
		if o.Timed && o.Code != c.Code && o.Expected > 0 {
			others = append(others, fmt.Sprintf("%s x%d", o.Code, o.Expected))
		}
	}
	ctx := ""
	if len(others) > 0 {
		ctx = " (" + strings.Join(others, ", ") + ")"
	}
	if len(p.Codes) == 1 || p.TotalMinutes == c.Minutes {
		return fmt.Sprintf("%s billed x%d, but %d timed minutes support %s under Medicare's 8-minute rule",
			c.Code, c.Billed, c.Minutes, plural(c.Expected, "unit", "units"))
	}
	return fmt.Sprintf("%s billed x%d, but %d min of %s within %d timed minutes supports %s under Medicare's 8-minute rule%s",
		c.Code, c.Billed, c.Minutes, c.Code, p.TotalMinutes, plural(c.Expected, "unit", "units"), ctx)
}

// unitsFix rewrites the number in the charge's units text ("x3" → "x2", "3 units"
// → "2 units").
func unitsFix(n *note.Note, ch note.Charge, want int) (analyzer.Fix, bool) {
	r := ch.Units.Range
	if r.Empty() || r.End > len(n.Text) {
		return analyzer.Fix{}, false
	}
	s := n.Text[r.Start:r.End]
	i := strings.IndexAny(s, "0123456789")
	if i < 0 {
		return analyzer.Fix{}, false
	}
	j := i
	for j < len(s) && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	return analyzer.Fix{
		Title: fmt.Sprintf("Bill %s x%d", ch.Code, want),
		Edits: []analyzer.TextEdit{{Start: r.Start + i, End: r.Start + j, NewText: strconv.Itoa(want)}},
	}, true
}

// totalTimeMethod checks the day's timed units when per-code minutes are
// missing: under Medicare's total-time method the billed timed units must be
// what the stated total timed minutes support; with no total, no more than the
// clock span could support (spanCheck).
func totalTimeMethod(pass *analyzer.Pass, p units.Plan) {
	n := pass.Note
	t := n.Totals.Timed
	if !t.Set {
		spanCheck(pass, p)
		return
	}
	billed, first := 0, -1
	for _, c := range p.Codes {
		if !c.Timed {
			continue
		}
		if !c.BilledSet {
			return
		}
		billed += c.Billed
		if first < 0 {
			first = c.Charges[0]
		}
	}
	if first < 0 {
		return
	}
	if want := units.Units(t.Value); billed != want {
		pass.Reportf(chargeRange(n, first), nil,
			"Timed codes billed %s in all, but the stated %d total timed minutes support %s under Medicare's 8-minute rule: correct the units or the total",
			plural(billed, "unit", "units"), t.Value, plural(want, "unit", "units"))
	}
}

// spanCheck flags timed units the session's clock span cannot hold: more than
// Units(span) under Medicare; under the per-code rule, more units than each
// code's minimum minutes (8, 23, 38 …) fit in the span.
func spanCheck(pass *analyzer.Pass, p units.Plan) {
	n := pass.Note
	if n.Session == nil {
		return
	}
	span, ok := units.Span(*n.Session)
	if !ok {
		return
	}
	billed, need, first := 0, 0, -1
	for _, c := range p.Codes {
		if !c.Timed || c.Known() {
			continue
		}
		if !c.BilledSet {
			return
		}
		billed += c.Billed
		if c.Billed > 0 {
			need += 8 + 15*(c.Billed-1)
		}
		if first < 0 {
			first = c.Charges[0]
		}
	}
	known := 0
	for _, c := range p.Codes {
		if c.Timed && c.Known() {
			known += c.Minutes
		}
	}
	if first < 0 {
		return
	}
	left := span - known
	over := p.Method == units.EightMinute && known == 0 && billed > units.Units(span) ||
		p.Method == units.PerCode && need > left
	if over {
		pass.Reportf(chargeRange(n, first), nil,
			"Timed codes billed %s without minutes of their own, more than the %d-minute session (%s–%s) can hold: document each code's minutes, or correct the units",
			plural(billed, "unit", "units"), span, n.Session.Start.Raw, n.Session.Stop.Raw)
	}
}
