package note

import (
	"fmt"
	"strings"
)

// describe renders the facts of a parsed note, one per line, for golden files.
func describe(n *Note) string {
	var b strings.Builder
	q := func(r Range) string { return fmt.Sprintf("%q", n.Text[r.Start:r.End]) }
	h := n.Header
	fmt.Fprintf(&b, "HEADER disc=%s %s payer=%q prof=%s dos=%s\n", h.Discipline, q(h.DisciplineRange), h.Payer, h.Profile, h.DateOfService.Format("2006-01-02"))
	for _, s := range n.Sections {
		fmt.Fprintf(&b, "SEC %d %q hdr=%s\n", s.Kind, s.Title, q(s.Header))
	}
	if n.Session != nil {
		fmt.Fprintf(&b, "SESSION %s-%s valid=%v span=%d\n", n.Session.Start.Raw, n.Session.Stop.Raw, n.Session.Valid(), n.Session.Span())
	}
	var ts []string
	for _, t := range n.Times {
		ts = append(ts, fmt.Sprintf("%s(%d,%v)", t.Raw, t.Minutes, t.Valid))
	}
	fmt.Fprintf(&b, "TIMES %s\n", strings.Join(ts, " "))
	for _, c := range n.Charges {
		var ms []string
		for _, m := range c.Modifiers {
			ms = append(ms, m.Value)
		}
		fmt.Fprintf(&b, "CHARGE %s mods=%v units=%v/%d min=%v/%d ins=%q", c.Code, ms, c.Units.Set, c.Units.Value, c.Minutes.Set, c.Minutes.Value, n.Text[c.CodeRange.Start:c.InsertModifierAt])
		for _, i := range c.Intervals {
			fmt.Fprintf(&b, " iv=%s-%s/%d", i.Start.Raw, i.Stop.Raw, i.Span())
		}
		b.WriteByte('\n')
	}
	for _, s := range n.Services {
		var iv []string
		for _, i := range s.Intervals {
			iv = append(iv, fmt.Sprintf("%s-%s", i.Start.Raw, i.Stop.Raw))
		}
		act := n.Text[s.Activity.Start:s.Activity.End]
		fmt.Fprintf(&b, "SERVICE %s %s min=%v/%d iv=%v act=%q\n", s.Code, q(s.CodeRange), s.Minutes.Set, s.Minutes.Value, iv, act)
	}
	fmt.Fprintf(&b, "TOTALS timed=%v/%d tx=%v/%d\n", n.Totals.Timed.Set, n.Totals.Timed.Value, n.Totals.Treatment.Set, n.Totals.Treatment.Value)
	for _, g := range n.Goals {
		fmt.Fprintf(&b, "GOAL %s tf=%q inh=%v %q\n", g.Term, g.Timeframe, g.Inherited, g.Text)
	}
	if s := n.Signature; s != nil {
		fmt.Fprintf(&b, "SIG %q %v asst=%v\n", s.Name, s.Credentials, s.Assistant)
	}
	var ic []string
	for _, c := range n.ICDCodes {
		ic = append(ic, c.Code)
	}
	fmt.Fprintf(&b, "ICD %v\n", ic)
	return b.String()
}
