package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/note"
)

// Fake rules exercise the command line without depending on the real rule set.
// They borrow catalogue IDs so configuration files can name them.
func fakeRules() []*analyzer.Rule {
	return []*analyzer.Rule{
		{
			ID:       "time/units-mismatch",
			Severity: analyzer.Error,
			Doc:      "Flags lines that start with UNITS WRONG. Used only in tests.",
			Source:   "test suite",
			Run: func(p *analyzer.Pass) {
				forEachLine(p.Note.Text, func(start int, line string) {
					if strings.HasPrefix(line, "UNITS WRONG") {
						p.Reportf(note.Range{Start: start, End: start + len(line)}, []analyzer.Fix{{
							Title: "Bill 2 units",
							Kind:  analyzer.Safe,
							Edits: []analyzer.TextEdit{{Start: start, End: start + len("UNITS WRONG"), NewText: "UNITS 2"}},
						}}, "billed units are not supported by the minutes")
					}
				})
			},
		},
		{
			ID:       "97530/exercise-only",
			Severity: analyzer.Warning,
			Doc:      "Flags squats on a line with no functional task. Second sentence.",
			Profiles: []analyzer.Profile{analyzer.Medicare},
			Run: func(p *analyzer.Pass) {
				functional := p.Lexicon.Terms.Matcher("functional")
				forEachLine(p.Note.Text, func(start int, line string) {
					i := strings.Index(line, "squats")
					if i < 0 || len(functional.Find(line)) > 0 {
						return
					}
					p.Reportf(note.Range{Start: start + i, End: start + i + len("squats")}, nil, "squats alone are exercise, not a functional task")
				})
			},
		},
		{
			ID:       "doc/vague-phrase",
			Severity: analyzer.Info,
			Doc:      "Flags tolerated well.",
			Run: func(p *analyzer.Pass) {
				text := p.Note.Text
				for off := 0; ; {
					i := strings.Index(text[off:], "tolerated well")
					if i < 0 {
						return
					}
					s := off + i
					p.Reportf(note.Range{Start: s, End: s + len("tolerated well")}, nil, "\"tolerated well\" does not show skilled care")
					off = s + 1
				}
			},
		},
	}
}

func forEachLine(text string, f func(start int, line string)) {
	start := 0
	for _, l := range strings.SplitAfter(text, "\n") {
		f(start, strings.TrimRight(l, "\r\n"))
		start += len(l)
	}
}

// runCLI runs the command in process with the fake rules (or rs when given).
func runCLI(t *testing.T, stdin string, rs []*analyzer.Rule, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	if rs == nil {
		rs = fakeRules()
	}
	var out, errb bytes.Buffer
	e := &env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb, Rules: rs}
	code = run(context.Background(), args, e)
	return code, out.String(), errb.String()
}

// writeTree writes files (path → contents) under a new temp dir and returns it.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// chdir makes dir the working directory for the test, so paths in output are short.
func chdir(t *testing.T, dir string) {
	t.Helper()
	t.Chdir(dir)
}

func TestDispatch(t *testing.T) {
	if code, _, stderr := runCLI(t, "", nil); code != 2 || !strings.Contains(stderr, "usage:") {
		t.Errorf("no args: code %d, stderr %q", code, stderr)
	}
	if code, _, stderr := runCLI(t, "", nil, "frobnicate"); code != 2 || !strings.Contains(stderr, `unknown command "frobnicate"`) {
		t.Errorf("unknown command: code %d, stderr %q", code, stderr)
	}
	if code, stdout, _ := runCLI(t, "", nil, "help"); code != 0 || !strings.Contains(stdout, "lint") {
		t.Errorf("help: code %d", code)
	}
}
