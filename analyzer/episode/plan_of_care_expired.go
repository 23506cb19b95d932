package episode

import "github.com/soaplint/soaplint/analyzer"

// PlanOfCareExpired flags treatment after the plan of care's end.
var PlanOfCareExpired = &analyzer.Rule{
	ID:       "episode/plan-of-care-expired",
	Severity: analyzer.Warning,
	Doc:      `Flags a billed treatment note dated after the end of its discipline's plan of care with no re-evaluation or recertification since. The end is what the evaluation states ("POC: 8 weeks" → 8×7 days on; "Plan of care 01/06/2025–03/30/2025"; "certification period … through 03/30/2025"), else 90 days after the evaluation, the longest a plan may run before it must be recertified. Goal timeframes ("LTG (10 wks)") and visit frequencies ("2x/wk for 5 wks") are not plan durations. A re-evaluation or recertification restarts the plan with its own stated period. Treatment outside a certified plan is not covered. Discharge summaries, which bill nothing, are never flagged.`,
	Source:   "42 CFR 424.24(c) (plan of care certified at least every 90 days); Medicare Benefit Policy Manual (Pub. 100-02) ch. 15 §220.1.2–220.1.3",
}
