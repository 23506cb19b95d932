package timing

import (
	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/note"
	"github.com/soaplint/soaplint/analyzer/units"
)

// OverlappingCodes flags the same clock minutes claimed for two timed codes.
var OverlappingCodes = &analyzer.Rule{
	ID:       "time/overlapping-codes",
	Severity: analyzer.Error,
	Doc:      `Flags two timed codes whose documented clock intervals overlap, so the same minutes are counted twice — typically 97530 and 97535 over one dressing or kitchen task. A minute of one-on-one time can be billed under one code only; CMS counts each minute once toward the total timed minutes. Intervals that only touch (9:00–9:15 then 9:15–9:30) do not overlap.`,
	Source:   "Medicare Claims Processing Manual (Pub. 100-04) ch. 5 §20.2 (each minute counted once; timed codes billed for distinct minutes); NCCI Policy Manual ch. 11",
	Run:      runOverlappingCodes,
}

type codeInterval struct {
	code       string
	iv         note.Interval
	start, end int
}

func runOverlappingCodes(pass *analyzer.Pass) {
	n := pass.Note
	if len(n.Charges) == 0 || len(n.Services) < 2 {
		return
	}
	timed := timedFunc(pass)
	var ivs []codeInterval
	for _, s := range n.Services {
		if !timed(s.Code) {
			continue
		}
		for _, iv := range s.Intervals {
			span, ok := units.Span(iv)
			if !ok {
				continue
			}
			ivs = append(ivs, codeInterval{code: s.Code, iv: iv, start: iv.Start.Minutes, end: iv.Start.Minutes + span})
		}
	}
	// For each interval, find the earliest interval before it (in note order) of
	// another code that shares a minute with it. Clock minutes live on a short
	// axis, so per minute we keep the first interval covering it and the first
	// covering it with a different code from that one: linear in the minutes
	// documented, not quadratic in the intervals.
	axis := 0
	for _, iv := range ivs {
		axis = max(axis, iv.end)
	}
	first := make([]int32, axis)
	other := make([]int32, axis)
	for m := range first {
		first[m], other[m] = -1, -1
	}
	for j, b := range ivs {
		hit := -1
		for m := b.start; m < b.end; m++ {
			c := first[m]
			if c >= 0 && ivs[c].code == b.code {
				c = other[m]
			}
			if c >= 0 && (hit < 0 || int(c) < hit) {
				hit = int(c)
			}
		}
		for m := b.start; m < b.end; m++ {
			switch {
			case first[m] < 0:
				first[m] = int32(j)
			case other[m] < 0 && ivs[first[m]].code != b.code:
				other[m] = int32(j)
			}
		}
		if hit >= 0 {
			a := ivs[hit]
			over := min(a.end, b.end) - max(a.start, b.start)
			pass.Reportf(b.iv.Range, nil,
				"%s %s–%s overlaps %s %s–%s by %s: the same minutes cannot be billed under two timed codes; split the time between the codes",
				b.code, b.iv.Start.Raw, b.iv.Stop.Raw, a.code, a.iv.Start.Raw, a.iv.Stop.Raw, plural(over, "minute", "minutes"))
		}
	}
}
