// Package golden runs rule golden tests: txtar archives under
// testdata/rules/<rule ID>/ holding a note and the findings one rule must report
// on it, with positions, messages and fixes.
//
// An archive has these files:
//
//	-- note.txt --   the note
//	-- want --       the rule's findings, rendered by Render
//	-- fixed.txt --  optional: the note after --fix (the first safe fix of every finding)
//
// The archive comment (text before the first file) may say "profile: commercial".
// With update set, want and fixed.txt are rewritten from the current output.
package golden

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/note"
	"github.com/soaplint/soaplint/analyzer/rules/internal/ruleutil"
)

// RepoRoot returns the directory holding go.mod, found upward from the test's
// working directory.
func RepoRoot(t testing.TB) string {
	t.Helper()
	d, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d
		}
		p := filepath.Dir(d)
		if p == d {
			t.Fatal("golden: no go.mod above the working directory")
		}
		d = p
	}
}

// Dir returns the repository's testdata/rules directory.
func Dir(t testing.TB) string {
	t.Helper()
	return filepath.Join(RepoRoot(t), "testdata", "rules")
}

// Run checks every archive of every rule in rules. A rule with no archive fails
// the test: every rule must have golden coverage.
func Run(t *testing.T, rules []*analyzer.Rule, update bool) {
	root := Dir(t)
	for _, r := range rules {
		files, _ := filepath.Glob(filepath.Join(root, filepath.FromSlash(r.ID), "*.txtar"))
		if len(files) == 0 {
			t.Errorf("%s: no golden tests in %s", r.ID, filepath.Join(root, filepath.FromSlash(r.ID)))
		}
		for _, f := range files {
			t.Run(r.ID+"/"+filepath.Base(f), func(t *testing.T) { runFile(t, r, f, update) })
		}
	}
}

func runFile(t *testing.T, r *analyzer.Rule, path string, update bool) {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	a := parse(data)
	text, ok := a.file("note.txt")
	if !ok {
		t.Fatalf("%s: no note.txt", path)
	}
	cfg := analyzer.Config{}
	if strings.Contains(a.comment, "profile: commercial") {
		cfg.Profile = analyzer.Commercial
	}
	res, err := analyzer.Run(context.Background(), text, []*analyzer.Rule{r}, cfg)
	if err != nil {
		t.Fatal(err)
	}
	CheckSafe(t, path, res.Diagnostics)
	got := Render(text, res.Diagnostics)
	fixed := ApplyFirstFixes(text, res.Diagnostics)
	if update {
		a.set("want", got)
		if _, ok := a.file("fixed.txt"); ok {
			a.set("fixed.txt", fixed)
		}
		if err := os.WriteFile(path, a.format(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, _ := a.file("want")
	if got != want {
		t.Errorf("%s: findings differ\n--- got\n%s--- want\n%s", path, got, want)
	}
	if w, ok := a.file("fixed.txt"); ok && fixed != w {
		t.Errorf("%s: fixed note differs\n--- got\n%s--- want\n%s", path, fixed, w)
	}
}

// Render writes diagnostics one per line as "L:C-L:C rule: message" (1-based lines
// and character columns), each fix below it as `fix "title"` and its edits as
// `L:C-L:C "new text"`. Each fix line names its kind (safe or suggestion), so a
// golden pins what --fix may apply. The engine's disable fix is left out.
func Render(text string, ds []analyzer.Diagnostic) string {
	m := note.NewMapper(text)
	pos := func(s, e int) string {
		l1, c1 := m.Position(s)
		l2, c2 := m.Position(e)
		return fmt.Sprintf("%d:%d-%d:%d", l1, c1, l2, c2)
	}
	var b strings.Builder
	for _, d := range ds {
		fmt.Fprintf(&b, "%s %s: %s\n", pos(d.Start, d.End), d.Rule, d.Message)
		for _, f := range d.Fixes {
			if f.Kind == analyzer.Disable {
				continue
			}
			fmt.Fprintf(&b, "\tfix %s %q\n", f.Kind, f.Title)
			for _, e := range f.Edits {
				fmt.Fprintf(&b, "\t\t%s %q\n", pos(e.Start, e.End), e.NewText)
			}
		}
	}
	return b.String()
}

// ApplyFirstFixes applies what --fix applies: the first safe fix of every
// diagnostic, skipping fixes that overlap one already applied.
func ApplyFirstFixes(text string, ds []analyzer.Diagnostic) string {
	out, _ := analyzer.ApplyFixes(text, ds, analyzer.SafeOnly)
	return out
}

// CheckSafe fails t for a safe fix that makes a billing or clinical decision
// --fix must never make unattended: writing 0 units or a template blank.
func CheckSafe(t testing.TB, name string, ds []analyzer.Diagnostic) {
	t.Helper()
	for _, d := range ds {
		for _, f := range d.Fixes {
			if f.Kind != analyzer.Safe {
				continue
			}
			for _, e := range f.Edits {
				if zeroUnits.MatchString(e.NewText) || (e.NewText == "0" && strings.HasPrefix(f.Title, "Bill ")) {
					t.Errorf("%s: safe fix %q of %s writes 0 units", name, f.Title, d.Rule)
				}
				if len(ruleutil.Placeholders(e.NewText)) > 0 {
					t.Errorf("%s: safe fix %q of %s writes a template blank %q", name, f.Title, d.Rule, e.NewText)
				}
			}
		}
	}
}

var zeroUnits = regexp.MustCompile(`(?i)\bx\s*0\b|\b0 units?\b`)

// archive is a minimal txtar archive.
type archive struct {
	comment string
	names   []string
	data    map[string]string
}

func parse(data []byte) *archive {
	a := &archive{data: map[string]string{}}
	cur := ""
	var buf bytes.Buffer
	flush := func() {
		if cur == "" {
			a.comment = buf.String()
		} else {
			a.names = append(a.names, cur)
			a.data[cur] = buf.String()
		}
		buf.Reset()
	}
	for _, line := range strings.SplitAfter(string(data), "\n") {
		l := strings.TrimRight(line, "\r\n")
		if strings.HasPrefix(l, "-- ") && strings.HasSuffix(l, " --") && len(l) > 6 {
			flush()
			cur = strings.TrimSpace(l[3 : len(l)-3])
			continue
		}
		buf.WriteString(line)
	}
	flush()
	return a
}

func (a *archive) file(name string) (string, bool) {
	s, ok := a.data[name]
	return s, ok
}

func (a *archive) set(name, s string) {
	if _, ok := a.data[name]; !ok {
		a.names = append(a.names, name)
	}
	a.data[name] = s
}

func (a *archive) format() []byte {
	var b bytes.Buffer
	b.WriteString(a.comment)
	for _, n := range a.names {
		fmt.Fprintf(&b, "-- %s --\n", n)
		s := a.data[n]
		b.WriteString(s)
		if s != "" && !strings.HasSuffix(s, "\n") {
			b.WriteByte('\n')
		}
	}
	return b.Bytes()
}
