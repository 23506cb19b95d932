package analyzer

import (
	"slices"
	"sort"
)

// FixKind says who may apply a fix. The zero value is Suggestion, so a fix
// nobody classified is never applied unattended.
type FixKind int

const (
	// Suggestion is a billing or clinical decision, or text with placeholders
	// (re-coding, removing a charge, rewriting a goal, inserting a skeleton): it is
	// offered to the user and never applied by --fix or fix-all.
	Suggestion FixKind = iota
	// Safe is mechanical with exactly one right answer (the discipline modifier,
	// a totals line computed from documented minutes, the only valid units).
	Safe
	// Disable switches the rule off for the note; it hides a finding and is never
	// applied in bulk.
	Disable
)

func (k FixKind) String() string {
	switch k {
	case Safe:
		return "safe"
	case Disable:
		return "disable"
	default:
		return "suggestion"
	}
}

// ApplyFixes applies, for each diagnostic, its first fix that pick accepts,
// skipping any fix with an edit that overlaps an edit already taken or lies
// outside text. It returns the new text and the number of fixes applied.
// Edits of one fix are applied together or not at all.
func ApplyFixes(text string, diags []Diagnostic, pick func(Fix) bool) (string, int) {
	type span struct{ start, end int }
	var chosen []TextEdit
	// taken holds the edits taken, sorted by start. Edits of different fixes
	// never overlap (that is what is checked), nor do one fix's edits, so only
	// the neighbours of e's place can conflict with it: a search instead of a
	// scan keeps a note with 100,000 fixes from taking quadratic time.
	var taken []span
	overlaps := func(e TextEdit) bool {
		i := sort.Search(len(taken), func(i int) bool { return taken[i].start >= e.Start })
		// Before: a span starting earlier that reaches past e's start.
		if i > 0 && e.Start < taken[i-1].end {
			return true
		}
		// From here: a span starting inside e, or at e's start (two insertions at
		// one point conflict too: their order would be arbitrary).
		return i < len(taken) && (taken[i].start < e.End || taken[i].start == e.Start)
	}
	applied := 0
	for _, d := range diags {
		for _, f := range d.Fixes {
			if !pick(f) {
				continue
			}
			ok := len(f.Edits) > 0
			for _, e := range f.Edits {
				if e.Start < 0 || e.End < e.Start || e.End > len(text) || overlaps(e) {
					ok = false
					break
				}
			}
			if ok {
				for _, e := range f.Edits {
					chosen = append(chosen, e)
					i := sort.Search(len(taken), func(i int) bool { return taken[i].start > e.Start })
					taken = slices.Insert(taken, i, span{e.Start, e.End})
				}
				applied++
			}
			break // only the first fix pick accepts is considered
		}
	}
	if applied == 0 {
		return text, 0
	}
	sort.SliceStable(chosen, func(i, j int) bool { return chosen[i].Start < chosen[j].Start })
	b := make([]byte, 0, len(text))
	last := 0
	for _, e := range chosen {
		b = append(b, text[last:e.Start]...)
		b = append(b, e.NewText...)
		last = e.End
	}
	b = append(b, text[last:]...)
	return string(b), applied
}

// SafeOnly is the pick of --fix and fix-all: safe fixes only.
func SafeOnly(f Fix) bool { return f.Kind == Safe }
