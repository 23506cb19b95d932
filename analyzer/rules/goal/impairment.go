package goal

import (
	"context"
	"strings"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/nlp"
	"github.com/soaplint/soaplint/analyzer/note"
	"github.com/soaplint/soaplint/lexicon"
	"github.com/soaplint/soaplint/lexicon/textmatch"
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
	Run: runImpairmentBased,
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
	var activities []string // the patient's stated activities, read once per note
	var actsRead bool
	goals(pass, func(g note.Goal, facts nlp.Facts) {
		if !facts.ImpairmentOnly {
			return
		}
		if !actsRead {
			activities, actsRead = statedActivities(pass), true
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
		pass.Reportf(g.Range, functionalFixes(pass, g, facts, activities),
			"Goal states only an impairment measure (%s) with no functional activity: say what the "+
				"patient will be able to do with it (e.g. stairs, transfers, dressing, work).", what)
	})
}

// statedActivities returns the functional activities the patient names in the
// Subjective section ("unable to garden", "goal: return to church"). Negated
// mentions count: a limitation the patient reports is what a goal should target.
func statedActivities(pass *analyzer.Pass) []string {
	n := pass.Note
	m := pass.Lexicon.Terms.Matcher(nlp.ClassFunction)
	var out []string
	for _, s := range n.Sections {
		if s.Kind != note.SectionSubjective || s.Body.Empty() || s.Body.End > len(n.Text) {
			continue
		}
		body := n.Text[s.Body.Start:s.Body.End]
		for _, x := range m.Find(body) {
			if w := strings.ToLower(body[x.Start:x.End]); !containsFold(out, w) && len(out) < 8 {
				out = append(out, w)
			}
		}
	}
	return out
}

// genericActivities name no particular task and do not help ranking.
var genericActivities = map[string]bool{
	"adl": true, "adls": true, "iadl": true, "iadls": true, "return to": true, "participate": true,
	"participation": true, "household": true,
}

// rankActivities orders the patient's stated activities for the template query:
// those an impairment of the goal's region typically limits first (a knee goal in
// a note that mentions stairs and school: stairs first), then the others, then the
// region's typical activities the patient did not mention.
func rankActivities(stated, typical []string) []string {
	norm := func(a string) string {
		ws := strings.Fields(strings.ToLower(a))
		for i, w := range ws {
			ws[i] = strings.TrimSuffix(strings.TrimSuffix(w, "ing"), "s")
		}
		return strings.Join(ws, " ")
	}
	related := func(a string) bool {
		na := norm(a)
		for _, t := range typical {
			if nt := norm(t); strings.Contains(na, nt) || strings.Contains(nt, na) {
				return true
			}
		}
		return false
	}
	var first, rest []string
	for _, a := range stated {
		switch {
		case genericActivities[strings.ToLower(a)]:
		case related(a):
			first = append(first, a)
		default:
			rest = append(rest, a)
		}
	}
	out := append(first, rest...)
	for _, t := range typical {
		dup := false
		for _, a := range out {
			if na, nt := norm(a), norm(t); strings.Contains(na, nt) || strings.Contains(nt, na) {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, t)
		}
	}
	return out
}

// functionalFixes ranks templates for the goal and fills each with its side, body
// part and timeframe; each fix replaces the goal's text.
func functionalFixes(pass *analyzer.Pass, g note.Goal, facts nlp.Facts, activities []string) []analyzer.Fix {
	tpl := pass.Lexicon.Templates
	if tpl == nil {
		return nil
	}
	written, region := tpl.BodyPart(g.Text)
	side := sideOf(g.Text, written)
	part := region // "knee" for "quad", "back" for "lumbar"
	if region == "spine" {
		part = "back"
	}
	q := lexicon.TemplateQuery{
		Discipline:  string(pass.Note.Header.Discipline),
		Regions:     tpl.Regions(g.Text),
		Impairments: facts.Impairments,
		Activities:  rankActivities(activities, tpl.TypicalActivities(region)),
	}
	if len(q.Regions) == 0 && region != "" {
		q.Regions = []string{region}
	}
	timeframe := ""
	switch {
	case !facts.Timeframe.Empty():
		timeframe = g.Text[facts.Timeframe.Start:facts.Timeframe.End]
	case g.Timeframe != "" && !g.Inherited && g.TimeframeRange.Start >= g.Range.Start && g.TimeframeRange.End <= g.Range.End && !g.TimeframeRange.Empty():
		timeframe = g.Timeframe
	case g.Timeframe == "" && !hasTimeframe(pass.Note, g, facts):
		timeframe = "within ___ wks"
	}
	var fixes []analyzer.Fix
	for _, sg := range tpl.Suggest(context.Background(), q, fixCount, side, part, timeframe) {
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

// sideOf returns "R", "L" or "bilat" when written within three words before the
// body part (or anywhere in a goal with no body part).
func sideOf(text, part string) string {
	toks := textmatch.Tokenize(text)
	end := len(toks)
	if part != "" {
		for i, t := range toks {
			if t.Word == strings.ToLower(part) {
				end = i
				break
			}
		}
	}
	for i := end - 1; i >= 0 && (part == "" || i >= end-3); i-- {
		switch toks[i].Word {
		case "r", "rt", "right":
			return "R"
		case "l", "lt", "left":
			return "L"
		case "b", "bil", "bilat", "bilateral", "bilaterally", "bl":
			return "bilat"
		}
	}
	return ""
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

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}
