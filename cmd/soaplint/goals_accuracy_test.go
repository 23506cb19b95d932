package main

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/note"
	"github.com/soaplint/soaplint/analyzer/rules"
	"github.com/soaplint/soaplint/cmd/soaplint/internal/accuracy"
	"github.com/soaplint/soaplint/cmd/soaplint/internal/corpus"
)

// Goal-rule targets of issue 11 on every labelled set, on both halves.
const goalPrecision, goalRecall = 0.95, 0.90

var labelled = filepath.Join("..", "..", "testdata", "labelled")

// shortfall is a measured score still below the target: the test holds
// the line there (no regression) and logs the gap, so the table below is the
// list of work left. Remove an entry once the rule reaches the target.
type shortfall struct{ precision, recall float64 }

// shortfalls: none since 2026-12-04, when goal/impairment-based reached 71/78
// on the goals' checking half (it was 70/78 = 0.897); an entry goes here only
// with the measurement and the closing note that explains it.
var shortfalls = map[string]shortfall{}

// checkGoalScores fails for each goal rule below the targets (or below its
// recorded shortfall). A rule with nothing labelled and nothing found in a split
// has nothing to score and passes.
func checkGoalScores(t *testing.T, set string, split accuracy.Split, scores []*accuracy.Score) {
	t.Helper()
	var buf bytes.Buffer
	if err := accuracy.Print(&buf, scores, true); err != nil {
		t.Fatal(err)
	}
	for _, s := range scores {
		if s.TP+s.FP+s.FN == 0 {
			continue
		}
		p, pok := s.Precision()
		r, rok := s.Recall()
		wantP, wantR := goalPrecision, goalRecall
		key := fmt.Sprintf("%s %s %s", set, split, s.Rule)
		if sf, ok := shortfalls[key]; ok {
			wantP, wantR = min(wantP, sf.precision), min(wantR, sf.recall)
			if pok && rok && p >= goalPrecision && r >= goalRecall {
				t.Errorf("%s: precision %.2f recall %.2f meet the target now: remove its shortfall entry", key, p, r)
			} else {
				t.Logf("%s: precision %.3f recall %.3f, below the target %.2f / %.2f", key, p, r, goalPrecision, goalRecall)
			}
		}
		if !pok || !rok || p < wantP || r < wantR {
			t.Errorf("%s: precision %.3f recall %.3f, want ≥ %.3f / %.3f\n%s", key, p, r, wantP, wantR, buf.String())
		}
	}
	t.Logf("%s %s\n%s", set, split, buf.String())
}

// TestGoalsAccuracy scores the goal rules on the labelled goals (a copy of
// ../shared/goals/goals.jsonl), on the development half (odd ids), the checking
// half (even ids) and overall.
func TestGoalsAccuracy(t *testing.T) {
	rows, err := accuracy.LoadGoals(filepath.Join(labelled, "goals", "goals.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) < 400 {
		t.Fatalf("%d labelled goals, want the whole set", len(rows))
	}
	for _, split := range []accuracy.Split{accuracy.SplitDev, accuracy.SplitCheck, accuracy.SplitAll} {
		scores, err := accuracy.EvaluateGoals(context.Background(), rows, rules.All(), split)
		if err != nil {
			t.Fatal(err)
		}
		checkGoalScores(t, "goals", split, scores)
	}
}

// TestGoalRulesOnLabelledNotes scores the goal rules only on the labelled notes
// (copies of ../shared/notes and ../shared/notes2), both halves and overall.
func TestGoalRulesOnLabelledNotes(t *testing.T) {
	for _, set := range []string{"notes", "notes2"} {
		dir := filepath.Join(labelled, set)
		entries, err := accuracy.LoadLabels(filepath.Join(dir, "labels.json"))
		if err != nil {
			t.Fatal(err)
		}
		for _, split := range []accuracy.Split{accuracy.SplitDev, accuracy.SplitCheck, accuracy.SplitAll} {
			part, err := accuracy.SplitEntries(entries, string(split))
			if err != nil {
				t.Fatal(err)
			}
			scores, err := accuracy.Evaluate(context.Background(), dir, part, rules.All(), accuracy.GoalRules)
			if err != nil {
				t.Fatal(err)
			}
			checkGoalScores(t, set, split, scores)
		}
	}
}

// TestMTSamplesGoalFindingsNeedGoals lints the 4,999 MTSamples notes
// (testdata/corpus): a note without a goals section gets no goal finding.
func TestMTSamplesGoalFindingsNeedGoals(t *testing.T) {
	notes, err := corpus.Read(fullCorpus(t))
	if err != nil {
		t.Fatal(err)
	}
	var goalRules []*analyzer.Rule
	for _, r := range rules.All() {
		if strings.HasPrefix(r.ID, "goal/") {
			goalRules = append(goalRules, r)
		}
	}
	bad := 0
	for _, n := range notes {
		res, err := analyzer.Run(context.Background(), n.Text, goalRules, analyzer.Config{})
		if err != nil {
			t.Fatal(err)
		}
		hasGoals := false
		for _, s := range res.Note.Sections {
			hasGoals = hasGoals || s.Kind == note.SectionGoals
		}
		if !hasGoals && len(res.Diagnostics) > 0 {
			bad++
			t.Errorf("%s: %d goal findings (first %s) without a goals section", n.Name, len(res.Diagnostics), res.Diagnostics[0].Rule)
		}
	}
	t.Logf("%d notes, %d with goal findings outside a goals section", len(notes), bad)
}

func TestAccuracyGoalsCommand(t *testing.T) {
	goals := filepath.Join(labelled, "goals", "goals.jsonl")
	code, stdout, stderr := runCLI(t, "", rules.All(), "accuracy", "--goals", goals, "--split", "dev", "--min", "0.9")
	if code != 0 || !strings.HasPrefix(stdout, "RULE") || !strings.Contains(stdout, "goal/impairment-based") || strings.Contains(stdout, "doc/") {
		t.Errorf("--goals --split dev: exit %d\nstdout:\n%s\nstderr: %s", code, stdout, stderr)
	}
	// The checking half meets 0.90 (goal/impairment-based recall 71/78) but
	// not 0.95: that threshold fails with exit 1 and says how many rules.
	if code, _, stderr := runCLI(t, "", rules.All(), "accuracy", "--goals", goals, "--split", "check", "--min", "0.9"); code != 0 {
		t.Errorf("--goals --split check --min 0.9: exit %d, stderr %q", code, stderr)
	}
	code, _, stderr = runCLI(t, "", rules.All(), "accuracy", "--goals", goals, "--split", "check", "--min", "0.95")
	if code != 1 || !strings.Contains(stderr, "below 0.95") {
		t.Errorf("--goals --split check --min 0.95: exit %d, stderr %q", code, stderr)
	}
	for _, args := range [][]string{
		{"accuracy", "--goals", goals, "--split", "odd"},
		{"accuracy", "--goals", goals, "--labels", filepath.Join(labelled, "notes", "labels.json")},
	} {
		if code, _, stderr := runCLI(t, "", rules.All(), args...); code != 2 || stderr == "" {
			t.Errorf("%v: exit %d, stderr %q", args, code, stderr)
		}
	}
	if code, _, stderr := runCLI(t, "", rules.All(), "accuracy", "--goals", filepath.Join(t.TempDir(), "none.jsonl")); code != 2 || !strings.Contains(stderr, "none.jsonl") {
		t.Errorf("missing goals file: exit %d, stderr %q", code, stderr)
	}
}
