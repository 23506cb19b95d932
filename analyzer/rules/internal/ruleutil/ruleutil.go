// Package ruleutil holds small text helpers several rule families share.
package ruleutil

import "github.com/soaplint/soaplint/analyzer/note"

// TrimSpace clamps r to text and shrinks it to exclude leading and trailing
// spaces, tabs and line endings.
func TrimSpace(text string, r note.Range) note.Range {
	r.Start, r.End = max(0, min(r.Start, len(text))), max(0, min(r.End, len(text)))
	for r.Start < r.End && isSpace(text[r.Start]) {
		r.Start++
	}
	for r.End > r.Start && isSpace(text[r.End-1]) {
		r.End--
	}
	return r
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
