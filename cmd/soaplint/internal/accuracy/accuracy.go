// Package accuracy scores the linter against a labels file (the format of
// testdata/labelled/notes/labels.json) and reports per-rule precision and recall.
//
// Matching follows the labels' README: rules labelled with a line are matched by
// line (a finding matches a labelled line its range covers); the other rules are
// note-level (one label means "fires at least once"). Rules with
// Scoring.Lenient (goal/no-timeframe, doc/vague-phrase, doc/missing-section)
// are labelled where clearly present, so a finding without a label counts
// against precision only on notes that list the rule among their look-alikes
// (deliberately expected silent); other unlabelled findings are shown as "extra".
package accuracy

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
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
	return entries, nil
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
// rules and scores the findings of each rule in ids.
func Evaluate(ctx context.Context, dir string, entries []Entry, rules []*analyzer.Rule, ids []string) ([]*Score, error) {
	lineRules := map[string]bool{}
	for _, e := range entries {
		for _, l := range e.Expect {
			if l.Line > 0 {
				lineRules[l.Rule] = true
			}
		}
	}
	// Lenient rules (Scoring.Lenient) are labelled only where clearly present.
	lenient := map[string]bool{}
	for _, r := range rules {
		lenient[r.ID] = r.Scoring.Lenient
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
		type span struct{ start, end int }
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
			sc := scores[id]
			exp, got := expected[id], found[id]
			if !lineRules[id] {
				switch {
				case len(exp) > 0 && len(got) > 0:
					sc.TP++
				case len(exp) > 0:
					sc.FN++
					sc.Misses = append(sc.Misses, Miss{e.File, 0, "missed"})
				case len(got) > 0 && lenient[id] && !lookalike[id]:
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
				case lenient[id] && !lookalike[id]:
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
		if !pok || !rok || p < min || r < min {
			out = append(out, fmt.Sprintf("%s (precision %s, recall %s)", s.Rule, ratio(p, pok), ratio(r, rok)))
		}
	}
	return out
}
