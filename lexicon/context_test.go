package lexicon

import (
	"strings"
	"testing"

	"github.com/soaplint/soaplint/lexicon/textmatch"
)

// TestContextData runs the published-trigger table on therapy-note phrasing,
// in both directions: mentions that did not happen today, and look-alikes that
// did.
func TestContextData(t *testing.T) {
	c := Default().Context
	m := textmatch.New([]string{"stairs", "theraband", "6mwt", "group", "squats", "work", "car transfer"})
	for _, tc := range []struct {
		text string
		want textmatch.Category
	}{
		{"no stairs today", textmatch.Negation},
		{"Pt previously used theraband at home", textmatch.History},
		{"6MWT not repeated today.", textmatch.Negation},
		{"declined group exercise class; seen 1:1", textmatch.Negation},
		{"stairs not attempted", textmatch.Negation},
		{"w/o theraband today", textmatch.Negation},
		{"denies stairs at home", textmatch.Negation},
		{"s/p squats program last year", textmatch.History},
		{"if tolerated, progress to stairs", textmatch.Hypothesis},
		{"previously did squats and SLR under TherEx", textmatch.History},
		// Look-alikes that are affirmed.
		{"Stairs x12 w/ rail", textmatch.Affirmed},
		{"No pain. Stairs x12 w/ rail", textmatch.Affirmed},
		{"no pain but stairs remain hard", textmatch.Affirmed},
		{"theraband rows 2x10, not painful", textmatch.Affirmed},
		{"Stair training 12 stairs w/o rail", textmatch.Affirmed},
		{"stairs w/o theraband", textmatch.Affirmed},
		{"performed w/ o stairs", textmatch.Affirmed},
		{"no increase in pain with stairs", textmatch.Affirmed},
		{"ascended stairs pain free", textmatch.Affirmed},
		{"simulated car transfer to return to work", textmatch.Affirmed},
		{"not only stairs but curbs", textmatch.Affirmed},
	} {
		ms := m.Find(tc.text)
		if len(ms) == 0 {
			t.Fatalf("%q: no match", tc.text)
		}
		if got := c.Classify(tc.text, ms[0].Start, ms[0].End); got != tc.want {
			t.Errorf("Classify(%q at %q) = %v, want %v", tc.text, ms[0].Term, got, tc.want)
		}
	}
}

func TestParseContextErrors(t *testing.T) {
	for _, tc := range []struct{ data, want string }{
		{"no\tnegation\tforward\t-\tnegex\n", "source"},
		{"# source: x\nno\tnegation\tforward\n", ":2: want 5"},
		{"# source: x\nno\tnegated\tforward\t-\tnegex\n", ":2: unknown"},
		{"# source: x\nbut\tterminate\tforward\tall\tnegex\n", ":2: only"},
	} {
		if _, err := parseContext("c.tsv", tc.data); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("parseContext(%q) = %v, want an error with %q", tc.data, err, tc.want)
		}
	}
}
