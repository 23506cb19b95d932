package rules_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/rules"
)

// benchNotes reads the notes matching pattern under the repository's testdata
// (copies of ../shared: corpus/mtsamples, labelled/notes); a benchmark fails
// when they are missing.
func benchNotes(b *testing.B, dir, pattern string) []string {
	b.Helper()
	files, err := filepath.Glob(filepath.Join("..", "..", "testdata", dir, pattern))
	if err != nil || len(files) == 0 {
		b.Fatalf("no %s in testdata/%s", pattern, dir)
	}
	var notes []string
	for _, f := range files {
		t, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		notes = append(notes, string(t))
	}
	return notes
}

// benchRun lints every note once per iteration with every rule and reports the
// cost per note and the throughput (docs/benchmarks.md).
func benchRun(b *testing.B, notes []string) {
	all := rules.All()
	ctx := context.Background()
	var bytes int64
	for _, n := range notes {
		bytes += int64(len(n))
	}
	// Warm the lexicon and any lazily built model outside the timing.
	if _, err := analyzer.Run(ctx, notes[0], all, analyzer.Config{}); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(bytes)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, n := range notes {
			if _, err := analyzer.Run(ctx, n, all, analyzer.Config{}); err != nil {
				b.Fatal(err)
			}
		}
	}
	perNote := float64(b.Elapsed().Nanoseconds()) / float64(b.N) / float64(len(notes))
	b.ReportMetric(perNote, "ns/note")
	b.ReportMetric(1e9/perNote, "notes/s")
}

// BenchmarkRunAll: the 100 MTSamples notes (real dictations that bill nothing).
func BenchmarkRunAll(b *testing.B) { benchRun(b, benchNotes(b, "corpus/mtsamples", "*.txt")) }

// BenchmarkRunLabelled: the 45 labelled therapy notes, which bill codes and so
// exercise every rule family.
func BenchmarkRunLabelled(b *testing.B) { benchRun(b, benchNotes(b, "labelled/notes", "*.txt")) }
