package golden

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/note"
)

// Score is one rule's precision and recall on the shared labelled notes.
type Score struct {
	TP, FP, FN        int
	Precision, Recall float64
}

// lineLevel are the rules labelled per line in labels.json; the others are
// labelled per note (one entry means "fires at least once").
var lineLevel = map[string]bool{
	"97530/exercise-only": true, "doc/vague-phrase": true, "doc/invalid-icd10": true,
	"goal/impairment-based": true, "goal/not-measurable": true, "goal/no-timeframe": true,
}

// SharedNotes lints ../shared/notes (beside the repository) with rules, each note
// under its labelled payer profile, and scores every rule against labels.json.
// A missing corpus fails the test.
func SharedNotes(t *testing.T, rules []*analyzer.Rule) map[string]Score {
	t.Helper()
	dir := filepath.Join(filepath.Dir(filepath.Dir(Dir(t))), "..", "shared", "notes")
	data, err := os.ReadFile(filepath.Join(dir, "labels.json"))
	if err != nil {
		t.Fatalf("shared notes: %v", err)
	}
	var labels []struct {
		File   string `json:"file"`
		Payer  string `json:"payer"`
		Expect []struct {
			Rule string `json:"rule"`
			Line int    `json:"line"`
		} `json:"expect"`
	}
	if err := json.Unmarshal(data, &labels); err != nil {
		t.Fatalf("labels.json: %v", err)
	}
	type key struct {
		rule, file string
		line       int
	}
	want, got := map[key]bool{}, map[key]bool{}
	for _, l := range labels {
		for _, e := range l.Expect {
			k := key{e.Rule, l.File, 0}
			if lineLevel[e.Rule] {
				k.line = e.Line
			}
			want[k] = true
		}
		text, err := os.ReadFile(filepath.Join(dir, l.File))
		if err != nil {
			t.Fatalf("shared notes: %v", err)
		}
		res, err := analyzer.Run(context.Background(), string(text), rules, analyzer.Config{Profile: analyzer.Profile(l.Payer)})
		if err != nil {
			t.Fatal(err)
		}
		m := note.NewMapper(string(text))
		for _, d := range res.Diagnostics {
			k := key{d.Rule, l.File, 0}
			if lineLevel[d.Rule] {
				k.line, _ = m.Position(d.Start)
			}
			got[k] = true
		}
	}
	scores := map[string]Score{}
	for _, r := range rules {
		var s Score
		for k := range got {
			if k.rule == r.ID {
				if want[k] {
					s.TP++
				} else {
					s.FP++
					t.Logf("%s: unexpected finding in %s (line %d)", r.ID, k.file, k.line)
				}
			}
		}
		for k := range want {
			if k.rule == r.ID && !got[k] {
				s.FN++
				t.Logf("%s: missed finding in %s (line %d)", r.ID, k.file, k.line)
			}
		}
		s.Precision, s.Recall = 1, 1
		if s.TP+s.FP > 0 {
			s.Precision = float64(s.TP) / float64(s.TP+s.FP)
		}
		if s.TP+s.FN > 0 {
			s.Recall = float64(s.TP) / float64(s.TP+s.FN)
		}
		scores[r.ID] = s
	}
	return scores
}
