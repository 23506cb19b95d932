package main

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestLintJSONLTextNotString: a record whose text is null, missing or not a
// string is an input error naming the file and line — not a clean note — and
// the records around it are still linted.
func TestLintJSONLTextNotString(t *testing.T) {
	chdir(t, writeTree(t, map[string]string{"x.jsonl": strings.Join([]string{
		`{"id":"n1","text":"UNITS WRONG\n"}`,
		`{"id":"n2","text":null}`,
		`{"id":"n3","note":"` + phi + `"}`,
		`{"id":"n4","text":42}`,
		`{"id":"n5","text":["` + phi + `"]}`,
		`{"id":"n6","text":"UNITS WRONG\n"}`,
	}, "\n") + "\n"}))
	code, stdout, stderr := runCLI(t, "", nil, "lint", "--jsonl", "--format", "text", "x.jsonl")
	if code != 2 {
		t.Errorf("exit %d, want 2", code)
	}
	wantErr := []string{
		`soaplint: x.jsonl:2: malformed JSONL record: "text" is null, not a string`,
		`soaplint: x.jsonl:3: malformed JSONL record: no "text" field`,
		`soaplint: x.jsonl:4: malformed JSONL record: "text" is not a string`,
		`soaplint: x.jsonl:5: malformed JSONL record: "text" is not a string`,
	}
	if got := lines(stderr); strings.Join(got, "\n") != strings.Join(wantErr, "\n") {
		t.Errorf("stderr:\n%s\nwant:\n%s", stderr, strings.Join(wantErr, "\n"))
	}
	wantOut := []string{
		"x.jsonl#n1:1:1: error time/units-mismatch: billed units are not supported by the minutes",
		"x.jsonl#n6:1:1: error time/units-mismatch: billed units are not supported by the minutes",
	}
	if got := lines(stdout); strings.Join(got, "\n") != strings.Join(wantOut, "\n") {
		t.Errorf("stdout:\n%s\nwant:\n%s", stdout, strings.Join(wantOut, "\n"))
	}
	if strings.Contains(stdout+stderr, phi) {
		t.Error("note text leaked")
	}
	// In the jsonl format the null record carries its error, not "diagnostics":[].
	_, stdout, _ = runCLI(t, "", nil, "lint", "--jsonl", "x.jsonl")
	if got := lines(stdout); len(got) != 6 || got[1] != `{"error":"x.jsonl:2: malformed JSONL record: \"text\" is null, not a string"}` {
		t.Errorf("jsonl output:\n%s", stdout)
	}
}

// TestLintControlCharsInPath: a file whose name holds a newline and a fake
// finding is named Go-quoted in text output and on stderr, so every output
// line is a real finding.
func TestLintControlCharsInPath(t *testing.T) {
	evil := "a.txt\nforged.txt:9:9: error time/units-mismatch: forged.txt"
	dir := writeTree(t, map[string]string{evil: "UNITS WRONG\n", "bin\r.txt": "\x00"})
	chdir(t, dir)
	code, stdout, stderr := runCLI(t, "", nil, "lint", ".")
	if code != 2 {
		t.Errorf("exit %d, want 2 (the binary file)", code)
	}
	want := strconv.Quote(filepath.Join(".", evil)) + ":1:1: error time/units-mismatch: billed units are not supported by the minutes"
	if got := lines(stdout); len(got) != 1 || got[0] != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", stdout, want)
	}
	if want := "soaplint: " + strconv.Quote("bin\r.txt") + ": binary file (contains NUL bytes); not linted\n"; stderr != want {
		t.Errorf("stderr = %q, want %q", stderr, want)
	}
}
