package format

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"strconv"
	"strings"
	"testing"
)

// TestJSONStreamsLikeMarshal: the json writer streams a note's diagnostics one
// by one; the bytes are exactly json.Marshal's for the whole file object,
// whatever the path, id, carried fields (one named "diagnostics") and error.
func TestJSONStreamsLikeMarshal(t *testing.T) {
	diag := func(msg string) Diagnostic {
		return Diagnostic{Rule: "doc/vague-phrase", Severity: "info", Message: msg, Line: 1, Column: 2, EndLine: 1, EndColumn: 9,
			Fixes: []Fix{{Title: "t <&>", Edits: []Edit{{Start: 1, End: 8, Line: 1, Column: 2, EndLine: 1, EndColumn: 9, NewText: "x\n\"y\""}}}}}
	}
	for _, n := range []*Note{
		{Path: "a.txt"},
		{Path: "a\n\"diagnostics\":[]b.txt", Diagnostics: []Diagnostic{diag("one"), diag("two <b> & “three”")}},
		{Path: "e.jsonl", Record: 3, ID: json.RawMessage(`{"k": [1, 2]}`),
			Fields:      []Field{{"diagnostics", json.RawMessage(`[]`)}, {"clinic", json.RawMessage(`"<north>"`)}},
			Diagnostics: []Diagnostic{diag("x")}},
		{Path: "bad.txt", Err: &InputError{Path: "bad.txt", Line: 2, Msg: `invalid "diagnostics":[] here`}},
	} {
		want, err := json.Marshal(toJSONFile(n))
		if err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		if err := writeJSONFile(&got, toJSONFile(n)); err != nil {
			t.Fatal(err)
		}
		if got.String() != string(want) {
			t.Errorf("%s:\nstreamed %s\nmarshal  %s", n.Path, got.String(), want)
		}
	}
}

func TestDisplayPath(t *testing.T) {
	for in, want := range map[string]string{
		"notes/a.txt":              "notes/a.txt",
		`C:\notes\visit 1.txt`:     `C:\notes\visit 1.txt`,
		"notes/café – ünï.txt":     "notes/café – ünï.txt",
		"a\nb.txt:1:1: error x: y": `"a\nb.txt:1:1: error x: y"`,
		"a\rb.txt":                 `"a\rb.txt"`,
		"a\tb.txt":                 `"a\tb.txt"`,
		"a\x1b[2Kb.txt":            `"a\x1b[2Kb.txt"`,
		"a\u2028b.txt":             `"a\u2028b.txt"`,
		"a\u202eb.txt":             `"a\u202eb.txt"`,
		"a\xffb.txt":               `"a\xffb.txt"`,
		`C:\x` + "\n":              `"C:\\x\n"`,
	} {
		if got := DisplayPath(in); got != want {
			t.Errorf("DisplayPath(%q) = %s, want %s", in, got, want)
		}
	}
	if got := oneLine("ok – “quoted”\nnext\x00"); got != `ok – “quoted”\nnext\x00` {
		t.Errorf("oneLine = %s", got)
	}
}

// TestLineFormatsCannotBeForged: a path (or a JSONL id) holding a newline and a
// fake finding after it yields exactly one line per finding in text and github
// output, and an XML attribute that reads back as the path in checkstyle.
func TestLineFormatsCannotBeForged(t *testing.T) {
	evil := "a.txt\nforged.txt:1:1: error time/units-mismatch: forged\r\x1b[1A"
	d := Diagnostic{Rule: "doc/vague-phrase", Severity: "info", Message: "real\nforged.txt:2:2: error x: y", Line: 1, Column: 1, EndLine: 1, EndColumn: 2}
	notes := []*Note{
		{Path: evil, Diagnostics: []Diagnostic{d, d}},
		{Path: "x.jsonl", Record: 4, ID: json.RawMessage(`"id\nforged.txt:3:3: error x: y"`), Diagnostics: []Diagnostic{d}},
	}
	for _, name := range []string{"text", "github"} {
		var b bytes.Buffer
		w, _ := New(name, &b, nil, "test")
		for _, n := range notes {
			if err := w.Note(n); err != nil {
				t.Fatal(err)
			}
		}
		w.Close(&Summary{})
		out := strings.TrimSuffix(b.String(), "\n")
		lines := strings.Split(out, "\n")
		if len(lines) != 3 || strings.Contains(out, "\r") || strings.Contains(out, "\x1b") {
			t.Errorf("%s: %d lines, want 3:\n%s", name, len(lines), out)
		}
		for _, l := range lines {
			if strings.HasPrefix(l, "forged") {
				t.Errorf("%s: forged line %q", name, l)
			}
		}
	}
	var b bytes.Buffer
	w, _ := New("text", &b, nil, "test")
	w.Note(notes[0])
	if want := strconv.Quote(evil) + `:1:1: info doc/vague-phrase: real\nforged.txt:2:2: error x: y` + "\n"; !strings.HasPrefix(b.String(), want) {
		t.Errorf("text line = %q, want %q", b.String(), want)
	}
	if got := (&InputError{Path: evil, Line: 3, Msg: "binary"}).Error(); got != strconv.Quote(evil)+":3: binary" {
		t.Errorf("input error = %q", got)
	}
	b.Reset()
	w, _ = New("checkstyle", &b, nil, "test")
	w.Note(&Note{Path: "a\nb.txt", Diagnostics: []Diagnostic{d}})
	w.Close(&Summary{})
	var doc struct {
		Files []struct {
			Name string `xml:"name,attr"`
		} `xml:"file"`
	}
	if err := xml.Unmarshal(b.Bytes(), &doc); err != nil || len(doc.Files) != 1 || doc.Files[0].Name != "a\nb.txt" {
		t.Errorf("checkstyle: %v %+v\n%s", err, doc, b.String())
	}
}
