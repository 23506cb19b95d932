package nlp

import (
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
	"one": true, "two": true, "three": true, "four": true, "five": true, "six": true, "seven": true,
	"eight": true, "nine": true, "ten": true, "eleven": true, "twelve": true, "fifteen": true,
	"twenty": true, "thirty": true, "forty": true, "fifty": true, "hundred": true, "half": true,
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
		lead := tfLead[t.Word] || (t.Word == "at" || t.Word == "upon" || t.Word == "before" || t.Word == "until")
		paren := strings.HasSuffix(strings.TrimSpace(gap(i)), "(")
		// N unit, after a lead word or an opening parenthesis: "in 4 wks", "(6 mo)".
		n := i
		if lead {
			n = i + 1
		}
		if (lead && t.Word != "at" && t.Word != "upon") || paren {
			if n+1 < len(toks) && (isDigits(toks[n].Word) || numberWords[toks[n].Word]) &&
				timeUnits[toks[n+1].Word] && !strings.HasPrefix(strings.TrimSpace(textAfter(text, toks, n+1)), "/") &&
				!strings.Contains(gap(n+1), "/") {
				return Span{t.Start, toks[n+1].End}, true
			}
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
				return Span{t.Start, nx.End}, true
			}
		}
		// An event: "by DC", "at discharge", "by end of POC", "by re-eval".
		k := i + 1
		for k < len(toks) && k <= i+3 && (toks[k].Word == "the" || toks[k].Word == "end" || toks[k].Word == "of" || toks[k].Word == "time") {
			k++
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
