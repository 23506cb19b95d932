// Package rules assembles soaplint's rule catalogue from the rule families.
package rules

import (
	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/episode"
	"github.com/soaplint/soaplint/analyzer/rules/billing"
	"github.com/soaplint/soaplint/analyzer/rules/docs"
	"github.com/soaplint/soaplint/analyzer/rules/goal"
	"github.com/soaplint/soaplint/analyzer/rules/therapy"
	"github.com/soaplint/soaplint/analyzer/rules/timing"
)

// All returns every rule, in catalogue order. Each call returns a fresh slice of
// the same immutable rule values.
func All() []*analyzer.Rule {
	var all []*analyzer.Rule
	all = append(all, timing.Rules()...)
	all = append(all, therapy.Rules()...)
	all = append(all, billing.Rules()...)
	all = append(all, goal.Rules()...)
	all = append(all, docs.Rules()...)
	all = append(all, episode.Rules()...) // no per-note Run: see analyzer/episode
	return all
}

// Lookup returns the rule with the given ID, or nil.
func Lookup(id string) *analyzer.Rule {
	for _, r := range All() {
		if r.ID == id {
			return r
		}
	}
	return nil
}

// Catalogue lists every rule ID of the design's catalogue, in its order. IDs are a
// public contract: tests, configs and reviewers depend on them.
var Catalogue = []string{
	"time/missing-start-stop",
	"time/missing-timed-minutes",
	"time/units-mismatch",
	"time/minutes-exceed-session",
	"time/under-8-minutes",
	"time/invalid-time",
	"time/overlapping-codes",
	"97530/exercise-only",
	"97530/no-functional-link",
	"97530/not-one-on-one",
	"97530/no-skilled-intervention",
	"modifier/discipline-missing",
	"modifier/discipline-mismatch",
	"modifier/59-needed",
	"modifier/59-unsupported",
	"modifier/assistant-cq-co",
	"units/exceeds-mue",
	"goal/impairment-based",
	"goal/not-measurable",
	"goal/no-timeframe",
	"doc/vague-phrase",
	"doc/missing-section",
	"doc/missing-signature",
	"doc/invalid-icd10",
	"doc/unfilled-placeholder",
	"episode/progress-report-due",
	"episode/plan-of-care-expired",
	"episode/kx-modifier-missing",
	"episode/cloned-note",
}
