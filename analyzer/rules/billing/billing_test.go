package billing

import (
	"flag"
	"strings"
	"testing"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/note"
	"github.com/soaplint/soaplint/analyzer/rules/internal/golden"
	"github.com/soaplint/soaplint/lexicon"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func TestGolden(t *testing.T) { golden.Run(t, Rules(), *update) }

func lineEnd(text string, off int) int {
	if i := strings.IndexAny(text[off:], "\r\n"); i >= 0 {
		return off + i
	}
	return len(text)
}

// builder makes hand-built notes whose ranges point at real text, so the rules
// can be tested on the model alone.
type builder struct {
	t *testing.T
	n *note.Note
}

func newNote(t *testing.T, text string) *builder {
	return &builder{t: t, n: &note.Note{Text: text}}
}

// at is the range of the first occurrence of sub at or after from.
func (b *builder) at(sub string, from int) note.Range {
	i := strings.Index(b.n.Text[from:], sub)
	if i < 0 {
		b.t.Fatalf("%q not in note", sub)
	}
	return note.Range{Start: from + i, End: from + i + len(sub)}
}

func (b *builder) lineOf(r note.Range) note.Range {
	s := strings.LastIndexByte(b.n.Text[:r.Start], '\n') + 1
	return note.Range{Start: s, End: lineEnd(b.n.Text, r.Start)}
}

// charge adds a billing entry written as "CODE[-MOD…] xN": line is the text of the
// entry (must occur after "Billing"), units < 0 means none stated.
func (b *builder) charge(entry string, units, minutes int) *builder {
	from := strings.Index(b.n.Text, "Billing")
	r := b.at(entry, max(from, 0))
	parts := strings.Fields(entry)
	codeMods := strings.Split(parts[0], "-")
	ch := note.Charge{Code: codeMods[0], CodeRange: note.Range{Start: r.Start, End: r.Start + 5}, Line: b.lineOf(r)}
	off := r.Start + 5
	for _, m := range codeMods[1:] {
		ch.Modifiers = append(ch.Modifiers, note.Modifier{Value: m, Range: note.Range{Start: off + 1, End: off + 1 + len(m)}})
		off += 1 + len(m)
	}
	ch.InsertModifierAt = off
	if units >= 0 {
		u := b.at("x", off)
		ch.Units = note.Quantity{Value: units, Set: true, Range: note.Range{Start: u.Start, End: u.Start + 2}}
	}
	if minutes >= 0 {
		ch.Minutes = note.Quantity{Value: minutes, Set: true, Range: r}
	}
	b.n.Charges = append(b.n.Charges, ch)
	return b
}

// service adds a documentation line starting with head, with minutes (< 0: none)
// and clock intervals given as "9:05-9:31".
func (b *builder) service(code, head string, minutes int, intervals ...string) *builder {
	r := b.at(head, 0)
	s := note.Service{Code: code, CodeRange: r, Line: b.lineOf(r), Activity: b.lineOf(r)}
	if minutes >= 0 {
		s.Minutes = note.Quantity{Value: minutes, Set: true, Range: r}
	}
	for _, iv := range intervals {
		s.Intervals = append(s.Intervals, b.interval(iv, r.Start))
	}
	b.n.Services = append(b.n.Services, s)
	return b
}

func (b *builder) interval(s string, from int) note.Interval {
	r := b.at(s, from)
	a, z, _ := strings.Cut(s, "-")
	iv := note.Interval{Start: b.clock(a, r.Start), Stop: b.clock(z, r.Start+len(a)+1), Range: r}
	b.n.Times = append(b.n.Times, iv.Start, iv.Stop)
	return iv
}

func (b *builder) clock(raw string, off int) note.ClockTime {
	h, m, _ := strings.Cut(strings.ReplaceAll(raw, " ", ""), ":")
	hh, mm := atoi(h), atoi(m)
	return note.ClockTime{Raw: raw, Range: note.Range{Start: off, End: off + len(raw)}, Minutes: hh*60 + mm, Valid: hh < 24 && mm < 60}
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		if c >= '0' && c <= '9' {
			n = n*10 + int(c-'0')
		}
	}
	return n
}

func (b *builder) session(s string) *builder {
	iv := b.interval(s, 0)
	b.n.Session = &iv
	return b
}

func (b *builder) totals(timed, treatment int) *builder {
	r := b.at("Total", 0)
	b.n.Totals.Line = b.lineOf(r)
	if timed >= 0 {
		b.n.Totals.Timed = note.Quantity{Value: timed, Set: true, Range: r}
	}
	if treatment >= 0 {
		b.n.Totals.Treatment = note.Quantity{Value: treatment, Set: true, Range: r}
	}
	return b
}

type finding struct {
	at      string // the reported text
	message string
	fixed   string // the note after the first fix ("" when no fix expected)
}

func runRule(n *note.Note, rule *analyzer.Rule, profile analyzer.Profile) []analyzer.Diagnostic {
	var got []analyzer.Diagnostic
	rule.Run(analyzer.NewPass(n, profile, lexicon.Default(), rule, func(d analyzer.Diagnostic) { got = append(got, d) }))
	return got
}

func check(t *testing.T, rule *analyzer.Rule, profile analyzer.Profile, n *note.Note, want []finding) {
	t.Helper()
	var got []analyzer.Diagnostic
	rule.Run(analyzer.NewPass(n, profile, lexicon.Default(), rule, func(d analyzer.Diagnostic) { got = append(got, d) }))
	if len(got) != len(want) {
		for _, d := range got {
			t.Logf("got %q at %q", d.Message, n.Text[d.Start:d.End])
		}
		t.Fatalf("%s: %d findings, want %d", rule.ID, len(got), len(want))
	}
	for i, w := range want {
		d := got[i]
		if at := n.Text[d.Start:d.End]; at != w.at {
			t.Errorf("%s finding %d at %q, want %q", rule.ID, i, at, w.at)
		}
		if d.Message != w.message {
			t.Errorf("%s finding %d message\n got %q\nwant %q", rule.ID, i, d.Message, w.message)
		}
		if w.fixed == "" {
			if len(d.Fixes) > 0 {
				t.Errorf("%s finding %d: unexpected fix %+v", rule.ID, i, d.Fixes[0])
			}
			continue
		}
		if len(d.Fixes) == 0 {
			t.Errorf("%s finding %d: no fix", rule.ID, i)
			continue
		}
		if fixed := apply(n.Text, d.Fixes[0].Edits); fixed != w.fixed {
			t.Errorf("%s finding %d fixed note\n got %q\nwant %q", rule.ID, i, fixed, w.fixed)
		}
	}
}

func apply(text string, edits []analyzer.TextEdit) string {
	for i := len(edits) - 1; i >= 0; i-- { // edits are given in order
		e := edits[i]
		text = text[:e.Start] + e.NewText + text[e.End:]
	}
	return text
}
