package analyzer

import "testing"

func TestApplyFixes(t *testing.T) {
	text := "abcdef"
	fix := func(kind FixKind, start, end int, s string) Fix {
		return Fix{Title: s, Kind: kind, Edits: []TextEdit{{Start: start, End: end, NewText: s}}}
	}
	diags := []Diagnostic{
		{Fixes: []Fix{fix(Suggestion, 0, 1, "S"), fix(Safe, 0, 1, "X")}}, // first safe fix is the second
		{Fixes: []Fix{fix(Safe, 0, 2, "Y")}},                             // overlaps X: skipped whole
		{Fixes: []Fix{fix(Safe, 3, 3, "+")}},                             // insertion
		{Fixes: []Fix{fix(Safe, 3, 3, "-")}},                             // second insertion at one point: skipped
		{Fixes: []Fix{fix(Safe, 5, 9, "Z")}},                             // past the end: skipped
		{Fixes: []Fix{DisableFix("r/x")}},                                // never safe
	}
	got, n := ApplyFixes(text, diags, SafeOnly)
	if got != "Xbc+def" || n != 2 {
		t.Errorf("ApplyFixes = %q, %d; want %q, 2", got, n, "Xbc+def")
	}
	if got, n := ApplyFixes(text, nil, SafeOnly); got != text || n != 0 {
		t.Errorf("no diagnostics: %q, %d", got, n)
	}
	if DisableFix("r/x").Kind != Disable {
		t.Error("DisableFix is not of kind Disable")
	}
}
