package goal

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/note"
	"github.com/soaplint/soaplint/lexicon"
)

// repoRoot finds the directory holding go.mod above the test's directory.
func repoRoot(t testing.TB) string {
	t.Helper()
	d, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d
		}
		p := filepath.Dir(d)
		if p == d {
			t.Fatal("no go.mod above the working directory")
		}
		d = p
	}
}

// runOne runs rule over a hand-built note and returns its diagnostics.
func runOne(t *testing.T, rule *analyzer.Rule, n *note.Note) []analyzer.Diagnostic {
	t.Helper()
	var ds []analyzer.Diagnostic
	rule.Run(analyzer.NewPass(n, analyzer.Medicare, lexicon.Default(), rule, func(d analyzer.Diagnostic) {
		ds = append(ds, d)
	}))
	return ds
}

// handNote builds a note whose goals are the given lines (label + text), parsed by
// hand so these tests do not depend on the note parser.
func handNote(header string, lines ...string) *note.Note {
	var b strings.Builder
	b.WriteString(header)
	var goals []note.Goal
	for _, l := range lines {
		start := b.Len()
		b.WriteString(l)
		label, text, ok := strings.Cut(l, ": ")
		g := note.Goal{Line: note.Range{Start: start, End: b.Len()}}
		if !ok {
			text, label = l, ""
		}
		g.Text = text
		g.Range = note.Range{Start: b.Len() - len(text), End: b.Len()}
		if i := strings.Index(label, "("); i >= 0 {
			g.Term = strings.TrimSpace(label[:i])
			g.Timeframe = strings.Trim(label[i:], "()")
			g.TimeframeRange = note.Range{Start: start + i + 1, End: start + len(label) - 1}
		}
		goals = append(goals, g)
		b.WriteString("\n")
	}
	return &note.Note{Text: b.String(), Goals: goals}
}

func TestImpairmentBasedHandBuilt(t *testing.T) {
	n := handNote("Goals:\n",
		"STG (2 wks): R ankle DF AROM to 10 deg.",
		"LTG (6 wks): R knee flex AROM to 110 deg to allow reciprocal stair descent of 12 steps w/ 1 rail.",
	)
	n.Header.Discipline = note.PT
	ds := runOne(t, ImpairmentBased, n)
	if len(ds) != 1 {
		t.Fatalf("got %d findings, want 1: %+v", len(ds), ds)
	}
	d, g := ds[0], n.Goals[0]
	if d.Start != g.Range.Start || d.End != g.Range.End {
		t.Errorf("finding at %d-%d, want the goal text %d-%d", d.Start, d.End, g.Range.Start, g.Range.End)
	}
	if !strings.Contains(d.Message, "range of motion") {
		t.Errorf("message %q does not name the impairment", d.Message)
	}
	if len(d.Fixes) != fixCount {
		t.Fatalf("%d fixes, want %d", len(d.Fixes), fixCount)
	}
	carried := 0
	for _, f := range d.Fixes {
		e := f.Edits[0]
		if len(f.Edits) != 1 || e.Start != g.Range.Start || e.End != g.Range.End {
			t.Errorf("fix %q does not replace the goal text: %+v", f.Title, f.Edits)
		}
		if strings.Contains(e.NewText, "R ankle") {
			carried++
		}
		if strings.Contains(e.NewText, "wks") {
			t.Errorf("fix %q repeats the label's timeframe", e.NewText)
		}
		if strings.ContainsAny(e.NewText, "{}[]") {
			t.Errorf("fix %q has unfilled placeholders", e.NewText)
		}
	}
	if carried == 0 {
		t.Error("no fix carries over the side and body part (R ankle)")
	}
}

func TestNoTimeframeHandBuilt(t *testing.T) {
	n := handNote("Goals:\n",
		"STG (3 wks): Pt will walk 300 ft.",
		"Pt will walk 500 ft within 4 wks.",
		"Pt will walk 1000 ft.",
	)
	ds := runOne(t, NoTimeframe, n)
	if len(ds) != 1 || ds[0].Start != n.Goals[2].Range.Start {
		t.Fatalf("want one finding on the third goal, got %+v", ds)
	}
	// An inherited timeframe counts.
	n.Goals[2].Timeframe, n.Goals[2].Inherited = "3 WEEKS", true
	if ds := runOne(t, NoTimeframe, n); len(ds) != 0 {
		t.Errorf("inherited timeframe ignored: %+v", ds)
	}
}

func TestNotMeasurableHandBuilt(t *testing.T) {
	n := handNote("Goals:\n",
		"STG (3 wks): Pt will be able to use R hand for ADLs.",
		"LTG (6 wks): Pt will open child-proof pill bottle w/ R hand independently, 3/3 trials.",
	)
	ds := runOne(t, NotMeasurable, n)
	if len(ds) != 1 || ds[0].Start != n.Goals[0].Range.Start {
		t.Fatalf("want one finding on the first goal, got %+v", ds)
	}
	if !strings.Contains(ds[0].Message, "timeframe alone") {
		t.Errorf("message %q", ds[0].Message)
	}
}

// finding is one line-level label or result.
type finding struct {
	file, rule string
	line       int
}

func (f finding) String() string { return fmt.Sprintf("%s:%d %s", f.file, f.line, f.rule) }

// lint runs the goal rules over a note file and returns one finding per rule and line.
func lint(t testing.TB, path string, profile analyzer.Profile) []finding {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	res, err := analyzer.Run(context.Background(), text, Rules(), analyzer.Config{Profile: profile})
	if err != nil {
		t.Fatal(err)
	}
	m := note.NewMapper(text)
	seen := map[finding]bool{}
	var out []finding
	for _, d := range res.Diagnostics {
		line, _ := m.Position(d.Start)
		f := finding{filepath.Base(path), d.Rule, line}
		if !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	return out
}

// TestSharedNotes scores the goal rules against ../shared/notes/labels.json, line
// by line: precision and recall must reach 0.9 for each rule.
func TestSharedNotes(t *testing.T) {
	dir := filepath.Join(repoRoot(t), "..", "shared", "notes")
	data, err := os.ReadFile(filepath.Join(dir, "labels.json"))
	if err != nil {
		t.Fatalf("shared notes missing: %v", err)
	}
	var labels []struct {
		File   string `json:"file"`
		Payer  string `json:"payer"`
		Expect []struct {
			Rule string `json:"rule"`
			Line int    `json:"line"`
		} `json:"expect"`
	}
	if err := json.Unmarshal(data, &labels); err != nil {
		t.Fatal(err)
	}
	if len(labels) < 40 {
		t.Fatalf("labels.json has %d notes", len(labels))
	}
	type score struct{ tp, fp, fn int }
	scores := map[string]*score{}
	for _, r := range Rules() {
		scores[r.ID] = &score{}
	}
	for _, l := range labels {
		want := map[finding]bool{}
		for _, e := range l.Expect {
			if _, ok := scores[e.Rule]; ok {
				want[finding{l.File, e.Rule, e.Line}] = true
			}
		}
		for _, f := range lint(t, filepath.Join(dir, l.File), analyzer.Profile(l.Payer)) {
			if want[f] {
				scores[f.rule].tp++
				delete(want, f)
			} else {
				scores[f.rule].fp++
				t.Logf("false positive: %s", f)
			}
		}
		for f := range want {
			scores[f.rule].fn++
			t.Logf("missed: %s", f)
		}
	}
	for _, r := range Rules() {
		s := scores[r.ID]
		p, rec := ratio(s.tp, s.tp+s.fp), ratio(s.tp, s.tp+s.fn)
		t.Logf("%-22s tp %2d fp %2d fn %2d  precision %.2f recall %.2f", r.ID, s.tp, s.fp, s.fn, p, rec)
		if p < 0.9 || rec < 0.9 {
			t.Errorf("%s: precision %.2f recall %.2f, want ≥ 0.9", r.ID, p, rec)
		}
	}
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// TestMTSamplesPTEvaluations pins which goals of three real PT evaluations are
// impairment-based: strength grades, ROM degrees and pain-only goals fire; walking
// distances, sitting and sleep tolerance, HEP independence do not.
func TestMTSamplesPTEvaluations(t *testing.T) {
	dir := filepath.Join(repoRoot(t), "..", "shared", "corpus", "mtsamples")
	want := map[string][]int{
		// 42 DF/PF degrees, 43 3/5 strength, 47 0/10 pain.
		"mtsamples_2942.txt": {42, 43, 47},
		// 41 hip rotation 4/5, 43 pain < 4/10 while performing ___, 47 strength 4+/5 during MMT.
		"mtsamples_2944.txt": {41, 43, 47},
		// 36 pain 2/10, 37 knee AROM 0-120, 38 4/5 strength, 42 knee AROM 0-130, 43 5/5 strength.
		"mtsamples_2946.txt": {36, 37, 38, 42, 43},
	}
	for file, lines := range want {
		var got []int
		for _, f := range lint(t, filepath.Join(dir, file), "") {
			if f.rule == ImpairmentBased.ID {
				got = append(got, f.line)
			}
		}
		sort.Ints(got)
		if fmt.Sprint(got) != fmt.Sprint(lines) {
			t.Errorf("%s: goal/impairment-based on lines %v, want %v", file, got, lines)
		}
	}
}

// loadMTSamples reads the real notes of ../shared/corpus/mtsamples.
func loadMTSamples(b *testing.B) []string {
	files, err := filepath.Glob(filepath.Join(repoRoot(b), "..", "shared", "corpus", "mtsamples", "*.txt"))
	if err != nil || len(files) == 0 {
		b.Fatalf("mtsamples missing: %v", err)
	}
	var texts []string
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		texts = append(texts, string(data))
	}
	return texts
}

// BenchmarkGoalRules runs the three goal rules over the 100 mtsamples notes,
// parsing included (the classifier's sentence cache warm after the first pass).
func BenchmarkGoalRules(b *testing.B) {
	texts := loadMTSamples(b)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := analyzer.Run(ctx, texts[i%len(texts)], Rules(), analyzer.Config{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "notes/s")
}

// BenchmarkGoalRulesParsed runs only the goal rules over pre-parsed notes.
func BenchmarkGoalRulesParsed(b *testing.B) {
	texts := loadMTSamples(b)
	lex := lexicon.Default()
	var notes []*note.Note
	for _, s := range texts {
		notes = append(notes, note.Parse(s, lex))
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		n := notes[i%len(notes)]
		for _, r := range Rules() {
			r.Run(analyzer.NewPass(n, analyzer.Medicare, lex, r, func(analyzer.Diagnostic) {}))
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "notes/s")
}
