package timing

import (
	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/note"
)

// MissingStartStop flags timed codes billed with no clock times at all.
var MissingStartStop = &analyzer.Rule{
	ID:       "time/missing-start-stop",
	Severity: analyzer.Warning,
	Doc:      `Flags a note that bills timed codes (97110, 97530, 97140 …) but records no clock time: no time in/time out for the session and no start–stop interval for any code. Auditors reconstruct the 8-minute-rule arithmetic from clock times, several payers and most Medicare contractors' audit checklists expect them, and without them a reviewer cannot tell whether the minutes billed fit in the visit. A time that is written but cannot be real (10:75) is time/invalid-time's concern, not this rule's; notes billing only untimed codes (evaluations, 92526, 97150) need no times.`,
	Source:   "Medicare Benefit Policy Manual (Pub. 100-02) ch. 15 §220.3 (treatment notes: total timed-code minutes and total treatment time); MAC documentation checklists (start/stop times)",
	Run:      runMissingStartStop,
}

func runMissingStartStop(pass *analyzer.Pass) {
	n := pass.Note
	tc := timedCharges(pass)
	if len(tc) == 0 || n.Session != nil || len(n.Times) > 0 {
		return
	}
	for _, s := range n.Services {
		if len(s.Intervals) > 0 {
			return
		}
	}
	at := headerEnd(n)
	fix := analyzer.Fix{
		Title: "Insert a time in / time out line",
		Edits: []analyzer.TextEdit{{Start: at, End: at, NewText: "Time in: __:__  Time out: __:__" + newline(n.Text)}},
	}
	pass.Reportf(chargeRange(n, tc[0]), []analyzer.Fix{fix},
		"Timed code%s %s billed, but the note has no start and stop time: add the session's time in and time out (or a clock interval for each code) so the billed minutes can be checked",
		sIf(len(distinctCodes(n, tc)) > 1), codeList(distinctCodes(n, tc)))
}

// headerEnd is where a line can be added after the note's header block: the start
// of the first blank line or section header, whichever comes first, or the start
// of the line after the last header fact when the note opens with a section.
func headerEnd(n *note.Note) int {
	text := n.Text
	limit := len(text)
	if len(n.Sections) > 0 {
		limit = n.Sections[0].Header.Start
	}
	last := 0
	for _, r := range []note.Range{n.Header.DisciplineRange, n.Header.PayerRange, n.Header.DOSRange} {
		if !r.Empty() {
			last = max(last, r.End)
		}
	}
	off := 0
	for off < limit {
		end := lineEnd(text, off)
		if isBlank(text[off:end]) && off > 0 {
			return off
		}
		next := end
		if next < len(text) && text[next] == '\r' {
			next++
		}
		if next < len(text) && text[next] == '\n' {
			next++
		}
		if next == end { // end of text
			break
		}
		off = next
	}
	if off >= limit && limit > 0 {
		return limit
	}
	if last > 0 {
		end := lineEnd(text, last)
		if end < len(text) {
			if text[end] == '\r' {
				end++
			}
			return min(end+1, len(text))
		}
		return end
	}
	return 0
}

func isBlank(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] != ' ' && s[i] != '\t' {
			return false
		}
	}
	return true
}
