package ruleutil

import (
	"testing"

	"github.com/soaplint/soaplint/analyzer/note"
)

func TestTrimSpace(t *testing.T) {
	const text = "  Signed:\tJ. Doe, PT \r\n"
	for _, tc := range []struct {
		in, want note.Range
	}{
		{note.Range{Start: 0, End: len(text)}, note.Range{Start: 2, End: 20}},
		{note.Range{Start: 9, End: 10}, note.Range{Start: 10, End: 10}}, // all space: empty at its end
		{note.Range{Start: -3, End: 99}, note.Range{Start: 2, End: 20}}, // out of range: clamped first
		{note.Range{Start: 2, End: 9}, note.Range{Start: 2, End: 9}},
	} {
		if got := TrimSpace(text, tc.in); got != tc.want {
			t.Errorf("TrimSpace(%v) = %v, want %v", tc.in, got, tc.want)
		}
	}
}
