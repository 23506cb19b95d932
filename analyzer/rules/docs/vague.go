package docs

import (
	"strings"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/note"
	"github.com/soaplint/soaplint/analyzer/rules/internal/ruleutil"
	"github.com/soaplint/soaplint/lexicon"
)

// VaguePhrase flags non-skilled boilerplate.
var VaguePhrase = &analyzer.Rule{
	ID:       "doc/vague-phrase",
	Severity: analyzer.Info,
	Doc: `Flags boilerplate that documents nothing a reviewer can use: "tolerated well", "tolerated ` +
		`tx well", "continue per POC", "see flowsheet", "pt did exercises", "pt doing well", "as ` +
		`above". Medicare reviewers look in the daily note for what was done, how the patient ` +
		`responded and why a therapist's skill was needed; stock phrases answer none of these and ` +
		`are a classic sign of a note that does not support the service. Specific statements ` +
		`("tolerated progression to green band without increase in pain") are not flagged. An ` +
		`assessment that is only the patient and a short predicate with no number ("A: Pt doing ` +
		`better.") states no finding and is flagged whatever its words. One ` +
		`finding per occurrence; the message says what to write instead.`,
	Source:  "CMS Medicare Benefit Policy Manual ch. 15 §220.3 (documentation requirements, treatment notes); APTA Defensible Documentation",
	Run:     runVaguePhrase,
	Scoring: analyzer.Scoring{PerLine: true, Lenient: true},
}

const classVague lexicon.TermClass = "vague"

func runVaguePhrase(pass *analyzer.Pass) {
	text := pass.Note.Text
	lines := pass.Note.Mapper()
	reported := map[int]bool{} // lines already reported
	for _, m := range pass.Lexicon.Terms.Matcher(classVague).Find(text) {
		if strings.HasSuffix(m.Term, "as above") && !standsAlone(text, m.Start, m.End) {
			continue // "CAD as above" points to real content; "A: As above." has none
		}
		if strings.Contains(m.Term, "tol") && statesResponse(text, m.End) {
			continue // "tolerated treatment well with no increase in knee pain": the response is stated
		}
		phrase := text[m.Start:m.End]
		reported[lines.Line(m.Start)] = true
		pass.Report(analyzer.Diagnostic{Start: m.Start, End: m.End,
			Message: "\"" + phrase + "\" is boilerplate that shows no skilled care: " + pass.Lexicon.VagueAdvice(m.Term)})
	}
	// A therapy note's assessment that is only the patient and a short
	// predicate with no number ("A: Pt doing better.") states no finding
	// whatever its words; a diagnosis ("A: Right ankle sprain.") is one.
	if !isTherapyNote(pass.Note) {
		return
	}
	for _, sec := range pass.Note.Sections {
		if sec.Kind != note.SectionAssessment {
			continue
		}
		b := ruleutil.TrimSpace(text, sec.Body)
		if b.Empty() || reported[lines.Line(b.Start)] {
			continue
		}
		if b.End-b.Start > 80 {
			continue
		}
		body := strings.TrimRight(text[b.Start:b.End], ".!")
		words := strings.Fields(body)
		if len(words) < 2 || len(words) > 4 || strings.ContainsAny(body, "0123456789.;:,()/\n") || !patientWord(words[0]) {
			continue
		}
		pass.Report(analyzer.Diagnostic{Start: b.Start, End: b.End,
			Message: "The assessment \"" + text[b.Start:b.End] + "\" states no finding: " + pass.Lexicon.VagueAdvice("")})
	}
}

// standsAlone reports whether text[start:end] is all of its clause: only white
// space or a section label lies between it and the previous clause break, and the
// clause ends right after it.
func standsAlone(text string, start, end int) bool {
	before := strings.TrimRight(text[:start], " \t*")
	if before != "" && !strings.ContainsRune(".:;\n", rune(before[len(before)-1])) {
		return false
	}
	after := strings.TrimLeft(text[end:], " \t*")
	return after == "" || strings.ContainsRune(".;\n\r", rune(after[0]))
}

// patientWord reports whether w names the patient as a sentence's subject.
func patientWord(w string) bool {
	switch strings.ToLower(w) {
	case "pt", "patient", "client", "resident", "child", "student":
		return true
	}
	return false
}

// statesResponse reports whether the clause after a "tolerated … well" phrase
// goes on to state the response: "with …", "without …", "w/ …", "w/o …".
func statesResponse(text string, end int) bool {
	after := strings.ToLower(strings.TrimLeft(text[end:min(len(text), end+16)], " \t"))
	for _, w := range [...]string{"with ", "without ", "w/ ", "w/o ", "w/"} {
		if strings.HasPrefix(after, w) {
			return true
		}
	}
	return false
}
