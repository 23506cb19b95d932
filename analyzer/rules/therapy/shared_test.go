package therapy

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/note"
	"github.com/soaplint/soaplint/lexicon"

	"github.com/soaplint/soaplint/analyzer/rules/internal/golden"
)

// The family's rules reach precision and recall of at least 0.9 on the shared
// labelled notes (../shared/notes).
func TestSharedNotes(t *testing.T) {
	for id, s := range golden.SharedNotes(t, Rules()) {
		t.Logf("%-30s P=%.2f R=%.2f (tp %d fp %d fn %d)", id, s.Precision, s.Recall, s.TP, s.FP, s.FN)
		if s.Precision < 0.9 || s.Recall < 0.9 {
			t.Errorf("%s: precision %.2f, recall %.2f on the shared notes; want both >= 0.9", id, s.Precision, s.Recall)
		}
	}
}

// Real narrative notes that bill nothing get no 97530 finding.
func TestMTSamplesSilent(t *testing.T) {
	dir := filepath.Join(filepath.Dir(filepath.Dir(golden.Dir(t))), "..", "shared", "corpus", "mtsamples")
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no MTSamples notes in %s", dir)
	}
	for _, f := range files {
		text, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		res, err := analyzer.Run(context.Background(), string(text), Rules(), analyzer.Config{})
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range res.Diagnostics {
			line, _ := res.Note.Mapper().Position(d.Start)
			t.Errorf("%s:%d: unexpected %s", filepath.Base(f), line, d.Rule)
		}
	}
}

// BenchmarkRules runs this family's rules over the shared notes, parsed once.
func BenchmarkRules(b *testing.B) {
	benchRules(b, Rules())
}

func benchRules(b *testing.B, rules []*analyzer.Rule) {
	dir := filepath.Join(filepath.Dir(filepath.Dir(golden.Dir(b))), "..", "shared", "notes")
	files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	if len(files) == 0 {
		b.Fatalf("no notes in %s", dir)
	}
	lex := lexicon.Default()
	var notes []*note.Note
	for _, f := range files {
		text, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		notes = append(notes, note.Parse(string(text), lex))
	}
	b.ResetTimer()
	for b.Loop() {
		for _, n := range notes {
			for _, r := range rules {
				r.Run(analyzer.NewPass(n, analyzer.Medicare, lex, r, func(analyzer.Diagnostic) {}))
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(notes))/1000, "µs/note")
}
