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

// Policies maps rule IDs to how their findings are priced; a rule that puts no
// billed unit at risk is listed with NoDollars. Every registered rule must be
// listed (TestPoliciesCoverRegistry), so a new rule cannot be priced at $0 by
// omission. The table is rendered verbatim in the report's method section.
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
		"episode/progress-report-due":   {AllUnits, 1, "every unit of the note: treatment past the 10th treatment day of a reporting period without a progress report is not supported (MBPM ch. 15 §220.3.D)"},
		"episode/plan-of-care-expired":  {AllUnits, 1, "every unit of the note: treatment outside a certified plan of care is not covered (42 CFR 424.24(c))"},
		"episode/kx-modifier-missing":   {CodeUnits, 1, "the units of the charge line billed past the KX threshold without KX (Medicare denies the line)"},
		// Documentation quality: weakens a claim on review without putting a
		// particular unit at risk.
		"time/missing-start-stop":  {NoDollars, 0, "clock times help an auditor check the units; their absence denies none"},
		"time/invalid-time":        {NoDollars, 0, "a time that cannot be real; the units rest on the minutes, priced by the timing rules"},
		"goal/impairment-based":    {NoDollars, 0, "goal wording"},
		"goal/not-measurable":      {NoDollars, 0, "goal wording"},
		"goal/no-timeframe":        {NoDollars, 0, "goal wording"},
		"doc/vague-phrase":         {NoDollars, 0, "wording"},
		"doc/missing-section":      {NoDollars, 0, "note structure"},
		"doc/invalid-icd10":        {NoDollars, 0, "diagnosis code format"},
		"doc/unfilled-placeholder": {NoDollars, 0, "a template blank: the note must be completed before it is signed"},
		"episode/cloned-note":      {NoDollars, 0, "cloned documentation puts the visit's medical necessity in doubt on review; no particular unit is priced"},
	}
}

// Price is the Medicare physician fee schedule national amount for one unit of a
// code in one calendar year.
type Price struct {
	Year   int
	RVU    float64 // total (non-facility) RVU
	CF     float64 // conversion factor, dollars per RVU
	Amount float64 // RVU × CF, dollars per unit
	// Work, PE and MP are the RVU's components when HasParts: the therapy MPPR
	// reduces only PE.
	Work, PE, MP float64
	HasParts     bool
	// AlwaysTherapy: the code takes the therapy MPPR; TherapyKnown says whether
	// the table knows either way.
	AlwaysTherapy, TherapyKnown bool
	// Status is the RVU row's status (cms, secondary, unverified); the report
	// shows it beside the price.
	Status string
	// Unverified marks an RVU no source confirmed; the report flags it.
	Unverified bool
}

// Tables are the reference data dollars at risk need. Each function may be nil,
// in which case the corresponding amounts are unknown (priced at zero) or the
// adjustment is not made.
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
	// MPPR is the share of PE the therapy multiple procedure payment reduction
	// removes from second and later always-therapy units on dos (0.5).
	MPPR func(dos time.Time) (float64, bool)
	// Assistant is the share Medicare pays for a service billed with CQ/CO on
	// dos (0.85).
	Assistant func(dos time.Time) (float64, bool)
}

// Risk is what one finding puts at risk.
type Risk struct {
	Codes   []string // codes concerned, in note order, deduplicated
	Units   int
	Dollars float64
	// perCharge is cents and units by charge index, for the note's allocation.
	perCharge map[int]claim
}

// claim is one finding's exposure on one charge.
type claim struct {
	units int
	cents int64
}

// noteRisk is what a note's findings put at risk.
type noteRisk struct {
	risks  []Risk
	billed float64          // what the note's charges are worth, MPPR and CQ/CO applied
	total  float64          // dollars at risk, each charge counted once
	units  int              // units at risk, each charge counted once
	byRule map[string]claim // the total split by rule: each charge goes to one rule
	prices map[int]Price
	// mppr: the therapy MPPR was applied to this note's always-therapy units;
	// mpprUnknown: it could not be, for want of PE RVUs or therapy flags.
	mppr, mpprUnknown bool
	assistant         int // charges priced at the CQ/CO share
}

// pricing values the units of a note's charges.
type pricing struct {
	full, reduced []float64 // dollars per unit: the MPPR's full-price unit, other units
	fullUnits     []int     // units of each charge priced in full (0 or 1)
}

// value is what n units of charge i are worth: the reduced units first (a
// denied unit is a later one), then the full-price unit.
func (p pricing) value(i, n, units int) float64 {
	r := min(n, units-p.fullUnits[i])
	return float64(r)*p.reduced[i] + float64(n-r)*p.full[i]
}

func hasCQCO(c note.Charge) bool { return c.HasModifier("CQ") || c.HasModifier("CO") }

// price values each charge of n: RVU × CF, with the therapy MPPR (full payment
// for the one unit with the highest PE among always-therapy units, PE reduced on
// every other) and the CQ/CO share.
func price(n *note.Note, t Tables, nr *noteRisk) pricing {
	dos := n.Header.DateOfService
	k := len(n.Charges)
	p := pricing{full: make([]float64, k), reduced: make([]float64, k), fullUnits: make([]int, k)}
	share := 1.0
	if t.Assistant != nil {
		if s, ok := t.Assistant(dos); ok {
			share = s
		}
	}
	cut, mpprOK := 0.0, false
	if t.MPPR != nil {
		cut, mpprOK = t.MPPR(dos)
	}
	top, topPE, topAmt := -1, -1.0, -1.0
	unknown, billed := false, 0
	for i, c := range n.Charges {
		if t.Price == nil {
			continue
		}
		pr, ok := t.Price(c.Code, dos)
		if !ok {
			continue
		}
		nr.prices[i] = pr
		billed += units(c)
		if !pr.TherapyKnown || pr.AlwaysTherapy && !pr.HasParts {
			unknown = true // cannot rank the day's units by PE
		}
		if pr.AlwaysTherapy && pr.HasParts && (pr.PE > topPE || pr.PE == topPE && pr.Amount > topAmt) {
			top, topPE, topAmt = i, pr.PE, pr.Amount
		}
	}
	if unknown {
		mpprOK = false
		nr.mpprUnknown = billed > 1
	}
	for i, c := range n.Charges {
		pr, ok := nr.prices[i]
		if !ok {
			continue
		}
		a := 1.0
		if hasCQCO(c) && share < 1 {
			a = share
			nr.assistant++
		}
		p.full[i] = pr.Amount * a
		p.reduced[i] = p.full[i]
		if mpprOK && pr.AlwaysTherapy && pr.HasParts {
			p.reduced[i] = (pr.Work + pr.PE*(1-cut) + pr.MP) * pr.CF * a
			nr.mppr = nr.mppr || billed > 1
			if i == top {
				p.fullUnits[i] = 1
			}
		}
	}
	return p
}

func cents(x float64) int64 { return int64(x*100 + 0.5) }

// assess prices each diagnostic of res and the note as a whole. Within one
// rule a billed unit is counted once, however many of the rule's findings
// concern it. The note's total counts each billed charge at most once: the
// largest amount any finding puts at risk on it, attributed to that finding's
// rule (ties: the rule listed first in order, then the first finding), so the
// per-rule figures add up to the total. order ranks rule IDs; nil orders by ID.
func assess(res *analyzer.Result, t Tables, pol map[string]Policy, order map[string]int) noteRisk {
	n := res.Note
	nr := noteRisk{prices: map[int]Price{}, byRule: map[string]claim{}}
	pr := price(n, t, &nr)
	for i, c := range n.Charges {
		nr.billed += pr.value(i, units(c), units(c))
	}
	type best struct {
		rule  string
		k     int
		claim claim
	}
	worst := map[int]best{}
	used := map[string]map[int]int{} // rule -> charge -> units already counted
	nr.risks = make([]Risk, len(res.Diagnostics))
	for k, d := range res.Diagnostics {
		p, ok := pol[d.Rule]
		if !ok || p.Basis == NoDollars {
			nr.risks[k] = Risk{Codes: codesOf(n, attributed(n, d))}
			continue
		}
		per := unitsAtRisk(res, d, p.Basis, t)
		if used[d.Rule] == nil {
			used[d.Rule] = map[int]int{}
		}
		r := Risk{perCharge: map[int]claim{}}
		idx := make([]int, 0, len(per))
		for i := range per {
			idx = append(idx, i)
		}
		sort.Ints(idx)
		var kept []int
		for _, i := range idx {
			u := min(per[i], units(n.Charges[i])) - used[d.Rule][i]
			if u <= 0 {
				continue
			}
			used[d.Rule][i] += u
			// The units this rule has already counted on the charge are the
			// cheaper ones; these come after them.
			before := used[d.Rule][i] - u
			amt := (pr.value(i, before+u, units(n.Charges[i])) - pr.value(i, before, units(n.Charges[i]))) * p.Share
			cl := claim{units: u, cents: cents(amt)}
			r.Units += u
			r.Dollars += float64(cl.cents) / 100
			r.perCharge[i] = cl
			kept = append(kept, i)
			w, seen := worst[i]
			if !seen || cl.cents > w.claim.cents || cl.cents == w.claim.cents && before == 0 && ruleBefore(d.Rule, w.rule, order) {
				worst[i] = best{d.Rule, k, cl}
			}
		}
		r.Codes = codesOf(n, kept)
		nr.risks[k] = r
	}
	for _, w := range worst {
		nr.total += float64(w.claim.cents) / 100
		nr.units += w.claim.units
		c := nr.byRule[w.rule]
		c.units += w.claim.units
		c.cents += w.claim.cents
		nr.byRule[w.rule] = c
	}
	return nr
}

func ruleBefore(a, b string, order map[string]int) bool {
	oa, ob := order[a], order[b]
	if oa != ob && oa > 0 && ob > 0 {
		return oa < ob
	}
	if (oa > 0) != (ob > 0) {
		return oa > 0
	}
	return a < b
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
	if b == ExcessUnits || b == AboveMUE {
		restrictToFinding(n, d, out)
	}
	return out
}

// restrictToFinding keeps, of a note-wide count, the codes the finding points
// at (a units-mismatch finding on the 97110 line concerns 97110's excess only);
// a finding that points at no charge keeps them all.
func restrictToFinding(n *note.Note, d analyzer.Diagnostic, out map[int]int) {
	idx := attributed(n, d)
	if len(idx) == 0 {
		return
	}
	codes := map[string]bool{}
	for _, i := range idx {
		codes[n.Charges[i].Code] = true
	}
	for i := range out {
		if !codes[n.Charges[i].Code] {
			delete(out, i)
		}
	}
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
