// Package therapy holds soaplint's 97530/* rules: therapeutic activities documentation.
package therapy

import (
	"strings"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/note"
	"github.com/soaplint/soaplint/analyzer/rules/internal/ruleutil"
	"github.com/soaplint/soaplint/lexicon"
	"github.com/soaplint/soaplint/lexicon/textmatch"
)

// Rules returns this family's rules.
func Rules() []*analyzer.Rule {
	return []*analyzer.Rule{ExerciseOnly, NoFunctionalLink, NotOneOnOne, NoSkilledIntervention}
}

// Term classes (lexicon/data/terms/<class>.txt) the rules match against.
const (
	classExercise   lexicon.TermClass = "exercise"
	classFunctional lexicon.TermClass = "functional"
	classGoalRef    lexicon.TermClass = "goalref"
	classSkilled    lexicon.TermClass = "skilled"
	classGroup      lexicon.TermClass = "group"
)

const therAct = "97530"

// target is what the 97530 rules look at: the 97530 charges and the services
// documenting 97530.
type target struct {
	charges  []note.Charge
	services []note.Service
}

// find97530 collects the note's 97530 charges and services. ok is false unless
// 97530 is billed or a service names the code by number: a narrative that merely
// mentions "therapeutic activities" bills nothing and gets no 97530 finding.
func find97530(n *note.Note) (t target, ok bool) {
	// Sized exactly: four rules call this, and on a file of thousands of pasted
	// notes growing the slices was the engine's largest allocation.
	nc, ns := 0, 0
	for i := range n.Charges {
		if n.Charges[i].Code == therAct {
			nc++
		}
	}
	for i := range n.Services {
		if n.Services[i].Code == therAct {
			ns++
		}
	}
	t.charges, t.services = make([]note.Charge, 0, nc), make([]note.Service, 0, ns)
	numbered := false
	for _, c := range n.Charges {
		if c.Code == therAct {
			t.charges = append(t.charges, c)
		}
	}
	for _, s := range n.Services {
		if s.Code != therAct {
			continue
		}
		t.services = append(t.services, s)
		if strings.Contains(slice(n.Text, s.Line), therAct) || strings.Contains(slice(n.Text, s.CodeRange), therAct) {
			numbered = true
		}
	}
	return t, len(t.charges) > 0 || numbered
}

// slice returns text[r] clamped to text.
func slice(text string, r note.Range) string {
	s, e := max(0, min(r.Start, len(text))), max(0, min(r.End, len(text)))
	if e < s {
		return ""
	}
	return text[s:e]
}

// trim shrinks r to exclude leading and trailing white space.
func trim(text string, r note.Range) note.Range { return ruleutil.TrimSpace(text, r) }

// serviceText is the range the rules read for one service: its introducing line
// and the activity attributed to it.
func serviceText(text string, s note.Service) note.Range {
	r := s.Activity
	if !s.Line.Empty() {
		if r.Empty() {
			r = s.Line
		} else {
			r.Start, r.End = min(r.Start, s.Line.Start), max(r.End, s.Line.End)
		}
	}
	return trim(text, r)
}

// scan is one range of the note matched against several term lists. Matching
// streams over the words (textmatch.Matcher.Find), so nothing is tokenized or
// lower-cased up front.
type scan struct {
	text string // the whole note
	r    note.Range
}

func newScan(text string, r note.Range) scan { return scan{text: text, r: r} }

// find returns the matches of m in the range, with offsets into the whole note.
func (s scan) find(m *textmatch.Matcher) []textmatch.Match {
	ms := m.Find(slice(s.text, s.r))
	for i := range ms {
		ms[i].Start += s.r.Start
		ms[i].End += s.r.Start
	}
	return ms
}

// affirmed returns the matches of m that are neither negated nor historical.
func (s scan) affirmed(m *textmatch.Matcher) []textmatch.Match {
	var out []textmatch.Match
	for _, x := range s.find(m) {
		if !textmatch.Negated(s.text, x.Start, x.End) {
			out = append(out, x)
		}
	}
	return out
}

// any reports whether m has a match that is neither negated nor historical,
// checking negation only until the first one.
func (s scan) any(m *textmatch.Matcher) bool {
	_, ok := s.first(m)
	return ok
}

// first returns the first match of m that is neither negated nor historical.
func (s scan) first(m *textmatch.Matcher) (textmatch.Match, bool) {
	var first textmatch.Match
	found := false
	m.Each(slice(s.text, s.r), func(x textmatch.Match) bool {
		x.Start += s.r.Start
		x.End += s.r.Start
		if textmatch.Negated(s.text, x.Start, x.End) {
			return true
		}
		first, found = x, true
		return false
	})
	return first, found
}

// quoteList quotes up to three distinct matched phrases as written.
func quoteList(text string, ms []textmatch.Match) string {
	var parts []string
	seen := map[string]bool{}
	for _, m := range ms {
		w := text[m.Start:m.End]
		k := strings.ToLower(w)
		if seen[k] {
			continue
		}
		seen[k] = true
		if len(parts) == 3 {
			parts = append(parts, "…")
			break
		}
		parts = append(parts, w)
	}
	return strings.Join(parts, ", ")
}

// reportRange is where a note-level 97530 finding goes: the first 97530 service's
// line, else the first 97530 charge.
func reportRange(text string, t target) note.Range {
	if len(t.services) > 0 {
		s := t.services[0]
		if !s.Line.Empty() {
			return trim(text, s.Line)
		}
		return serviceText(text, s)
	}
	if len(t.charges) > 0 {
		if !t.charges[0].CodeRange.Empty() {
			return t.charges[0].CodeRange
		}
		return trim(text, t.charges[0].Line)
	}
	return note.Range{}
}
