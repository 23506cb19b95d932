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

// Catalogue lists every rule ID, in registry order. It is derived from All, so
// a new rule is known to configuration, the accuracy tools and the server the
// moment it is registered. IDs are a public contract (configs and reviewers
// depend on them): TestCatalogueIDs pins them so none is renamed or dropped.
var Catalogue = ids(All())

func ids(rs []*analyzer.Rule) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.ID
	}
	return out
}
