// Package units does the unit arithmetic of timed therapy codes: the Medicare
// 8-minute rule with CMS's assignment of leftover units (Claims Processing Manual
// ch. 5 §20.2), the per-code rule most commercial payers use, and the per-code
// minutes a note documents. The rules, the LSP hover and the summary report share
// it, so a note's expected units are computed one way everywhere.
package units

import (
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/soaplint/soaplint/analyzer/note"
	"github.com/soaplint/soaplint/lexicon"
)

// Method is how minutes become units.
type Method int

const (
	// EightMinute is Medicare's rule: units from the total timed minutes of the
	// day (8–22 → 1, 23–37 → 2, …), whole 15-minute units to each code first, the
	// leftover units to the codes with the most remaining minutes.
	EightMinute Method = iota
	// PerCode counts each code on its own: a unit at 8, 23, 38 … minutes.
	PerCode
)

func (m Method) String() string {
	if m == PerCode {
		return "per-code"
	}
	return "8-minute"
}

// Units is the number of 15-minute units that minutes support: 0 below 8, then one
// more at 8, 23, 38, 53 … minutes. It is the Medicare total for a day's timed
// minutes and the commercial count for one code.
func Units(minutes int) int {
	if minutes < 8 {
		return 0
	}
	return (minutes + 7) / 15
}

// Allocate returns the units each entry of minutes supports under m, in the same
// order. Under EightMinute the total is Units(sum); each code first gets its
// whole 15-minute units, then each leftover unit goes to the code with the most
// remaining minutes, one per code per round (ties go to the earlier code), so
// 20 + 20 minutes give 2 + 1, never 3 + 0.
func Allocate(m Method, minutes []int) []int {
	out := make([]int, len(minutes))
	if m == PerCode {
		for i, v := range minutes {
			out[i] = Units(v)
		}
		return out
	}
	total, whole := 0, 0
	for i, v := range minutes {
		v = max(v, 0)
		total += v
		out[i] = v / 15
		whole += out[i]
	}
	left := Units(total) - whole
	if left <= 0 {
		return out
	}
	order := make([]int, len(minutes))
	for i := range order {
		order[i] = i
	}
	rem := func(i int) int { return max(minutes[i], 0) % 15 }
	sort.SliceStable(order, func(a, b int) bool { return rem(order[a]) > rem(order[b]) })
	// One round always suffices (the leftover count never exceeds the number of
	// codes with remaining minutes); later rounds only guard the arithmetic.
	for round := 0; left > 0 && len(order) > 0; round++ {
		for _, i := range order {
			if left == 0 {
				break
			}
			if round == 0 && rem(i) == 0 {
				continue
			}
			out[i]++
			left--
		}
	}
	return out
}

// ValidAllocation reports whether billed is an allocation the 8-minute rule
// allows for minutes: the right total, every code its whole 15-minute units and
// at most one leftover unit, and leftover units only on codes with at least as
// many remaining minutes as any code left without one. Allocate breaks ties by
// order; a note that breaks a tie the other way is just as right.
func ValidAllocation(minutes, billed []int) bool {
	if len(minutes) != len(billed) {
		return false
	}
	total, sum := 0, 0
	for i, v := range minutes {
		v = max(v, 0)
		total += v
		sum += billed[i]
		if extra := billed[i] - v/15; extra < 0 || extra > 1 || (extra == 1 && v%15 == 0) {
			return false
		}
	}
	if sum != Units(total) {
		return false
	}
	minWith, maxWithout := 15, 0
	for i, v := range minutes {
		v = max(v, 0)
		if billed[i] > v/15 {
			minWith = min(minWith, v%15)
		} else {
			maxWithout = max(maxWithout, v%15)
		}
	}
	return minWith >= maxWithout
}

// Allocations returns the allocations the 8-minute rule allows for minutes
// (those ValidAllocation accepts), Allocate's first, at most limit of them. There
// is more than one when codes tie on remaining minutes at the last leftover unit:
// 97530 25 min + 97140 10 min give 2 units, and either code may take the second.
func Allocations(minutes []int, limit int) [][]int {
	first := Allocate(EightMinute, minutes)
	total, whole, withRem := 0, 0, 0
	for _, v := range minutes {
		v = max(v, 0)
		total += v
		whole += v / 15
		if v%15 > 0 {
			withRem++
		}
	}
	left := Units(total) - whole
	if left <= 0 || left > withRem || limit <= 1 {
		return [][]int{first}
	}
	rem := func(i int) int { return max(minutes[i], 0) % 15 }
	rems := make([]int, 0, len(minutes))
	for i := range minutes {
		if rem(i) > 0 {
			rems = append(rems, rem(i))
		}
	}
	sort.Sort(sort.Reverse(sort.IntSlice(rems)))
	t := rems[left-1] // the remainder of the last code to take a leftover unit
	var tied []int    // codes with remainder t, in order
	above := 0
	for i := range minutes {
		switch r := rem(i); {
		case r > t:
			above++
		case r == t:
			tied = append(tied, i)
		}
	}
	need := left - above
	var out [][]int
	// Choose need of the tied codes, in lexical order of their indexes, so the
	// first choice (the earliest codes) is Allocate's.
	pick := make([]int, 0, need)
	var choose func(from int)
	choose = func(from int) {
		if len(out) >= limit {
			return
		}
		if len(pick) == need {
			a := make([]int, len(minutes))
			for i, v := range minutes {
				a[i] = max(v, 0) / 15
				if rem(i) > t {
					a[i]++
				}
			}
			for _, i := range pick {
				a[i]++
			}
			out = append(out, a)
			return
		}
		for k := from; k <= len(tied)-(need-len(pick)); k++ {
			pick = append(pick, tied[k])
			choose(k + 1)
			pick = pick[:len(pick)-1]
		}
	}
	choose(0)
	return out
}

// Nearest returns, of the allocations the 8-minute rule allows for minutes,
// the one closest to billed: fewest units billed beyond it, then fewest short
// of it, then Allocate's order. A billing that breaks a tie on leftover
// minutes the other way is its own nearest allocation, so whoever prices
// over-billing against it finds none.
func Nearest(minutes, billed []int) []int {
	all := Allocations(minutes, 64)
	best, bestOver, bestUnder := all[0], -1, 0
	for _, a := range all {
		over, under := 0, 0
		for i := range a {
			b := 0
			if i < len(billed) {
				b = billed[i]
			}
			over += max(0, b-a[i])
			under += max(0, a[i]-b)
		}
		if bestOver < 0 || over < bestOver || over == bestOver && under < bestUnder {
			best, bestOver, bestUnder = a, over, under
		}
	}
	return best
}

// Source says where a code's minutes were read.
type Source int

const (
	FromNone      Source = iota
	FromService          // minutes written with the code's documentation ("TherEx 97110 22 min")
	FromCharge           // minutes on the billing line ("97110 x2 (30 min)")
	FromIntervals        // the code's own clock intervals ("97530 9:05-9:31")
	FromTotals           // the stated total timed minutes, when one timed code is billed
)

// Code is one billed (or documented) code with its documented minutes, billed
// units and the units those minutes support.
type Code struct {
	Code    string
	Timed   bool
	Minutes int // documented minutes; meaningful when Source != FromNone
	Source  Source
	Billed  int  // units billed over all of the code's charges
	Charged bool // the code appears on a billing line
	// BilledSet is false when a charge of the code states no units.
	BilledSet bool
	Expected  int        // units the minutes support under the plan's method (timed, known minutes)
	Charges   []int      // indexes into Note.Charges
	Where     note.Range // where the minutes (or the first charge) are written
}

// Known reports whether the note documents the code's minutes.
func (c Code) Known() bool { return c.Source != FromNone }

// Plan is the unit arithmetic of one note's billed timed codes.
type Plan struct {
	Method Method
	// Codes are the distinct billed codes in billing order, timed and untimed;
	// Expected is computed only for timed codes.
	Codes []Code
	// Complete is true when every billed timed code has documented minutes.
	// Under EightMinute, TotalMinutes, TotalUnits and Expected are meaningful
	// only then; under PerCode, Expected is set for every code with known minutes.
	Complete     bool
	TotalMinutes int // sum of the billed timed codes' documented minutes
	TotalUnits   int // units the method supports in all
}

// Timed reports whether code is a timed code according to the lexicon.
func Timed(codes *lexicon.CodeTable, code string) bool {
	if codes == nil {
		return false
	}
	c := codes.Lookup(code)
	return c != nil && c.Timed
}

// NewPlan computes the plan for n's billed codes under m. timed says which codes
// are timed (usually Timed over the lexicon's code table).
func NewPlan(n *note.Note, m Method, timed func(code string) bool) Plan {
	p := Plan{Method: m, Complete: true}
	idx := map[string]int{}
	for i, ch := range n.Charges {
		k, ok := idx[ch.Code]
		if !ok {
			k = len(p.Codes)
			idx[ch.Code] = k
			p.Codes = append(p.Codes, Code{Code: ch.Code, Timed: timed(ch.Code), Charged: true, BilledSet: true})
		}
		c := &p.Codes[k]
		c.Charges = append(c.Charges, i)
		if ch.Units.Set {
			c.Billed += ch.Units.Value
		} else {
			c.BilledSet = false
		}
	}
	var mins []int
	var timedIdx []int
	nTimed := 0
	for k := range p.Codes {
		c := &p.Codes[k]
		c.Minutes, c.Source, c.Where = DocumentedMinutes(n, c.Code)
		if c.Where.Empty() && len(c.Charges) > 0 {
			c.Where = n.Charges[c.Charges[0]].CodeRange
		}
		if c.Timed {
			nTimed++
			timedIdx = append(timedIdx, k)
		}
	}
	// With one timed code the stated total timed minutes are its minutes.
	if nTimed == 1 && n.Totals.Timed.Set {
		if c := &p.Codes[timedIdx[0]]; !c.Known() {
			c.Minutes, c.Source, c.Where = n.Totals.Timed.Value, FromTotals, n.Totals.Timed.Range
		}
	}
	known := timedIdx[:0:0]
	for _, k := range timedIdx {
		c := p.Codes[k]
		if !c.Known() {
			p.Complete = false
			continue
		}
		known = append(known, k)
		mins = append(mins, c.Minutes)
		p.TotalMinutes += c.Minutes
	}
	// The 8-minute rule needs every timed code's minutes; the per-code rule
	// judges each code it knows.
	if !p.Complete && m == EightMinute {
		return p
	}
	for j, u := range Allocate(m, mins) {
		p.Codes[known[j]].Expected = u
		p.TotalUnits += u
	}
	return p
}

// Lookup returns the plan's entry for code.
func (p Plan) Lookup(code string) (Code, bool) {
	for _, c := range p.Codes {
		if c.Code == code {
			return c, true
		}
	}
	return Code{}, false
}

// Choices returns the units code may take under p: under EightMinute with
// every minute known, the distinct counts it gets across the valid
// allocations (more than one when codes tie on leftover minutes, Expected's
// first); otherwise just Expected. nil for a code p does not bill.
func (p Plan) Choices(code string) []int {
	var mins []int
	at := -1
	for _, c := range p.Codes {
		if !c.Timed {
			continue
		}
		if c.Code == code {
			at = len(mins)
		}
		mins = append(mins, c.Minutes)
	}
	c, ok := p.Lookup(code)
	if !ok {
		return nil
	}
	if at < 0 || p.Method != EightMinute || !p.Complete {
		return []int{c.Expected}
	}
	var out []int
	for _, a := range Allocations(mins, 64) {
		if !slices.Contains(out, a[at]) {
			out = append(out, a[at])
		}
	}
	return out
}

// DocumentedMinutes returns the minutes n documents for code: the minutes written
// with its service documentation when any, else those on its billing lines, else
// the sum of its own clock intervals. where is the first place they are written.
func DocumentedMinutes(n *note.Note, code string) (minutes int, src Source, where note.Range) {
	for _, s := range n.Services {
		if s.Code == code && s.Minutes.Set {
			if src == FromNone {
				where = s.Minutes.Range
			}
			minutes += s.Minutes.Value
			src = FromService
		}
	}
	if src != FromNone {
		return minutes, src, where
	}
	for _, ch := range n.Charges {
		if ch.Code == code && ch.Minutes.Set {
			if src == FromNone {
				where = ch.Minutes.Range
			}
			minutes += ch.Minutes.Value
			src = FromCharge
		}
	}
	if src != FromNone {
		return minutes, src, where
	}
	var ivs []note.Interval
	for _, ch := range n.Charges {
		if ch.Code == code {
			ivs = append(ivs, ch.Intervals...)
		}
	}
	for _, s := range n.Services {
		if s.Code == code {
			ivs = append(ivs, s.Intervals...)
		}
	}
	for _, iv := range ivs {
		{
			if span, ok := Span(iv); ok {
				if src == FromNone {
					where = iv.Range
				}
				minutes += span
				src = FromIntervals
			}
		}
	}
	return minutes, src, where
}

// Span is the length of iv in minutes. Besides note.Interval.Valid intervals it
// accepts a 12-hour clock crossing noon written without am/pm ("12:50-1:42"): a
// stop before the start that is plausible four hours or less later on the
// afternoon clock. ok is false for intervals that cannot be real.
func Span(iv note.Interval) (int, bool) {
	if iv.Valid() {
		return iv.Span(), true
	}
	if !iv.Start.Valid || !iv.Stop.Valid {
		return 0, false
	}
	if hasMeridiem(iv.Start.Raw) || hasMeridiem(iv.Stop.Raw) || iv.Stop.Minutes >= 12*60 || iv.Start.Minutes >= 13*60 {
		return 0, false
	}
	if d := iv.Stop.Minutes + 12*60 - iv.Start.Minutes; d >= 0 && d <= 4*60 {
		return d, true
	}
	return 0, false
}

func hasMeridiem(raw string) bool {
	r := strings.ToLower(raw)
	return strings.Contains(r, "am") || strings.Contains(r, "pm") || strings.Contains(r, "a.m") || strings.Contains(r, "p.m")
}

// AtRisk is the national Medicare payment for the units billed beyond what the
// documentation supports, summed over the plan's timed codes, priced for the
// note's date of service. It is 0 when the plan is incomplete.
func AtRisk(p Plan, pay *lexicon.PaymentTable, dos time.Time) float64 {
	if !p.Complete || pay == nil {
		return 0
	}
	var sum float64
	for _, c := range p.Codes {
		if !c.Timed || !c.BilledSet || c.Billed <= c.Expected {
			continue
		}
		if amt, _, ok := pay.UnitPaymentOn(c.Code, dos); ok {
			sum += amt * float64(c.Billed-c.Expected)
		}
	}
	return float64(int64(sum*100+0.5)) / 100
}
