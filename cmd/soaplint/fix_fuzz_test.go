package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/note"
	"github.com/soaplint/soaplint/analyzer/rules"
	"github.com/soaplint/soaplint/lexicon"
)

// fixSeeds are the repository's own notes: the samples, both labelled sets, the
// hostile notes and every rule golden's note (all in testdata/, so the target
// needs nothing beside the repository).
func fixSeeds(tb testing.TB) []string {
	tb.Helper()
	root := filepath.Join("..", "..", "testdata")
	var seeds []string
	for _, pat := range []string{"samples/*", "labelled/notes/*.txt", "labelled/notes2/*.txt", "hostile/*.txt"} {
		files, _ := filepath.Glob(filepath.Join(root, pat))
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				tb.Fatal(err)
			}
			seeds = append(seeds, string(b))
		}
	}
	err := filepath.WalkDir(filepath.Join(root, "rules"), func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".txtar") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		// The note is the "-- note.txt --" section, up to the next section.
		_, rest, ok := strings.Cut(string(b), "-- note.txt --\n")
		if ok {
			if i := strings.Index(rest, "\n-- "); i >= 0 {
				rest = rest[:i+1]
			}
			seeds = append(seeds, rest)
		}
		return nil
	})
	if err != nil || len(seeds) < 100 {
		tb.Fatalf("%d seed notes (%v)", len(seeds), err)
	}
	return seeds
}

// fixPick is the pick of --fix: safe fixes only (DESIGN.md, "--fix applies
// only safe fixes"; analyzer.SafeOnly). Placeholder skeletons and re-codes are
// suggestions: applied twice they would insert a second skeleton, which is why
// they are not --fix's to apply.
var fixPick = analyzer.SafeOnly

// fixPass is one `lint --fix` over text: lint, then fixAll (lint.go's loop)
// with the fixes --fix picks.
func fixPass(t *testing.T, text string, cfg analyzer.Config) (string, bool) {
	run := func(text string) (*analyzer.Result, error) {
		return analyzer.Run(context.Background(), text, rules.All(), cfg)
	}
	res, err := run(text)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	apply := func(text string, diags []analyzer.Diagnostic) (string, bool) {
		out, n := analyzer.ApplyFixes(text, diags, fixPick)
		return out, n > 0 && out != text
	}
	fr, err := fixAll(text, res, apply, run)
	if err != nil {
		t.Fatalf("fix: %v", err)
	}
	return fr.text, fr.changed
}

// FuzzFix: --fix on any note leaves text that parses and lints without panic,
// and a second --fix changes nothing. CI replays the seeds and
// testdata/fuzz/FuzzFix; a long run is
//
//	go test -run '^$' -fuzz '^FuzzFix$' -fuzztime 10m -parallel 2 ./cmd/soaplint/
func FuzzFix(f *testing.F) {
	for i, s := range fixSeeds(f) {
		f.Add(s, i%2 == 1)
	}
	// Found by fuzzing: GP and CQ both insert after the code, so one pass could
	// apply only one of them (lint.go's fixAll now loops).
	f.Add("Payer: Medicare\nCharges: 97110 x2\nSigned: Lee Park, PTA\n", false)
	f.Fuzz(func(t *testing.T, text string, commercial bool) {
		// lint reads only UTF-8 text without NUL bytes; anything else is an input error.
		if !utf8.ValidString(text) || strings.IndexByte(text, 0) >= 0 {
			return
		}
		cfg := analyzer.Config{}
		if commercial {
			cfg.Profile = analyzer.Commercial
		}
		fixed, ok := fixPass(t, text, cfg)
		if !ok {
			return
		}
		if !utf8.ValidString(fixed) {
			t.Fatalf("fixed text is not UTF-8")
		}
		note.Parse(fixed, lexicon.Default())
		if again, changed := fixPass(t, fixed, cfg); changed {
			t.Errorf("a second --fix changed the note again:\n--- first pass\n%s\n--- second pass\n%s", fixed, again)
		}
	})
}
