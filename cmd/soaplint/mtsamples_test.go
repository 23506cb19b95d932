package main

import (
	"context"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/rules"
	"github.com/soaplint/soaplint/cmd/soaplint/internal/corpus"
)

// TestMTSamplesQuiet lints the 4,999 real MTSamples notes (testdata/corpus). They are evaluations and reports that bill
// no therapy codes, so no time/, 97530/, modifier/ or units/ rule may fire: a
// finding there is a false alarm on text nobody tuned for.
func TestMTSamplesQuiet(t *testing.T) {
	path := fullCorpus(t)
	if testing.Short() {
		t.Skip("short")
	}
	notes, err := corpus.Read(path)
	if err != nil {
		t.Fatal(err)
	}
	all := rules.All()
	byRule := map[string]int{}
	var bad []string
	for _, n := range notes {
		res, err := analyzer.Run(context.Background(), n.Text, all, analyzer.Config{})
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range res.Diagnostics {
			byRule[d.Rule]++
			for _, p := range []string{"time/", "97530/", "modifier/", "units/"} {
				if strings.HasPrefix(d.Rule, p) {
					bad = append(bad, n.Name+": "+d.Rule)
				}
			}
		}
	}
	var counts []string
	for r, c := range byRule {
		counts = append(counts, r+" "+strconv.Itoa(c))
	}
	sort.Strings(counts)
	t.Logf("%d notes; findings by rule:\n  %s", len(notes), strings.Join(counts, "\n  "))
	if len(bad) > 0 {
		sort.Strings(bad)
		t.Errorf("%d billing/timing findings on notes that bill nothing:\n  %s", len(bad), strings.Join(bad[:min(len(bad), 40)], "\n  "))
	}
}
