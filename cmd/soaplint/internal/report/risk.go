package report

import (
	"sort"
	"time"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/note"
)

// Basis says which billed units a finding puts at risk.
type Basis int

const (
	// NoDollars: a documentation-quality finding that does not by itself put a
	// billed unit at risk (goals, vague phrases, missing sections).
	NoDollars Basis = iota
	// ExcessUnits: units billed beyond what the documented minutes support.
	ExcessUnits
	// CodeUnits: every unit of the code(s) the finding concerns (denial or downcode).
	CodeUnits
	// Code97530Units: every unit of 97530 billed on the note.
	Code97530Units
	// AboveMUE: units of one code above its medically unlikely edit value.
	AboveMUE
	// TimedUnits: every unit of every timed code on the note.
	TimedUnits
	// AllUnits: every unit billed on the note.
	AllUnits
)

// Policy is how one rule's findings are priced.
type Policy struct {
	Basis Basis
	// Share of the units' value at risk: 1 for a denial, 0.15 for the Medicare
	// payment reduction that CQ/CO services take.
	Share float64
	// Why explains the policy to the reader of the report.
	Why string
}

// Policies maps rule IDs to how their findings are priced. Rules not listed carry
// no dollars. The table is rendered verbatim in the report's method section.
func Policies() map[string]Policy {
	return map[string]Policy{
		"time/units-mismatch":           {ExcessUnits, 1, "units billed above what the documented minutes support under the profile's unit rule"},
		"time/under-8-minutes":          {CodeUnits, 1, "the unit billed for a code with fewer than 8 minutes"},
		"time/missing-timed-minutes":    {TimedUnits, 1, "every timed unit: without total timed minutes the units cannot be supported"},
		"time/minutes-exceed-session":   {ExcessUnits, 1, "units billed above what the documented minutes support (minutes that exceed the session are not credible)"},
		"time/overlapping-codes":        {CodeUnits, 1, "the units of the codes whose minutes are counted twice"},
		"97530/exercise-only":           {Code97530Units, 1, "every 97530 unit: exercise-only text supports 97110 at best (a downcode loses part of this, a denial all of it)"},
		"97530/no-functional-link":      {Code97530Units, 1, "every 97530 unit: without a functional task the code is not supported"},
		"97530/not-one-on-one":          {Code97530Units, 1, "every 97530 unit: group or concurrent time is billed as 97150, one untimed unit"},
		"97530/no-skilled-intervention": {Code97530Units, 1, "every 97530 unit: services that need no therapist's skill are not covered"},
		"modifier/discipline-missing":   {CodeUnits, 1, "every unit of the code billed without GP/GO/GN (Medicare rejects the line)"},
		"modifier/discipline-mismatch":  {CodeUnits, 1, "every unit of the code whose modifier does not match the plan of care"},
		"modifier/59-needed":            {CodeUnits, 1, "the units of the bundled code pair billed without a distinct-service modifier"},
		"modifier/59-unsupported":       {CodeUnits, 1, "the units of the code carrying an undocumented 59/X modifier"},
		"modifier/assistant-cq-co":      {CodeUnits, 0.15, "15% of the units' value: Medicare pays services furnished in whole or in part by a PTA/OTA at 85%"},
		"units/exceeds-mue":             {AboveMUE, 1, "units of one code above its medically unlikely edit value for one day"},
		"doc/missing-signature":         {AllUnits, 1, "every unit: an unsigned note does not support the claim"},
	}
}

// Price is the Medicare physician fee schedule national amount for one unit of a
// code in one calendar year.
type Price struct {
	Year   int
	RVU    float64 // total (non-facility) RVU
	CF     float64 // conversion factor, dollars per RVU
	Amount float64 // RVU × CF, dollars per unit
	// Unverified marks an RVU the lexicon's maintainers have not yet checked
	// against the CMS file; the report flags it.
	Unverified bool
}

// Tables are the reference data dollars at risk need. Each function may be nil,
// in which case the corresponding amounts are unknown (priced at zero).
type Tables struct {
	// Price returns the price of one unit of code for a date of service; a zero
	// date means "the latest year available".
	Price func(code string, dos time.Time) (Price, bool)
	// MUE returns the medically unlikely edit value of a code.
	MUE func(code string) (int, bool)
	// Timed reports whether a code is a timed (15-minute) code.
	Timed func(code string) bool
	// Supported returns the units the note's documented minutes support per code
	// under profile p, and false when the note documents no usable minutes.
	Supported func(n *note.Note, p analyzer.Profile) (map[string]int, bool)
}

// Risk is what one finding puts at risk.
type Risk struct {
	Codes   []string // codes concerned, in note order, deduplicated
	Units   int
	Dollars float64
	// perCharge is dollars by charge index, for deduplication across findings.
	perCharge map[int]float64
}

// assess prices each diagnostic of res and the note as a whole. The note's total
// counts each billed charge at most once: the largest amount any finding puts
// at risk on it, so a 97530 line flagged by three rules is not lost three times.
func assess(res *analyzer.Result, t Tables, pol map[string]Policy) (risks []Risk, billed, total float64, prices map[int]Price) {
	n := res.Note
	prices = map[int]Price{}
	price := func(i int) float64 {
		if p, ok := prices[i]; ok {
			return p.Amount
		}
		if t.Price == nil {
			return 0
		}
		p, ok := t.Price(n.Charges[i].Code, n.Header.DateOfService)
		if !ok {
			return 0
		}
		prices[i] = p
		return p.Amount
	}
	for i, c := range n.Charges {
		billed += float64(units(c)) * price(i)
	}
	worst := map[int]float64{}
	risks = make([]Risk, len(res.Diagnostics))
	for k, d := range res.Diagnostics {
		p, ok := pol[d.Rule]
		if !ok || p.Basis == NoDollars {
			risks[k] = Risk{Codes: codesOf(n, attributed(n, d))}
			continue
		}
		per := unitsAtRisk(res, d, p.Basis, t)
		r := Risk{perCharge: map[int]float64{}}
		idx := make([]int, 0, len(per))
		for i := range per {
			idx = append(idx, i)
		}
		sort.Ints(idx)
		for _, i := range idx {
			u := per[i]
			if u <= 0 {
				continue
			}
			amt := float64(u) * price(i) * p.Share
			r.Units += u
			r.Dollars += amt
			r.perCharge[i] = amt
			worst[i] = max(worst[i], amt)
		}
		r.Codes = codesOf(n, idx)
		risks[k] = r
	}
	for _, v := range worst {
		total += v
	}
	return risks, billed, total, prices
}

// units is a charge's billed units; a billing line without a count bills one.
func units(c note.Charge) int {
	if c.Units.Set {
		return c.Units.Value
	}
	return 1
}

// unitsAtRisk returns, per charge index, the units d puts at risk.
func unitsAtRisk(res *analyzer.Result, d analyzer.Diagnostic, b Basis, t Tables) map[int]int {
	n := res.Note
	out := map[int]int{}
	all := func(keep func(c note.Charge) bool) {
		for i, c := range n.Charges {
			if keep(c) {
				out[i] = units(c)
			}
		}
	}
	switch b {
	case AllUnits:
		all(func(note.Charge) bool { return true })
	case TimedUnits:
		all(func(c note.Charge) bool { return t.Timed != nil && t.Timed(c.Code) })
	case Code97530Units:
		all(func(c note.Charge) bool { return c.Code == "97530" })
	case CodeUnits:
		idx := attributed(n, d)
		if len(idx) == 0 {
			idx = fallback(n, d.Rule)
		}
		for _, i := range idx {
			out[i] = units(n.Charges[i])
		}
	case AboveMUE:
		if t.MUE == nil {
			break
		}
		byCode := map[string]int{}
		for _, c := range n.Charges {
			byCode[c.Code] += units(c)
		}
		for i, c := range n.Charges {
			if m, ok := t.MUE(c.Code); ok && byCode[c.Code] > m {
				// Attribute the excess to the code's last line(s).
				over := byCode[c.Code] - m
				take := min(over, units(c))
				out[i] = take
				byCode[c.Code] -= take
			}
		}
	case ExcessUnits:
		if t.Supported == nil {
			break
		}
		sup, ok := t.Supported(n, res.Profile)
		if !ok {
			break
		}
		billed := map[string]int{}
		for _, c := range n.Charges {
			billed[c.Code] += units(c)
		}
		for i := len(n.Charges) - 1; i >= 0; i-- {
			c := n.Charges[i]
			over := billed[c.Code] - sup[c.Code]
			if over <= 0 {
				continue
			}
			take := min(over, units(c))
			out[i] = take
			billed[c.Code] -= take
		}
	}
	return out
}

// attributed returns the indexes of the charges a diagnostic points at: those
// whose billing line overlaps it, or whose code is the code of a service line
// (documentation in the Objective) that it overlaps.
func attributed(n *note.Note, d analyzer.Diagnostic) []int {
	r := note.Range{Start: d.Start, End: max(d.End, d.Start+1)}
	var idx []int
	for i, c := range n.Charges {
		if overlaps(r, c.Line) || overlaps(r, c.CodeRange) {
			idx = append(idx, i)
		}
	}
	if len(idx) > 0 {
		return idx
	}
	codes := map[string]bool{}
	for _, s := range n.Services {
		if overlaps(r, s.Line) || overlaps(r, s.Activity) || overlaps(r, s.CodeRange) {
			codes[s.Code] = true
		}
	}
	for i, c := range n.Charges {
		if codes[c.Code] {
			idx = append(idx, i)
		}
	}
	return idx
}

// fallback picks the charges a rule concerns when its finding points at neither a
// billing line nor a service (e.g. a note-level finding).
func fallback(n *note.Note, rule string) []int {
	var idx []int
	for i, c := range n.Charges {
		var hit bool
		switch rule {
		case "modifier/discipline-missing":
			hit = !c.HasModifier("GP") && !c.HasModifier("GO") && !c.HasModifier("GN")
		case "modifier/assistant-cq-co":
			hit = !c.HasModifier("CQ") && !c.HasModifier("CO")
		case "modifier/59-unsupported":
			hit = c.HasModifier("59") || c.HasModifier("XE") || c.HasModifier("XS") || c.HasModifier("XP") || c.HasModifier("XU")
		}
		if hit {
			idx = append(idx, i)
		}
	}
	return idx
}

func overlaps(a, b note.Range) bool {
	if b.Empty() {
		return false
	}
	return a.Start < b.End && b.Start < a.End
}

func codesOf(n *note.Note, idx []int) []string {
	var out []string
	seen := map[string]bool{}
	for _, i := range idx {
		c := n.Charges[i].Code
		if !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	return out
}
