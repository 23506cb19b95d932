package goaltpl_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/goaltpl"
	"github.com/soaplint/soaplint/analyzer/note"
	"github.com/soaplint/soaplint/analyzer/rules/goal"
	"github.com/soaplint/soaplint/lexicon"
)

// notes with the same region-less impairment goal ("strength to 4/5"), in
// notes that do and do not say which body part they are about.
const goalLine = "STG 1: Improve strength to 4/5 in 4 wks"

func noteWith(header, s, o string) string {
	return "Discipline: PT\n" + header + "S: " + s + "\nO: " + o + "\nA: Progressing.\nGoals:\n" + goalLine + "\nP: Continue POC.\n"
}

var (
	shoulderDx = noteWith("Dx: M75.101 rotator cuff tear\n", "Pt reports pain.", "MMT 3+/5.")
	shoulderSO = noteWith("", "R shoulder pain 5/10.", "Shoulder flex AROM 110 deg.")
	noRegion   = noteWith("", "Pt reports pain.", "MMT 3+/5.")
	onlyO      = noteWith("", "Pt reports pain.", "Shoulder flex AROM 110 deg.") // look-alike: one mention
)

func suggestions(t *testing.T, text string) []lexicon.Suggestion {
	t.Helper()
	lex := lexicon.Default()
	n := note.Parse(text, lex)
	var g string
	for _, x := range n.Goals {
		g = x.Text
	}
	if g == "" {
		t.Fatalf("no goal parsed in %q", text)
	}
	return goaltpl.ForGoal(context.Background(), lex, goaltpl.ForNote(lex, n), g, "", 3)
}

func regionsOf(t *testing.T, sgs []lexicon.Suggestion) [][]string {
	t.Helper()
	var out [][]string
	for _, sg := range sgs {
		tpl, ok := lexicon.Default().Templates.Lookup(sg.ID)
		if !ok {
			t.Fatalf("unknown template %s", sg.ID)
		}
		out = append(out, tpl.Regions)
	}
	return out
}

// TestNoteRegionDecidesRegionlessGoal: a goal that names no body region gets
// the note's region's templates (from a diagnosis code, or from S and O both),
// and the generic ones when the note is unclear.
func TestNoteRegionDecidesRegionlessGoal(t *testing.T) {
	generic := suggestions(t, noRegion)
	if len(generic) != 3 {
		t.Fatalf("no-region note: %d suggestions", len(generic))
	}
	for name, text := range map[string]string{"diagnosis code": shoulderDx, "S and O": shoulderSO} {
		sgs := suggestions(t, text)
		if len(sgs) != 3 {
			t.Fatalf("%s: %d suggestions", name, len(sgs))
		}
		for i, r := range regionsOf(t, sgs) {
			if !slices.Contains(r, "shoulder") {
				t.Errorf("%s: suggestion %d (%s, regions %v) is not a shoulder template", name, i, sgs[i].ID, r)
			}
		}
	}
	if got := suggestions(t, onlyO); !slices.Equal(got, generic) {
		t.Errorf("one mention in O changed the templates: %v, want the generic %v", got, generic)
	}
	// Without a region the templates are the generic lower-limb ones (stairs):
	// what a shoulder note used to get.
	if r := regionsOf(t, generic)[0]; slices.Contains(r, "shoulder") {
		t.Errorf("generic first template %s has regions %v: the test no longer shows the note's region at work", generic[0].ID, r)
	}
}

// TestGoalRegionWins: a goal that names its own body part keeps it whatever
// the note's region.
func TestGoalRegionWins(t *testing.T) {
	text := strings.Replace(shoulderDx, goalLine, "STG 1: R knee flex AROM 0-120 deg in 4 wks", 1)
	for i, r := range regionsOf(t, suggestions(t, text)) {
		if !slices.Contains(r, "knee") {
			t.Errorf("suggestion %d has regions %v, want knee", i, r)
		}
	}
}

// TestRuleFixesAreForGoal: the goal/impairment-based fixes are ForGoal's
// suggestions, in order — the one code path the server's completion also uses.
func TestRuleFixesAreForGoal(t *testing.T) {
	for _, text := range []string{shoulderDx, shoulderSO, noRegion} {
		res, err := analyzer.Run(context.Background(), text, []*analyzer.Rule{goal.ImpairmentBased}, analyzer.Config{})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Diagnostics) != 1 {
			t.Fatalf("%d findings, want 1 impairment goal: %+v", len(res.Diagnostics), res.Diagnostics)
		}
		var fixes []string
		for _, f := range res.Diagnostics[0].Fixes {
			if strings.HasPrefix(f.Title, "Rewrite as a functional goal") {
				fixes = append(fixes, f.Edits[0].NewText)
			}
		}
		var want []string
		for _, sg := range suggestions(t, text) {
			want = append(want, sg.Text)
		}
		if !slices.Equal(fixes, want) || len(want) != 3 {
			t.Errorf("rule fixes %q, want ForGoal's %q", fixes, want)
		}
	}
}
