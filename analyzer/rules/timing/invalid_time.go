package timing

import (
	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/note"
	"github.com/soaplint/soaplint/analyzer/units"
)

// InvalidTime flags clock times that cannot be real and intervals that end before they start.
var InvalidTime = &analyzer.Rule{
	ID:       "time/invalid-time",
	Severity: analyzer.Error,
	Doc:      `Flags a clock time that cannot be real (25:70, 10:75) and a session or code interval whose stop time is before its start time (time out 13:40 after time in 14:15). Such times are usually typing errors, but on review they make the visit's minutes unverifiable and invite a denial. A 12-hour clock crossing noon (11:50–12:35, 12:50–1:42) is valid.`,
	Source:   "Medicare Benefit Policy Manual (Pub. 100-02) ch. 15 §220.3 (documentation must support the minutes billed); Medicare Claims Processing Manual ch. 5 §20.2",
	Run:      runInvalidTime,
}

func runInvalidTime(pass *analyzer.Pass) {
	n := pass.Note
	if len(n.Charges) == 0 && len(n.Services) == 0 && n.Session == nil {
		return
	}
	reported := map[int]bool{}
	bad := func(t note.ClockTime) {
		if t.Valid || t.Raw == "" || reported[t.Range.Start] {
			return
		}
		reported[t.Range.Start] = true
		pass.Reportf(t.Range, nil, "%q is not a real clock time: correct it so the visit's minutes can be checked", t.Raw)
	}
	for _, t := range n.Times {
		bad(t)
	}
	reversed := func(iv note.Interval) {
		bad(iv.Start)
		bad(iv.Stop)
		if !iv.Start.Valid || !iv.Stop.Valid {
			return
		}
		if _, ok := units.Span(iv); ok || reported[iv.Range.Start] {
			return
		}
		reported[iv.Range.Start] = true
		pass.Reportf(iv.Range, nil, "Stop time %s is before start time %s: correct the times so the visit's minutes can be checked", iv.Stop.Raw, iv.Start.Raw)
	}
	if n.Session != nil {
		reversed(*n.Session)
	}
	for _, s := range n.Services {
		for _, iv := range s.Intervals {
			reversed(iv)
		}
	}
}
