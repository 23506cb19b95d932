package timing

import (
	"fmt"
	"strings"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/note"
	"github.com/soaplint/soaplint/analyzer/units"
)

// MinutesExceedSession flags per-code minutes that add up to more than the
// visit's clock span or the note's stated totals.
var MinutesExceedSession = &analyzer.Rule{
	ID:       "time/minutes-exceed-session",
	Severity: analyzer.Error,
	Doc:      `Flags per-code minutes that add up to more than the session's start–stop span, more than the stated total timed minutes (timed codes only), or more than the stated total treatment time (all codes). Minutes that do not fit in the visit are the first thing an auditor checks and suggest copied-forward or padded documentation. The check needs per-code minutes and something to compare them with: a valid session interval or a stated total; a session whose times are invalid is time/invalid-time's concern.`,
	Source:   "Medicare Benefit Policy Manual (Pub. 100-02) ch. 15 §220.3.B (total timed code minutes and total treatment time); Medicare Claims Processing Manual ch. 5 §20.2",
	Run:      runMinutesExceedSession,
}

func runMinutesExceedSession(pass *analyzer.Pass) {
	n := pass.Note
	if len(n.Charges) == 0 {
		return
	}
	timed := timedFunc(pass)
	var all, timedSum int
	var parts, timedParts []string
	seen := map[string]bool{}
	add := func(code string) {
		if seen[code] {
			return
		}
		seen[code] = true
		m, src, _ := units.DocumentedMinutes(n, code)
		if src == units.FromNone {
			return
		}
		part := fmt.Sprintf("%s %d", code, m)
		all += m
		parts = append(parts, part)
		if timed(code) {
			timedSum += m
			timedParts = append(timedParts, part)
		}
	}
	for _, ch := range n.Charges {
		add(ch.Code)
	}
	for _, s := range n.Services {
		add(s.Code)
	}
	if s := n.Session; s != nil {
		span, ok := units.Span(*s)
		switch {
		case !ok:
		case len(parts) > 0 && all > span:
			pass.Reportf(s.Range, nil,
				"Minutes documented per code add up to %d (%s), more than the %d-minute session (%s–%s): correct the minutes or the start and stop times",
				all, strings.Join(parts, " + "), span, s.Start.Raw, s.Stop.Raw)
		default:
			// Without per-code minutes the stated totals must still fit in
			// the clock span.
			for _, t := range []struct {
				q    note.Quantity
				what string
			}{{n.Totals.Timed, "total timed minutes"}, {n.Totals.Treatment, "total treatment time"}} {
				if t.q.Set && t.q.Value > span {
					pass.Reportf(s.Range, nil,
						"The stated %s (%d) is more than the %d-minute session (%s–%s): correct the total or the start and stop times",
						t.what, t.q.Value, span, s.Start.Raw, s.Stop.Raw)
					break
				}
			}
		}
	}
	if len(parts) == 0 {
		return
	}
	if t := n.Totals.Timed; t.Set && timedSum > t.Value {
		pass.Reportf(rangeOr(t.Range, n.Totals.Line), nil,
			"Timed minutes documented per code add up to %d (%s), more than the stated total timed minutes (%d): correct the minutes or the total",
			timedSum, strings.Join(timedParts, " + "), t.Value)
	}
	if t := n.Totals.Treatment; t.Set && all > t.Value {
		pass.Reportf(rangeOr(t.Range, n.Totals.Line), nil,
			"Minutes documented per code add up to %d (%s), more than the stated total treatment time (%d): correct the minutes or the total",
			all, strings.Join(parts, " + "), t.Value)
	}
}

func rangeOr(r, alt note.Range) note.Range {
	if r.Empty() {
		return alt
	}
	return r
}
