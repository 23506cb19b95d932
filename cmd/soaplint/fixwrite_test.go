//go:build unix

package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/note"
)

// fixNote has one fixable finding (UNITS WRONG → UNITS 2) and a marker that
// must never appear in a message.
const fixNote = "S: " + phi + " ok\nUNITS WRONG 97530 x3\n"

var fixedNote = strings.Replace(fixNote, "UNITS WRONG", "UNITS 2", 1)

func readString(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func lstat(t *testing.T, path string) fs.FileInfo {
	t.Helper()
	fi, err := os.Lstat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi
}

// noTempFiles fails if --fix left a temporary file in dir.
func noTempFiles(t *testing.T, dir string) {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), ".soaplint-fix-") {
			t.Errorf("temporary file left behind: %s", e.Name())
		}
	}
}

// checkMessage: stderr is exactly the want lines and quotes no note text.
func checkMessage(t *testing.T, stderr string, want ...string) {
	t.Helper()
	if got := lines(stderr); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("stderr:\n%s\nwant:\n%s", stderr, strings.Join(want, "\n"))
	}
	if strings.Contains(stderr, phi) {
		t.Errorf("a message quotes the note: %s", stderr)
	}
}

// TestFixKeepsModeAndBOM: the note is replaced (a new inode in the same folder),
// keeps its mode and BOM, and no temporary file stays behind.
func TestFixKeepsModeAndBOM(t *testing.T) {
	dir := writeTree(t, map[string]string{"notes/a.txt": "\ufeff" + fixNote})
	chdir(t, dir)
	p := filepath.Join("notes", "a.txt")
	if err := os.Chmod(p, 0o640); err != nil {
		t.Fatal(err)
	}
	before := lstat(t, p)
	code, _, stderr := runCLI(t, "", nil, "lint", "--fix", "notes")
	if code != 0 || stderr != "" {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	if got := readString(t, p); got != "\ufeff"+fixedNote {
		t.Errorf("fixed note = %q", got)
	}
	after := lstat(t, p)
	if after.Mode() != before.Mode() {
		t.Errorf("mode %v, was %v", after.Mode(), before.Mode())
	}
	if os.SameFile(before, after) {
		t.Error("note rewritten in place; want an atomic rename of a new file")
	}
	noTempFiles(t, filepath.Join(dir, "notes"))
}

// TestFixKeepsOwner: a note owned by another user and group keeps them. (Root
// can give the new file any owner; a user who cannot is refused, which needs a
// second account to test.)
func TestFixKeepsOwner(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to give a file another owner")
	}
	dir := writeTree(t, map[string]string{"a.txt": fixNote})
	chdir(t, dir)
	if err := os.Chown("a.txt", 4321, 8765); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCLI(t, "", nil, "lint", "--fix", "a.txt")
	if code != 0 || stderr != "" {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	if got := readString(t, "a.txt"); got != fixedNote {
		t.Errorf("not fixed: %q", got)
	}
	st := lstat(t, "a.txt").Sys().(*syscall.Stat_t)
	if st.Uid != 4321 || st.Gid != 8765 {
		t.Errorf("owner %d:%d, want 4321:8765", st.Uid, st.Gid)
	}
}

// TestFixReadOnlySkipped: a 0444 note is not rewritten (a rename would replace
// it whatever its mode), and the message names it.
func TestFixReadOnlySkipped(t *testing.T) {
	dir := writeTree(t, map[string]string{"a.txt": fixNote})
	chdir(t, dir)
	if err := os.Chmod("a.txt", 0o444); err != nil {
		t.Fatal(err)
	}
	before := lstat(t, "a.txt")
	code, stdout, stderr := runCLI(t, "", nil, "lint", "--fix", "a.txt")
	if code != 1 {
		t.Errorf("exit %d, want 1 (the unfixed error remains)", code)
	}
	checkMessage(t, stderr, "soaplint: a.txt: read-only, not fixed")
	if got := readString(t, "a.txt"); got != fixNote {
		t.Errorf("read-only note changed: %q", got)
	}
	if after := lstat(t, "a.txt"); !os.SameFile(before, after) || after.Mode().Perm() != 0o444 {
		t.Errorf("read-only note replaced (mode %v)", after.Mode())
	}
	if !strings.Contains(stdout, "a.txt:2:1: error time/units-mismatch") {
		t.Errorf("the remaining finding is not reported:\n%s", stdout)
	}
}

// TestFixSymlinkInsideTree: a symlink to a note inside the linted folder is
// written through: the target is fixed, the link stays a link to it.
func TestFixSymlinkInsideTree(t *testing.T) {
	dir := writeTree(t, map[string]string{"notes/real/a.note.bak": fixNote})
	chdir(t, dir)
	target := filepath.Join("notes", "real", "a.note.bak") // not a note extension: linted only through the link
	link := filepath.Join("notes", "a.txt")
	if err := os.Symlink(filepath.Join("real", "a.note.bak"), link); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(target, 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCLI(t, "", nil, "lint", "--fix", "notes")
	if code != 0 || stderr != "" {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	if got := readString(t, target); got != fixedNote {
		t.Errorf("target not fixed: %q", got)
	}
	if fi := lstat(t, link); fi.Mode()&fs.ModeSymlink == 0 {
		t.Errorf("symlink replaced by a %v file", fi.Mode())
	}
	if dest, _ := os.Readlink(link); dest != filepath.Join("real", "a.note.bak") {
		t.Errorf("link now points at %q", dest)
	}
	if fi := lstat(t, target); fi.Mode().Perm() != 0o600 {
		t.Errorf("target mode %v, want 0600", fi.Mode())
	}
	noTempFiles(t, filepath.Join(dir, "notes", "real"))
}

// TestFixSymlinkOutsideTree: a symlink in the linted folder to a note outside
// it is not written through; the message names the link.
func TestFixSymlinkOutsideTree(t *testing.T) {
	dir := writeTree(t, map[string]string{"outside/x.txt": fixNote, "notes/ok.txt": fixNote})
	chdir(t, dir)
	link := filepath.Join("notes", "x.txt")
	if err := os.Symlink(filepath.Join("..", "outside", "x.txt"), link); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCLI(t, "", nil, "lint", "--fix", "notes")
	if code != 1 {
		t.Errorf("exit %d, want 1 (the outside note's error remains)", code)
	}
	checkMessage(t, stderr, "soaplint: "+link+": symlink to a file outside the linted folder notes, not fixed")
	if got := readString(t, filepath.Join("outside", "x.txt")); got != fixNote {
		t.Errorf("note outside the tree changed: %q", got)
	}
	if fi := lstat(t, link); fi.Mode()&fs.ModeSymlink == 0 {
		t.Error("symlink replaced")
	}
	if got := readString(t, filepath.Join("notes", "ok.txt")); got != fixedNote {
		t.Errorf("the note inside the tree was not fixed: %q", got)
	}
}

// TestFixSymlinkAndTargetFixedOnce: a note linted under its own name and
// through a symlink is written once.
func TestFixSymlinkAndTargetFixedOnce(t *testing.T) {
	dir := writeTree(t, map[string]string{"notes/a.txt": fixNote})
	chdir(t, dir)
	if err := os.Symlink("a.txt", filepath.Join("notes", "b.txt")); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCLI(t, "", nil, "lint", "--fix", "--jobs", "1", "notes")
	if got := readString(t, filepath.Join("notes", "a.txt")); got != fixedNote {
		t.Errorf("not fixed: %q", got)
	}
	// Whichever name comes second was read before or after the first write: it is
	// either skipped as the same file, or refused as changed. Never written twice.
	if n := strings.Count(stderr, "\n"); n > 1 || code > 1 ||
		n == 1 && !strings.Contains(stderr, "not fixed twice") && !strings.Contains(stderr, "changed while linting") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

// TestFixHardLinkSkipped: a note with two hard links is left alone (replacing
// one name would split them), and both names still name one file.
func TestFixHardLinkSkipped(t *testing.T) {
	dir := writeTree(t, map[string]string{"notes/a.txt": fixNote})
	chdir(t, dir)
	a, b := filepath.Join("notes", "a.txt"), filepath.Join("other.txt")
	if err := os.Link(a, b); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCLI(t, "", nil, "lint", "--fix", "notes")
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	checkMessage(t, stderr, "soaplint: "+a+": has 2 hard links, not fixed (replacing it would split them; rewriting it in place is not atomic)")
	if !os.SameFile(lstat(t, a), lstat(t, b)) {
		t.Error("hard link split")
	}
	if got := readString(t, b); got != fixNote {
		t.Errorf("note changed: %q", got)
	}
}

// editingRule is the fake rule set plus a rule that, while the note is being
// linted, does what an editor would: edit does its change to the file.
func editingRule(edit func()) []*analyzer.Rule {
	rs := fakeRules()
	return append(rs, &analyzer.Rule{
		ID: "doc/missing-section", Severity: analyzer.Info, Doc: "Edits the note while it is linted. Test only.",
		Run: func(*analyzer.Pass) { edit() },
	})
}

// TestFixChangedWhileLinting: an edit saved while the note is being linted is
// kept, and the note is not fixed — whether the edit changed the size, or kept
// size and modification time and changed only the content.
func TestFixChangedWhileLinting(t *testing.T) {
	for name, edit := range map[string]func(path string) error{
		"appended": func(path string) error {
			f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
			if err != nil {
				return err
			}
			defer f.Close()
			_, err = f.WriteString("A: therapist's late entry\n")
			return err
		},
		"same size and time": func(path string) error {
			fi, err := os.Stat(path)
			if err != nil {
				return err
			}
			if err := os.WriteFile(path, []byte(strings.Replace(fixNote, "ok", "OK", 1)), 0); err != nil {
				return err
			}
			return os.Chtimes(path, time.Time{}, fi.ModTime())
		},
	} {
		t.Run(name, func(t *testing.T) {
			dir := writeTree(t, map[string]string{"a.txt": fixNote})
			chdir(t, dir)
			var edited string
			rs := editingRule(func() {
				if edited != "" {
					return // only during the first lint
				}
				if err := edit("a.txt"); err != nil {
					t.Error(err)
				}
				edited = readString(t, "a.txt")
			})
			code, _, stderr := runCLI(t, "", rs, "lint", "--fix", "a.txt")
			if code != 1 {
				t.Errorf("exit %d, want 1", code)
			}
			checkMessage(t, stderr, "soaplint: a.txt: changed while linting, not fixed")
			if got := readString(t, "a.txt"); got != edited || got == fixNote {
				t.Errorf("the edit made while linting was lost: %q", got)
			}
			noTempFiles(t, dir)
		})
	}
}

// TestFixInvalidConfiguration: notes under an invalid .soaplint.yaml are not
// rewritten (their fixes were computed under the defaults), the exit status is
// 2, and a note under a valid configuration is still fixed.
func TestFixInvalidConfiguration(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"bad/.soaplint.yaml": "profile: medicaid\n",
		"bad/a.txt":          fixNote,
		"bad/sub/b.txt":      fixNote,
		"good/c.txt":         fixNote,
	})
	chdir(t, dir)
	code, _, stderr := runCLI(t, "", nil, "lint", "--fix", "--jobs", "1", "bad", "good")
	if code != 2 {
		t.Errorf("exit %d, want 2", code)
	}
	for _, p := range []string{filepath.Join("bad", "a.txt"), filepath.Join("bad", "sub", "b.txt")} {
		if got := readString(t, p); got != fixNote {
			t.Errorf("%s rewritten under an invalid configuration: %q", p, got)
		}
		if !strings.Contains(stderr, "soaplint: "+p+": its configuration has errors, not fixed\n") {
			t.Errorf("no message for %s:\n%s", p, stderr)
		}
	}
	if !strings.Contains(stderr, `unknown profile "medicaid"`) {
		t.Errorf("configuration error not reported:\n%s", stderr)
	}
	if got := readString(t, filepath.Join("good", "c.txt")); got != fixedNote {
		t.Errorf("note under a valid configuration not fixed: %q", got)
	}
	// --config naming an invalid file: nothing is written anywhere.
	if err := os.WriteFile("bad.yaml", []byte("rules:\n  nope/rule: off\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, _ = runCLI(t, "", nil, "lint", "--fix", "--config", "bad.yaml", "good")
	if code != 2 {
		t.Errorf("--config bad.yaml: exit %d, want 2", code)
	}
	if err := os.WriteFile(filepath.Join("good", "d.txt"), []byte(fixNote), 0o644); err != nil {
		t.Fatal(err)
	}
	runCLI(t, "", nil, "lint", "--fix", "--config", "bad.yaml", "good")
	if got := readString(t, filepath.Join("good", "d.txt")); got != fixNote {
		t.Errorf("--config bad.yaml: note rewritten: %q", got)
	}
}

// TestFixConverges: two fixes that insert at one point (like GP and CQ after
// one code) cannot both apply in one pass; --fix applies both in one run, so a
// second --fix changes nothing. A fix that re-creates its own finding is
// applied once, not until the pass limit.
func TestFixConverges(t *testing.T) {
	insertAfter := func(id, mod string) *analyzer.Rule {
		return &analyzer.Rule{ID: id, Severity: analyzer.Error, Doc: "Adds a modifier. Test only.",
			Run: func(p *analyzer.Pass) {
				i := strings.Index(p.Note.Text, "97110")
				if i < 0 || strings.Contains(p.Note.Text, mod) {
					return
				}
				at := i + len("97110")
				for strings.HasPrefix(p.Note.Text[at:], "-") {
					at += 3
				}
				p.Reportf(note.Range{Start: i, End: i + 5}, []analyzer.Fix{{Title: "Add " + mod, Kind: analyzer.Safe,
					Edits: []analyzer.TextEdit{{Start: at, End: at, NewText: mod}}}}, "lacks %s", mod)
			}}
	}
	again := &analyzer.Rule{ID: "time/missing-start-stop", Severity: analyzer.Warning, Doc: "Always inserts a skeleton. Test only.",
		Run: func(p *analyzer.Pass) {
			p.Reportf(note.Range{}, []analyzer.Fix{{Title: "Insert", Kind: analyzer.Safe,
				Edits: []analyzer.TextEdit{{Start: 0, End: 0, NewText: "Time in: __:__\n"}}}}, "no times")
		}}
	rs := []*analyzer.Rule{insertAfter("modifier/discipline-missing", "-GP"), insertAfter("modifier/assistant-cq-co", "-CQ")}
	chdir(t, writeTree(t, map[string]string{"a.txt": "97110 x2\n", "b.txt": "97110 x2\n"}))
	if code, _, _ := runCLI(t, "", rs, "lint", "--fix", "a.txt"); code != 0 {
		t.Errorf("exit %d, want 0 (everything fixed)", code)
	}
	if got := readString(t, "a.txt"); got != "97110-CQ-GP x2\n" {
		t.Errorf("one --fix did not apply both modifiers: %q", got)
	}
	// A fix that re-creates its own finding is applied once per run, not until
	// the pass limit (a real rule must not have one: FuzzFix checks them).
	runCLI(t, "", []*analyzer.Rule{again}, "lint", "--fix", "b.txt")
	if got := readString(t, "b.txt"); got != "Time in: __:__\n97110 x2\n" {
		t.Errorf("the self-repeating fix: %q", got)
	}
}
