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

// TestStrictFormat: a notes2-style entry (it has "ignore") scores every rule
// strictly, skips its ignored rules and its ignored lines.
func TestStrictFormat(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "p_001.txt"), []byte("VAGUE\nGOAL\nGOAL\nNOTE\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	labels := filepath.Join(dir, "labels.json")
	// Line 3's GOAL is ignored, NOTE's rule is ignored, the VAGUE finding is
	// unlabelled: in the strict format that is a false alarm, not an extra.
	json := `[{"file":"p_001.txt","expect":[{"rule":"line/rule","line":2}],"ignore":["note/rule"],"ignore_lines":[3]}]`
	if err := os.WriteFile(labels, []byte(json), 0o644); err != nil {
		t.Fatal(err)
	}
	entries, err := LoadLabels(labels)
	if err != nil {
		t.Fatal(err)
	}
	rules := []*analyzer.Rule{flagWord("line/rule", "GOAL"), flagWord("note/rule", "NOTE"), flagWord("doc/vague-phrase", "VAGUE")}
	scores, err := Evaluate(context.Background(), dir, entries, rules, []string{"line/rule", "note/rule", "doc/vague-phrase"})
	if err != nil {
		t.Fatal(err)
	}
	want := []Score{
		{Rule: "line/rule", TP: 1},
		{Rule: "note/rule"},
		{Rule: "doc/vague-phrase", FP: 1},
	}
	for i, w := range want {
		s := scores[i]
		if s.TP != w.TP || s.FP != w.FP || s.FN != w.FN || s.Extra != w.Extra {
			t.Errorf("%s = %+v, want %+v", w.Rule, *s, w)
		}
	}
	// Nothing labelled and nothing found is not "below"; a false alarm is.
	if below := Below(scores, 0.95, 0.9); len(below) != 1 || !strings.HasPrefix(below[0], "doc/vague-phrase") {
		t.Errorf("below = %q", below)
	}
}

func TestIgnoreLinesForms(t *testing.T) {
	dir := t.TempDir()
	for name, body := range map[string]string{
		"ok.json":  `[{"file":"a_1.txt","ignore":[],"ignore_lines":[4,{"rule":"doc/vague-phrase","line":7}]}]`,
		"bad.json": `[{"file":"a_1.txt","ignore":[],"ignore_lines":["x"]}]`,
		"esc.json": `[{"file":"../a_1.txt"}]`,
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	e, err := LoadLabels(filepath.Join(dir, "ok.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !e[0].lineIgnored("time/invalid-time", 4) || !e[0].lineIgnored("doc/vague-phrase", 7) || e[0].lineIgnored("time/invalid-time", 7) {
		t.Errorf("ignore_lines = %+v", e[0].IgnoreLines)
	}
	for _, name := range []string{"bad.json", "esc.json"} {
		if _, err := LoadLabels(filepath.Join(dir, name)); err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("%s: err = %v, want one naming the file", name, err)
		}
	}
}

func TestSplit(t *testing.T) {
	entries := []Entry{{File: "n001.txt"}, {File: "n002.txt"}, {File: "p2_003.txt"}, {File: "p2_010.txt"}, {File: "readme.txt"}}
	names := func(es []Entry) string {
		var s []string
		for _, e := range es {
			s = append(s, e.File)
		}
		return strings.Join(s, " ")
	}
	for half, want := range map[string]string{
		Dev:   "n001.txt p2_003.txt",
		Check: "n002.txt p2_010.txt",
		All:   "n001.txt n002.txt p2_003.txt p2_010.txt readme.txt",
	} {
		got, err := SplitEntries(entries, half)
		if err != nil || names(got) != want {
			t.Errorf("SplitEntries(%s) = %q, %v; want %q", half, names(got), err, want)
		}
	}
	if _, err := SplitEntries(entries, "odd"); err == nil {
		t.Error("SplitEntries(odd): no error")
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
