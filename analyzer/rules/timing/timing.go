// Package timing holds soaplint's time/* rules: clock times, timed minutes and the 8-minute rule.
package timing

import (
	"fmt"
	"strings"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/note"
	"github.com/soaplint/soaplint/analyzer/units"
)

// Rules returns this family's rules.
func Rules() []*analyzer.Rule {
	return []*analyzer.Rule{
		MissingStartStop,
		MissingTimedMinutes,
		UnitsMismatch,
		MinutesExceedSession,
		UnderEightMinutes,
		InvalidTime,
		OverlappingCodes,
	}
}

// timedFunc is the lexicon's timed-code predicate.
func timedFunc(pass *analyzer.Pass) func(string) bool {
	codes := pass.Lexicon.Codes
	return func(code string) bool { return codes != nil && codes.IsTimed(code) }
}

// timedCharges returns the indexes of n's charges for timed codes.
func timedCharges(pass *analyzer.Pass) []int {
	var out []int
	timed := timedFunc(pass)
	for i, ch := range pass.Note.Charges {
		if timed(ch.Code) {
			out = append(out, i)
		}
	}
	return out
}

// method is the unit rule of a payer profile.
func method(p analyzer.Profile) units.Method {
	if p == analyzer.Commercial {
		return units.PerCode
	}
	return units.EightMinute
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

// lineEnd returns the offset of the end of the line containing off (before "\r\n" or "\n").
func lineEnd(text string, off int) int {
	if i := strings.IndexAny(text[off:], "\r\n"); i >= 0 {
		return off + i
	}
	return len(text)
}

// newline is the note's line ending.
func newline(text string) string {
	if strings.Contains(text, "\r\n") {
		return "\r\n"
	}
	return "\n"
}

// codeList writes codes as "97110, 97140 and 97530".
func codeList(codes []string) string {
	switch len(codes) {
	case 0:
		return ""
	case 1:
		return codes[0]
	}
	return strings.Join(codes[:len(codes)-1], ", ") + " and " + codes[len(codes)-1]
}

// chargeRange is where a finding about charge i is reported: its code.
func chargeRange(n *note.Note, i int) note.Range {
	ch := n.Charges[i]
	if !ch.CodeRange.Empty() {
		return ch.CodeRange
	}
	return ch.Line
}

func sIf(b bool) string {
	if b {
		return "s"
	}
	return ""
}

// distinctCodes lists the codes of charges idx, once each, in billing order.
func distinctCodes(n *note.Note, idx []int) []string {
	var out []string
	seen := map[string]bool{}
	for _, i := range idx {
		if c := n.Charges[i].Code; !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	return out
}
