// Package accuracy scores the linter against a labels file and reports per-rule
// precision and recall. It reads both labels formats of the shared sets:
//
//   - notes (testdata/labelled/notes/labels.json): the rules with
//     Scoring.Lenient (goal/no-timeframe, doc/vague-phrase, doc/missing-section) are lenient: they are labelled where clearly
//     present, so a finding without a label counts against precision only on
//     notes that list the rule among their look-alikes (deliberately expected
//     silent); other unlabelled findings are shown as "extra".
//   - notes2 (../shared/notes2/labels.json, recognised by its "ignore" key):
//     every rule not in expect must stay silent, except the rules a note lists
//     in "ignore" (not scored on that note) and the lines in "ignore_lines".
//
// In both, rules labelled with a line anywhere in the file are matched by line
// (a finding matches a labelled line its range covers); the other rules are
// note-level (one label means "fires at least once").
//
// A set splits into halves by the number in each file name: odd numbers are the
// development half, even ones the checking half (SplitEntries).
package accuracy

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/soaplint/soaplint/analyzer"
)

// Label is one expected finding.
type Label struct {
	Rule string `json:"rule"`
	Line int    `json:"line,omitempty"`
}

// Entry is one labelled note.
type Entry struct {
	File       string   `json:"file"`
	Discipline string   `json:"discipline"`
	Payer      string   `json:"payer"`
	Expect     []Label  `json:"expect"`
	Lookalikes []string `json:"lookalikes"`
	// Ignore (notes2 format) lists rules not scored on this note; its presence
	// marks the strict format, where no rule is lenient.
	Ignore *[]string `json:"ignore"`
	// IgnoreLines (notes2 format) lists lines not scored: a bare number ignores
	// every rule on that line, {"rule","line"} one rule.
	IgnoreLines []IgnoredLine `json:"ignore_lines"`
}

// IgnoredLine is one ignore_lines entry; Rule is empty for every rule.
type IgnoredLine struct {
	Rule string
	Line int
}

// UnmarshalJSON accepts a line number or a {"rule","line"} object.
func (l *IgnoredLine) UnmarshalJSON(b []byte) error {
	if err := json.Unmarshal(b, &l.Line); err == nil {
		return nil
	}
	var o Label
	if err := json.Unmarshal(b, &o); err != nil || o.Line <= 0 {
		return fmt.Errorf("ignore_lines: want a line number or {\"rule\",\"line\"}, got %s", b)
	}
	l.Rule, l.Line = o.Rule, o.Line
	return nil
}

func (e *Entry) strict() bool { return e.Ignore != nil }

func (e *Entry) ignored(rule string) bool {
	if e.Ignore == nil {
		return false
	}
	for _, r := range *e.Ignore {
		if r == rule {
			return true
		}
	}
	return false
}

func (e *Entry) lineIgnored(rule string, line int) bool {
	for _, l := range e.IgnoreLines {
		if l.Line == line && (l.Rule == "" || l.Rule == rule) {
			return true
		}
	}
	return false
}

// LoadLabels reads a labels file.
func LoadLabels(path string) ([]Entry, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var entries []Entry
	if err := json.Unmarshal(data, &entries); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	for i, e := range entries {
		if e.File == "" || filepath.Base(e.File) != e.File {
			return nil, fmt.Errorf("%s: entry %d: file must be a plain file name, got %q", path, i+1, e.File)
		}
	}
	return entries, nil
}

// Halves of a labelled set.
const (
	Dev   = "dev"   // odd-numbered notes: tune on these
	Check = "check" // even-numbered notes: report only
	All   = "all"
)

var fileNumber = regexp.MustCompile(`(\d+)\D*$`)

// SplitEntries returns the entries of one half: dev (odd file numbers), check (even)
// or all. A file name without a number belongs to no half.
func SplitEntries(entries []Entry, half string) ([]Entry, error) {
	if half == All || half == "" {
		return entries, nil
	}
	if half != Dev && half != Check {
		return nil, fmt.Errorf("split %q: want dev, check or all", half)
	}
	var out []Entry
	for _, e := range entries {
		m := fileNumber.FindStringSubmatch(e.File)
		if m == nil {
			continue
		}
		n, err := strconv.Atoi(m[1])
		if err != nil {
			continue
		}
		if (n%2 == 1) == (half == Dev) {
			out = append(out, e)
		}
	}
	return out, nil
}

// LineRules returns the rules labelled with a line anywhere in entries (pass
// the whole set, not a half, so both halves match the same way).
func LineRules(entries []Entry) map[string]bool {
	lineRules := map[string]bool{}
	for _, e := range entries {
		for _, l := range e.Expect {
			if l.Line > 0 {
				lineRules[l.Rule] = true
			}
		}
	}
	return lineRules
}

// Miss is one disagreement, for the detailed listing.
type Miss struct {
	File string
	Line int // 0 for note-level
	Kind string
}

// Score is one rule's tally.
type Score struct {
	Rule       string
	TP, FP, FN int
	Extra      int // unlabelled findings of a lenient rule not counted as FP
	Misses     []Miss
}

// Precision is TP/(TP+FP); ok is false when the rule reported nothing.
func (s *Score) Precision() (float64, bool) {
	if s.TP+s.FP == 0 {
		return 0, false
	}
	return float64(s.TP) / float64(s.TP+s.FP), true
}

// Recall is TP/(TP+FN); ok is false when nothing was labelled.
func (s *Score) Recall() (float64, bool) {
	if s.TP+s.FN == 0 {
		return 0, false
	}
	return float64(s.TP) / float64(s.TP+s.FN), true
}

// Evaluate lints every labelled note in dir (under the note's payer profile) with
// rules and scores the findings of each rule in ids; rules are line-level as
// LineRules(entries) says.
func Evaluate(ctx context.Context, dir string, entries []Entry, rules []*analyzer.Rule, ids []string) ([]*Score, error) {
	return EvaluateLines(ctx, dir, entries, LineRules(entries), rules, ids)
}

// EvaluateLines is Evaluate with the line-level rules given (those of the whole
// set when scoring a half).
func EvaluateLines(ctx context.Context, dir string, entries []Entry, lineRules map[string]bool, rules []*analyzer.Rule, ids []string) ([]*Score, error) {
	// Lenient rules (Scoring.Lenient) are labelled only where clearly present.
	lenientRule := map[string]bool{}
	for _, r := range rules {
		lenientRule[r.ID] = r.Scoring.Lenient
	}
	scores := map[string]*Score{}
	for _, id := range ids {
		scores[id] = &Score{Rule: id}
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.File))
		if err != nil {
			return nil, err
		}
		cfg := analyzer.Config{}
		if e.Payer != "" {
			if cfg.Profile, err = analyzer.ParseProfile(e.Payer); err != nil {
				return nil, fmt.Errorf("%s: payer: %v", e.File, err)
			}
		}
		res, err := analyzer.Run(ctx, string(data), rules, cfg)
		if err != nil {
			return nil, err
		}
		m := res.Note.Mapper()
		found := map[string][]span{}
		for _, d := range res.Diagnostics {
			s, _ := m.Position(d.Start)
			end := d.End
			if end > d.Start {
				end-- // a range ending at a line start belongs to the line before
			}
			t, _ := m.Position(end)
			found[d.Rule] = append(found[d.Rule], span{s, max(s, t)})
		}
		expected := map[string][]int{}
		for _, l := range e.Expect {
			expected[l.Rule] = append(expected[l.Rule], l.Line)
		}
		lookalike := map[string]bool{}
		for _, r := range e.Lookalikes {
			lookalike[r] = true
		}
		for _, id := range ids {
			if e.ignored(id) {
				continue
			}
			sc := scores[id]
			exp, got := expected[id], found[id]
			lenient := lenientRule[id] && !e.strict()
			if lineRules[id] && len(e.IgnoreLines) > 0 {
				exp, got = keepLines(exp, got, func(line int) bool { return !e.lineIgnored(id, line) })
			}
			if !lineRules[id] {
				switch {
				case len(exp) > 0 && len(got) > 0:
					sc.TP++
				case len(exp) > 0:
					sc.FN++
					sc.Misses = append(sc.Misses, Miss{e.File, 0, "missed"})
				case len(got) > 0 && lenient && !lookalike[id]:
					sc.Extra++
				case len(got) > 0:
					sc.FP++
					sc.Misses = append(sc.Misses, Miss{e.File, got[0].start, "false alarm"})
				}
				continue
			}
			// Line-level: each labelled line is found or missed; each distinct
			// finding line matches a label or is a false alarm.
			for _, line := range exp {
				hit := false
				for _, g := range got {
					hit = hit || (g.start <= line && line <= g.end)
				}
				if hit {
					sc.TP++
				} else {
					sc.FN++
					sc.Misses = append(sc.Misses, Miss{e.File, line, "missed"})
				}
			}
			seen := map[int]bool{}
			for _, g := range got {
				if seen[g.start] {
					continue
				}
				seen[g.start] = true
				match := false
				for _, line := range exp {
					match = match || (g.start <= line && line <= g.end)
				}
				switch {
				case match:
				case lenient && !lookalike[id]:
					sc.Extra++
				default:
					sc.FP++
					sc.Misses = append(sc.Misses, Miss{e.File, g.start, "false alarm"})
				}
			}
		}
	}
	out := make([]*Score, 0, len(ids))
	for _, id := range ids {
		out = append(out, scores[id])
	}
	return out, nil
}

// span is the 1-based line range of one finding.
type span struct{ start, end int }

// keepLines drops the labels on lines keep rejects and the findings that start
// on one.
func keepLines(exp []int, got []span, keep func(int) bool) ([]int, []span) {
	var e []int
	for _, l := range exp {
		if keep(l) {
			e = append(e, l)
		}
	}
	var g []span
	for _, s := range got {
		if keep(s.start) {
			g = append(g, s)
		}
	}
	return e, g
}

// Print writes the per-rule table, then a total line; with verbose, every miss.
func Print(w io.Writer, scores []*Score, verbose bool) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "RULE\tTP\tFP\tFN\tEXTRA\tPRECISION\tRECALL")
	var tot Score
	for _, s := range scores {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%s\t%s\n", s.Rule, s.TP, s.FP, s.FN, s.Extra, ratio(s.Precision()), ratio(s.Recall()))
		tot.TP, tot.FP, tot.FN, tot.Extra = tot.TP+s.TP, tot.FP+s.FP, tot.FN+s.FN, tot.Extra+s.Extra
	}
	fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%s\t%s\n", "total", tot.TP, tot.FP, tot.FN, tot.Extra, ratio(tot.Precision()), ratio(tot.Recall()))
	if err := tw.Flush(); err != nil {
		return err
	}
	if !verbose {
		return nil
	}
	var lines []string
	for _, s := range scores {
		for _, m := range s.Misses {
			loc := m.File
			if m.Line > 0 {
				loc = fmt.Sprintf("%s:%d", m.File, m.Line)
			}
			lines = append(lines, fmt.Sprintf("%s: %s %s", loc, m.Kind, s.Rule))
		}
	}
	sort.Strings(lines)
	_, err := fmt.Fprintln(w, "\n"+strings.Join(lines, "\n"))
	return err
}

func ratio(v float64, ok bool) string {
	if !ok {
		return "-"
	}
	return fmt.Sprintf("%.2f", v)
}

// BelowThreshold lists the rules whose precision or recall is below min (a rule
// that reports nothing has no precision; one with nothing labelled no recall;
// each counts as below, unless the rule is neither labelled nor reported).
func BelowThreshold(scores []*Score, min float64) []string {
	return Below(scores, min, min)
}

// Below lists the rules whose precision is below minP or recall below minR. A
// rule with nothing labelled and nothing reported (possible on a half) is not
// scored; one that reports nothing has no precision and one with nothing
// labelled no recall, and each of those counts as below.
func Below(scores []*Score, minP, minR float64) []string {
	var out []string
	for _, s := range scores {
		if s.TP+s.FP+s.FN == 0 {
			// Neither labelled nor reported (a rule newer than the labels, such
			// as doc/unfilled-placeholder): no evidence either way. A false
			// alarm would be an FP and still fail.
			continue
		}
		p, pok := s.Precision()
		r, rok := s.Recall()
		if !pok || !rok || p < minP || r < minR {
			out = append(out, fmt.Sprintf("%s (precision %s, recall %s)", s.Rule, ratio(p, pok), ratio(r, rok)))
		}
	}
	return out
}
