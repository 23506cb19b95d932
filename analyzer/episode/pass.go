package episode

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/lexicon"
)

// maxCloneLookback bounds how many earlier visits of a patient each note is
// compared with, so a patient with thousands of notes costs linear time. A
// clone is copied from a recent visit.
const maxCloneLookback = 40

// Finding is one episode finding on the note Summaries[Note].
type Finding struct {
	Note       int
	Diagnostic analyzer.Diagnostic // byte range into that note; Related filled in
	At         Span                // the same range with its positions
	// Related lists, for each of Diagnostic.Related, the summary it points at
	// and the span there.
	Related []RelatedSpan

	edits []Span // positions of the fixes' edits
}

// EditSpan returns the positions of one of the finding's fix edits.
func (f *Finding) EditSpan(e analyzer.TextEdit) (Span, bool) {
	for _, s := range f.edits {
		if int(s.Start) == e.Start && int(s.End) == e.End {
			return s, true
		}
	}
	if e.Start == 0 && e.End == 0 {
		return Span{Line: 1, Col: 1, EndLine: 1, EndCol: 1}, true
	}
	return Span{}, false
}

// RelatedSpan is a related location with its positions.
type RelatedSpan struct {
	Note int
	At   Span
}

// Run is the episode pass: it groups the dated summaries by patient, orders each
// patient's notes by date (then by their order in sums) and reports the episode
// rules' findings. Summaries without a patient or a date take no part. lex
// prices charges and holds the KX thresholds (nil means lexicon.Default()).
// Findings come back ordered by note, then position.
func Run(ctx context.Context, sums []*Summary, lex *lexicon.Lexicon) ([]Finding, error) {
	r, err := analyze(ctx, sums, lex, false)
	if err != nil {
		return nil, err
	}
	return r.Findings, nil
}

// Result is the episode pass's outcome: its findings and, per patient, the
// timeline the findings were judged on (for reports).
type Result struct {
	Findings []Finding
	Patients []Timeline // in order of each patient's first note in sums
}

// Timeline is one patient's visits in date order.
type Timeline struct {
	Patient string
	Visits  []Visit
}

// Visit is what the pass worked out about one note of a patient.
type Visit struct {
	Note int // index in sums
	// Day is the treatment day of the note's reporting period (1 on the
	// evaluation, re-evaluation or progress report that opens it); 0 when the
	// note is no treatment day or no period is open.
	Day int
	// PlanEnd is the end of the plan of care in force for the note's
	// discipline (zero when no evaluation is in view).
	PlanEnd time.Time
	// KXGroup and KXTotal are the note's threshold group and the calendar
	// year's running total for it after the note (Medicare notes that bill).
	KXGroup Group
	KXTotal float64
	Rules   []string // episode rules that flagged the note
}

// Analyze is Run with the patients' timelines.
func Analyze(ctx context.Context, sums []*Summary, lex *lexicon.Lexicon) (*Result, error) {
	return analyze(ctx, sums, lex, true)
}

func analyze(ctx context.Context, sums []*Summary, lex *lexicon.Lexicon, timelines bool) (*Result, error) {
	if lex == nil {
		lex = lexicon.Default()
	}
	byPatient := map[string][]int{}
	var order []string
	for i, s := range sums {
		if s == nil || !s.Dated() {
			continue
		}
		if _, ok := byPatient[s.Patient]; !ok {
			order = append(order, s.Patient)
		}
		byPatient[s.Patient] = append(byPatient[s.Patient], i)
	}
	p := &pass{sums: sums, lex: lex, visits: map[int]*Visit{}}
	res := &Result{}
	for _, pat := range order {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		idx := byPatient[pat]
		sort.SliceStable(idx, func(a, b int) bool { return sums[idx[a]].Date.Before(sums[idx[b]].Date) })
		for _, i := range idx {
			p.visits[i] = &Visit{Note: i}
		}
		p.periods(idx)
		p.plans(idx)
		p.kx(idx)
		p.clones(idx)
		if timelines {
			tl := Timeline{Patient: pat}
			for _, i := range idx {
				tl.Visits = append(tl.Visits, *p.visits[i])
			}
			res.Patients = append(res.Patients, tl)
		}
		clear(p.visits) // the timeline holds copies; keep the map one patient big
	}
	sort.SliceStable(p.out, func(a, b int) bool {
		x, y := p.out[a], p.out[b]
		if x.Note != y.Note {
			return x.Note < y.Note
		}
		if x.At.Start != y.At.Start {
			return x.At.Start < y.At.Start
		}
		return x.Diagnostic.Rule < y.Diagnostic.Rule
	})
	res.Findings = p.out
	return res, nil
}

type pass struct {
	sums   []*Summary
	lex    *lexicon.Lexicon
	out    []Finding
	visits map[int]*Visit // the current patient's
}

// report adds a finding of rule on note i at span at, related to note rel
// (-1 for none), if the rule is on for that note.
func (p *pass) report(r *analyzer.Rule, i int, at Span, fixes []analyzer.Fix, edits []Span, rel int, relMsg, format string, args ...any) {
	st := p.sums[i].rules[index(r)]
	if !st.On {
		return
	}
	d := analyzer.Diagnostic{Rule: r.ID, Severity: analyzer.Severity(st.Severity), Start: int(at.Start), End: int(at.End),
		Message: fmt.Sprintf(format, args...), Fixes: append(fixes, analyzer.DisableFix(r.ID))}
	f := Finding{Note: i, At: at, edits: edits}
	if rel >= 0 {
		o := p.sums[rel]
		d.Related = []analyzer.RelatedInformation{{Path: o.Name, Start: int(o.Anchor.Start), End: int(o.Anchor.End), Message: relMsg}}
		f.Related = []RelatedSpan{{Note: rel, At: o.Anchor}}
	}
	f.Diagnostic = d
	p.out = append(p.out, f)
	if v := p.visits[i]; v != nil && !slices.Contains(v.Rules, r.ID) {
		v.Rules = append(v.Rules, r.ID)
	}
}

func day(t time.Time) string { return t.Format("01/02/2006") }

// treatment reports whether s is a billed treatment visit (a treatment day).
func treatment(s *Summary) bool { return s.Billed && s.Kind != Discharge }

// periods counts treatment days per discipline and flags daily notes from day 10
// of a period that has had no progress report.
func (p *pass) periods(idx []int) {
	type period struct {
		start   int // summary that opened the period; -1 before any
		day     int
		lastDay time.Time
	}
	per := map[string]*period{}
	for _, i := range idx {
		s := p.sums[i]
		if s.Discipline == "" || !treatment(s) && s.Kind != Evaluation && s.Kind != ReEvaluation && s.Kind != ProgressReport {
			continue
		}
		d := string(s.Discipline)
		pr := per[d]
		if pr == nil {
			pr = &period{start: -1}
			per[d] = pr
		}
		switch s.Kind {
		case Evaluation, ReEvaluation, ProgressReport:
			pr.start, pr.day, pr.lastDay = i, 1, s.Date
			p.visits[i].Day = 1
			continue
		}
		if pr.start < 0 {
			continue // no evaluation in view: the count is unknown
		}
		if !s.Date.Equal(pr.lastDay) {
			pr.day++
			pr.lastDay = s.Date
		}
		p.visits[i].Day = pr.day
		if s.Kind == Daily && pr.day >= 10 {
			o := p.sums[pr.start]
			p.report(ProgressReportDue, i, s.Anchor, nil, nil, pr.start,
				fmt.Sprintf("the reporting period started with this %s of %s", o.Kind, day(o.Date)),
				"%s treatment day %d since the %s of %s with no progress report: Medicare requires one at least every 10 treatment days",
				s.Discipline, pr.day, o.Kind, day(o.Date))
		}
	}
}

// plans flags treatment notes after their discipline's plan of care has ended.
func (p *pass) plans(idx []int) {
	plan := map[string]int{} // discipline → summary that set the plan in force
	for _, i := range idx {
		s := p.sums[i]
		if s.Discipline == "" {
			continue
		}
		d := string(s.Discipline)
		if !s.PlanEnd.IsZero() {
			plan[d] = i
			p.visits[i].PlanEnd = s.PlanEnd
			continue
		}
		j, ok := plan[d]
		if !ok {
			continue
		}
		o := p.sums[j]
		p.visits[i].PlanEnd = o.PlanEnd
		if !treatment(s) {
			continue
		}
		if s.Date.After(o.PlanEnd) {
			how := "its stated end"
			if !o.PlanStated {
				how = fmt.Sprintf("%d days after the %s, none being stated", defaultPlanDays, o.Kind)
			}
			p.report(PlanOfCareExpired, i, s.Anchor, nil, nil, j,
				fmt.Sprintf("the plan of care set by this %s of %s", o.Kind, day(o.Date)),
				"treatment on %s is after the %s plan of care ended on %s (%s) with no re-evaluation or recertification since",
				day(s.Date), s.Discipline, day(o.PlanEnd), how)
		}
	}
}

// kx accumulates each calendar year's charges per threshold group and flags
// the lines without KX from the crossing on.
func (p *pass) kx(idx []int) {
	type acc struct {
		total   float64
		crossed bool
		where   int // summary of the crossing line
	}
	accs := map[[2]int]*acc{}
	for _, i := range idx {
		s := p.sums[i]
		if s.Profile != analyzer.Medicare {
			continue
		}
		year := s.Date.Year()
		if p.lex.Payment == nil {
			continue
		}
		th, ok := p.lex.Payment.KXThreshold(year)
		if !ok {
			continue
		}
		for _, c := range s.Charges {
			if c.Group == NoGroup {
				continue
			}
			key := [2]int{year, int(c.Group)}
			a := accs[key]
			if a == nil {
				a = &acc{where: -1}
				accs[key] = a
			}
			if p.lex.Payment != nil {
				if unit, _, ok := p.lex.Payment.UnitPaymentOn(c.Code(), s.Date); ok {
					a.total += unit * float64(c.Units)
				}
			}
			if limit := th.ForOT(c.Group == OTGroup); !a.crossed && a.total > limit {
				a.crossed, a.where = true, i
			}
			p.visits[i].KXGroup, p.visits[i].KXTotal = c.Group, a.total
			if !a.crossed || c.KX || c.Quiet {
				continue
			}
			rel := a.where
			if rel == i {
				rel = -1
			}
			fix := analyzer.Fix{Title: "Add the KX modifier (attests the services remain medically necessary)",
				Edits: []analyzer.TextEdit{{Start: int(c.InsertKX.Off), End: int(c.InsertKX.Off), NewText: "-KX"}}}
			p.report(KXModifierMissing, i, c.Line, []analyzer.Fix{fix}, []Span{c.InsertKX.Span()}, rel,
				fmt.Sprintf("the CY%d %s total passed the threshold on %s", year, c.Group, day(p.sums[max(a.where, 0)].Date)),
				"%s without KX: CY%d %s therapy charges reach an estimated $%s with this line, past the $%s KX threshold (estimate: total RVU × conversion factor from the fee table in use, no MPPR or locality; see soaplint data status)",
				c.Code(), year, c.Group, money(a.total), money(th.ForOT(c.Group == OTGroup)))
		}
	}
}

// money formats dollars with a thousands separator: 2410 → "2,410.00".
func money(x float64) string {
	s := fmt.Sprintf("%.2f", x)
	intPart, frac := s[:len(s)-3], s[len(s)-3:]
	neg := ""
	if intPart != "" && intPart[0] == '-' {
		neg, intPart = "-", intPart[1:]
	}
	for i := len(intPart) - 3; i > 0; i -= 3 {
		intPart = intPart[:i] + "," + intPart[i:]
	}
	return neg + intPart + frac
}

// clones flags a note whose narrative is a near-duplicate of an earlier
// visit's (an earlier date) of the same patient.
func (p *pass) clones(idx []int) {
	for k, i := range idx {
		s := p.sums[i]
		if s.Sketch.N == 0 || s.Kind == Discharge {
			continue
		}
		best, bestSim := -1, 0.0
		for m := k - 1; m >= 0 && m >= k-maxCloneLookback; m-- {
			o := p.sums[idx[m]]
			if !o.Date.Before(s.Date) || o.Sketch.N == 0 {
				continue
			}
			if sim := s.Sketch.Similarity(&o.Sketch); sim >= cloneThreshold && sim > bestSim {
				best, bestSim = idx[m], sim
			}
		}
		if best < 0 {
			continue
		}
		o := p.sums[best]
		p.report(ClonedNote, i, s.Anchor, nil, nil, best,
			fmt.Sprintf("the %s of %s this narrative repeats", o.Kind, day(o.Date)),
			"the S/O/A narrative repeats the %s of %s almost word for word (about %.0f%% the same): document what was done at this visit and how the patient responded",
			o.Kind, day(o.Date), 100*bestSim)
	}
}
