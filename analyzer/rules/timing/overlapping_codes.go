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
	for j := 1; j < len(ivs); j++ {
		b := ivs[j]
		for _, a := range ivs[:j] {
			if a.code == b.code {
				continue
			}
			over := min(a.end, b.end) - max(a.start, b.start)
			if over <= 0 {
				continue
			}
			pass.Reportf(b.iv.Range, nil,
				"%s %s–%s overlaps %s %s–%s by %s: the same minutes cannot be billed under two timed codes; split the time between the codes",
				b.code, b.iv.Start.Raw, b.iv.Stop.Raw, a.code, a.iv.Start.Raw, a.iv.Stop.Raw, plural(over, "minute", "minutes"))
			break
		}
	}
}
