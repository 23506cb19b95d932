package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/soaplint/soaplint/cmd/soaplint/internal/search"
)

func TestIndexAndSearchCommands(t *testing.T) {
	dir := reviewerNotes(t)
	db := filepath.Join(t.TempDir(), "idx")

	code, _, stderr := reviewRun(t, "index", "--db", db, dir)
	if code != 0 || !strings.Contains(stderr, "3 notes indexed, 0 unchanged") {
		t.Fatalf("index: exit %d, stderr %q", code, stderr)
	}
	if fi, err := os.Stat(db); err != nil || fi.Mode().Perm() != 0o700 {
		t.Fatalf("index dir: %v, mode %v; want 0700", err, fi.Mode().Perm())
	}

	// Field query, as in the issue: rule, provider and a date range.
	code, out, _ := reviewRun(t, "search", "--db", db, `rule:97530/exercise-only provider:"Jane Doe" date:>=2025-01-01`)
	if code != 0 {
		t.Fatalf("search: exit %d", code)
	}
	exercise := filepath.Join(dir, "pt-exercise.txt")
	want := []string{
		exercise + "  2025-03-04  Jane Doe, PT",
		"  " + exercise + ":12:25: error 97530/exercise-only: ",
		"1 matching note\n",
	}
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Errorf("search output lacks %q:\n%s", w, out)
		}
	}
	if strings.Contains(out, "goal/impairment-based") {
		t.Errorf("search lists findings of other rules:\n%s", out)
	}

	// Free text and JSON output.
	code, out, _ = reviewRun(t, "search", "--db", db, "--format", "json", "sock", "aid")
	var res search.Results
	if err := json.Unmarshal([]byte(out), &res); err != nil || code != 0 {
		t.Fatalf("json search: exit %d, %v: %s", code, err, out)
	}
	if res.Total != 1 || !strings.HasSuffix(res.Hits[0].Path, "ot-adl.txt") || res.Hits[0].Provider != "Sam Ortiz, OTR/L" || res.Hits[0].Date != "2025-06-10" {
		t.Errorf("free-text search = %+v", res)
	}

	// No match: exit 1, like grep.
	if code, out, _ := reviewRun(t, "search", "--db", db, "date:2024"); code != 1 || !strings.Contains(out, "no matching notes") {
		t.Errorf("no match: exit %d, %q", code, out)
	}

	// Re-indexing skips unchanged notes and picks up a changed one.
	code, _, stderr = reviewRun(t, "index", "--db", db, dir)
	if code != 0 || !strings.Contains(stderr, "0 notes indexed, 3 unchanged") {
		t.Fatalf("re-index: exit %d, stderr %q", code, stderr)
	}
	nomod := filepath.Join(dir, "pt-nomod.txt")
	data, _ := os.ReadFile(nomod)
	os.WriteFile(nomod, []byte(strings.Replace(string(data), "97530 x2", "97530-GP x2", 1)), 0o600)
	code, _, stderr = reviewRun(t, "index", "--db", db, dir)
	if code != 0 || !strings.Contains(stderr, "1 notes indexed, 2 unchanged, 0 unreadable; 3 notes in") {
		t.Fatalf("re-index after change: exit %d, stderr %q", code, stderr)
	}
	if code, out, _ := reviewRun(t, "search", "--db", db, "rule:modifier/discipline-missing"); code != 1 {
		t.Errorf("the fixed finding is still indexed:\n%s", out)
	}
	if code, out, _ := reviewRun(t, "search", "--db", db, "modifier:gp", "code:97530", "stairs", "path:pt-nomod.txt"); code != 0 || !strings.Contains(out, "pt-nomod.txt") {
		t.Errorf("the changed note's new modifier is not indexed:\n%s", out)
	}
	// A different profile changes findings, so it re-indexes everything.
	if code, _, stderr := reviewRun(t, "index", "--db", db, "--profile", "commercial", dir); code != 0 || !strings.Contains(stderr, "3 notes indexed, 0 unchanged") {
		t.Errorf("profile change: exit %d, %q", code, stderr)
	}
}

func TestIndexErrors(t *testing.T) {
	dir := reviewerNotes(t)
	foreign := t.TempDir()
	os.WriteFile(filepath.Join(foreign, "thesis.docx"), []byte("x"), 0o600)
	if code, _, stderr := reviewRun(t, "index", "--db", foreign, dir); code != 2 || !strings.Contains(stderr, foreign+": not a soaplint index") {
		t.Errorf("foreign dir: exit %d, %q", code, stderr)
	}
	missing := filepath.Join(t.TempDir(), "none")
	if code, _, stderr := reviewRun(t, "search", "--db", missing, "stairs"); code != 2 || !strings.Contains(stderr, missing+": no index") {
		t.Errorf("missing index: exit %d, %q", code, stderr)
	}
	if code, _, stderr := reviewRun(t, "search", "--db", missing, "date:soon"); code != 2 || !strings.Contains(stderr, "date") {
		t.Errorf("bad query: exit %d, %q", code, stderr)
	}
	if code, _, _ := reviewRun(t, "index", dir); code != 2 {
		t.Errorf("index without --db: exit %d, want 2", code)
	}
}

func TestIndexPrune(t *testing.T) {
	dir := reviewerNotes(t)
	other := filepath.Join(t.TempDir(), "other")
	os.Mkdir(other, 0o700)
	data, _ := os.ReadFile(filepath.Join(dir, "pt-exercise.txt"))
	os.WriteFile(filepath.Join(other, "kept.txt"), data, 0o600)
	db := filepath.Join(t.TempDir(), "idx")
	if code, _, stderr := reviewRun(t, "index", "--db", db, dir, other); code != 0 || !strings.Contains(stderr, "4 notes indexed") {
		t.Fatalf("index: exit %d, %q", code, stderr)
	}

	// Without --prune a deleted note stays indexed.
	os.Remove(filepath.Join(dir, "ot-adl.txt"))
	if code, _, stderr := reviewRun(t, "index", "--db", db, dir); code != 0 || !strings.HasSuffix(stderr, "0 notes indexed, 2 unchanged, 0 unreadable; 4 notes in "+db+"\n") {
		t.Fatalf("re-index: exit %d, %q", code, stderr)
	}
	// A note that cannot be read this time keeps its entry; the deleted one
	// goes; notes from a folder not named this run are untouched.
	os.WriteFile(filepath.Join(dir, "pt-nomod.txt"), []byte("\x00\x01binary"), 0o600)
	code, _, stderr := reviewRun(t, "index", "--db", db, "--prune", dir)
	if code != 2 || !strings.HasSuffix(stderr, "0 notes indexed, 1 unchanged, 1 unreadable, 1 removed; 3 notes in "+db+"\n") {
		t.Fatalf("prune: exit %d, %q", code, stderr)
	}
	if code, out, _ := reviewRun(t, "search", "--db", db, "path:ot-adl.txt"); code != 1 {
		t.Errorf("the deleted note is still indexed:\n%s", out)
	}
	for _, p := range []string{"path:pt-nomod.txt", "path:kept.txt", "path:pt-exercise.txt"} {
		if code, out, _ := reviewRun(t, "search", "--db", db, p); code != 0 {
			t.Errorf("%s: exit %d, want the note kept:\n%s", p, code, out)
		}
	}
	// Pruning the whole set again removes nothing more.
	if code, _, stderr := reviewRun(t, "index", "--db", db, "--prune", dir, other); code != 2 || !strings.Contains(stderr, ", 0 removed; 3 notes in") {
		t.Errorf("second prune: exit %d, %q", code, stderr)
	}
}

func TestWithin(t *testing.T) {
	for _, c := range []struct {
		path, dir string
		want      bool
	}{
		{"/a/notes/x.txt", "/a/notes", true},
		{"/a/notes", "/a/notes", true},
		{"/a/notes/sub/y.txt", "/a/notes", true},
		{"/a/notes2/x.txt", "/a/notes", false}, // a sibling sharing the prefix
		{"/a/x.txt", "/a/notes", false},
		{"/a/notes/x.txt", "/a/notes/x.txt", true}, // a file root: itself
	} {
		if got := within(c.path, c.dir); got != c.want {
			t.Errorf("within(%q, %q) = %v, want %v", c.path, c.dir, got, c.want)
		}
	}
}

func TestIndexPruneJSONL(t *testing.T) {
	dir := t.TempDir()
	export := filepath.Join(dir, "export.jsonl")
	rec := func(id, text string) string {
		b, _ := json.Marshal(map[string]string{"id": id, "text": text})
		return string(b) + "\n"
	}
	v1 := rec("v1", "S: knee pain 4/10\nO: stairs x12 with rail\n")
	v2 := rec("v2", "S: sore\nO: squats 3x10\n")
	os.WriteFile(export, []byte(v1+v2), 0o600)
	db := filepath.Join(t.TempDir(), "idx")
	if code, _, stderr := reviewRun(t, "index", "--db", db, "--jsonl", export); code != 0 || !strings.Contains(stderr, "2 notes indexed") {
		t.Fatalf("index: exit %d, %q", code, stderr)
	}
	// The re-export dropped v2.
	os.WriteFile(export, []byte(v1), 0o600)
	if code, _, stderr := reviewRun(t, "index", "--db", db, "--prune", "--jsonl", export); code != 0 || !strings.Contains(stderr, "0 notes indexed, 1 unchanged, 0 unreadable, 1 removed; 1 notes in") {
		t.Fatalf("prune: exit %d, %q", code, stderr)
	}
	if code, out, _ := reviewRun(t, "search", "--db", db, "id:v2"); code != 1 {
		t.Errorf("the dropped record is still indexed:\n%s", out)
	}
	if code, out, _ := reviewRun(t, "search", "--db", db, "id:v1"); code != 0 {
		t.Errorf("the kept record is gone:\n%s", out)
	}
	// A malformed line keeps every record of the file.
	os.WriteFile(export, []byte("{not json\n"), 0o600)
	if code, _, stderr := reviewRun(t, "index", "--db", db, "--prune", "--jsonl", export); code != 2 || !strings.Contains(stderr, "0 removed; 1 notes in") {
		t.Errorf("malformed export: exit %d, %q", code, stderr)
	}
}
