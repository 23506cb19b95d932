package report

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/note"
)

// testTables prices 97530 and 97110 per the CY2025 and CY2026 fee schedules.
func testTables() Tables {
	rvu := map[int]map[string]float64{
		2025: {"97530": 1.07, "97110": 0.88},
		2026: {"97530": 1.05, "97110": 0.86},
	}
	cf := map[int]float64{2025: 32.3465, 2026: 33.4009}
	return Tables{
		Price: func(code string, dos time.Time) (Price, bool) {
			y := dos.Year()
			if dos.IsZero() {
				y = 2026
			}
			r, ok := rvu[y][code]
			if !ok {
				return Price{}, false
			}
			return Price{Year: y, RVU: r, CF: cf[y], Amount: r * cf[y]}, true
		},
		MUE:   func(code string) (int, bool) { return map[string]int{"97530": 6}[code], code == "97530" },
		Timed: func(code string) bool { return code == "97530" || code == "97110" },
		Supported: func(n *note.Note, p analyzer.Profile) (map[string]int, bool) {
			// The fixture's notes document 23 min of 97530 (2 units) and 10 of 97110 (1).
			return map[string]int{"97530": 2, "97110": 1}, true
		},
	}
}

// rng returns the range of the first occurrence of sub in text.
func rng(t *testing.T, text, sub string) note.Range {
	t.Helper()
	i := strings.Index(text, sub)
	if i < 0 {
		t.Fatalf("fixture: %q not in text", sub)
	}
	return note.Range{Start: i, End: i + len(sub)}
}

// fixture is a note billing 97530 x4 and 97110 x1 with an exercise-only 97530
// entry and an impairment goal.
func fixture(t *testing.T, signer string, dos time.Time) *analyzer.Result {
	text := "S: pt reports knee pain\n" +
		"O: TherAct 97530 23 min: squats 3x10, SLR\n" +
		"TherEx 97110 10 min: bike\n" +
		"Goals: knee flexion to 120 deg\n" +
		"Billing: 97530-GP x4\n" +
		"97110-GP x1\n" +
		"Signed: " + signer + "\n"
	n := &note.Note{Text: text}
	n.Header.DateOfService = dos
	n.Charges = []note.Charge{
		{Code: "97530", CodeRange: rng(t, text, "97530-GP"), Line: rng(t, text, "97530-GP x4"), Units: note.Quantity{Value: 4, Set: true}},
		{Code: "97110", CodeRange: rng(t, text, "97110-GP"), Line: rng(t, text, "97110-GP x1"), Units: note.Quantity{Value: 1, Set: true}},
	}
	n.Services = []note.Service{
		{Code: "97530", Line: rng(t, text, "TherAct 97530 23 min: squats 3x10, SLR"), Activity: rng(t, text, "squats 3x10, SLR")},
	}
	if signer != "" {
		n.Signature = &note.Signature{Name: signer, Credentials: []string{"PT"}}
	}
	diag := func(rule string, sev analyzer.Severity, r note.Range, msg string) analyzer.Diagnostic {
		return analyzer.Diagnostic{Rule: rule, Severity: sev, Start: r.Start, End: r.End, Message: msg}
	}
	return &analyzer.Result{Note: n, Profile: analyzer.Medicare, Diagnostics: []analyzer.Diagnostic{
		diag("97530/exercise-only", analyzer.Error, rng(t, text, "squats 3x10, SLR"), "97530 time describes only exercise"),
		diag("goal/impairment-based", analyzer.Warning, rng(t, text, "knee flexion to 120 deg"), "goal is an impairment"),
		diag("time/units-mismatch", analyzer.Error, rng(t, text, "97530-GP x4"), "4 units billed, minutes support 2"),
	}}
}

func TestAssessDollars(t *testing.T) {
	res := fixture(t, "J. Doe", time.Date(2025, 3, 5, 0, 0, 0, 0, time.UTC))
	nr := assess(res, testTables(), Policies(), nil)
	risks, billed, total := nr.risks, nr.billed, nr.total
	unit30, unit10 := 1.07*32.3465, 0.88*32.3465
	near := func(a, b float64) bool { return a-b < 0.005 && b-a < 0.005 }
	if !near(billed, 4*unit30+unit10) {
		t.Errorf("billed = %.2f, want %.2f", billed, 4*unit30+unit10)
	}
	// exercise-only: all four 97530 units.
	if r := risks[0]; r.Units != 4 || !near(r.Dollars, 4*unit30) || strings.Join(r.Codes, ",") != "97530" {
		t.Errorf("exercise-only risk = %+v, want 4 units of 97530 = %.2f", r, 4*unit30)
	}
	// goal: no dollars, no code.
	if r := risks[1]; r.Units != 0 || r.Dollars != 0 || len(r.Codes) != 0 {
		t.Errorf("goal risk = %+v, want none", r)
	}
	// units-mismatch: 4 billed - 2 supported.
	if r := risks[2]; r.Units != 2 || !near(r.Dollars, 2*unit30) {
		t.Errorf("units-mismatch risk = %+v, want 2 units = %.2f", r, 2*unit30)
	}
	// The note total counts the 97530 line once, at its largest exposure.
	if !near(total, 4*unit30) {
		t.Errorf("total = %.2f, want %.2f (97530 line counted once)", total, 4*unit30)
	}
}

func TestAssessMUEAndAssistant(t *testing.T) {
	text := "Billing: 97530-GP x8\nSigned: A. Lee, PTA\n"
	n := &note.Note{Text: text, Charges: []note.Charge{
		{Code: "97530", Line: rng(t, text, "97530-GP x8"), CodeRange: rng(t, text, "97530"), Units: note.Quantity{Value: 8, Set: true}},
	}}
	n.Header.DateOfService = time.Date(2026, 1, 10, 0, 0, 0, 0, time.UTC)
	res := &analyzer.Result{Note: n, Profile: analyzer.Medicare, Diagnostics: []analyzer.Diagnostic{
		{Rule: "units/exceeds-mue", Severity: analyzer.Warning, Start: 9, End: 20},
		{Rule: "modifier/assistant-cq-co", Severity: analyzer.Warning, Start: 9, End: 20},
	}}
	risks := assess(res, testTables(), Policies(), nil).risks
	unit := 1.05 * 33.4009
	if r := risks[0]; r.Units != 2 || r.Dollars < 2*unit-0.01 || r.Dollars > 2*unit+0.01 {
		t.Errorf("MUE risk = %+v, want 2 units over MUE 6 = %.2f", r, 2*unit)
	}
	if r := risks[1]; r.Units != 8 || r.Dollars < 8*unit*0.15-0.01 || r.Dollars > 8*unit*0.15+0.01 {
		t.Errorf("CQ risk = %+v, want 15%% of 8 units = %.2f", r, 8*unit*0.15)
	}
}

func render(t *testing.T, entries []Entry) string {
	t.Helper()
	r := Build(entries, Options{
		Generated: time.Date(2026, 2, 1, 9, 0, 0, 0, time.UTC),
		Tables:    testTables(),
		Absolute:  func(p string) (string, error) { return "/audit/" + p, nil },
		Sources:   []Source{{"Fee schedule", "CMS PFS"}},
	})
	var buf bytes.Buffer
	if err := r.WriteHTML(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestReportSections(t *testing.T) {
	entries := []Entry{
		{Path: "notes/a.txt", Result: fixture(t, "J. Doe", time.Date(2025, 3, 5, 0, 0, 0, 0, time.UTC))},
		{Path: "notes/b.txt", Result: fixture(t, "R. Roe", time.Date(2025, 3, 12, 0, 0, 0, 0, time.UTC))},
		{Path: "notes/clean.txt", Result: &analyzer.Result{Note: &note.Note{Text: "S: ok\n"}}},
		{Path: "export.jsonl", ID: "visit-7", Line: 3, Result: fixture(t, "", time.Time{})},
		{Path: "missing.txt", Err: "missing.txt: no such file"},
	}
	html := render(t, entries)
	for _, want := range []string{
		`id="chart-rule"`, `id="chart-provider"`, `id="chart-code"`, `id="chart-week"`,
		`<table id="worst-notes">`, `id="risk-by-rule"`, `id="method-table"`,
		`<code>97530/exercise-only</code>`,
		`>J. Doe, PT<`, `>unsigned<`,
		`2025-03-03`, `2025-03-10`, // Mondays of the two dates of service
		`notes/a.txt:2:26`,                     // exercise-only finding position
		`href="file:///audit/notes/a.txt#L2"`,  // link to file and line
		`href="file:///audit/export.jsonl#L3"`, // JSONL: link to the record's line
		`export.jsonl#visit-7`,
		`missing.txt: no such file`,
		`3 findings are on notes with no date of service`,
		`$32.3465`, `1.07`,
		`>4<`, // notes checked
	} {
		if !strings.Contains(html, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	// Dollars: per note the 97530 line at 4 units; notes a, b (2025) and the undated one (2026).
	// Each line's amount is rounded to cents, so the per-rule table adds up to it.
	want := dollars(2*13844.0/100 + 14028.0/100) // 4×1.07×32.3465 = 138.443…, 4×1.05×33.4009 = 140.283…
	if !strings.Contains(html, want) {
		t.Errorf("report lacks total at risk %s", want)
	}
	// Worst notes ranked by dollars: the undated note (CY2026 prices) comes first.
	i, j := strings.Index(html, "export.jsonl#visit-7"), strings.Index(html, "notes/a.txt")
	if i < 0 || j < 0 || i > j {
		t.Errorf("worst-notes order: want the 2026-priced note first")
	}
	if strings.Contains(html, "notes/clean.txt") {
		t.Errorf("a clean note is listed among the worst notes")
	}
}

// TestReportSelfContained checks that nothing in the page can reach the network.
func TestReportSelfContained(t *testing.T) {
	html := render(t, []Entry{{Path: "a.txt", Result: fixture(t, "J. Doe", time.Date(2025, 3, 5, 0, 0, 0, 0, time.UTC))}})
	if !strings.Contains(html, `content="default-src 'none'`) {
		t.Errorf("report lacks a default-src 'none' Content-Security-Policy")
	}
	for _, m := range regexp.MustCompile(`(?i)(src|href|action|url)\s*[=(]\s*["']?([^"' >)]*)`).FindAllStringSubmatch(html, -1) {
		if u := strings.ToLower(m[2]); !strings.HasPrefix(u, "file:///") && !strings.HasPrefix(u, "#") && !strings.HasPrefix(u, "data:") {
			t.Errorf("report refers to %s=%q", m[1], m[2])
		}
	}
	for _, bad := range []string{"http://", "https://", "<script", "@import", "<link", "<iframe"} {
		if strings.Contains(strings.ToLower(html), bad) {
			t.Errorf("report contains %q", bad)
		}
	}
}

// TestReportEscaping: paths, IDs, signers and messages are data, never markup.
func TestReportEscaping(t *testing.T) {
	evil := `<script>alert(1)</script>`
	res := fixture(t, `"><img src=x onerror=alert(2)>`, time.Date(2025, 3, 5, 0, 0, 0, 0, time.UTC))
	res.Diagnostics[0].Message = evil
	html := render(t, []Entry{
		{Path: `x<script>alert(0)</script>.txt`, ID: evil, Line: 1, Result: res},
		{Path: `javascript:alert(3)`, Result: fixture(t, "A", time.Time{})},
	})
	if strings.Contains(html, "<script") || strings.Contains(html, "<img") {
		t.Errorf("markup from a note reached the page")
	}
	if !strings.Contains(html, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Errorf("escaped message missing")
	}
	if !strings.Contains(html, "x%3Cscript%3Ealert%280%29%3C/script%3E.txt") && !strings.Contains(html, "x%3cscript%3ealert(0)%3c/script%3e.txt") {
		t.Errorf("link to the evil path is not percent-encoded")
	}
	if regexp.MustCompile(`href="javascript:`).MatchString(html) {
		t.Errorf("a javascript: link reached the page")
	}
}

func TestChartLayout(t *testing.T) {
	counts := map[string]int{}
	for i := range 30 {
		counts[string(rune('a'+i%26))+strings.Repeat("x", i/26)] = i + 1
	}
	c := barChart("t", "rule", counts, 10, byCount)
	if len(c.Bars) != 10 {
		t.Fatalf("bars = %d, want 10 (9 + others)", len(c.Bars))
	}
	if c.Bars[0].N != 30 || c.Bars[9].Label != "21 others" {
		t.Errorf("first = %+v, last = %+v", c.Bars[0], c.Bars[9])
	}
	sum := 0
	for _, b := range c.Bars {
		sum += b.N
	}
	if sum != 30*31/2 {
		t.Errorf("bars sum to %d, want %d", sum, 30*31/2)
	}
	if c.Bars[0].W <= c.Bars[1].W {
		t.Errorf("bar widths not proportional: %d <= %d", c.Bars[0].W, c.Bars[1].W)
	}
	w := barChart("w", "week", map[string]int{"2025-01-06": 2, "2024-12-30": 4}, 0, byLabel)
	if !w.Columns || w.Bars[0].Label != "2024-12-30" || w.Bars[0].H != 2*w.Bars[1].H {
		t.Errorf("week columns = %+v", w.Bars)
	}
}

func TestDollars(t *testing.T) {
	for v, want := range map[float64]string{0: "$0.00", 34.61: "$34.61", 1234567.891: "$1,234,567.89"} {
		if got := dollars(v); got != want {
			t.Errorf("dollars(%v) = %s, want %s", v, got, want)
		}
	}
}
