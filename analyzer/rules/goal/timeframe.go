package goal

import (
	"sort"
	"strings"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/nlp"
	"github.com/soaplint/soaplint/analyzer/note"
)

// NoTimeframe flags a goal with no target date or timeframe of its own and none
// inherited from its goals header.
var NoTimeframe = &analyzer.Rule{
	ID:       "goal/no-timeframe",
	Severity: analyzer.Info,
	Doc: "A goal needs a target date or timeframe (\"STG (3 wks):\", \"by 08/15/2025\", " +
		"\"within 6 visits\", or a header such as \"SHORT-TERM GOALS TO BE COMPLETED IN 3 WEEKS\"). " +
		"Without one, a reviewer cannot judge whether the patient is progressing at the rate the " +
		"plan of care expects, and the plan's duration has nothing to be measured against.",
	Source: "CMS Medicare Benefit Policy Manual ch. 15 §220.1.2 (long-term goals and their " +
		"expected duration in the plan of care); APTA Defensible Documentation (goals: measurable, " +
		"time-bound).",
	Run:     runNoTimeframe,
	Scoring: analyzer.Scoring{PerLine: true, Lenient: true},
}

func runNoTimeframe(pass *analyzer.Pass) {
	n := pass.Note
	if len(n.Goals) == 0 || dischargeSummary(n) {
		return // its goals are reported on (met, not met), not set
	}
	goals(pass, func(g note.Goal, facts nlp.Facts) {
		if hasTimeframe(n, g, facts) {
			return
		}
		pass.Reportf(g.Range, []analyzer.Fix{addTimeframeFix(n.Text, g)},
			"Goal has no target date or timeframe: add one, e.g. \"STG (3 wks):\" or \"by 08/15/2025\".")
	})
}

// hasTimeframe looks, in order, at what the parser found, at the goal's own words
// ("In 4 wks, pt will …"), at its label ("LTG (by DC):") and at the header of its
// goals section ("GOALS TO BE COMPLETED IN 3 WEEKS").
func hasTimeframe(n *note.Note, g note.Goal, facts nlp.Facts) bool {
	// The goal's own text is judged by its parse (facts.Timeframe), which tells
	// "6 wks s/p TKA" from a deadline; a label's "(3 wks)" and a header's
	// timeframe count as they are.
	if !facts.Timeframe.Empty() || g.Timeframe != "" && (g.Inherited || !within(g.TimeframeRange, g.Range)) {
		return true
	}
	if g.Line.Start <= g.Range.Start && g.Range.Start <= len(n.Text) {
		if _, ok := nlp.FindTimeframe(n.Text[g.Line.Start:g.Range.Start]); ok {
			return true
		}
	}
	// The goal's section is the last one starting at or before it (sections are
	// in note order); a scan of every section per goal is quadratic.
	var header string
	if i := sort.Search(len(n.Sections), func(i int) bool { return n.Sections[i].Header.Start > g.Range.Start }) - 1; i >= 0 {
		if s := n.Sections[i]; s.Kind == note.SectionGoals && g.Range.Start <= s.Body.End {
			header = s.Title
		}
	}
	if header != "" {
		if _, ok := nlp.FindTimeframe(header); ok {
			return true
		}
	}
	return false
}

// addTimeframeFix appends a timeframe placeholder to the goal text, before its
// final period.
func addTimeframeFix(text string, g note.Goal) analyzer.Fix {
	at := g.Range.End
	for at > g.Range.Start && (text[at-1] == '.' || text[at-1] == ' ') {
		at--
	}
	return analyzer.Fix{
		Title: "Add a timeframe (within ___ wks)",
		Edits: []analyzer.TextEdit{{Start: at, End: at, NewText: " within ___ wks"}},
	}
}

// within reports whether r lies inside outer.
func within(r, outer note.Range) bool { return r.Start >= outer.Start && r.End <= outer.End }

// dischargeSummary reports whether the note is a discharge summary: its title (a
// line before the first goal) or a section title says so.
func dischargeSummary(n *note.Note) bool {
	is := func(t string) bool {
		if len(t) > 200 {
			t = t[:200]
		}
		for _, w := range [...]string{"discharge summary", "discharge note", "discharge report", "d/c summary", "discharge evaluation", "discharge visit"} {
			if hasFold(t, w) {
				return true
			}
		}
		return false
	}
	for _, s := range n.Sections {
		if is(s.Title) {
			return true
		}
	}
	end := len(n.Text)
	if len(n.Goals) > 0 {
		end = min(end, n.Goals[0].Line.Start)
	}
	head := n.Text[:end]
	for i := 0; i < 3 && head != ""; i++ { // the first lines: the note's title
		line, rest, _ := strings.Cut(head, "\n")
		if is(line) {
			return true
		}
		head = rest
	}
	return false
}

// hasFold reports whether s contains the ASCII phrase w, ignoring
// ASCII case, without allocating.
func hasFold(s, w string) bool {
	for i := 0; i+len(w) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(w)], w) {
			return true
		}
	}
	return false
}
