package lsp

import (
	"context"
	"fmt"
	"strings"

	"go.lsp.dev/protocol"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/note"
	"github.com/soaplint/soaplint/analyzer/units"
	"github.com/soaplint/soaplint/lexicon"
)

// paymentYears are the fee-schedule years a code hover prices.
var paymentYears = []int{2025, 2026}

// Hover explains the CPT code under the cursor (name, timed or not, the units
// this note's minutes support, RVU and payment per unit, billing tips) and the
// rule of any finding there.
func (s *server) Hover(ctx context.Context, params *protocol.HoverParams) (*protocol.Hover, error) {
	snap, err := s.current(ctx, params.TextDocument.URI)
	if err != nil || snap == nil {
		return nil, err
	}
	off := fromPosition(snap.mapper, params.Position)
	var parts []string
	var rng *protocol.Range
	if code, r, ok := codeAt(snap, off); ok {
		if md := s.codeHover(snap, code); md != "" {
			parts = append(parts, md)
			rr := toRange(snap.mapper, r.Start, r.End)
			rng = &rr
		}
	}
	seen := map[string]bool{}
	for _, d := range snap.res.Diagnostics {
		if off < d.Start || off > d.End || seen[d.Rule] {
			continue
		}
		seen[d.Rule] = true
		if r := s.rule(d.Rule); r != nil {
			parts = append(parts, explainMarkdown(r))
		}
	}
	if len(parts) == 0 {
		return nil, nil
	}
	return &protocol.Hover{
		Contents: protocol.MarkupContent{Kind: protocol.Markdown, Value: strings.Join(parts, "\n\n---\n\n")},
		Range:    rng,
	}, nil
}

// explainMarkdown is a rule's explanation, as `soaplint explain` gives it.
func explainMarkdown(r *analyzer.Rule) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**%s** (%s)\n\n%s", r.ID, r.Severity, strings.TrimSpace(r.Doc))
	if r.Source != "" {
		fmt.Fprintf(&b, "\n\nSource: %s", r.Source)
	}
	if len(r.Profiles) > 0 {
		ps := make([]string, len(r.Profiles))
		for i, p := range r.Profiles {
			ps[i] = string(p)
		}
		fmt.Fprintf(&b, "\n\nApplies to: %s", strings.Join(ps, ", "))
	}
	fmt.Fprintf(&b, "\n\nDisable for one note with `[soaplint-disable %s]`.", r.ID)
	return b.String()
}

// codeAt finds a billed or documented code at off: a charge's or service's code
// as the parser read it, else a five-character code token under the cursor.
func codeAt(snap *snapshot, off int) (string, note.Range, bool) {
	n := snap.res.Note
	for _, c := range n.Charges {
		if within(c.CodeRange, off) {
			return c.Code, c.CodeRange, true
		}
	}
	for _, sv := range n.Services {
		if within(sv.CodeRange, off) && sv.Code != "" {
			return sv.Code, sv.CodeRange, true
		}
	}
	text := snap.text
	start, end := off, off
	for start > 0 && isCodeByte(text[start-1]) {
		start--
	}
	for end < len(text) && isCodeByte(text[end]) {
		end++
	}
	if end-start == 5 {
		return strings.ToUpper(text[start:end]), note.Range{Start: start, End: end}, true
	}
	return "", note.Range{}, false
}

func within(r note.Range, off int) bool { return !r.Empty() && off >= r.Start && off <= r.End }

func isCodeByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z'
}

// codeHover is the Markdown for one code, or "" when the lexicon does not know it.
func (s *server) codeHover(snap *snapshot, code string) string {
	lex := snap.cfg.Lexicon
	if lex == nil {
		lex = lexicon.Default()
	}
	c := lex.Codes.Lookup(code)
	if c == nil {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "**%s** — %s\n\n", c.Code, c.Name)
	if c.Timed {
		b.WriteString("Timed code (each 15 minutes).\n\n")
	} else {
		b.WriteString("Untimed (service-based) code: one unit per session, minutes do not change units.\n\n")
	}

	// Units this note's minutes support, under the profile the note was linted with.
	n := snap.res.Note
	method, rule := units.EightMinute, "CMS 8-minute rule over the day's total timed minutes"
	if snap.res.Profile == analyzer.Commercial {
		method, rule = units.PerCode, "each code on its own (a unit at 8, 23, 38 … minutes)"
	}
	plan := units.NewPlan(n, method, func(code string) bool { return units.Timed(lex.Codes, code) })
	if pc, ok := plan.Lookup(code); ok && c.Timed {
		switch {
		case !pc.Known():
			b.WriteString("This note documents no minutes for this code, so the units it supports cannot be computed.\n\n")
		case !plan.Complete:
			fmt.Fprintf(&b, "This note documents %d min for this code, but not the minutes of every billed timed code, so its units under the %s profile cannot be settled.\n\n", pc.Minutes, snap.res.Profile)
		default:
			supported := fmt.Sprintf("**%d unit(s)**", pc.Expected)
			if ch := plan.Choices(code); len(ch) > 1 { // a tie on leftover minutes
				supported = fmt.Sprintf("**%s unit(s)** (it ties with another code on leftover minutes: either may take the unit)", strings.Trim(strings.ReplaceAll(fmt.Sprint(ch), " ", " or "), "[]"))
			}
			fmt.Fprintf(&b, "This note: %d min documented → %s supported under the %s profile (%s; %d total timed min → %d units)", pc.Minutes, supported, snap.res.Profile, rule, plan.TotalMinutes, plan.TotalUnits)
			if pc.BilledSet {
				fmt.Fprintf(&b, "; %d billed", pc.Billed)
			}
			b.WriteString(".\n\n")
		}
	}

	// Fee schedule.
	var rows []string
	for _, y := range paymentYears {
		r, okR := lex.Payment.RVU(code, y)
		amt, okA := lex.Payment.UnitPayment(code, y)
		cf, _ := lex.Payment.ConversionFactor(y)
		if !okR || !okA {
			continue
		}
		f, _ := lex.Payment.Factor(y)
		rows = append(rows, fmt.Sprintf("| CY%d | %.2f (%s) | $%.4f (%s) | $%.2f |", y, r.Total, r.Prov, cf, f.Prov.Status, amt))
	}
	if len(rows) > 0 {
		b.WriteString("| Year | Total RVU | Conversion factor | Per unit (national) |\n|---|---|---|---|\n")
		b.WriteString(strings.Join(rows, "\n"))
		b.WriteString("\n\n")
	}

	// Billing tips, from the reference tables and the rules that check this code.
	var tips []string
	if c.Timed {
		tips = append(tips, "Document the minutes for this code and the total timed minutes; start and stop times let an auditor check the units.")
	}
	if m, ok := lex.MUE.Lookup(code); ok {
		tips = append(tips, fmt.Sprintf("Medically unlikely edit: at most %d unit(s) per day (%s).", m.Value, m.Prov.Basis("this MUE")))
	}
	for _, other := range n.Charges {
		if other.Code == code {
			continue
		}
		if e, ok := lex.Edits.Lookup(code, other.Code, n.Header.DateOfService); ok && e.Modifier == 1 {
			tips = append(tips, fmt.Sprintf("Billed with %s the same day: the pair is bundled; append 59 or XE/XS/XP/XU only when the note documents separate, distinct intervals (%s).", other.Code, e.Prov.Basis("code-pair edit")))
		}
	}
	if snap.res.Profile == analyzer.Medicare {
		tips = append(tips, "Medicare: append the discipline modifier (GP physical therapy, GO occupational therapy, GN speech-language pathology); CQ/CO when an assistant furnished the service.")
	}
	for _, r := range s.opts.Rules {
		if strings.HasPrefix(r.ID, code+"/") {
			tips = append(tips, fmt.Sprintf("`%s`: %s", r.ID, firstSentence(r.Doc)))
		}
	}
	if len(tips) > 0 {
		b.WriteString("Billing tips:\n")
		for _, t := range tips {
			fmt.Fprintf(&b, "- %s\n", t)
		}
	}
	return strings.TrimSpace(b.String())
}

func firstSentence(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.Index(s, ". "); i >= 0 {
		return s[:i+1]
	}
	return s
}
