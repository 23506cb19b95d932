package analyzer

import (
	"math/rand/v2"
	"sort"
	"testing"
)

// applyFixesPairwise is ApplyFixes as first written, checking every edit
// against every edit taken: the reference for the indexed version.
func applyFixesPairwise(text string, diags []Diagnostic, pick func(Fix) bool) (string, int) {
	type span struct{ start, end int }
	var chosen []TextEdit
	var taken []span
	overlaps := func(e TextEdit) bool {
		for _, s := range taken {
			if e.Start < s.end && s.start < e.End || e.Start == s.start {
				return true
			}
		}
		return false
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
					taken = append(taken, span{e.Start, e.End})
				}
				applied++
			}
			break
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
	return string(append(b, text[last:]...)), applied
}

// TestApplyFixesMatchesPairwise: on random fixes (insertions, replacements,
// several edits per fix, touching, nested, out of bounds, unpicked kinds) the
// indexed overlap check applies exactly what the pairwise one does.
func TestApplyFixesMatchesPairwise(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	const text = "0123456789abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ"
	conflicts := 0
	for trial := range 5000 {
		var diags []Diagnostic
		for range r.IntN(12) {
			var d Diagnostic
			for range 1 + r.IntN(2) {
				f := Fix{Kind: FixKind(r.IntN(3))}
				// A fix's own edits are ordered and disjoint, as rules write them.
				at := r.IntN(len(text) + 4)
				for range 1 + r.IntN(3) {
					n := r.IntN(4) * r.IntN(2) // often an insertion
					f.Edits = append(f.Edits, TextEdit{Start: at, End: at + n, NewText: string(rune('A' + r.IntN(26)))})
					at += n + 1 + r.IntN(6)
				}
				d.Fixes = append(d.Fixes, f)
			}
			diags = append(diags, d)
		}
		pick := func(f Fix) bool { return f.Kind != Disable }
		got, gn := ApplyFixes(text, diags, pick)
		want, wn := applyFixesPairwise(text, diags, pick)
		if got != want || gn != wn {
			t.Fatalf("trial %d: indexed %q (%d), pairwise %q (%d)\n%+v", trial, got, gn, want, wn, diags)
		}
		picked := 0
		for _, d := range diags {
			for _, f := range d.Fixes {
				if pick(f) {
					picked++
					break
				}
			}
		}
		if wn < picked {
			conflicts++
		}
	}
	if conflicts < 1000 {
		t.Errorf("only %d trials had a refused fix; the generator does not test conflicts", conflicts)
	}
}
