package report

import (
	"math"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/note"
	"github.com/soaplint/soaplint/analyzer/rules"
)

// componentTables prices from work/PE/MP components, with the MPPR (50% of PE)
// and the CQ/CO share (85%) from 2022.
func componentTables() Tables {
	type rv struct{ w, pe, mp float64 }
	rvus := map[string]rv{"97530": {0.44, 0.60, 0.02}, "97110": {0.45, 0.40, 0.02}, "97140": {0.43, 0.38, 0.02}}
	const cf = 33.4009
	t := testTables()
	t.Price = func(code string, dos time.Time) (Price, bool) {
		r, ok := rvus[code]
		if !ok {
			return Price{}, false
		}
		total := r.w + r.pe + r.mp
		return Price{Year: 2026, RVU: total, CF: cf, Amount: total * cf, Work: r.w, PE: r.pe, MP: r.mp, HasParts: true, AlwaysTherapy: true, TherapyKnown: true, Status: "cms"}, true
	}
	t.MPPR = func(time.Time) (float64, bool) { return 0.5, true }
	t.Assistant = func(dos time.Time) (float64, bool) {
		return 0.85, !dos.Before(time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC))
	}
	return t
}

func chargeNote(t *testing.T, text string, dos time.Time, lines ...string) *note.Note {
	n := &note.Note{Text: text}
	n.Header.DateOfService = dos
	for _, l := range lines {
		r := rng(t, text, l)
		code := l[:5]
		u := int(l[strings.LastIndex(l, "x")+1] - '0')
		var mods []note.Modifier
		for _, m := range strings.Split(l[5:strings.Index(l, " ")], "-")[1:] {
			mods = append(mods, note.Modifier{Value: m})
		}
		n.Charges = append(n.Charges, note.Charge{Code: code, CodeRange: note.Range{Start: r.Start, End: r.Start + 5}, Line: r, Units: note.Quantity{Value: u, Set: true}, Modifiers: mods})
	}
	return n
}

func near(a, b float64) bool { return math.Abs(a-b) < 0.006 }

func TestMPPRAndCQCO(t *testing.T) {
	text := "Billing: 97530-GP x2\n97110-GP-CQ x1\n"
	n := chargeNote(t, text, time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC), "97530-GP x2", "97110-GP-CQ x1")
	res := &analyzer.Result{Note: n, Profile: analyzer.Medicare, Diagnostics: []analyzer.Diagnostic{
		{Rule: "modifier/59-needed", Start: rng(t, text, "97110").Start, End: rng(t, text, "97110").End + 3},
		{Rule: "97530/exercise-only", Start: rng(t, text, "97530").Start, End: rng(t, text, "97530").End},
	}}
	nr := assess(res, componentTables(), Policies(), nil)
	const cf = 33.4009
	full30 := (0.44 + 0.60 + 0.02) * cf      // 97530 has the day's highest PE: one unit in full
	red30 := (0.44 + 0.30 + 0.02) * cf       // its second unit loses half its PE
	red10 := (0.45 + 0.20 + 0.02) * cf * .85 // 97110: reduced PE, then CQ at 85%
	if !near(nr.billed, full30+red30+red10) {
		t.Errorf("billed = %.2f, want %.2f", nr.billed, full30+red30+red10)
	}
	if !nr.mppr || nr.mpprUnknown || nr.assistant != 1 {
		t.Errorf("mppr %v, unknown %v, assistant lines %d", nr.mppr, nr.mpprUnknown, nr.assistant)
	}
	if r := nr.risks[0]; r.Units != 1 || !near(r.Dollars, red10) {
		t.Errorf("59-needed on the CQ line = %+v, want %.2f", r, red10)
	}
	if r := nr.risks[1]; r.Units != 2 || !near(r.Dollars, full30+red30) {
		t.Errorf("exercise-only = %+v, want %.2f", r, full30+red30)
	}
	// A single unit at risk on the 97530 line is a reduced one.
	res.Diagnostics = []analyzer.Diagnostic{{Rule: "units/exceeds-mue", Start: rng(t, text, "97530").Start, End: rng(t, text, "97530").End}}
	tables := componentTables()
	tables.MUE = func(code string) (int, bool) { return 1, code == "97530" }
	if r := assess(res, tables, Policies(), nil).risks[0]; r.Units != 1 || !near(r.Dollars, red30) {
		t.Errorf("one unit over the MUE = %+v, want the reduced unit %.2f", r, red30)
	}
	// Without PE components (the built-in tables) the MPPR is not applied, and the note says so.
	nr = assess(res, testTables(), Policies(), nil)
	if nr.mppr || !nr.mpprUnknown {
		t.Errorf("totals-only tables: mppr %v, unknown %v", nr.mppr, nr.mpprUnknown)
	}
}

// Within one rule a unit is counted once, however many findings concern it.
func TestUnitsCountedOncePerRule(t *testing.T) {
	text := "Billing: 97530-GP x4\n97110-GP x1\n"
	n := chargeNote(t, text, time.Date(2025, 3, 5, 0, 0, 0, 0, time.UTC), "97530-GP x4", "97110-GP x1")
	whole := analyzer.Diagnostic{Rule: "time/units-mismatch", Start: 0, End: 0} // note-level: the whole excess
	line := analyzer.Diagnostic{Rule: "time/units-mismatch", Start: rng(t, text, "97530-GP x4").Start, End: rng(t, text, "97530-GP x4").End}
	res := &analyzer.Result{Note: n, Profile: analyzer.Medicare, Diagnostics: []analyzer.Diagnostic{line, whole, line}}
	nr := assess(res, testTables(), Policies(), nil)
	got := []int{nr.risks[0].Units, nr.risks[1].Units, nr.risks[2].Units}
	if got[0] != 2 || got[1] != 0 || got[2] != 0 || nr.units != 2 {
		t.Errorf("units per finding = %v, note %d; want the 2 excess 97530 units once", got, nr.units)
	}
	if c := nr.byRule["time/units-mismatch"]; c.units != 2 || !near(float64(c.cents)/100, 2*1.07*32.3465) {
		t.Errorf("rule share = %+v", c)
	}
}

// The per-rule table adds up to the report's totals, units and dollars.
func TestRiskByRuleAddsUp(t *testing.T) {
	mk := func(signer string, dos time.Time) *analyzer.Result {
		res := fixture(t, signer, dos)
		text := res.Note.Text
		res.Diagnostics = append(res.Diagnostics,
			analyzer.Diagnostic{Rule: "time/units-mismatch", Start: rng(t, text, "97530-GP x4").Start, End: rng(t, text, "97530-GP x4").End},
			analyzer.Diagnostic{Rule: "modifier/discipline-missing", Start: rng(t, text, "97110-GP x1").Start, End: rng(t, text, "97110-GP x1").End},
			analyzer.Diagnostic{Rule: "units/exceeds-mue", Start: rng(t, text, "97530-GP x4").Start, End: rng(t, text, "97530-GP x4").End})
		return res
	}
	entries := []Entry{
		{Path: "a.txt", Result: mk("J. Doe", time.Date(2025, 3, 5, 0, 0, 0, 0, time.UTC))},
		{Path: "b.txt", Result: mk("", time.Date(2026, 2, 3, 0, 0, 0, 0, time.UTC))},
		{Path: "c.txt", Result: fixture(t, "R. Roe", time.Time{})},
	}
	ct := componentTables()
	entries[1].Tables = &ct // priced with its own (pack) tables
	r := Build(entries, Options{Tables: testTables(), Rules: rules.All()})
	units, cents := 0, int64(0)
	for _, m := range r.RiskByRule {
		units += m.Units
		cents += int64(math.Round(m.Dollars * 100))
		if m.Dollars > m.Gross+0.005 {
			t.Errorf("%s: share %.2f above its gross %.2f", m.Rule, m.Dollars, m.Gross)
		}
	}
	if units != r.UnitsAtRisk || cents != int64(math.Round(r.AtRisk*100)) {
		t.Errorf("per-rule table: %d units, %d cents; totals %d units, $%.2f", units, cents, r.UnitsAtRisk, r.AtRisk)
	}
	if r.AtRisk <= 0 || r.UnitsAtRisk != 4+1+4+1+4 {
		t.Errorf("totals: %d units, $%.2f", r.UnitsAtRisk, r.AtRisk)
	}
	if r.MPPRNotes != 1 || r.MPPRUnknown != 2 {
		t.Errorf("MPPR notes %d, unknown %d; want the pack-priced note only", r.MPPRNotes, r.MPPRUnknown)
	}
}

// Every registered rule has a pricing policy (NoDollars when it puts no unit at
// risk), and every policy names a known rule, so a new rule cannot be priced
// at $0 by omission.
func TestPoliciesCoverRegistry(t *testing.T) {
	pol := Policies()
	known := map[string]bool{}
	for _, id := range rules.Catalogue {
		known[id] = true
	}
	var missing []string
	for _, r := range rules.All() {
		known[r.ID] = true
		if _, ok := pol[r.ID]; !ok {
			missing = append(missing, r.ID)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("rules without a pricing policy in Policies(): %v", missing)
	}
	for id, p := range pol {
		if !known[id] {
			t.Errorf("policy for unknown rule %q", id)
		}
		if p.Basis != NoDollars && (p.Share <= 0 || p.Share > 1 || p.Why == "") {
			t.Errorf("%s: policy %+v", id, p)
		}
	}
}

func TestOneNote(t *testing.T) {
	html := render(t, []Entry{{Path: "a.txt", Result: fixture(t, "J. Doe", time.Date(2025, 3, 5, 0, 0, 0, 0, time.UTC))}})
	for _, w := range []string{">note checked<", ">note with findings<", "The 1 note with the most dollars"} {
		if !strings.Contains(html, w) {
			t.Errorf("one-note report lacks %q", w)
		}
	}
	if strings.Contains(html, "1 notes") {
		t.Error(`report says "1 notes"`)
	}
}
