// Package episode lints a patient's course of care across notes: progress
// reports due, expired plans of care, the KX threshold and cloned notes.
//
// It follows go/analysis's facts: Summarize reduces each linted note to a small
// Summary (patient, date, note type, discipline, charges, a similarity sketch —
// never its text), and Run takes every summary of a run or workspace folder and
// reports the episode rules' findings against the notes they belong to. A caller
// can therefore lint notes one at a time, keep only summaries, and run the
// episode pass at the end in bounded memory.
package episode

import (
	"time"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/note"
)

// Kind is what a note is within the episode.
type Kind uint8

const (
	Daily Kind = iota // daily (treatment) note; also a billed note of unknown type
	Evaluation
	ReEvaluation // re-evaluation or recertification: restarts the period and the plan
	ProgressReport
	Discharge
	Unknown // unbilled note of no recognised type
)

func (k Kind) String() string {
	switch k {
	case Daily:
		return "daily note"
	case Evaluation:
		return "evaluation"
	case ReEvaluation:
		return "re-evaluation"
	case ProgressReport:
		return "progress report"
	case Discharge:
		return "discharge summary"
	}
	return "note"
}

// Span is a byte range of a note with its 1-based line and character column
// (the CLI's positions), kept so findings can be placed without the text.
// int32 keeps the per-note summary small (a note over 2 GB is not linted).
type Span struct {
	Start, End                 int32
	Line, Col, EndLine, EndCol int32
}

func spanOf(m *note.Mapper, r note.Range) Span {
	l, c := m.Position(r.Start)
	el, ec := m.Position(r.End)
	return Span{int32(r.Start), int32(r.End), int32(l), int32(c), int32(el), int32(ec)}
}

// Charge is one billed code line, reduced to what the KX rule needs.
type Charge struct {
	code  [5]byte // CPT/HCPCS codes are five characters; an array keeps no text alive
	Units int32
	KX    bool
	// Quiet is true when an inline directive switches the KX rule off at this line.
	Quiet bool
	Group Group
	Line  Span // the charge line
	// InsertKX is where "-KX" goes (after the code or its last modifier).
	InsertKX Point
}

// Code is the charge's CPT/HCPCS code.
func (c *Charge) Code() string { return string(c.code[:]) }

// Point is a byte offset with its 1-based line and character column.
type Point struct{ Off, Line, Col int32 }

// Span is the empty span at p.
func (p Point) Span() Span { return Span{p.Off, p.Off, p.Line, p.Col, p.Line, p.Col} }

// Group is a KX threshold group: Medicare counts PT and SLP together, OT apart.
type Group uint8

const (
	NoGroup Group = iota
	PTSLP
	OTGroup
)

func (g Group) String() string {
	switch g {
	case PTSLP:
		return "PT+SLP"
	case OTGroup:
		return "OT"
	}
	return ""
}

// ruleState is how one episode rule stands for one note after configuration,
// profile and inline directives.
type ruleState struct {
	On       bool
	Severity int8 // an analyzer.Severity, packed: a summary is kept per note
}

// Summary is what the episode pass keeps of one note.
type Summary struct {
	// Name is how findings on other notes refer to this one (a path, or
	// path#id for a JSONL record); set by the caller.
	Name string

	Patient    string // normalised patient key; "" when the note names none
	Date       time.Time
	Kind       Kind
	Discipline note.Discipline
	Profile    analyzer.Profile
	Billed     bool // the note bills at least one code

	// PlanEnd is the last day of the plan of care an evaluation or
	// re-evaluation sets (its stated end, else 90 days on); zero otherwise.
	PlanEnd    time.Time
	PlanStated bool // PlanEnd was read from the note, not defaulted

	Charges []Charge
	Anchor  Span // where note-level findings go (the DOS, else the first line)
	Sketch  Sketch

	rules [numRules]ruleState
}

// Dated reports whether the note carries both a patient and a date: only such
// notes take part in episodes.
func (s *Summary) Dated() bool { return s.Patient != "" && !s.Date.IsZero() }

// Meta is what an export says about a note outside its text (JSONL fields
// patient_id and dos/date); it wins over the note's header lines.
type Meta struct {
	Patient string
	Date    string
}
