package timing

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/rules/internal/golden"
)

// sharedDir is ../shared/<sub> beside the repository.
func sharedDir(t *testing.T, sub string) string {
	root := filepath.Dir(filepath.Dir(golden.Dir(t))) // testdata/rules -> repo root
	return filepath.Join(root, "..", "shared", sub)
}

type label struct {
	File   string `json:"file"`
	Payer  string `json:"payer"`
	Expect []struct {
		Rule string `json:"rule"`
	} `json:"expect"`
}

// score runs rules over the labelled shared notes and returns note-level
// precision and recall per rule (a rule "fires" on a note when it reports at least once).
func score(t *testing.T, rules []*analyzer.Rule) map[string][2]float64 {
	dir := sharedDir(t, "notes")
	data, err := os.ReadFile(filepath.Join(dir, "labels.json"))
	if err != nil {
		t.Fatalf("shared notes are required: %v", err)
	}
	var labels []label
	if err := json.Unmarshal(data, &labels); err != nil {
		t.Fatal(err)
	}
	tp, fp, fn := map[string]int{}, map[string]int{}, map[string]int{}
	for _, l := range labels {
		text, err := os.ReadFile(filepath.Join(dir, l.File))
		if err != nil {
			t.Fatal(err)
		}
		p, err := analyzer.ParseProfile(l.Payer)
		if err != nil {
			p = analyzer.Medicare
		}
		res, err := analyzer.Run(context.Background(), string(text), rules, analyzer.Config{Profile: p})
		if err != nil {
			t.Fatal(err)
		}
		got, want := map[string]bool{}, map[string]bool{}
		for _, d := range res.Diagnostics {
			got[d.Rule] = true
		}
		for _, e := range l.Expect {
			want[e.Rule] = true
		}
		for _, r := range rules {
			switch {
			case got[r.ID] && want[r.ID]:
				tp[r.ID]++
			case got[r.ID]:
				fp[r.ID]++
				t.Logf("%s: unexpected %s", l.File, r.ID)
			case want[r.ID]:
				fn[r.ID]++
				t.Logf("%s: missed %s", l.File, r.ID)
			}
		}
	}
	out := map[string][2]float64{}
	var lines []string
	for _, r := range rules {
		id := r.ID
		prec, rec := 1.0, 1.0
		if tp[id]+fp[id] > 0 {
			prec = float64(tp[id]) / float64(tp[id]+fp[id])
		}
		if tp[id]+fn[id] > 0 {
			rec = float64(tp[id]) / float64(tp[id]+fn[id])
		}
		out[id] = [2]float64{prec, rec}
		lines = append(lines, fmt.Sprintf("%-30s tp=%d fp=%d fn=%d precision=%.2f recall=%.2f", id, tp[id], fp[id], fn[id], prec, rec))
	}
	sort.Strings(lines)
	t.Log("\n" + strings.Join(lines, "\n"))
	return out
}

// TestAccuracySharedNotes holds the time/* rules to precision and recall ≥ 0.9 on
// the labelled shared notes.
func TestAccuracySharedNotes(t *testing.T) {
	for id, pr := range score(t, Rules()) {
		if pr[0] < 0.9 || pr[1] < 0.9 {
			t.Errorf("%s: precision %.2f recall %.2f, want both ≥ 0.9", id, pr[0], pr[1])
		}
	}
}

// TestSilentOnMTSamples: real notes that bill nothing get no time/* finding.
func TestSilentOnMTSamples(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(sharedDir(t, "corpus"), "mtsamples", "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("mtsamples corpus is required (%v)", err)
	}
	for _, f := range files {
		text, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		res, err := analyzer.Run(context.Background(), string(text), Rules(), analyzer.Config{})
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range res.Diagnostics {
			t.Errorf("%s: %s at byte %d", filepath.Base(f), d.Rule, d.Start)
		}
	}
}
