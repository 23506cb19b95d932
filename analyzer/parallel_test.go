package analyzer_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/rules"
)

// TestParallelRulesSameResult: a note's rules run on several goroutines give
// the same findings, in the same order, with the same fixes, as one by one
// (and, under -race, share nothing they write).
func TestParallelRulesSameResult(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "testdata", "samples", "*"))
	if err != nil || len(files) == 0 {
		t.Fatalf("samples: %v (%d files)", err, len(files))
	}
	var b strings.Builder
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(data)
		b.WriteString("\n\n")
	}
	text := strings.Repeat(b.String(), 4)
	one, err := analyzer.RunWorkers(context.Background(), text, rules.All(), analyzer.Config{}, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(one.Diagnostics) < 20 {
		t.Fatalf("only %d findings: the samples no longer exercise the rules", len(one.Diagnostics))
	}
	for _, workers := range []int{2, 3, 8} {
		got, err := analyzer.RunWorkers(context.Background(), text, rules.All(), analyzer.Config{}, workers)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got.Diagnostics, one.Diagnostics) {
			t.Errorf("%d workers: %d findings differ from the sequential run's %d", workers, len(got.Diagnostics), len(one.Diagnostics))
		}
	}
}

// TestParallelRulesCancelled: a cancelled context stops a parallel run with
// the context's error, not a partial result.
func TestParallelRulesCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res, err := analyzer.RunWorkers(ctx, "S: pain 3/10\n97110 x2 30 min\n", rules.All(), analyzer.Config{}, 2)
	if !errors.Is(err, context.Canceled) || res != nil {
		t.Fatalf("got %v, %v; want nil, context.Canceled", res, err)
	}
}
