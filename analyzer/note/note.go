// Package note holds the parsed model of a therapy daily note and the forgiving
// parser that builds it. Every fact carries a byte range into Note.Text so that
// rules can report precise positions and fixes can edit the original text.
//
// The parser never fails: text it cannot make sense of simply yields fewer facts.
package note

import "time"

// Range is a half-open byte range [Start, End) into Note.Text.
type Range struct {
	Start, End int
}

// Empty reports whether r covers no text.
func (r Range) Empty() bool { return r.End <= r.Start }

// Contains reports whether byte offset off lies inside r.
func (r Range) Contains(off int) bool { return off >= r.Start && off < r.End }

// Discipline is the therapy discipline of a note or plan of care.
type Discipline string

const (
	DisciplineUnknown Discipline = ""
	PT                Discipline = "PT"
	OT                Discipline = "OT"
	SLP               Discipline = "SLP"
)

// SectionKind classifies a section header.
type SectionKind int

const (
	SectionOther SectionKind = iota
	SectionSubjective
	SectionObjective
	SectionAssessment
	SectionPlan
	SectionGoals
	SectionBilling   // Billing, Charges
	SectionTreatment // Treatment, Interventions (treated like Objective for activities)
)

// Section is a recognised header and the body that follows it up to the next header.
type Section struct {
	Kind   SectionKind
	Title  string // header text as written, without markup and colon
	Header Range  // the header itself
	Body   Range  // from the end of the header to the start of the next section
}

// Header holds facts read from header lines (Discipline:, Payer:, DOS:, Dx:) and from
// the note's title when it names a discipline ("Physical Therapy Daily Note").
type Header struct {
	Discipline      Discipline
	DisciplineRange Range
	Payer           string // as written, e.g. "Medicare Part B", "Aetna (commercial)"
	PayerRange      Range
	// Profile is "medicare" or "commercial" when the payer line says which;
	// "" when the note has no payer line (the caller's default applies).
	Profile       string
	DateOfService time.Time // zero when absent or unparseable
	DOSRange      Range
}

// ClockTime is one clock time as written. Valid is false for times that cannot be
// real (25:70, 10:75); Minutes is then meaningless.
type ClockTime struct {
	Raw     string
	Range   Range
	Minutes int // minutes since midnight, 24-hour
	Valid   bool
}

// Interval is a start–stop pair: the session (Time in/Time out, Start/Stop,
// Session 9:00-10:00) or one code's own interval (97530 9:05-9:31).
type Interval struct {
	Start, Stop ClockTime
	Range       Range // covers both times
}

// Valid reports whether both ends are real times and Stop is not before Start,
// or the interval crosses midnight (CrossesMidnight).
func (iv Interval) Valid() bool {
	return iv.Start.Valid && iv.Stop.Valid && (iv.Stop.Minutes >= iv.Start.Minutes || iv.CrossesMidnight())
}

// CrossesMidnight reports whether a stop before the start is a session running
// past midnight (23:40–00:25): the start in the evening (18:00 or later), the
// stop in the small hours (before 06:00), six hours or less apart. 10:40–10:02 is
// a stop before the start, not a day-long session.
func (iv Interval) CrossesMidnight() bool {
	a, b := iv.Start.Minutes, iv.Stop.Minutes
	return iv.Start.Valid && iv.Stop.Valid && b < a && a >= 18*60 && b < 6*60 && b+24*60-a <= 6*60
}

// Span is the length of a valid interval in minutes (0 when invalid).
func (iv Interval) Span() int {
	if !iv.Valid() {
		return 0
	}
	if iv.Stop.Minutes < iv.Start.Minutes {
		return iv.Stop.Minutes + 24*60 - iv.Start.Minutes
	}
	return iv.Stop.Minutes - iv.Start.Minutes
}

// Quantity is a number read from the note with where it was written.
type Quantity struct {
	Value int
	Range Range
	Set   bool // false when the note does not state it
}

// Charge is one billed code from a billing/charges line or billing table.
type Charge struct {
	Code      string // five-character CPT/HCPCS code, e.g. "97530"
	CodeRange Range
	Modifiers []Modifier
	Units     Quantity // "x2", "2 units", table column; Set=false when not stated
	Minutes   Quantity // minutes written on the billing line itself ("(25 min)")
	Line      Range    // the whole billing line (or table row)
	// Intervals are the code's own clock intervals written on its billing row
	// (a table's Time cell "09:18–09:28").
	Intervals []Interval
	// InsertModifierAt is the byte offset where a modifier such as "-GP" can be
	// inserted for this charge (just after the code or its last modifier).
	InsertModifierAt int
}

// Modifier is one CPT modifier (GP, GO, GN, 59, XS, CQ, CO, KX …).
type Modifier struct {
	Value string
	Range Range
}

// HasModifier reports whether c carries modifier m (case-insensitive input is normalised upper-case).
func (c Charge) HasModifier(m string) bool {
	for _, x := range c.Modifiers {
		if x.Value == m {
			return true
		}
	}
	return false
}

// Service is the documentation of one code's delivery, usually in the Objective or
// Treatment section: "TherAct 97530 (12:20-12:35, 15 min): step-ups …".
type Service struct {
	Code      string // resolved CPT code, from the number or a common name (TherAct → 97530)
	CodeRange Range  // where the number or name was written
	Minutes   Quantity
	Intervals []Interval // the code's own clock intervals, if any
	// Activity is the text attributed to this code: the rest of its line and any
	// continuation lines or sub-bullets under it, up to the next code or section.
	Activity Range
	Line     Range // the line that introduces the service
}

// Totals are the stated total timed-code minutes and total treatment time.
type Totals struct {
	Timed     Quantity
	Treatment Quantity
	Line      Range // the line (first one) where totals are stated; empty when none
}

// Goal is one goal line.
type Goal struct {
	Text  string // goal text without bullet, numbering or "STG (2 wks):" label
	Range Range  // range of Text
	Line  Range  // the whole line
	Term  string // "STG", "LTG" or "" when unlabelled
	// Timeframe is the goal's own timeframe ("2 wks", "by 08/01/2025"), or one
	// inherited from a header such as "SHORT-TERM GOALS TO BE COMPLETED IN 3 WEEKS".
	Timeframe      string
	TimeframeRange Range // empty when inherited or absent
	Inherited      bool  // timeframe comes from the goals header
}

// Signature is the signature line.
type Signature struct {
	Name        string
	Credentials []string // "PT", "DPT", "PTA", "OTR/L", "COTA", "CCC-SLP" …
	Range       Range
	// Assistant is true when the signer is a PTA, OTA or COTA.
	Assistant bool
	// UnknownCredentials is true when the signature carries a credential-shaped
	// token soaplint does not know ("CSRS"): the rules cannot place it and stay
	// quiet rather than call the note unsigned.
	UnknownCredentials bool
}

// ICDCode is a diagnosis-code-like token found on a Dx/Diagnosis line.
type ICDCode struct {
	Code  string
	Range Range
}

// Directive is an inline soaplint-disable / soaplint-enable comment.
type Directive struct {
	Kind  DirectiveKind
	Rules []string // empty means every rule
	Range Range
}

// DirectiveKind says what a directive does.
type DirectiveKind int

const (
	Disable         DirectiveKind = iota // from here to the end of the note (or a matching enable)
	Enable                               // re-enable from here
	DisableNextLine                      // only the next line
)

// Note is a parsed note.
type Note struct {
	Text       string
	Header     Header
	Sections   []Section
	Goals      []Goal
	Charges    []Charge
	Services   []Service
	Session    *Interval   // session start/stop; nil when the note gives none
	Times      []ClockTime // every clock time recognised in the note, valid or not, excluding signature timestamps
	Totals     Totals
	Signature  *Signature // nil when the note has no signature line
	ICDCodes   []ICDCode
	Directives []Directive

	lineStarts []int
	mapper     *Mapper
}

// DocumentedMinutes returns the minutes written for the service, or else the sum
// of its valid clock intervals ("10:12-10:37" → 25); ok is false when the note
// documents neither.
func (s Service) DocumentedMinutes() (minutes int, ok bool) {
	if s.Minutes.Set {
		return s.Minutes.Value, true
	}
	for _, iv := range s.Intervals {
		if iv.Valid() {
			minutes += iv.Span()
			ok = true
		}
	}
	return minutes, ok
}
