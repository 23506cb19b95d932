package accuracy

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/soaplint/soaplint/analyzer"
)

// Goal rules scored against a goals file (the format of ../shared/goals/goals.jsonl).
const (
	RuleImpairment  = "goal/impairment-based"
	RuleMeasurable  = "goal/not-measurable"
	RuleNoTimeframe = "goal/no-timeframe"
)

// GoalRules are the rules a goals file labels, in table order.
var GoalRules = []string{RuleImpairment, RuleMeasurable, RuleNoTimeframe}

// GoalRow is one labelled goal line.
type GoalRow struct {
	ID                    string `json:"id"`
	Discipline            string `json:"discipline"`
	Setting               string `json:"setting"`
	Header                string `json:"header"`
	Text                  string `json:"text"`
	ImpairmentOnly        bool   `json:"impairment_only"`
	Measurable            bool   `json:"measurable"`
	HasTimeframe          bool   `json:"has_timeframe"`
	HasTimeframeInherited bool   `json:"has_timeframe_inherited"`
	Why                   string `json:"why"`
	Trap                  bool   `json:"trap"`
}

// expects reports whether the row's labels say rule should fire.
func (r GoalRow) expects(rule string) bool {
	switch rule {
	case RuleImpairment:
		return r.ImpairmentOnly
	case RuleMeasurable:
		return !r.Measurable
	case RuleNoTimeframe:
		return !r.HasTimeframe && !r.HasTimeframeInherited
	}
	return false
}

// LoadGoals reads a goals file (JSON Lines). An error names the file and line.
func LoadGoals(path string) ([]GoalRow, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var rows []GoalRow
	seen := map[string]int{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for line := 1; sc.Scan(); line++ {
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		var r GoalRow
		if err := json.Unmarshal(b, &r); err != nil {
			return nil, fmt.Errorf("%s:%d: %v", path, line, err)
		}
		if _, ok := goalNumber(r.ID); !ok {
			return nil, fmt.Errorf("%s:%d: id %q is not of the form g0001", path, line, r.ID)
		}
		if prev, dup := seen[r.ID]; dup {
			return nil, fmt.Errorf("%s:%d: id %s already on line %d", path, line, r.ID, prev)
		}
		seen[r.ID] = line
		rows = append(rows, r)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	return rows, nil
}

// Split selects part of a labelled set: odd ids (or file numbers) are the
// development half, even ones the checking half.
type Split string

const (
	SplitAll   Split = "all"
	SplitDev   Split = "dev"
	SplitCheck Split = "check"
)

// ParseSplit reads a --split value.
func ParseSplit(s string) (Split, error) {
	switch Split(s) {
	case SplitAll, SplitDev, SplitCheck:
		return Split(s), nil
	case "":
		return SplitAll, nil
	}
	return "", fmt.Errorf("--split %q: want dev, check or all", s)
}

// Has reports whether the item numbered n belongs to the split.
func (s Split) Has(n int) bool {
	switch s {
	case SplitDev:
		return n%2 == 1
	case SplitCheck:
		return n%2 == 0
	}
	return true
}

// goalNumber reads the number of an id "g0042".
func goalNumber(id string) (int, bool) {
	d, ok := strings.CutPrefix(id, "g")
	if !ok || d == "" {
		return 0, false
	}
	n, err := strconv.Atoi(d)
	return n, err == nil && n >= 0
}

// goalNote is the note a goal row is linted in: the row's header line (a bare
// "Goals:" when it has none, since every row is a goal line of a goals section)
// and the goal on the line after it. It returns the goal line's byte range.
func goalNote(r GoalRow) (text string, start, end int) {
	h := strings.TrimSpace(r.Header)
	if h == "" {
		h = "Goals:"
	}
	var b strings.Builder
	if r.Discipline != "" {
		b.WriteString("Discipline: " + r.Discipline + "\n")
	}
	b.WriteString(h + "\n")
	start = b.Len()
	b.WriteString(r.Text)
	end = b.Len()
	b.WriteString("\n")
	return b.String(), start, end
}

// EvaluateGoals lints each goal row of the split and scores the goal rules: a
// rule is found on a row when one of its findings overlaps the goal line.
func EvaluateGoals(ctx context.Context, rows []GoalRow, rules []*analyzer.Rule, split Split) ([]*Score, error) {
	scores := make([]*Score, len(GoalRules))
	for i, id := range GoalRules {
		scores[i] = &Score{Rule: id}
	}
	for _, r := range rows {
		if n, _ := goalNumber(r.ID); !split.Has(n) {
			continue
		}
		text, start, end := goalNote(r)
		res, err := analyzer.Run(ctx, text, rules, analyzer.Config{})
		if err != nil {
			return nil, fmt.Errorf("%s: %v", r.ID, err)
		}
		found := map[string]bool{}
		for _, d := range res.Diagnostics {
			if d.Start < end && d.End > start {
				found[d.Rule] = true
			}
		}
		for i, id := range GoalRules {
			sc := scores[i]
			switch exp, got := r.expects(id), found[id]; {
			case exp && got:
				sc.TP++
			case exp:
				sc.FN++
				sc.Misses = append(sc.Misses, Miss{File: r.ID, Kind: "missed"})
			case got:
				sc.FP++
				sc.Misses = append(sc.Misses, Miss{File: r.ID, Kind: "false alarm"})
			}
		}
	}
	return scores, nil
}
