package note

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/soaplint/soaplint/lexicon"
)

var update = flag.Bool("update", false, "rewrite the want sections of testdata/parser/*.txtar")

// txtar splits a txtar archive into its comment and named files.
func txtar(data string) (comment string, files map[string]string, order []string) {
	files = map[string]string{}
	name := ""
	var b strings.Builder
	flush := func() {
		if name == "" {
			comment = b.String()
		} else {
			files[name] = b.String()
			order = append(order, name)
		}
		b.Reset()
	}
	for _, line := range strings.SplitAfter(data, "\n") {
		if strings.HasPrefix(line, "-- ") && strings.HasSuffix(strings.TrimRight(line, "\n"), " --") {
			flush()
			name = strings.TrimSuffix(strings.TrimPrefix(strings.TrimRight(line, "\n"), "-- "), " --")
			continue
		}
		b.WriteString(line)
	}
	flush()
	return comment, files, order
}

// TestFixtures parses testdata/parser/*.txtar and compares the facts with the
// archive's want section (go test -update rewrites them after review).
func TestFixtures(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(repoRoot(t), "testdata", "parser", "*.txtar"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		comment, parts, _ := txtar(string(data))
		text, ok := parts["note.txt"]
		if !ok {
			t.Fatalf("%s: no note.txt", f)
		}
		n := Parse(text, lexicon.Default())
		checkRanges(t, filepath.Base(f), n)
		got := describe(n)
		if *update {
			out := comment + "-- note.txt --\n" + text + "-- want --\n" + got
			if err := os.WriteFile(f, []byte(out), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if got != parts["want"] {
			t.Errorf("%s: facts differ\n--- got\n%s--- want\n%s", filepath.Base(f), got, parts["want"])
		}
	}
}
