package docs

import (
	"strings"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/note"
)

// MissingSection flags a SOAP note that lacks one of its four sections.
var MissingSection = &analyzer.Rule{
	ID:       "doc/missing-section",
	Severity: analyzer.Info,
	Doc: `Flags a daily note written in SOAP form that lacks a Subjective, Objective, Assessment ` +
		`or Plan section. Each carries part of the case for skilled care: the patient's report, ` +
		`what was done and measured, the therapist's interpretation of progress toward goals, and ` +
		`the plan for the next visits. Only therapy notes (billed, or naming a payer) that are ` +
		`SOAP-shaped — at least two of the four sections — are checked, so narrative reports are ` +
		`left alone. The fix inserts an empty section with a prompt.`,
	Source:  "CMS Medicare Benefit Policy Manual ch. 15 §220.3 (treatment notes; progress toward goals); APTA Guidelines: Physical Therapy Documentation of Patient/Client Management",
	Run:     runMissingSection,
	Scoring: analyzer.Scoring{Lenient: true},
}

type soapPart int

const (
	partS soapPart = iota
	partO
	partA
	partP
	numParts
)

var partNames = [numParts]struct{ letter, word, prompt string }{
	{"S", "Subjective", "<patient report: symptoms, function since last visit, response to last session>"},
	{"O", "Objective", "<interventions with dosage and skilled input; measurements>"},
	{"A", "Assessment", "<response to treatment, progress toward goals, why skilled care is still needed>"},
	{"P", "Plan", "<frequency, what you will progress or add next visit>"},
}

// parts returns which SOAP parts section sec stands for; a combined header such as
// "Assessment/Plan" or "A/P" counts as both.
func parts(text string, sec note.Section) (ps []soapPart) {
	switch sec.Kind {
	case note.SectionSubjective:
		ps = append(ps, partS)
	case note.SectionObjective, note.SectionTreatment:
		ps = append(ps, partO)
	case note.SectionAssessment:
		ps = append(ps, partA)
	case note.SectionPlan:
		ps = append(ps, partP)
	}
	t := strings.ToLower(sec.Title)
	if t == "" {
		t = strings.ToLower(text[sec.Header.Start:sec.Header.End])
	}
	if ps == nil && sec.Kind == note.SectionOther {
		// Headers that stand in for a SOAP section in evaluations and reports, and
		// combined ones the parser leaves unclassified ("Assessment/Plan").
		switch {
		case strings.Contains(t, "history of present illness") || strings.Contains(t, "complaint"):
			ps = append(ps, partS)
		case strings.Contains(t, "exam") || strings.Contains(t, "findings") || strings.Contains(t, "intervention"):
			ps = append(ps, partO)
		}
		if strings.Contains(t, "assessment") || strings.Contains(t, "impression") {
			ps = append(ps, partA)
		}
		if strings.Contains(t, "plan") {
			ps = append(ps, partP)
		}
		return ps
	}
	if (sec.Kind == note.SectionAssessment) && (strings.Contains(t, "plan") || strings.Contains(t, "a/p") || strings.Contains(t, "a&p")) {
		ps = append(ps, partP)
	}
	if sec.Kind == note.SectionPlan && (strings.Contains(t, "assessment") || strings.Contains(t, "impression")) {
		ps = append(ps, partA)
	}
	return ps
}

func runMissingSection(pass *analyzer.Pass) {
	n := pass.Note
	var first [numParts]*note.Section
	count := 0
	for i := range n.Sections {
		for _, p := range parts(n.Text, n.Sections[i]) {
			if first[p] == nil {
				first[p] = &n.Sections[i]
				count++
			}
		}
	}
	if count == int(numParts) || count < 2 || !isTherapyNote(n) {
		return
	}
	style := headerStyle(n.Text, first)
	for p := partS; p < numParts; p++ {
		if first[p] != nil {
			continue
		}
		// Report at the next present section (where the missing one belongs, just
		// before it), else at the last one before it.
		var next, prev *note.Section
		for q := p + 1; q < numParts && next == nil; q++ {
			next = first[q]
		}
		for q := p - 1; q >= 0 && prev == nil; q-- {
			prev = first[q]
		}
		name := partNames[p].word
		var at note.Range
		var insert analyzer.TextEdit
		heading := style(p)
		if !strings.HasSuffix(heading, "\n") {
			heading += " "
		}
		heading += partNames[p].prompt
		if next != nil && (prev == nil || prev.Header.Start < next.Header.Start) {
			at = next.Header
			ls := lineStart(n.Text, next.Header.Start)
			insert = analyzer.TextEdit{Start: ls, End: ls, NewText: heading + "\n\n"}
		} else {
			at = prev.Header
			end := trim(n.Text, prev.Body).End
			if end < prev.Header.End {
				end = prev.Header.End
			}
			insert = analyzer.TextEdit{Start: end, End: end, NewText: "\n\n" + heading}
		}
		pass.Report(analyzer.Diagnostic{Start: at.Start, End: at.End,
			Message: "This SOAP note has no " + name + " section: add one (" + strings.Trim(partNames[p].prompt, "<>") + ").",
			Fixes:   []analyzer.Fix{{Title: "Insert a" + an(name) + " " + name + " section", Edits: []analyzer.TextEdit{insert}}}})
	}
}

func an(word string) string {
	if strings.ContainsRune("AEIOU", rune(word[0])) {
		return "n"
	}
	return ""
}

func lineStart(text string, off int) int {
	return strings.LastIndexByte(text[:off], '\n') + 1
}

// headerStyle returns a function that writes a section header in the style of the
// note's existing SOAP headers: "S:", "Subjective:", "SUBJECTIVE:" or "## Subjective".
func headerStyle(text string, first [numParts]*note.Section) func(soapPart) string {
	var h, title string
	for _, s := range first {
		if s != nil {
			h = strings.TrimSpace(text[lineStart(text, s.Header.Start):s.Header.End])
			title = s.Title
			break
		}
	}
	hashes := ""
	for strings.HasPrefix(h, "#") {
		hashes += "#"
		h = h[1:]
	}
	h = strings.Trim(h, " *_:")
	if title == "" {
		title = h
	}
	short := len(strings.TrimRight(title, ":")) == 1
	caps := strings.ToUpper(title) == title && !short
	return func(p soapPart) string {
		w := partNames[p].word
		if short {
			w = partNames[p].letter
		} else if caps {
			w = strings.ToUpper(w)
		}
		if hashes != "" {
			return hashes + " " + w + "\n"
		}
		return w + ":"
	}
}
