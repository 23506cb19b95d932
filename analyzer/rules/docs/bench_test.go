package docs

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/note"
	"github.com/soaplint/soaplint/analyzer/rules/internal/golden"
	"github.com/soaplint/soaplint/lexicon"
)

// BenchmarkRules runs this family's rules over the shared notes, parsed once.
func BenchmarkRules(b *testing.B) {
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
	rules := Rules()
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
