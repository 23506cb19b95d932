package goal

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/note"
	"github.com/soaplint/soaplint/analyzer/rules/internal/golden"
	"github.com/soaplint/soaplint/analyzer/rules/internal/ruletest"
)

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
	ds := ruletest.Run(ImpairmentBased, analyzer.Medicare, n)
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

// TestRepeatedGoalFixes: a goal copied forward (the same text twice in a note)
// gets the same rewrites, each replacing its own occurrence; a goal with another
// label timeframe gets its own.
func TestRepeatedGoalFixes(t *testing.T) {
	n := handNote("Goals:\n",
		"STG (2 wks): R ankle DF AROM to 10 deg.",
		"STG (2 wks): R ankle DF AROM to 10 deg.",
		"R ankle DF AROM to 10 deg.",
	)
	n.Header.Discipline = note.PT
	ds := ruletest.Run(ImpairmentBased, analyzer.Medicare, n)
	if len(ds) != 3 {
		t.Fatalf("got %d findings, want 3: %+v", len(ds), ds)
	}
	for i, d := range ds {
		g := n.Goals[i]
		if len(d.Fixes) == 0 {
			t.Fatalf("goal %d: no fixes", i)
		}
		for k, f := range d.Fixes {
			if e := f.Edits[0]; e.Start != g.Range.Start || e.End != g.Range.End {
				t.Errorf("goal %d fix %d edits %d-%d, want its own text %d-%d", i, k, e.Start, e.End, g.Range.Start, g.Range.End)
			}
			if i == 1 && f.Edits[0].NewText != ds[0].Fixes[k].Edits[0].NewText {
				t.Errorf("the copied goal's fix %d differs: %q vs %q", k, f.Edits[0].NewText, ds[0].Fixes[k].Edits[0].NewText)
			}
		}
	}
	if !strings.Contains(ds[2].Fixes[0].Edits[0].NewText, "wks") {
		t.Errorf("the unlabelled goal's rewrite %q lacks the timeframe placeholder the labelled ones do not need", ds[2].Fixes[0].Edits[0].NewText)
	}
}

func TestNoTimeframeHandBuilt(t *testing.T) {
	n := handNote("Goals:\n",
		"STG (3 wks): Pt will walk 300 ft.",
		"Pt will walk 500 ft within 4 wks.",
		"Pt will walk 1000 ft.",
	)
	ds := ruletest.Run(NoTimeframe, analyzer.Medicare, n)
	if len(ds) != 1 || ds[0].Start != n.Goals[2].Range.Start {
		t.Fatalf("want one finding on the third goal, got %+v", ds)
	}
	// An inherited timeframe counts.
	n.Goals[2].Timeframe, n.Goals[2].Inherited = "3 WEEKS", true
	if ds := ruletest.Run(NoTimeframe, analyzer.Medicare, n); len(ds) != 0 {
		t.Errorf("inherited timeframe ignored: %+v", ds)
	}
}

func TestNotMeasurableHandBuilt(t *testing.T) {
	n := handNote("Goals:\n",
		"STG (3 wks): Pt will be able to use R hand for ADLs.",
		"LTG (6 wks): Pt will open child-proof pill bottle w/ R hand independently, 3/3 trials.",
	)
	ds := ruletest.Run(NotMeasurable, analyzer.Medicare, n)
	if len(ds) != 1 || ds[0].Start != n.Goals[0].Range.Start {
		t.Fatalf("want one finding on the first goal, got %+v", ds)
	}
	if !strings.Contains(ds[0].Message, "timeframe alone") {
		t.Errorf("message %q", ds[0].Message)
	}
}

// finding is one line-level result.
type finding struct {
	file, rule string
	line       int
}

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

// TestSharedNotes scores the goal rules against testdata/labelled/notes/labels.json, line
// by line: precision and recall must reach 0.9 for each rule.
func TestSharedNotes(t *testing.T) { golden.CheckSharedNotes(t, Rules(), 0.9) }

// TestMTSamplesPTEvaluations pins which goals of three real PT evaluations are
// impairment-based: strength grades, ROM degrees and pain-only goals fire; walking
// distances, sitting and sleep tolerance, HEP independence do not.
func TestMTSamplesPTEvaluations(t *testing.T) {
	dir := golden.DataDir(t, "corpus", "mtsamples")
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

// loadMTSamples reads the 100 real notes of testdata/corpus/mtsamples.
func loadMTSamples(b *testing.B) []golden.File {
	return golden.ReadFiles(b, golden.DataDir(b, "corpus", "mtsamples"), "*.txt")
}

// BenchmarkGoalRules runs the three goal rules over the 100 mtsamples notes,
// parsing included (the classifier's sentence cache warm after the first pass).
func BenchmarkGoalRules(b *testing.B) {
	texts := loadMTSamples(b)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := analyzer.Run(ctx, texts[i%len(texts)].Text, Rules(), analyzer.Config{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "notes/s")
}

// BenchmarkGoalRulesParsed runs only the goal rules over pre-parsed notes.
func BenchmarkGoalRulesParsed(b *testing.B) { golden.BenchRulesOn(b, Rules(), loadMTSamples(b)) }
