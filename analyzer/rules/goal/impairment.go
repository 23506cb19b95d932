package goal

import (
	"context"
	"strings"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/goaltpl"
	"github.com/soaplint/soaplint/analyzer/nlp"
	"github.com/soaplint/soaplint/analyzer/note"
	"github.com/soaplint/soaplint/lexicon"
)

// ImpairmentBased flags a goal stated only as an impairment measure.
var ImpairmentBased = &analyzer.Rule{
	ID:       "goal/impairment-based",
	Severity: analyzer.Warning,
	Doc: "A goal stated only as an impairment measure — range of motion in degrees, an MMT or " +
		"strength grade (4/5), a pain score, girth or edema, flexibility — says nothing about what " +
		"the patient will be able to do, and Medicare expects goals that are functional. Tie the " +
		"measure to the task it enables (\"knee flexion AROM to 110 deg to allow reciprocal stair " +
		"descent of 12 steps\", \"sit 60 min with pain ≤ 3/10 to complete a work shift\"), or state " +
		"the task itself. Fixes offer functional-goal templates ranked for the goal's body region, " +
		"impairment and the activities the patient reports, keeping its side, body part and " +
		"timeframe.",
	Source: "CMS Medicare Benefit Policy Manual ch. 15 §220.1.2 (goals measurable and pertaining " +
		"to identified functional impairments) and §220.3; APTA Defensible Documentation " +
		"(impairment goals should be linked to functional outcomes).",
	Run:     runImpairmentBased,
	Learns:  "functional", // a task the lists lack reads as an impairment
	Scoring: analyzer.Scoring{PerLine: true},
}

// fixCount is how many templates are offered per goal.
const fixCount = 3

// classImpairmentNames lists the display name of each impairment kind ("rom:
// range of motion"), in lexicon/data/terms/goal-impairment-names.txt.
const classImpairmentNames lexicon.TermClass = "goal-impairment-names"

type kindNamesKey struct{}

// kindNames returns the impairment kinds' display names of lex, read once per
// lexicon.
func kindNames(lex *lexicon.Lexicon) map[string]string {
	return lex.Terms.Derived(kindNamesKey{}, func(t *lexicon.TermTable) any {
		m := map[string]string{}
		for _, line := range t.List(classImpairmentNames) {
			if k, name, ok := strings.Cut(line, ":"); ok {
				m[strings.TrimSpace(k)] = strings.TrimSpace(name)
			}
		}
		return m
	}).(map[string]string)
}

func runImpairmentBased(pass *analyzer.Pass) {
	var around goaltpl.Note // what template ranking reads of the note, once per note
	var read bool
	// Goals are copied forward from visit to visit, so a note of pasted visits
	// repeats them: templates are ranked once per goal text and timeframe.
	ranked := map[[2]string][]lexicon.Suggestion{}
	goals(pass, func(g note.Goal, facts nlp.Facts) {
		if !facts.ImpairmentOnly {
			return
		}
		if !read {
			around, read = goaltpl.ForNote(pass.Lexicon, pass.Note), true
		}
		var names []string
		kn := kindNames(pass.Lexicon)
		for _, k := range facts.Impairments {
			if s, ok := kn[k]; ok {
				names = append(names, s)
			}
		}
		what := strings.Join(names, ", ")
		if what == "" {
			what = "impairment measure"
		}
		pass.Reportf(g.Range, functionalFixes(pass, g, facts, around, ranked),
			"Goal states only an impairment measure (%s) with no functional activity: say what the "+
				"patient will be able to do with it (e.g. stairs, transfers, dressing, work).", what)
	})
}

// functionalFixes ranks templates for the goal (goaltpl: the same templates the
// language server completes) and fills each with its side, body part and
// timeframe; each fix replaces the goal's text.
func functionalFixes(pass *analyzer.Pass, g note.Goal, facts nlp.Facts, around goaltpl.Note, ranked map[[2]string][]lexicon.Suggestion) []analyzer.Fix {
	// A timeframe in the goal's text is carried over by goaltpl; these are the others.
	timeframe := ""
	switch {
	case !facts.Timeframe.Empty():
	case g.Timeframe != "" && !g.Inherited && g.TimeframeRange.Start >= g.Range.Start && g.TimeframeRange.End <= g.Range.End && !g.TimeframeRange.Empty():
		timeframe = g.Timeframe
	case g.Timeframe == "" && !hasTimeframe(pass.Note, g, facts):
		timeframe = "within ___ wks"
	}
	var fixes []analyzer.Fix
	key := [2]string{g.Text, timeframe}
	sgs, ok := ranked[key]
	if !ok {
		sgs = goaltpl.ForGoal(context.Background(), pass.Lexicon, around, g.Text, timeframe, fixCount)
		ranked[key] = sgs
	}
	for _, sg := range sgs {
		text := sg.Text
		if strings.HasSuffix(g.Text, ".") {
			text += "."
		}
		fixes = append(fixes, analyzer.Fix{
			Title: "Rewrite as a functional goal: " + shorten(text, 70),
			Edits: []analyzer.TextEdit{{Start: g.Range.Start, End: g.Range.End, NewText: text}},
		})
	}
	return fixes
}

func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := strings.LastIndexByte(s[:n], ' ')
	if cut <= 0 {
		cut = n
	}
	return s[:cut] + " …"
}
