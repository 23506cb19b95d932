package rules

import (
	"strings"
	"testing"

	"github.com/soaplint/soaplint/analyzer/episode"
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
