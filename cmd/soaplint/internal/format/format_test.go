package format

import (
	"bytes"
	"encoding/json"
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
