package timing

import (
	"slices"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/units"
)

// UnderEightMinutes flags a timed code billed with fewer than 8 minutes when the
// profile gives it no unit.
var UnderEightMinutes = &analyzer.Rule{
	ID:       "time/under-8-minutes",
	Severity: analyzer.Error,
	Doc:      `Flags a timed code billed when fewer than 8 minutes of it are documented and the payer profile gives it no unit. Under the commercial profile a code needs 8 minutes on its own. Under the medicare profile a short code can still earn a unit from the day's leftover minutes (33 minutes of 97110 and 7 of 97140 bill 97110 x2 and 97140 x1), so the rule fires only when no 8-minute-rule assignment gives the code a unit (with 97530 22 min and 97140 7 min the two tie on 7 leftover minutes, and either may take the second unit). Billing a unit for under 8 minutes of a lone code is one of the most common therapy overpayment findings.`,
	Source:   "Medicare Claims Processing Manual (Pub. 100-04) ch. 5 §20.2 (a service under 8 minutes is not billed unless the total timed minutes support a unit)",
	Run:      runUnderEightMinutes,
}

func runUnderEightMinutes(pass *analyzer.Pass) {
	n := pass.Note
	if len(n.Charges) == 0 {
		return
	}
	p := units.NewPlan(n, method(pass.Profile), timedFunc(pass))
	for _, c := range p.Codes {
		if !c.Timed || !c.Known() || c.Source == units.FromTotals || c.Minutes >= 8 {
			continue
		}
		if c.BilledSet && c.Billed == 0 {
			continue // billed at zero units: nothing claimed
		}
		if p.Method == units.EightMinute {
			if !p.Complete || slices.ContainsFunc(p.Choices(c.Code), func(u int) bool { return u > 0 }) {
				continue // the day's remaining minutes may give it a unit (or cannot be judged)
			}
			pass.Reportf(chargeRange(n, c.Charges[0]), nil,
				"%s billed with only %d min documented; under Medicare's 8-minute rule the day's %d timed minutes leave no unit for it: remove the charge or document the missing minutes",
				c.Code, c.Minutes, p.TotalMinutes)
			continue
		}
		pass.Reportf(chargeRange(n, c.Charges[0]), nil,
			"%s billed with only %d min documented; a timed code needs at least 8 minutes for a unit: remove the charge or document the missing minutes",
			c.Code, c.Minutes)
	}
}
