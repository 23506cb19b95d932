// Package analyzer is soaplint's engine, modelled on golang.org/x/tools/go/analysis:
// a Rule is a value with an ID, a default severity, a doc and a Run function; Run
// reports Diagnostics (byte ranges, messages, fixes as text edits) through a Pass.
// The engine does no I/O and knows nothing of LSP.
package analyzer

import (
	"fmt"
	"strings"

	"github.com/soaplint/soaplint/analyzer/note"
	"github.com/soaplint/soaplint/lexicon"
)

// Severity orders findings; lower is more severe.
type Severity int

const (
	Error Severity = iota
	Warning
	Info
)

func (s Severity) String() string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	default:
		return "info"
	}
}

// ParseSeverity reads "error", "warning" or "info" (also "warn", "information").
func ParseSeverity(s string) (Severity, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "error":
		return Error, nil
	case "warning", "warn":
		return Warning, nil
	case "info", "information", "hint":
		return Info, nil
	}
	return Info, fmt.Errorf("unknown severity %q (want error, warning or info)", s)
}

// Profile is a payer profile.
type Profile string

const (
	Medicare   Profile = "medicare"
	Commercial Profile = "commercial"
)

// ParseProfile reads "medicare" or "commercial".
func ParseProfile(s string) (Profile, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "medicare":
		return Medicare, nil
	case "commercial":
		return Commercial, nil
	}
	return "", fmt.Errorf("unknown profile %q (want medicare or commercial)", s)
}

// Rule is one check. Rules are values: they hold no state between runs.
type Rule struct {
	ID       string
	Severity Severity // default severity
	// Doc is one paragraph for `soaplint explain`: what the rule flags and why it matters.
	Doc string
	// Source names the rule's authority (manual section, edit file) for `soaplint explain`.
	Source string
	// Profiles the rule applies to; nil means every profile.
	Profiles []Profile
	// Run inspects pass.Note and reports through pass.Report. It is nil for
	// rules that report from a pass over many notes (analyzer/episode).
	Run func(pass *Pass)

	// Learns names the lexicon term class whose terms silence the rule when a
	// user teaches one ("functional": a task the built-in lists lack); the
	// server then offers "add this word to the project lexicon". "" for none.
	Learns lexicon.TermClass
	// Scoring is how labelled accuracy sets judge the rule's findings.
	Scoring Scoring
}

// Scoring tells accuracy tools how labelled notes judge a rule's findings.
type Scoring struct {
	// PerLine: each finding is labelled by its line (one per goal, phrase or
	// code); otherwise a note's one label means "fires at least once".
	PerLine bool
	// Lenient: labelled only where clearly present, so an unlabelled finding
	// is a false alarm only on notes that list the rule as a look-alike.
	Lenient bool
}

// AppliesTo reports whether r runs under profile p.
func (r *Rule) AppliesTo(p Profile) bool {
	if len(r.Profiles) == 0 {
		return true
	}
	for _, q := range r.Profiles {
		if q == p {
			return true
		}
	}
	return false
}

// TextEdit replaces the bytes [Start, End) of the note with NewText.
type TextEdit struct {
	Start, End int
	NewText    string
}

// Fix is a titled set of edits that resolves (or works around) a diagnostic.
type Fix struct {
	Title string
	Kind  FixKind // Suggestion unless the rule says otherwise
	Edits []TextEdit
}

// Diagnostic is one finding.
type Diagnostic struct {
	Rule     string
	Severity Severity
	Start    int // byte offsets into the note
	End      int
	Message  string // written for a therapist
	Fixes    []Fix
	// Related points at other places the finding rests on, such as the
	// earlier note an episode finding compares this one with.
	Related []RelatedInformation
}

// RelatedInformation is a location related to a diagnostic, usually in another
// note (as go/analysis's RelatedInformation). Path names that note as the
// caller named it (a file, or path#id for a JSONL record); Start and End are
// byte offsets into it.
type RelatedInformation struct {
	Path       string
	Start, End int
	Message    string
}

// Pass is what a Rule's Run function sees for one note.
type Pass struct {
	Note    *note.Note
	Profile Profile
	Lexicon *lexicon.Lexicon
	Rule    *Rule

	report func(Diagnostic)
}

// Report records a diagnostic. The engine fills in Rule and Severity: the rule's
// configured severity, or the diagnostic's own Severity when that is less severe
// (a rule sets Info on a finding that rests only on unverified reference data,
// and no configuration raises it).
func (p *Pass) Report(d Diagnostic) { p.report(d) }

// Reportf records a diagnostic over r with a formatted message and optional fixes.
func (p *Pass) Reportf(r note.Range, fixes []Fix, format string, args ...any) {
	p.report(Diagnostic{Start: r.Start, End: r.End, Message: fmt.Sprintf(format, args...), Fixes: fixes})
}
