package accuracy

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/note"
)

func TestLoadGoals(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "goals.jsonl")
	if err := os.WriteFile(good, []byte(`{"id":"g0001","text":"a","impairment_only":true,"measurable":true,"has_timeframe":true}

{"id":"g0002","text":"b"}
`), 0o644); err != nil {
		t.Fatal(err)
	}
	rows, err := LoadGoals(good)
	if err != nil || len(rows) != 2 || !rows[0].ImpairmentOnly || rows[1].ID != "g0002" {
		t.Fatalf("LoadGoals = %+v, %v", rows, err)
	}
	for name, body := range map[string]string{
		"bad json":  "{\"id\":\"g0001\"}\n{oops\n",
		"bad id":    "{\"id\":\"x1\"}\n",
		"duplicate": "{\"id\":\"g0001\"}\n{\"id\":\"g0001\"}\n",
	} {
		p := filepath.Join(dir, strings.ReplaceAll(name, " ", "_")+".jsonl")
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := LoadGoals(p)
		if err == nil || !strings.Contains(err.Error(), p+":") {
			t.Errorf("%s: error %v does not name the file and line", name, err)
		}
		if name != "bad id" && err != nil && !strings.Contains(err.Error(), ":2:") {
			t.Errorf("%s: error %v does not name line 2", name, err)
		}
	}
}

func TestGoalSplit(t *testing.T) {
	if _, err := ParseSplit("odd"); err == nil {
		t.Error("ParseSplit accepted odd")
	}
	for _, tc := range []struct {
		s  Split
		n  int
		in bool
	}{{SplitDev, 1, true}, {SplitDev, 2, false}, {SplitCheck, 2, true}, {SplitCheck, 3, false}, {SplitAll, 7, true}} {
		if tc.s.Has(tc.n) != tc.in {
			t.Errorf("%s.Has(%d) = %v", tc.s, tc.n, !tc.in)
		}
	}
}

// flagGoalWord reports rule id on every goal line containing word.
func flagGoalWord(id, word string) *analyzer.Rule {
	return &analyzer.Rule{ID: id, Run: func(p *analyzer.Pass) {
		for _, g := range p.Note.Goals {
			if strings.Contains(g.Text, word) {
				p.Reportf(g.Range, nil, "found %s", word)
			}
		}
		// A finding on the header line must not count for the goal.
		p.Reportf(note.Range{Start: 0, End: 1}, nil, "header")
	}}
}

func TestEvaluateGoals(t *testing.T) {
	rows := []GoalRow{
		// impairment: labelled on 1 and 2, found on 1 and 3 (one hit, one miss, one false alarm).
		{ID: "g0001", Text: "Pt will IMP 1", ImpairmentOnly: true, Measurable: true, HasTimeframe: true},
		{ID: "g0002", Text: "Pt will do 2", ImpairmentOnly: true, Measurable: true, HasTimeframe: true},
		{ID: "g0003", Text: "Pt will IMP 3", Measurable: true, HasTimeframe: true},
		// no-timeframe: an inherited timeframe means the rule should stay silent.
		{ID: "g0004", Header: "Goals (4 wks):", Text: "Pt will walk NOTF", Measurable: true, HasTimeframeInherited: true},
		{ID: "g0005", Text: "Pt will walk NOTF", Measurable: true},
	}
	rules := []*analyzer.Rule{flagGoalWord(RuleImpairment, "IMP"), flagGoalWord(RuleNoTimeframe, "NOTF")}
	scores, err := EvaluateGoals(context.Background(), rows, rules, SplitAll)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][3]int{}
	for _, s := range scores {
		got[s.Rule] = [3]int{s.TP, s.FP, s.FN}
	}
	want := map[string][3]int{
		RuleImpairment:  {1, 1, 1},
		RuleMeasurable:  {0, 0, 0},
		RuleNoTimeframe: {1, 1, 0},
	}
	for r, w := range want {
		if got[r] != w {
			t.Errorf("%s: TP/FP/FN %v, want %v", r, got[r], w)
		}
	}
	dev, err := EvaluateGoals(context.Background(), rows, rules, SplitDev)
	if err != nil {
		t.Fatal(err)
	}
	// Dev (g0001, g0003, g0005): impairment hit + false alarm, no-timeframe hit.
	if s := dev[0]; s.TP != 1 || s.FP != 1 || s.FN != 0 {
		t.Errorf("dev impairment: %+v", s)
	}
	if s := dev[2]; s.TP != 1 || s.FP != 0 {
		t.Errorf("dev no-timeframe: %+v", s)
	}
}
