// Package ruletest holds what the rule families' unit tests share: a builder
// for hand-made notes whose ranges point at real text, so a rule can be tested
// on the note model alone, and checks of one rule's findings and fixes.
package ruletest

import (
	"strings"
	"testing"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/note"
	"github.com/soaplint/soaplint/lexicon"
)

// At returns the range of the first occurrence of sub in text; a missing sub
// fails the test, as the fixture is wrong.
func At(t testing.TB, text, sub string) note.Range {
	t.Helper()
	i := strings.Index(text, sub)
	if i < 0 {
		t.Fatalf("fixture: %q not in text", sub)
	}
	return note.Range{Start: i, End: i + len(sub)}
}

// LineOf returns the range of the line holding off, without its line ending.
func LineOf(text string, off int) note.Range {
	s := strings.LastIndexByte(text[:off], '\n') + 1
	e := len(text)
	if i := strings.IndexAny(text[off:], "\r\n"); i >= 0 {
		e = off + i
	}
	return note.Range{Start: s, End: e}
}

// Run runs rule alone over n under profile and returns what it reports.
func Run(rule *analyzer.Rule, profile analyzer.Profile, n *note.Note) []analyzer.Diagnostic {
	var ds []analyzer.Diagnostic
	rule.Run(analyzer.NewPass(n, profile, lexicon.Default(), rule, func(d analyzer.Diagnostic) { ds = append(ds, d) }))
	return ds
}

// Apply applies edits, not overlapping, to text, with the analyzer's one fix
// applier (so a fix a test accepts is applied as --fix and the server apply it).
func Apply(text string, edits []analyzer.TextEdit) string {
	d := analyzer.Diagnostic{Fixes: []analyzer.Fix{{Edits: edits}}}
	out, _ := analyzer.ApplyFixes(text, []analyzer.Diagnostic{d}, func(analyzer.Fix) bool { return true })
	return out
}

// Finding is one expected finding of Check.
type Finding struct {
	At      string // the reported text
	Message string
	Fixed   string // the note after the first fix ("" when no fix is expected)
	Kind    string // the first fix's kind, "safe" or "suggestion"; "" leaves it unchecked
}

// Check runs rule over n under profile and compares its findings, in order,
// with want: the reported text, the message, and the note after the first fix.
func Check(t testing.TB, rule *analyzer.Rule, profile analyzer.Profile, n *note.Note, want []Finding) {
	t.Helper()
	got := Run(rule, profile, n)
	if len(got) != len(want) {
		for _, d := range got {
			t.Logf("got %q at %q", d.Message, n.Text[d.Start:d.End])
		}
		t.Fatalf("%s: %d findings, want %d", rule.ID, len(got), len(want))
	}
	for i, w := range want {
		d := got[i]
		if at := n.Text[d.Start:d.End]; at != w.At {
			t.Errorf("%s finding %d at %q, want %q", rule.ID, i, at, w.At)
		}
		if d.Message != w.Message {
			t.Errorf("%s finding %d message\n got %q\nwant %q", rule.ID, i, d.Message, w.Message)
		}
		if w.Fixed == "" {
			if len(d.Fixes) > 0 {
				t.Errorf("%s finding %d: unexpected fix %+v", rule.ID, i, d.Fixes[0])
			}
			continue
		}
		if len(d.Fixes) == 0 {
			t.Errorf("%s finding %d: no fix", rule.ID, i)
			continue
		}
		if w.Kind != "" && d.Fixes[0].Kind.String() != w.Kind {
			t.Errorf("%s finding %d: fix %q is %s, want %s", rule.ID, i, d.Fixes[0].Title, d.Fixes[0].Kind, w.Kind)
		}
		if fixed := Apply(n.Text, d.Fixes[0].Edits); fixed != w.Fixed {
			t.Errorf("%s finding %d fixed note\n got %q\nwant %q", rule.ID, i, fixed, w.Fixed)
		}
	}
}

// Builder makes a hand-built note over real text: each method finds its
// fragment in the text and records the model facts the parser would.
type Builder struct {
	t    testing.TB
	Note *note.Note
}

// NewNote starts a hand-built note over text with no facts.
func NewNote(t testing.TB, text string) *Builder {
	return &Builder{t: t, Note: &note.Note{Text: text}}
}

// At is the range of the first occurrence of sub at or after from.
func (b *Builder) At(sub string, from int) note.Range {
	b.t.Helper()
	i := strings.Index(b.Note.Text[from:], sub)
	if i < 0 {
		b.t.Fatalf("%q not in note", sub)
	}
	return note.Range{Start: from + i, End: from + i + len(sub)}
}

// LineOf is the line holding the start of r.
func (b *Builder) LineOf(r note.Range) note.Range { return LineOf(b.Note.Text, r.Start) }

// Charge adds a billing entry written as "CODE[-MOD…] xN": entry is its text
// (found after "Billing" when the note has it); units < 0 means none stated,
// minutes < 0 none documented.
func (b *Builder) Charge(entry string, units, minutes int) *Builder {
	b.t.Helper()
	from := strings.Index(b.Note.Text, "Billing")
	r := b.At(entry, max(from, 0))
	parts := strings.Fields(entry)
	codeMods := strings.Split(parts[0], "-")
	ch := note.Charge{Code: codeMods[0], CodeRange: note.Range{Start: r.Start, End: r.Start + 5}, Line: b.LineOf(r)}
	off := r.Start + 5
	for _, m := range codeMods[1:] {
		ch.Modifiers = append(ch.Modifiers, note.Modifier{Value: m, Range: note.Range{Start: off + 1, End: off + 1 + len(m)}})
		off += 1 + len(m)
	}
	ch.InsertModifierAt = off
	if units >= 0 {
		u := b.At("x", off)
		ch.Units = note.Quantity{Value: units, Set: true, Range: note.Range{Start: u.Start, End: u.Start + 2}}
	}
	if minutes >= 0 {
		ch.Minutes = note.Quantity{Value: minutes, Set: true, Range: r}
	}
	b.Note.Charges = append(b.Note.Charges, ch)
	return b
}

// Service adds a documentation line starting with head, with minutes (< 0: none)
// and clock intervals given as "9:05-9:31".
func (b *Builder) Service(code, head string, minutes int, intervals ...string) *Builder {
	b.t.Helper()
	r := b.At(head, 0)
	s := note.Service{Code: code, CodeRange: r, Line: b.LineOf(r), Activity: b.LineOf(r)}
	if minutes >= 0 {
		s.Minutes = note.Quantity{Value: minutes, Set: true, Range: r}
	}
	for _, iv := range intervals {
		s.Intervals = append(s.Intervals, b.Interval(iv, r.Start))
	}
	b.Note.Services = append(b.Note.Services, s)
	return b
}

// Interval records the clock interval s ("9:05-9:31"), found at or after from,
// and its two times.
func (b *Builder) Interval(s string, from int) note.Interval {
	b.t.Helper()
	r := b.At(s, from)
	a, z, _ := strings.Cut(s, "-")
	iv := note.Interval{Start: b.Clock(a, r.Start), Stop: b.Clock(z, r.Start+len(a)+1), Range: r}
	b.Note.Times = append(b.Note.Times, iv.Start, iv.Stop)
	return iv
}

// Clock is the clock time raw ("9:05") at off; hours ≥ 24 or minutes ≥ 60 make it invalid.
func (b *Builder) Clock(raw string, off int) note.ClockTime {
	h, m, _ := strings.Cut(strings.ReplaceAll(raw, " ", ""), ":")
	hh, mm := digits(h), digits(m)
	return note.ClockTime{Raw: raw, Range: note.Range{Start: off, End: off + len(raw)}, Minutes: hh*60 + mm, Valid: hh < 24 && mm < 60}
}

// digits reads the decimal digits of s as one number, skipping anything else.
func digits(s string) int {
	n := 0
	for _, c := range s {
		if c >= '0' && c <= '9' {
			n = n*10 + int(c-'0')
		}
	}
	return n
}

// Session records the session interval s ("9:00-10:00").
func (b *Builder) Session(s string) *Builder {
	b.t.Helper()
	iv := b.Interval(s, 0)
	b.Note.Session = &iv
	return b
}

// Totals records the totals line (the line holding "Total"); < 0 means not stated.
func (b *Builder) Totals(timed, treatment int) *Builder {
	b.t.Helper()
	r := b.At("Total", 0)
	b.Note.Totals.Line = b.LineOf(r)
	if timed >= 0 {
		b.Note.Totals.Timed = note.Quantity{Value: timed, Set: true, Range: r}
	}
	if treatment >= 0 {
		b.Note.Totals.Treatment = note.Quantity{Value: treatment, Set: true, Range: r}
	}
	return b
}
