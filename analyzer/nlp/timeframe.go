package nlp

import (
	"strconv"
	"strings"

	"github.com/soaplint/soaplint/lexicon/textmatch"
)

// Span is a half-open byte range into the text that was analysed.
type Span struct{ Start, End int }

// Empty reports whether s covers no text.
func (s Span) Empty() bool { return s.End <= s.Start }

// timeUnits are the units of a goal timeframe. Minutes, hours and seconds are not:
// "walk 10 min" is a criterion, not a deadline.
var timeUnits = map[string]bool{
	"d": true, "day": true, "days": true, "wk": true, "wks": true, "week": true, "weeks": true,
	"w": true, "mo": true, "mos": true, "month": true, "months": true, "visit": true, "visits": true,
	"session": true, "sessions": true, "tx": true, "treatments": true, "yr": true, "year": true,
}

// tfLead are the words that introduce a timeframe ("in 4 wks", "within 3 weeks").
var tfLead = map[string]bool{"in": true, "within": true, "over": true, "after": true, "by": true, "x": true, "next": true}

// tfEvents are deadlines named by an event ("by DC", "at discharge", "by re-eval").
var tfEvents = map[string]bool{
	"dc": true, "d": true, "discharge": true, "recert": true, "recertification": true,
	"reeval": true, "re": true, "reassessment": true, "poc": true, "episode": true, "progress": true,
}

var numberWords = map[string]bool{
	"zero": true, "one": true, "two": true, "three": true, "four": true, "five": true, "six": true, "seven": true,
	"eight": true, "nine": true, "ten": true, "eleven": true, "twelve": true, "thirteen": true,
	"fourteen": true, "fifteen": true, "sixteen": true, "seventeen": true, "eighteen": true,
	"nineteen": true, "twenty": true, "thirty": true, "forty": true, "fifty": true, "sixty": true,
	"seventy": true, "eighty": true, "ninety": true, "hundred": true, "thousand": true, "half": true,
	"quarter": true, "several": true, "once": true, "twice": true,
}

var months = map[string]bool{
	"jan": true, "january": true, "feb": true, "february": true, "mar": true, "march": true,
	"apr": true, "april": true, "may": true, "jun": true, "june": true, "jul": true, "july": true,
	"aug": true, "august": true, "sep": true, "sept": true, "september": true, "oct": true,
	"october": true, "nov": true, "november": true, "dec": true, "december": true,
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// FindTimeframe returns the first goal timeframe written in text: "in 4 wks",
// "within 3 weeks", "by 08/01/2025", "by DC", "at discharge", "(6 mo)". Frequencies
// ("3x/wk", "5 days/wk") and durations in minutes or hours are not timeframes.
func FindTimeframe(text string) (Span, bool) {
	return findTimeframe(text, textmatch.Tokenize(text))
}

func findTimeframe(text string, toks []textmatch.Token) (Span, bool) {
	gap := func(i int) string { // text between toks[i-1] and toks[i]
		if i <= 0 {
			return text[:toks[0].Start]
		}
		return text[toks[i-1].End:toks[i].Start]
	}
	for i, t := range toks {
		if sp, ok := namedDeadline(text, toks, i); ok {
			return sp, true
		}
		lead := tfLead[t.Word] || (t.Word == "at" || t.Word == "upon" || t.Word == "before" || t.Word == "until")
		paren := strings.HasSuffix(strings.TrimSpace(gap(i)), "(")
		if g := gap(i); i > 0 && i+2 == len(toks) && (strings.HasSuffix(g, "— ") || strings.HasSuffix(g, "– ") || strings.HasSuffix(g, " - ")) {
			paren = true // a telegraphic goal's trailing "— 2 wks"
		}
		if i == 0 && len(toks) > 2 && (strings.HasPrefix(strings.TrimSpace(gap(2)), ":") || strings.TrimSpace(gap(2)) == "-") {
			paren = true // a goal led by its timeframe: "2 wks: amb 150 ft"
		}
		// N unit, after a lead word or an opening parenthesis: "in 4 wks", "(6 mo)".
		n := i
		if lead {
			n = i + 1
		}
		if (lead && t.Word != "at" && t.Word != "upon") || paren {
			if n < len(toks) {
				if gluedUnit(toks[n].Word) && !history(text, toks, n+1) && !strings.HasPrefix(strings.TrimSpace(textAfter(text, toks, n)), "/") {
					return Span{t.Start, toks[n].End}, true // "(2wks)", "in 6mo"
				}
			}
			// A range: "in 2-3 wks", "within 4 to 6 weeks".
			if n+2 < len(toks) && isDigits(toks[n].Word) && (isDigits(toks[n+1].Word) && (strings.TrimSpace(gap(n+1)) == "-" || strings.TrimSpace(gap(n+1)) == "–") || toks[n+1].Word == "to") {
				m := n + 1
				if toks[m].Word == "to" {
					m++
				}
				if m+1 < len(toks) && isDigits(toks[m].Word) && timeUnits[toks[m+1].Word] && !history(text, toks, m+2) && !strings.Contains(gap(m+1), "/") && !strings.HasPrefix(strings.TrimSpace(textAfter(text, toks, m+1)), "/") {
					return Span{t.Start, toks[m+1].End}, true
				}
			}
			if n+1 < len(toks) && isDigits(toks[n].Word) && (toks[n+1].Word == "52" || toks[n+1].Word == "12") && gap(n+1) == "/" {
				return Span{t.Start, toks[n+1].End}, true // "in 4/52": weeks over 52
			}
			if n+1 < len(toks) && (isDigits(toks[n].Word) || numberWords[toks[n].Word]) &&
				timeUnits[toks[n+1].Word] && !history(text, toks, n+2) && !strings.HasPrefix(strings.TrimSpace(textAfter(text, toks, n+1)), "/") &&
				!strings.Contains(gap(n+1), "/") {
				return Span{t.Start, toks[n+1].End}, true
			}
		}
		if !lead && isDigits(t.Word) && i+1 < len(toks) && toks[i+1].Word == "52" && gap(i+1) == "/" && (i+2 == len(toks) || gap(i+2) != "/") {
			return Span{t.Start, toks[i+1].End}, true // a bare "4/52": weeks of 52, never a trial count or a date
		}
		if !lead && len(t.Word) > 1 && t.Word[0] == 'x' && isDigits(t.Word[1:]) && i+1 < len(toks) && timeUnits[toks[i+1].Word] && !strings.Contains(gap(i+1), "/") && !strings.HasPrefix(strings.TrimSpace(textAfter(text, toks, i+1)), "/") {
			return Span{t.Start, toks[i+1].End}, true // "x2 wks"
		}
		if !lead {
			continue
		}
		if i+1 >= len(toks) {
			break
		}
		nx := toks[i+1]
		switch {
		case t.Word == "by" || t.Word == "before" || t.Word == "until":
			// A date: 08/01/2025, 6/30/25, 8-1-25, Aug 1.
			if isDigits(nx.Word) && i+2 < len(toks) && isDigits(toks[i+2].Word) {
				if g := gap(i + 2); g == "/" || g == "-" || g == "." {
					end := toks[i+2].End
					if i+3 < len(toks) && isDigits(toks[i+3].Word) && (gap(i+3) == "/" || gap(i+3) == "-" || gap(i+3) == ".") {
						end = toks[i+3].End
					}
					return Span{t.Start, end}, true
				}
			}
			if months[nx.Word] {
				end := nx.End // "by June", "by June 2026", "by Aug 1"
				if i+2 < len(toks) && isDigits(toks[i+2].Word) && len(toks[i+2].Word) <= 4 && strings.TrimSpace(gap(i+2)) == "" {
					end = toks[i+2].End
					if i+3 < len(toks) && len(toks[i+3].Word) == 4 && isDigits(toks[i+3].Word) && strings.TrimSpace(gap(i+3)) == "," {
						end = toks[i+3].End
					}
				}
				return Span{t.Start, end}, true
			}
		}
		// An event: "by DC", "at discharge", "by end of POC", "by re-eval".
		k := i + 1
		for k < len(toks) && k <= i+5 && (toks[k].Word == "the" || toks[k].Word == "end" || toks[k].Word == "of" || toks[k].Word == "time" ||
			isDigits(toks[k].Word) && k+1 < len(toks) && timeUnits[toks[k+1].Word] && gap(k+1) == "-" || k > 0 && timeUnits[toks[k].Word] && gap(k) == "-") {
			k++ // "by end of 60-day episode"
		}
		if k < len(toks) && tfEvents[toks[k].Word] && t.Word != "x" && t.Word != "in" && t.Word != "within" && t.Word != "over" && t.Word != "after" {
			end := toks[k].End
			switch toks[k].Word {
			case "d":
				if k+1 >= len(toks) || toks[k+1].Word != "c" {
					continue
				}
				end = toks[k+1].End
			case "re":
				if k+1 >= len(toks) || (toks[k+1].Word != "eval" && toks[k+1].Word != "evaluation") {
					continue
				}
				end = toks[k+1].End
			case "progress":
				if k+1 >= len(toks) || (toks[k+1].Word != "note" && toks[k+1].Word != "report") {
					continue
				}
				end = toks[k+1].End
			}
			return Span{t.Start, end}, true
		}
	}
	return Span{}, false
}

func textAfter(text string, toks []textmatch.Token, i int) string {
	end := len(text)
	if i+1 < len(toks) {
		end = toks[i+1].Start
	}
	return text[toks[i].End:end]
}

// history reports whether toks[k] makes the duration before it history ("6 wks
// s/p TKA", "3 months post-op", "2 wks ago") rather than a deadline.
func history(text string, toks []textmatch.Token, k int) bool {
	if k >= len(toks) || k > 0 && strings.Contains(text[toks[k-1].End:toks[k].Start], "(") {
		return false // "in 4 wks (s/p ORIF 10/2)": the history is an aside, the duration a deadline
	}
	switch toks[k].Word {
	case "s", "post", "postop", "ago", "since", "status", "after", "pod":
		return true
	}
	return false
}

// deadlineEvents end a period of care, school or the calendar: "by next IEP", "by
// end of 2nd quarter", "by annual review", "by Easter", "in fall semester".
var deadlineEvents = map[string]bool{
	"iep": true, "ifsp": true, "review": true, "visit": true, "appointment": true, "session": true,
	"quarter": true, "semester": true, "term": true, "year": true, "yr": true, "episode": true, "cert": true,
	"certification": true, "poc": true, "care": true, "month": true, "marking": true,
	"period": true, "trimester": true, "conference": true, "reassessment": true, "reevaluation": true,
	"eval": true, "evaluation": true, "recert": true, "discharge": true, "dc": true,
}

// seasons and holidays name a target date ("by Easter", "in fall semester").
var seasons = map[string]bool{
	"spring": true, "summer": true, "fall": true, "autumn": true, "winter": true, "easter": true,
	"christmas": true, "thanksgiving": true, "passover": true, "hanukkah": true, "ramadan": true,
	"diwali": true, "halloween": true,
}

// namedDeadline reads a deadline named by an event at toks[i]: "by next IEP", "by
// (the) end of 2nd quarter", "end of 60-day episode", "by annual review", "by
// 4th visit", "by POD 3", "prior to d/c", "by Easter", "in fall semester", and a
// date range "11/01/24 to 01/29/25".
func namedDeadline(text string, toks []textmatch.Token, i int) (Span, bool) {
	w := toks[i].Word
	at := func(k int) string {
		if k < len(toks) {
			return toks[k].Word
		}
		return ""
	}
	gapAt := func(k int) string { return text[toks[k-1].End:toks[k].Start] }
	switch {
	case (w == "target" || w == "expected" || w == "anticipated" || w == "due") && i+3 < len(toks):
		// "target date 12/15/25", "expected: 1/15"
		k := i + 1
		if at(k) == "date" {
			k++
		}
		if k+1 < len(toks) && isDigits(at(k)) && isDigits(at(k+1)) && gapAt(k+1) == "/" {
			e := k + 1
			if e+1 < len(toks) && isDigits(at(e+1)) && gapAt(e+1) == "/" {
				e++
			}
			return Span{toks[i].Start, toks[e].End}, true
		}
	case w == "by" || w == "before" || w == "until" || w == "prior" && at(i+1) == "to":
		k := i + 1
		if w == "prior" {
			k++
		}
		if at(k) == "the" {
			k++
		}
		if at(k) == "end" && at(k+1) == "of" {
			k += 2
			if at(k) == "the" {
				k++
			}
		}
		if k >= len(toks) {
			return Span{}, false
		}
		// "by trip on 6/12", "by race on 10/12/25": an event and its date.
		for e := k; e < len(toks) && e <= k+3 && !strings.ContainsAny(gapAt(e), ",;.()"); e++ {
			if at(e) == "on" && e > k && e+2 < len(toks) && isDigits(at(e+1)) && isDigits(at(e+2)) && gapAt(e+2) == "/" {
				end := e + 2
				if end+1 < len(toks) && isDigits(at(end+1)) && gapAt(end+1) == "/" {
					end++
				}
				// A calendar date closing its clause, not "on 4/5 trials".
				mo, _ := strconv.Atoi(at(e + 1))
				dy, _ := strconv.Atoi(at(e + 2))
				if mo >= 1 && mo <= 12 && dy >= 1 && dy <= 31 && (end+1 == len(toks) || strings.ContainsAny(gapAt(end+1), ",;.(")) {
					return Span{toks[i].Start, toks[end].End}, true
				}
			}
		}
		switch n := at(k); {
		case n == "next" || n == "annual" || n == "final" || n == "scheduled" || n == "first" || isOrdinalWord(n):
			// "by next IEP", "by annual review", "by 4th visit", "by 2nd quarter"
			if e := k + 1; e < len(toks) && !strings.ContainsAny(gapAt(e), ",;.()") {
				if deadlineEvents[at(e)] || n == "next" {
					return Span{toks[i].Start, toks[e].End}, true
				}
				if e+1 < len(toks) && deadlineEvents[at(e+1)] && !strings.ContainsAny(gapAt(e+1), ",;.()") {
					return Span{toks[i].Start, toks[e+1].End}, true // "by end of school year"
				}
			}
		case (n == "pod" || n == "week" || n == "wk" || n == "visit" || n == "session" || n == "month" || n == "day") && k+1 < len(toks) && isDigits(at(k+1)):
			// "by POD 3", "by end of week 4", "by visit 12"
			return Span{toks[i].Start, toks[k+1].End}, true
		case seasons[n]:
			return Span{toks[i].Start, toks[k].End}, true
		case deadlineEvents[n] && k > i+1 && (at(k-1) == "of" || at(k-1) == "the"):
			return Span{toks[i].Start, toks[k].End}, true // "by end of episode"
		case k+1 < len(toks) && deadlineEvents[at(k+1)] && (at(k-1) == "of"):
			return Span{toks[i].Start, toks[k+1].End}, true // "by end of school year"
		case w == "prior" && (n == "dc" || n == "discharge" || n == "d" && at(k+1) == "c"):
			e := k
			if n == "d" {
				e++
			}
			return Span{toks[i].Start, toks[e].End}, true
		}
	case (w == "within" || w == "in" || w == "over") && (at(i+1) == "next" || at(i+1) == "the" && at(i+2) == "next"):
		// "within the next month", "over the next 4 weeks"
		k := i + 2
		if at(i+1) == "the" {
			k++
		}
		if isDigits(at(k)) || numberWords[at(k)] {
			k++
		}
		if timeUnits[at(k)] {
			return Span{toks[i].Start, toks[k].End}, true
		}
	case w == "within" && (isDigits(at(i+1)) || numberWords[at(i+1)]) && (at(i+2) == "hrs" || at(i+2) == "hours" || at(i+2) == "hr" || at(i+2) == "hour"):
		// "within 24 hrs": a deadline; "in 30 min" stays a duration
		return Span{toks[i].Start, toks[i+2].End}, true
	case w == "in" && seasons[at(i+1)] && (at(i+2) == "semester" || at(i+2) == "term" || at(i+2) == "quarter"):
		return Span{toks[i].Start, toks[i+2].End}, true
	case w == "end" && at(i+1) == "of" && (i == 0 || at(i-1) != "by"):
		// A header's "end of 60-day episode", "end of cert period".
		for k := i + 2; k < len(toks) && k <= i+5; k++ {
			if deadlineEvents[at(k)] && at(k) != "session" && at(k) != "visit" {
				return Span{toks[i].Start, toks[k].End}, true
			}
		}
	case isDigits(w) && i+5 < len(toks) && (at(i+3) == "to" || at(i+3) == "through" || at(i+3) == "thru") &&
		isDigits(at(i+1)) && isDigits(at(i+4)) && isDigits(at(i+5)) && gapAt(i+1) == "/" && gapAt(i+5) == "/":
		// A date range "11/01/24 to 01/29/25": the plan of care's end is the target.
		e := i + 5
		if e+1 < len(toks) && gapAt(e+1) == "/" && isDigits(at(e+1)) {
			e++
		}
		return Span{toks[i].Start, toks[e].End}, true
	}
	return Span{}, false
}

// isOrdinalWord reports "2nd", "4th", "third".
func isOrdinalWord(w string) bool {
	switch w {
	case "first", "second", "third", "fourth", "fifth", "sixth", "last":
		return true
	}
	for _, s := range [...]string{"st", "nd", "rd", "th"} {
		if d, ok := strings.CutSuffix(w, s); ok && isDigits(d) {
			return true
		}
	}
	return false
}

// gluedUnit reports a number glued to a timeframe unit: "2wks", "6mo", "x2wks".
func gluedUnit(w string) bool {
	w = strings.TrimPrefix(w, "x")
	i := 0
	for i < len(w) && w[i] >= '0' && w[i] <= '9' {
		i++
	}
	return i > 0 && i < len(w) && timeUnits[w[i:]] && w[i:] != "d" && w[i:] != "w"
}
