package billing

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/note"
	"github.com/soaplint/soaplint/analyzer/rules/internal/golden"
	"github.com/soaplint/soaplint/lexicon"
)

// BenchmarkRules runs the modifier/* and units/* rules over the parsed shared notes (parsing excluded).
func BenchmarkRules(b *testing.B) {
	files, _ := filepath.Glob(filepath.Join(filepath.Dir(filepath.Dir(golden.Dir(b))), "..", "shared", "notes", "n*.txt"))
	if len(files) == 0 {
		b.Fatal("shared notes are required")
	}
	lex := lexicon.Default()
	var notes []*note.Note
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		notes = append(notes, note.Parse(string(data), lex))
	}
	rules := Rules()
	sink := 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		n := notes[i%len(notes)]
		for _, r := range rules {
			r.Run(analyzer.NewPass(n, analyzer.Medicare, lex, r, func(analyzer.Diagnostic) { sink++ }))
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "notes/s")
}
