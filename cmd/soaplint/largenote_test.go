package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/soaplint/soaplint/analyzer/rules"
	"github.com/soaplint/soaplint/cmd/soaplint/internal/batch"
	"github.com/soaplint/soaplint/cmd/soaplint/internal/format"
)

// sampleNotes are the shipped sample notes a large note is built from: one full
// of findings (every re-code, modifier and goal rule fires), one clean and one
// OT note in Markdown.
var sampleNotes = []string{"pt-shoulder-findings.txt", "pt-knee-clean.txt", "ot-adl.md"}

// repeatedNote is the sample notes, each followed by a blank line, repeated
// until the text reaches size bytes: one "note" as a pasted or exported file of
// many visits looks to the linter.
func repeatedNote(tb testing.TB, size int, names ...string) string {
	tb.Helper()
	var unit strings.Builder
	for _, name := range names {
		data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "samples", name))
		if err != nil {
			tb.Fatal(err)
		}
		unit.Write(data)
		unit.WriteString("\n")
	}
	u := unit.String()
	return strings.Repeat(u, (size+len(u)-1)/len(u))
}

// countingWriter counts the bytes written through it.
type countingWriter struct{ n int64 }

func (c *countingWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

// lintLarge lints text as one stdin note with the real rules and renders it in
// format, returning the bytes written.
func lintLarge(tb testing.TB, text, formatName string) int64 {
	tb.Helper()
	o := &lintOptions{format: formatName, jobs: 1}
	stderr := &lockedWriter{w: io.Discard}
	bl, err := batch.NewLinter(batch.Options{Rules: rules.All(), Known: rules.Catalogue, Stderr: stderr})
	if err != nil {
		tb.Fatal(err)
	}
	l := &linter{opts: o, Linter: bl, stderr: stderr}
	var out countingWriter
	w, err := format.New(formatName, &out, l.Rules(), "bench")
	if err != nil {
		tb.Fatal(err)
	}
	var sum format.Summary
	one := func(yield func(batch.Input) bool) { yield(batch.Input{Path: "-", Data: []byte(text)}) }
	err = batch.Run(context.Background(), one, 1, l.lintOne, func(n *format.Note) error {
		sum.Add(n)
		return w.Note(n)
	})
	if err == nil {
		err = w.Close(&sum)
	}
	if err != nil || sum.InputErrors > 0 || sum.Diagnostics == 0 {
		tb.Fatalf("err %v, %d input errors, %d diagnostics", err, sum.InputErrors, sum.Diagnostics)
	}
	return out.n
}

// BenchmarkLargeNote lints one 20 MB note of repeated sample notes (built in the
// benchmark, not read from disk) and writes it as JSON, reporting the output
// size per input byte (target < 5) besides time and allocations (B/op is all
// bytes allocated; peak memory is measured on the process, see docs/benchmarks.md).
func BenchmarkLargeNote(b *testing.B) {
	for _, bc := range []struct {
		name  string
		notes []string
	}{
		{"samples", sampleNotes},
		{"findings-only", sampleNotes[:1]},
	} {
		b.Run(bc.name, func(b *testing.B) {
			text := repeatedNote(b, 20<<20, bc.notes...)
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			var out int64
			for b.Loop() {
				out = lintLarge(b, text, "json")
			}
			b.ReportMetric(float64(out)/float64(len(text)), "out/in")
			b.ReportMetric(float64(out), "out-bytes")
		})
	}
}

// TestOutputLinearInNote: doubling a file of repeated notes at most doubles the
// output (within 10 %), in every format. The 97530 re-code fix once listed every
// 97530 of the file in each finding: 2,000 pasted notes gave 305 MB of JSON.
func TestOutputLinearInNote(t *testing.T) {
	for _, notes := range [][]string{sampleNotes[:1], sampleNotes} {
		const n = 96 << 10
		once, twice := repeatedNote(t, n, notes...), repeatedNote(t, 2*n, notes...)
		for _, f := range format.Names {
			if f == "jsonl" {
				continue // for JSONL inputs only
			}
			a, b := lintLarge(t, once, f), lintLarge(t, twice, f)
			if float64(b) > 2.2*float64(a) {
				t.Errorf("%v, %s: %d bytes in → %d bytes out, %d in → %d out (×%.2f for ×2)",
					notes, f, len(once), a, len(twice), b, float64(b)/float64(a))
			}
		}
	}
}
