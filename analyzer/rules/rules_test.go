package rules

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/soaplint/soaplint/analyzer/episode"
	"github.com/soaplint/soaplint/lexicon"
)

// TestRegistry validates the catalogue: every rule has a unique catalogue ID, a doc,
// a source and a run function, and every catalogue ID has a rule.
func TestRegistry(t *testing.T) {
	known := map[string]bool{}
	for _, id := range Catalogue {
		known[id] = true
	}
	seen := map[string]bool{}
	for _, r := range All() {
		if !known[r.ID] {
			t.Errorf("rule %q is not in the catalogue", r.ID)
		}
		if seen[r.ID] {
			t.Errorf("rule %q registered twice", r.ID)
		}
		seen[r.ID] = true
		if strings.TrimSpace(r.Doc) == "" {
			t.Errorf("rule %q has no doc", r.ID)
		}
		if strings.TrimSpace(r.Source) == "" {
			t.Errorf("rule %q names no source", r.ID)
		}
		if r.Run == nil && !episode.IsEpisodeRule(r.ID) {
			t.Errorf("rule %q has no run function", r.ID)
		}
		if r.Run != nil && episode.IsEpisodeRule(r.ID) {
			t.Errorf("episode rule %q has a per-note run function", r.ID)
		}
	}
	for _, id := range Catalogue {
		if !seen[id] {
			t.Errorf("catalogue rule %q has no implementation", id)
		}
	}
}

// TestCatalogueIDs pins the public rule IDs: a rename or a removal fails here.
// A new rule is appended to want.
func TestCatalogueIDs(t *testing.T) {
	want := []string{
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
	have := map[string]bool{}
	for _, id := range Catalogue {
		have[id] = true
	}
	for _, id := range want {
		if !have[id] {
			t.Errorf("rule %q is gone from the catalogue: rule IDs are a public contract", id)
		}
	}
	if len(Catalogue) != len(want) {
		t.Errorf("catalogue has %d rules, want %d: add a new rule's ID to want (and README's count)", len(Catalogue), len(want))
	}
	// The README states the rule count.
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`\((\d+) rules, ` + "`soaplint rules`" + `\)`).FindSubmatch(readme)
	if m == nil {
		t.Fatal("README.md no longer says how many rules there are")
	}
	if n, _ := strconv.Atoi(string(m[1])); n != len(Catalogue) {
		t.Errorf("README.md says %d rules, the catalogue has %d", n, len(Catalogue))
	}
}

// TestRuleMetadata checks the facts other packages read off a rule: a rule
// that learns from the lexicon names a class the lexicon has.
func TestRuleMetadata(t *testing.T) {
	classes := map[string]bool{}
	for _, c := range lexicon.Default().Terms.Classes() {
		classes[string(c)] = true
	}
	for _, r := range All() {
		if r.Learns != "" && !classes[string(r.Learns)] {
			t.Errorf("%s learns unknown lexicon class %q", r.ID, r.Learns)
		}
	}
}
