package accuracy

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/note"
)

// flagWord reports every line containing word.
func flagWord(id, word string) *analyzer.Rule {
	return &analyzer.Rule{ID: id, Run: func(p *analyzer.Pass) {
		off := 0
		for _, l := range strings.SplitAfter(p.Note.Text, "\n") {
			if strings.Contains(l, word) {
				p.Reportf(note.Range{Start: off, End: off + len(l)}, nil, "found %s", word)
			}
			off += len(l)
		}
	}}
}

func TestEvaluate(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{
		"a.txt": "GOAL\nx\nGOAL\nNOTE\nVAGUE\n",
		"b.txt": "GOAL\nVAGUE\n",
		"c.txt": "clean\nVAGUE\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	entries := []Entry{
		// a: GOAL labelled on lines 1 and 5 (found 1 and 3: one hit, one miss, one false alarm).
		{File: "a.txt", Expect: []Label{{"line/rule", 1}, {"line/rule", 5}, {"note/rule", 0}, {"doc/vague-phrase", 5}}},
		// b: note/rule labelled but silent (miss); GOAL found, not labelled (false alarm).
		{File: "b.txt", Expect: []Label{{"note/rule", 0}}, Lookalikes: []string{"doc/vague-phrase"}},
		// c: lenient rule fires unlabelled: extra, not a false alarm.
		{File: "c.txt"},
	}
	lenient := flagWord("doc/vague-phrase", "VAGUE")
	lenient.Scoring.Lenient = true // leniency is the rule's own fact, not the ID's
	rules := []*analyzer.Rule{flagWord("line/rule", "GOAL"), flagWord("note/rule", "NOTE"), lenient}
	scores, err := Evaluate(context.Background(), dir, entries, rules, []string{"line/rule", "note/rule", "doc/vague-phrase"})
	if err != nil {
		t.Fatal(err)
	}
	want := []Score{
		{Rule: "line/rule", TP: 1, FP: 2, FN: 1},
		{Rule: "note/rule", TP: 1, FP: 0, FN: 1},
		{Rule: "doc/vague-phrase", TP: 1, FP: 1, FN: 0, Extra: 1},
	}
	for i, w := range want {
		s := scores[i]
		if s.Rule != w.Rule || s.TP != w.TP || s.FP != w.FP || s.FN != w.FN || s.Extra != w.Extra {
			t.Errorf("score %d = %+v, want %+v", i, *s, w)
		}
	}
	var buf bytes.Buffer
	if err := Print(&buf, scores, true); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, w := range []string{"RULE", "PRECISION", "RECALL", "line/rule", "0.33", "0.50", "total", "a.txt:5: missed line/rule", "b.txt:1: false alarm line/rule", "b.txt: missed note/rule"} {
		if !strings.Contains(out, w) {
			t.Errorf("table lacks %q:\n%s", w, out)
		}
	}
	below := BelowThreshold(scores, 0.9)
	if len(below) != 3 || !strings.HasPrefix(below[0], "line/rule (precision 0.33, recall 0.50)") {
		t.Errorf("below = %q", below)
	}
}

// A rule neither labelled nor reported has no evidence either way and is not
// below the threshold; one that is reported without labels (a false alarm) or
// labelled and silent (a miss) is.
func TestBelowThresholdNoEvidence(t *testing.T) {
	scores := []*Score{
		{Rule: "new/rule"},
		{Rule: "alarm/rule", FP: 1},
		{Rule: "miss/rule", FN: 1},
		{Rule: "good/rule", TP: 3},
	}
	got := BelowThreshold(scores, 0.9)
	if len(got) != 2 || !strings.HasPrefix(got[0], "alarm/rule") || !strings.HasPrefix(got[1], "miss/rule") {
		t.Errorf("below = %q", got)
	}
}
