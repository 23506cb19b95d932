package rules_test

// FuzzRun feeds arbitrary text through the parser and every rule. CI replays the
// seeds and testdata/fuzz/FuzzRun (go test); a long run is
//
//	go test -run '^$' -fuzz '^FuzzRun$' -fuzztime 10m -parallel 1 ./analyzer/rules/

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/rules"
)

// FuzzRun: no panic, no error, the output contract of checkResult, and the same
// diagnostics on a second run (rules hold no state; output order must not depend
// on map iteration, or the LSP server would republish unchanged results).
func FuzzRun(f *testing.F) {
	for _, dir := range []string{
		filepath.Join("..", "..", "testdata", "labelled", "notes"),
		filepath.Join("..", "..", "testdata", "hostile"),
	} {
		files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
		if err != nil || len(files) == 0 {
			f.Fatalf("no seed notes in %s: %v", dir, err)
		}
		for i, file := range files {
			b, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(string(b), i%2 == 1)
		}
	}
	for _, s := range []string{"", "\uFEFFPayer: Commercial\r\n", "Goals:\n\x80\n", "97530 x2\r97140 x1\r"} {
		f.Add(s, false)
	}
	all := rules.All()
	f.Fuzz(func(t *testing.T, text string, commercial bool) {
		cfg := analyzer.Config{}
		if commercial {
			cfg.Profile = analyzer.Commercial
		}
		res, err := analyzer.Run(context.Background(), text, all, cfg)
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
		checkResult(t, text, res)
		again, err := analyzer.Run(context.Background(), text, all, cfg)
		if err != nil {
			t.Fatalf("second Run: %v", err)
		}
		if !slices.EqualFunc(res.Diagnostics, again.Diagnostics, sameDiagnostic) {
			t.Errorf("two runs over the same note differ (%d vs %d diagnostics)", len(res.Diagnostics), len(again.Diagnostics))
		}
	})
}

func sameDiagnostic(a, b analyzer.Diagnostic) bool {
	return a.Rule == b.Rule && a.Severity == b.Severity && a.Start == b.Start && a.End == b.End &&
		a.Message == b.Message && slices.EqualFunc(a.Fixes, b.Fixes, func(x, y analyzer.Fix) bool {
		return x.Title == y.Title && slices.Equal(x.Edits, y.Edits)
	})
}
