package billing

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/note"
	"github.com/soaplint/soaplint/analyzer/rules/internal/ruletest"
	"github.com/soaplint/soaplint/analyzer/units"
)

// ownIntervalReference is the rule's definition written out pairwise (the
// original quadratic implementation): iv is its code's own when it is valid,
// not empty and shares a minute with no interval of another code.
func ownIntervalReference(n *note.Note, code string, iv note.Interval) bool {
	span, ok := units.Span(iv)
	if !ok || span == 0 {
		return false
	}
	a0, a1 := iv.Start.Minutes, iv.Start.Minutes+span
	for _, s := range n.Services {
		if s.Code == code {
			continue
		}
		for _, o := range s.Intervals {
			os, ok := units.Span(o)
			if ok && min(a1, o.Start.Minutes+os)-max(a0, o.Start.Minutes) > 0 {
				return false
			}
		}
	}
	return true
}

// TestFiftyNineUnsupportedMatchesPairwise: on random sets of intervals (touching,
// nested, overlapping, invalid, across noon) the indexed rule flags exactly the
// charges the pairwise definition flags.
func TestFiftyNineUnsupportedMatchesPairwise(t *testing.T) {
	codes := []string{"97140", "97530", "97110", "97112"}
	r := rand.New(rand.NewPCG(1, 2))
	clock := func(m int, valid bool) note.ClockTime {
		return note.ClockTime{Raw: "x", Minutes: m, Valid: valid}
	}
	text := strings.Repeat(" ", 4096)
	flagged, silent := 0, 0
	for trial := range 2000 {
		n := &note.Note{Text: text}
		for range r.IntN(6) {
			s := note.Service{Code: codes[r.IntN(len(codes))]}
			for range r.IntN(3) {
				a := 9*60 + r.IntN(240)
				z := a + r.IntN(40) - 5 // sometimes stop before start
				if r.IntN(8) == 0 {
					a, z = 12*60+r.IntN(60), 60+r.IntN(60) // 12:xx-1:xx written without pm
				}
				s.Intervals = append(s.Intervals, note.Interval{Start: clock(a, true), Stop: clock(z, r.IntN(10) > 0)})
			}
			n.Services = append(n.Services, s)
		}
		var want []int
		for i := range 1 + r.IntN(4) {
			ch := note.Charge{Code: codes[r.IntN(len(codes))], CodeRange: note.Range{Start: 10 * i, End: 10*i + 5}}
			ch.Modifiers = []note.Modifier{{Value: "59", Range: note.Range{Start: 10*i + 6, End: 10*i + 8}}}
			n.Charges = append(n.Charges, ch)
			own := false
			for _, s := range n.Services {
				for _, iv := range s.Intervals {
					own = own || s.Code == ch.Code && ownIntervalReference(n, s.Code, iv)
				}
			}
			if !own {
				want = append(want, 10*i+6)
				flagged++
			} else {
				silent++
			}
		}
		var got []int
		for _, d := range ruletest.Run(FiftyNineUnsupported, analyzer.Medicare, n) {
			got = append(got, d.Start)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("trial %d: flagged modifiers at %v, pairwise definition flags %v\nservices %+v\ncharges %+v", trial, got, want, n.Services, n.Charges)
		}
	}
	if flagged < 100 || silent < 100 {
		t.Errorf("generator covers too little: %d flagged, %d silent charges", flagged, silent)
	}
}
