package main

import (
	"context"
	"fmt"
	"io"
	"iter"
	"testing"

	"github.com/soaplint/soaplint/cmd/soaplint/internal/batch"
	"github.com/soaplint/soaplint/cmd/soaplint/internal/corpus"
	"github.com/soaplint/soaplint/cmd/soaplint/internal/format"
)

// BenchmarkBatchCorpus lints the 4,999 MTSamples notes (held in memory, so the
// figure is the engine's, not the disk's) with 1 and 2 workers and the JSON
// writer, and reports notes/s. .ci/bench-corpus.sh times the whole process.
func BenchmarkBatchCorpus(b *testing.B) {
	notes, err := corpus.Read(fullCorpus(b))
	if err != nil {
		b.Fatalf("corpus required: %v", err)
	}
	inputs := func(yield func(batch.Input) bool) {
		for _, n := range notes {
			if !yield(batch.Input{Path: n.Name, Data: []byte(n.Text)}) {
				return
			}
		}
	}
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			o := &lintOptions{format: "json", jobs: workers}
			l, ok := newLinter("bench", o, &env{Stderr: io.Discard}, &lockedWriter{w: io.Discard})
			if !ok {
				b.Fatal("newLinter failed")
			}
			b.ResetTimer()
			for b.Loop() {
				runBatch(b, l, inputs, workers)
			}
			b.ReportMetric(float64(len(notes))*float64(b.N)/b.Elapsed().Seconds(), "notes/s")
		})
	}
}

func runBatch(b *testing.B, l *linter, inputs iter.Seq[batch.Input], workers int) {
	w, _ := format.New("json", io.Discard, l.Rules(), "bench")
	var sum format.Summary
	err := batch.Run(context.Background(), inputs, workers, l.lintOne, func(n *format.Note) error {
		sum.Add(n)
		return w.Note(n)
	})
	if err == nil {
		err = w.Close(&sum)
	}
	if err != nil || sum.InputErrors > 0 {
		b.Fatalf("err %v, %d input errors", err, sum.InputErrors)
	}
}
