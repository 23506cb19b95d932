// Package goaltpl offers functional-goal templates for a goal of a note: the
// one code path behind the goal/impairment-based fixes (CLI, --fix output,
// code actions) and the language server's goal completion, so both offer the
// same templates for the same goal.
//
// Templates are ranked (lexicon.TemplateSet.Suggest) for the goal's body region
// — or, when the goal names none, the note's (lexicon.TemplateSet.NoteRegion:
// diagnosis codes, Subjective, Objective) — its impairments, and the
// activities the patient names in S; side, body part and timeframe are carried
// over.
package goaltpl

import (
	"context"
	"strings"

	"github.com/soaplint/soaplint/analyzer/nlp"
	"github.com/soaplint/soaplint/analyzer/note"
	"github.com/soaplint/soaplint/lexicon"
	"github.com/soaplint/soaplint/lexicon/textmatch"
)

// Note is what ranking reads of the note around a goal; ForNote computes it
// once per note.
type Note struct {
	Discipline string   // PT, OT, SLP; "" when the note does not say
	Activities []string // the patient's stated activities (Subjective), in order
	Region     string   // the note's body region; "" when unclear
}

// ForNote reads n for ranking.
func ForNote(lex *lexicon.Lexicon, n *note.Note) Note {
	out := Note{Discipline: string(n.Header.Discipline), Activities: statedActivities(lex, n)}
	if lex.Templates == nil {
		return out
	}
	var codes []string
	for _, c := range n.ICDCodes {
		codes = append(codes, c.Code)
	}
	var texts []string
	for _, s := range n.Sections {
		if (s.Kind == note.SectionSubjective || s.Kind == note.SectionObjective) && !s.Body.Empty() && s.Body.End <= len(n.Text) {
			texts = append(texts, n.Text[s.Body.Start:s.Body.End])
		}
	}
	out.Region = lex.Templates.NoteRegion(codes, texts...)
	return out
}

// ForGoal returns up to count templates for the goal text, filled in. A
// timeframe written in the goal is carried over; otherwise fallbackTimeframe
// (the goal/impairment-based rule passes the goal line's own, or "within ___
// wks" when the goal has none anywhere; completion passes "").
func ForGoal(ctx context.Context, lex *lexicon.Lexicon, n Note, goal, fallbackTimeframe string, count int) []lexicon.Suggestion {
	tpl := lex.Templates
	if tpl == nil {
		return nil
	}
	facts := nlp.ForLexicon(lex).Classify(goal)
	written, region := tpl.BodyPart(goal)
	side := sideOf(goal, written)
	part := region // "knee" for "quad", "back" for "lumbar"
	if region == "spine" {
		part = "back"
	}
	q := lexicon.TemplateQuery{
		Discipline:  n.Discipline,
		Regions:     tpl.Regions(goal),
		Impairments: facts.Impairments,
	}
	if len(q.Regions) == 0 && region != "" {
		q.Regions = []string{region}
	}
	if len(q.Regions) == 0 && n.Region != "" {
		// The goal names no region: the note's decides, not generic templates.
		q.Regions, region = []string{n.Region}, n.Region
	}
	q.Activities = rankActivities(n.Activities, tpl.TypicalActivities(region))
	timeframe := fallbackTimeframe
	if !facts.Timeframe.Empty() && facts.Timeframe.End <= len(goal) {
		timeframe = goal[facts.Timeframe.Start:facts.Timeframe.End]
	}
	return tpl.Suggest(ctx, q, count, side, part, timeframe)
}

// statedActivities returns the functional activities the patient names in the
// Subjective section ("unable to garden", "goal: return to church"). Negated
// mentions count: a limitation the patient reports is what a goal should target.
func statedActivities(lex *lexicon.Lexicon, n *note.Note) []string {
	m := lex.Terms.Matcher(nlp.ClassFunction)
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

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}
