package timing

import (
	"strconv"
	"strings"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/units"
)

// MissingTimedMinutes flags timed codes billed with neither per-code minutes nor
// the two totals Medicare requires.
var MissingTimedMinutes = &analyzer.Rule{
	ID:       "time/missing-timed-minutes",
	Severity: analyzer.Error,
	Doc:      `Flags timed codes billed when the note gives neither the minutes of each timed code nor both totals Medicare requires in every treatment note — total timed-code minutes and total treatment time. Without one or the other nobody can check the billed units against the 8-minute rule, and medical review denies the units. Per-code minutes (on the code's documentation line, its billing line, or its own clock interval) are enough, because the totals can be derived from them. Notes billing only untimed codes are not affected.`,
	Source:   "Medicare Benefit Policy Manual (Pub. 100-02) ch. 15 §220.3.B (treatment note: total timed code treatment minutes and total treatment time)",
	Run:      runMissingTimedMinutes,
}

func runMissingTimedMinutes(pass *analyzer.Pass) {
	n := pass.Note
	tc := timedCharges(pass)
	if len(tc) == 0 || (n.Totals.Timed.Set && n.Totals.Treatment.Set) {
		return
	}
	var missing []int
	undocumented := map[string]bool{} // per code: DocumentedMinutes scans the whole note
	for _, i := range tc {
		code := n.Charges[i].Code
		none, seen := undocumented[code]
		if !seen {
			_, src, _ := units.DocumentedMinutes(n, code)
			none = src == units.FromNone
			undocumented[code] = none
		}
		if none {
			missing = append(missing, i)
		}
	}
	if len(missing) == 0 {
		return
	}
	var lacks []string
	if !n.Totals.Timed.Set {
		lacks = append(lacks, "total timed minutes")
	}
	if !n.Totals.Treatment.Set {
		lacks = append(lacks, "total treatment time")
	}
	codes := distinctCodes(n, missing)
	pass.Reportf(chargeRange(n, missing[0]), []analyzer.Fix{totalsFix(pass)},
		"%s billed without minutes: the note gives no minutes for %s and no %s. Record each timed code's minutes, or the total timed minutes and total treatment time, so the units can be checked",
		codeList(codes), itThem(len(codes)), strings.Join(lacks, " or "))
}

func itThem(n int) string {
	if n == 1 {
		return "it"
	}
	return "them"
}

// totalsFix writes a totals line: what the note states or can be derived, and
// blanks for the rest. It replaces an existing (incomplete) totals line, or goes
// after the last billing line. It is safe only when nothing is left blank: a
// line computed entirely from documented minutes and times has one right text.
func totalsFix(pass *analyzer.Pass) analyzer.Fix {
	f := totalsEdit(pass)
	if !strings.Contains(f.Edits[0].NewText, "__") {
		f.Kind = analyzer.Safe
	}
	return f
}

func totalsEdit(pass *analyzer.Pass) analyzer.Fix {
	n := pass.Note
	timed, treat := "__", "__"
	if n.Totals.Timed.Set {
		timed = strconv.Itoa(n.Totals.Timed.Value)
	} else if p := units.NewPlan(n, method(pass.Profile), timedFunc(pass)); p.Complete {
		timed = strconv.Itoa(p.TotalMinutes)
	}
	if n.Totals.Treatment.Set {
		treat = strconv.Itoa(n.Totals.Treatment.Value)
	} else if n.Session != nil {
		if span, ok := units.Span(*n.Session); ok {
			treat = strconv.Itoa(span)
		}
	}
	line := "Total timed minutes: " + timed + "   Total treatment time: " + treat
	if r := n.Totals.Line; !r.Empty() {
		return analyzer.Fix{
			Title: "Complete the totals line",
			Edits: []analyzer.TextEdit{{Start: r.Start, End: lineEnd(n.Text, r.Start), NewText: line}},
		}
	}
	at := 0
	for _, ch := range n.Charges {
		at = max(at, ch.Line.End)
	}
	at = max(0, min(at, len(n.Text)))
	for at > 0 && (n.Text[at-1] == '\n' || n.Text[at-1] == '\r') {
		at--
	}
	at = lineEnd(n.Text, at) // the end of the last billing line
	if at == 0 {
		at = len(n.Text)
	}
	return analyzer.Fix{
		Title: "Add a totals line",
		Edits: []analyzer.TextEdit{{Start: at, End: at, NewText: newline(n.Text) + line}},
	}
}
