package main

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/soaplint/soaplint/analyzer/rules"
)

// TestLintFixSamples runs `lint --fix --fail-level warning` with the real rules
// over a copy of testdata/samples: --fix applies only safe fixes, so it adds
// the missing discipline modifiers but changes no CPT code, writes no 0-unit
// charge and no template blank, and the exit status is 1 because warnings
// remain (the output is the re-lint of the fixed notes).
func TestLintFixSamples(t *testing.T) {
	src := filepath.Join("..", "..", "testdata", "samples")
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	before := map[string]string{}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		before[e.Name()] = string(data)
		if err := os.WriteFile(filepath.Join(dir, e.Name()), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if len(before) < 3 {
		t.Fatalf("testdata/samples has %d notes", len(before))
	}
	chdir(t, dir)
	code, stdout, stderr := runCLI(t, "", rules.All(), "lint", "--fix", "--fail-level", "warning", ".")
	if code != 1 {
		t.Errorf("exit %d, want 1 (warnings remain)\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, "warning ") {
		t.Errorf("no warning left in the output after --fix:\n%s", stdout)
	}

	cpt := regexp.MustCompile(`\b9\d{4}\b`)
	zero := regexp.MustCompile(`(?i)\bx\s*0\b|\b0 units?\b`)
	blank := regexp.MustCompile(`__|<[a-z][^>\n]*>|\{[a-z_]+\}|(?i:\[insert)`)
	changed := 0
	for name, old := range before {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		now := string(data)
		if now != old {
			changed++
		}
		if a, b := cpt.FindAllString(old, -1), cpt.FindAllString(now, -1); !slices.Equal(a, b) {
			t.Errorf("%s: CPT codes changed by --fix: %v -> %v", name, a, b)
		}
		if n, o := len(zero.FindAllString(now, -1)), len(zero.FindAllString(old, -1)); n > o {
			t.Errorf("%s: --fix wrote a 0-unit charge:\n%s", name, now)
		}
		if n, o := len(blank.FindAllString(now, -1)), len(blank.FindAllString(old, -1)); n > o {
			t.Errorf("%s: --fix wrote a template blank:\n%s", name, now)
		}
	}
	// The safe fixes that apply: GP on the shoulder note's two charges.
	shoulder, _ := os.ReadFile(filepath.Join(dir, "pt-shoulder-findings.txt"))
	if !strings.Contains(string(shoulder), "97530-GP x3 units") || !strings.Contains(string(shoulder), "97140-GP x1 unit") {
		t.Errorf("discipline modifiers not added:\n%s", shoulder)
	}
	if changed != 1 {
		t.Errorf("%d notes changed, want 1 (only the shoulder note has safe fixes)", changed)
	}
	// What remains is re-linted: the modifier finding is gone, the tie and the
	// clinical suggestions (re-code, goal rewrites, blanks) are still reported.
	if strings.Contains(stdout, "modifier/discipline-missing") {
		t.Errorf("fixed finding still reported:\n%s", stdout)
	}
	for _, want := range []string{"time/units-mismatch", "97530/exercise-only", "goal/impairment-based", "time/missing-start-stop"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("after --fix, %s is not reported:\n%s", want, stdout)
		}
	}
	// The default fail level (error) still fails on the remaining errors.
	if code, _, _ := runCLI(t, "", rules.All(), "lint", "--fix", "."); code != 1 {
		t.Errorf("second --fix: exit %d, want 1 (errors remain)", code)
	}
}
