package golden

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/note"
	"github.com/soaplint/soaplint/lexicon"
)

// Score is one rule's precision and recall on the shared labelled notes.
type Score struct {
	TP, FP, FN        int
	Precision, Recall float64
}

// SharedNotes lints the labelled notes (testdata/labelled/notes) with rules, each note
// under its labelled payer profile, and scores every rule against labels.json.
// A missing corpus fails the test.
func SharedNotes(t *testing.T, rules []*analyzer.Rule) map[string]Score {
	t.Helper()
	// Rules labelled per line (Scoring.PerLine) are matched by line; the
	// others per note (one entry means "fires at least once").
	lineLevel := map[string]bool{}
	for _, r := range rules {
		lineLevel[r.ID] = r.Scoring.PerLine
	}
	dir := DataDir(t, "notes")
	data, err := os.ReadFile(filepath.Join(dir, "labels.json"))
	if err != nil {
		t.Fatalf("shared notes: %v", err)
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
		t.Fatalf("labels.json: %v", err)
	}
	if len(labels) < 40 {
		t.Fatalf("labels.json labels %d notes, too few to score", len(labels))
	}
	type key struct {
		rule, file string
		line       int
	}
	want, got := map[key]bool{}, map[key]bool{}
	for _, l := range labels {
		for _, e := range l.Expect {
			k := key{e.Rule, l.File, 0}
			if lineLevel[e.Rule] {
				k.line = e.Line
			}
			want[k] = true
		}
		text, err := os.ReadFile(filepath.Join(dir, l.File))
		if err != nil {
			t.Fatalf("shared notes: %v", err)
		}
		res, err := analyzer.Run(context.Background(), string(text), rules, analyzer.Config{Profile: analyzer.Profile(l.Payer)})
		if err != nil {
			t.Fatal(err)
		}
		m := note.NewMapper(string(text))
		for _, d := range res.Diagnostics {
			k := key{d.Rule, l.File, 0}
			if lineLevel[d.Rule] {
				k.line, _ = m.Position(d.Start)
			}
			got[k] = true
		}
	}
	scores := map[string]Score{}
	for _, r := range rules {
		var s Score
		for k := range got {
			if k.rule == r.ID {
				if want[k] {
					s.TP++
				} else {
					s.FP++
					t.Logf("%s: unexpected finding in %s (line %d)", r.ID, k.file, k.line)
				}
			}
		}
		for k := range want {
			if k.rule == r.ID && !got[k] {
				s.FN++
				t.Logf("%s: missed finding in %s (line %d)", r.ID, k.file, k.line)
			}
		}
		s.Precision, s.Recall = 1, 1
		if s.TP+s.FP > 0 {
			s.Precision = float64(s.TP) / float64(s.TP+s.FP)
		}
		if s.TP+s.FN > 0 {
			s.Recall = float64(s.TP) / float64(s.TP+s.FN)
		}
		scores[r.ID] = s
	}
	return scores
}

// CheckSharedNotes scores rules with SharedNotes and fails the test for each rule
// whose precision or recall is below threshold.
func CheckSharedNotes(t *testing.T, rules []*analyzer.Rule, threshold float64) {
	t.Helper()
	scores := SharedNotes(t, rules)
	for _, r := range rules {
		s := scores[r.ID]
		t.Logf("%-30s P=%.2f R=%.2f (tp %d fp %d fn %d)", r.ID, s.Precision, s.Recall, s.TP, s.FP, s.FN)
		if s.Precision < threshold || s.Recall < threshold {
			t.Errorf("%s: precision %.2f, recall %.2f on the shared notes; want both >= %.2f", r.ID, s.Precision, s.Recall, threshold)
		}
	}
}

// MTSamplesSilent lints the 100 real notes of testdata/corpus/mtsamples, which bill
// nothing, with rules and fails the test for every finding (by file and line).
// A missing corpus fails the test.
func MTSamplesSilent(t *testing.T, rules []*analyzer.Rule) {
	t.Helper()
	for _, f := range ReadFiles(t, DataDir(t, "corpus", "mtsamples"), "*.txt") {
		res, err := analyzer.Run(context.Background(), f.Text, rules, analyzer.Config{})
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range res.Diagnostics {
			line, _ := res.Note.Mapper().Position(d.Start)
			t.Errorf("%s:%d: unexpected %s", f.Name, line, d.Rule)
		}
	}
}

// DataDir returns the repository's copy of a data set the team keeps in
// ../shared, so the tests need nothing beside the clone: DataDir(t, "notes")
// is testdata/labelled/notes (also notes2, goals, episodes), DataDir(t,
// "corpus", "mtsamples") is testdata/corpus/mtsamples.
func DataDir(t testing.TB, elem ...string) string {
	t.Helper()
	if len(elem) > 0 && elem[0] == "corpus" {
		return filepath.Join(append([]string{RepoRoot(t), "testdata"}, elem...)...)
	}
	return filepath.Join(append([]string{RepoRoot(t), "testdata", "labelled"}, elem...)...)
}

// File is one note read from a corpus directory.
type File struct {
	Name string // base name
	Text string
}

// ReadFiles reads the files of dir matching pattern, in name order. Finding
// none fails the test: a test that needs a corpus must not pass without it.
func ReadFiles(t testing.TB, dir, pattern string) []File {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(dir, pattern))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no %s files in %s (%v)", pattern, dir, err)
	}
	files := make([]File, 0, len(paths))
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, File{Name: filepath.Base(p), Text: string(data)})
	}
	return files
}

// BenchRules runs rules over the shared labelled notes, parsed beforehand.
func BenchRules(b *testing.B, rules []*analyzer.Rule) {
	b.Helper()
	BenchRulesOn(b, rules, ReadFiles(b, DataDir(b, "notes"), "n*.txt"))
}

// BenchRulesOn runs rules over files, parsed beforehand (parsing is not timed),
// and reports the time per note and notes per second.
func BenchRulesOn(b *testing.B, rules []*analyzer.Rule, files []File) {
	b.Helper()
	lex := lexicon.Default()
	notes := make([]*note.Note, 0, len(files))
	for _, f := range files {
		notes = append(notes, note.Parse(f.Text, lex))
	}
	b.ResetTimer()
	for b.Loop() {
		for _, n := range notes {
			for _, r := range rules {
				r.Run(analyzer.NewPass(n, analyzer.Medicare, lex, r, func(analyzer.Diagnostic) {}))
			}
		}
	}
	perNote := b.Elapsed().Seconds() / float64(b.N*len(notes))
	b.ReportMetric(perNote*1e6, "µs/note")
	b.ReportMetric(1/perNote, "notes/s")
}
