package timing

import (
	"fmt"
	"slices"
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
	Doc:      `Flags a timed code whose billed units differ from what the documented minutes support. Under the medicare profile the units come from the day's total timed minutes (8–22 → 1, 23–37 → 2, 38–52 → 3, 53–67 → 4, 68–82 → 5, one more per 15 minutes); each code first gets its whole 15-minute units and the leftover units go to the codes with the most remaining minutes, so a code under 8 minutes may legitimately get a unit and three codes of 13, 12 and 11 minutes support only two units. Under the commercial profile each code is counted on its own, a unit at 8, 23, 38 … minutes. Units are judged on the minutes documented for each code (double-counted minutes are time/overlapping-codes' concern). Over-billing is a denial and an overpayment; under-billing leaves payment on the table. Where codes tie on leftover minutes, every assignment the rule allows is accepted, and the message lists them. The fix rewrites the units when exactly one count is right; where the minutes support no unit it suggests removing the charge instead (never "x0").`,
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
	var allocs [][]int // the valid 8-minute allocations over the timed codes
	if p.Method == units.EightMinute {
		if billedAllocationValid(p) {
			return // e.g. a tie on remaining minutes broken the other way
		}
		allocs = allocations(p)
	}
	reported, allBilled := false, true
	firstTied := -1
	t := 0 // index of c among the timed codes
	for k, c := range p.Codes {
		if !c.Timed {
			continue
		}
		choices := []int{c.Expected}
		if allocs != nil {
			choices = unitChoices(allocs, t)
		}
		t++
		if len(choices) > 1 && firstTied < 0 {
			firstTied = k
		}
		if !c.BilledSet {
			allBilled = false
		}
		if !c.Known() || !c.BilledSet || slices.Contains(choices, c.Billed) {
			continue
		}
		reported = true
		if len(choices) > 1 {
			// Several assignments are right: list them; no fix, as picking one
			// is the biller's choice.
			pass.Reportf(chargeRange(n, c.Charges[0]), nil, "%s billed x%d, but %s",
				c.Code, c.Billed, tieMessage(p, allocs))
			continue
		}
		var fixes []analyzer.Fix
		if len(c.Charges) == 1 {
			ch := n.Charges[c.Charges[0]]
			if c.Expected == 0 {
				// Never "x0": the code earns no unit, so the suggestion is to drop
				// the charge, which is a billing decision.
				if f, ok := removeChargeFix(n, c.Charges[0]); ok {
					fixes = append(fixes, f)
				}
			} else if f, ok := unitsFix(n, ch, c.Expected); ok {
				fixes = append(fixes, f)
			}
		}
		pass.Reportf(chargeRange(n, c.Charges[0]), fixes, "%s", mismatchMessage(p, c))
	}
	// Every code's units are each right under some assignment, but not together
	// (97530 x2 + 97140 x1 for 35 minutes): one finding on the first tied code.
	if !reported && allBilled && firstTied >= 0 {
		c := p.Codes[firstTied]
		pass.Reportf(chargeRange(n, c.Charges[0]), nil, "%s bill %s, but %s",
			billedList(p), plural(billedTotal(p), "unit", "units"), tieMessage(p, allocs))
	}
}

// allocations lists the 8-minute rule's valid allocations over p's timed codes
// (a handful at most: more than 6 would only make the message unreadable).
func allocations(p units.Plan) [][]int {
	var mins []int
	for _, c := range p.Codes {
		if c.Timed {
			mins = append(mins, c.Minutes)
		}
	}
	return units.Allocations(mins, 6)
}

// unitChoices are the distinct units the t-th timed code gets across allocs.
func unitChoices(allocs [][]int, t int) []int {
	var out []int
	for _, a := range allocs {
		if !slices.Contains(out, a[t]) {
			out = append(out, a[t])
		}
	}
	return out
}

// tieMessage explains a tie: the units the minutes support and every valid
// assignment, any of which is right.
func tieMessage(p units.Plan, allocs [][]int) string {
	var alts []string
	for _, a := range allocs {
		var on, off []string
		t := 0
		for _, c := range p.Codes {
			if !c.Timed {
				continue
			}
			if a[t] > 0 {
				on = append(on, fmt.Sprintf("%s x%d", c.Code, a[t]))
			} else {
				off = append(off, c.Code)
			}
			t++
		}
		s := strings.Join(on, " + ")
		if len(off) > 0 {
			s += " (no " + strings.Join(off, ", ") + ")"
		}
		alts = append(alts, s)
	}
	return fmt.Sprintf("%d timed minutes support %s under Medicare's 8-minute rule, and with codes tied on leftover minutes any of these is right: %s",
		p.TotalMinutes, plural(p.TotalUnits, "unit", "units"), strings.Join(alts, "; or "))
}

func billedList(p units.Plan) string {
	var s []string
	for _, c := range p.Codes {
		if c.Timed {
			s = append(s, fmt.Sprintf("%s x%d", c.Code, c.Billed))
		}
	}
	return strings.Join(s, " + ")
}

func billedTotal(p units.Plan) int {
	sum := 0
	for _, c := range p.Codes {
		if c.Timed {
			sum += c.Billed
		}
	}
	return sum
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
	supports := plural(c.Expected, "unit", "units")
	if c.Expected == 0 {
		supports = "no unit"
	}
	if p.Method == units.PerCode {
		return fmt.Sprintf("%s billed x%d, but %d min of %s supports %s when each code is counted on its own (a unit at 8, 23, 38 … min)",
			c.Code, c.Billed, c.Minutes, c.Code, supports)
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
			c.Code, c.Billed, c.Minutes, supports)
	}
	return fmt.Sprintf("%s billed x%d, but %d min of %s within %d timed minutes supports %s under Medicare's 8-minute rule%s",
		c.Code, c.Billed, c.Minutes, c.Code, p.TotalMinutes, supports, ctx)
}

// removeChargeFix deletes charge i: its whole line when it is the line's only
// charge, else the entry and the separator before (or after) it.
func removeChargeFix(n *note.Note, i int) (analyzer.Fix, bool) {
	ch := n.Charges[i]
	text := n.Text
	title := "Remove the " + ch.Code + " charge (its minutes support no unit)"
	if ch.Line.Empty() || ch.Line.End > len(text) || ch.CodeRange.Empty() {
		return analyzer.Fix{}, false
	}
	alone := true
	for j, o := range n.Charges {
		if j != i && o.Line == ch.Line {
			alone = false
		}
	}
	if alone {
		end := ch.Line.End
		if end < len(text) && text[end] == '\r' {
			end++
		}
		if end < len(text) && text[end] == '\n' {
			end++
		}
		return analyzer.Fix{Title: title, Edits: []analyzer.TextEdit{{Start: ch.Line.Start, End: end}}}, true
	}
	start, end := ch.CodeRange.Start, ch.CodeRange.End
	for _, r := range []note.Range{ch.Units.Range, ch.Minutes.Range} {
		if !r.Empty() && r.End <= ch.Line.End {
			end = max(end, r.End)
		}
	}
	for _, m := range ch.Modifiers {
		if !m.Range.Empty() && m.Range.End <= ch.Line.End {
			end = max(end, m.Range.End)
		}
	}
	if end < ch.Line.End && text[end] == ')' && strings.LastIndexByte(text[start:end], '(') >= 0 {
		end++
	}
	// The separator before the entry, else the one after it.
	s := start
	for s > ch.Line.Start && text[s-1] == ' ' {
		s--
	}
	if s > ch.Line.Start && strings.IndexByte(",;+", text[s-1]) >= 0 {
		return analyzer.Fix{Title: title, Edits: []analyzer.TextEdit{{Start: s - 1, End: end}}}, true
	}
	e := end
	for e < ch.Line.End && text[e] == ' ' {
		e++
	}
	if e < ch.Line.End && strings.IndexByte(",;+", text[e]) >= 0 {
		e++
		for e < ch.Line.End && text[e] == ' ' {
			e++
		}
		return analyzer.Fix{Title: title, Edits: []analyzer.TextEdit{{Start: start, End: e}}}, true
	}
	return analyzer.Fix{}, false
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
	// Safe: the caller offers it only when exactly one unit count is right.
	return analyzer.Fix{
		Title: fmt.Sprintf("Bill %s x%d", ch.Code, want),
		Kind:  analyzer.Safe,
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
