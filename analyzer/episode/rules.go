package episode

import "github.com/soaplint/soaplint/analyzer"

// The episode rules are catalogue entries like any other (ID, doc, severity,
// profiles) but have no per-note Run: they report from Run over summaries.
const numRules = 4

// Rules returns the episode rules in catalogue order.
func Rules() []*analyzer.Rule {
	return []*analyzer.Rule{ProgressReportDue, PlanOfCareExpired, KXModifierMissing, ClonedNote}
}

// index is r's slot in Summary.rules.
func index(r *analyzer.Rule) int {
	for i, x := range Rules() {
		if x == r {
			return i
		}
	}
	panic("episode: not an episode rule: " + r.ID)
}

// IsEpisodeRule reports whether id names an episode rule.
func IsEpisodeRule(id string) bool {
	for _, r := range Rules() {
		if r.ID == id {
			return true
		}
	}
	return false
}
