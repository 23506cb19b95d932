package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestHostileFolder: a folder with symlink loops, a dangling link, a link back
// to its parent, a directory named like a note and an unreadable file. Each bad
// entry is reported by name, the walk does not loop, the good notes are linted,
// and the exit status is 2.
func TestHostileFolder(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"notes/a.txt":      "S: ok\nUNITS WRONG\n",
		"notes/z.txt":      "S: ok\nUNITS WRONG\n",
		"notes/dir.txt/in": "", // a folder named like a note: walked into, not read
	})
	notes := filepath.Join(dir, "notes")
	for _, l := range [][2]string{
		{"loop2.txt", filepath.Join(notes, "loop1.txt")},
		{"loop1.txt", filepath.Join(notes, "loop2.txt")},
		{"missing.txt", filepath.Join(notes, "dangling.txt")},
	} {
		if err := os.Symlink(l[0], l[1]); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(filepath.Join(notes, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("..", filepath.Join(notes, "sub", "up")); err != nil {
		t.Fatal(err)
	}
	locked := filepath.Join(notes, "locked.txt")
	if err := os.WriteFile(locked, []byte("S: ok\nUNITS WRONG\n"), 0o000); err != nil {
		t.Fatal(err)
	}
	chdir(t, dir)

	code, stdout, stderr := runCLI(t, "", nil, "lint", "--format", "json", "notes")
	if code != 2 {
		t.Errorf("exit %d, want 2 (input errors)", code)
	}
	var out jsonOutput
	if err := json.Unmarshal([]byte(stdout), &out); err != nil {
		t.Fatalf("output is not JSON: %v", err)
	}
	got := map[string]string{} // path -> error ("" when linted)
	for _, f := range out.Files {
		got[filepath.ToSlash(f.Path)] = f.Error
		if f.Error == "" && len(f.Diagnostics) == 0 {
			t.Errorf("%s: linted but no findings (the fake rule reports UNITS WRONG lines)", f.Path)
		}
	}
	for _, p := range []string{"notes/a.txt", "notes/z.txt"} {
		if e, ok := got[p]; !ok || e != "" {
			t.Errorf("%s: not linted (error %q)", p, e)
		}
	}
	for p, want := range map[string]string{
		"notes/loop1.txt":    "too many levels of symbolic links",
		"notes/loop2.txt":    "too many levels of symbolic links",
		"notes/dangling.txt": "no such file",
	} {
		if !strings.Contains(got[p], want) {
			t.Errorf("%s: error %q, want it to say %q", p, got[p], want)
		}
		if !strings.Contains(stderr, filepath.FromSlash(p)) {
			t.Errorf("stderr does not name %s:\n%s", p, stderr)
		}
	}
	// Root reads a mode-000 file; anyone else gets an error naming it.
	if os.Geteuid() == 0 {
		if e, ok := got["notes/locked.txt"]; !ok || e != "" {
			t.Errorf("locked.txt (readable by root): error %q", e)
		}
	} else if !strings.Contains(got["notes/locked.txt"], "permission denied") {
		t.Errorf("locked.txt: error %q, want permission denied", got["notes/locked.txt"])
	}
	for p := range got {
		if strings.Contains(p, "sub/up") || strings.Contains(p, "dir.txt") {
			t.Errorf("walked into %s: symlinked folders are not followed and folders are not notes", p)
		}
	}
}
