package note

import "unicode"

// goalLabel reads a goal label at s[i:te]: "STG", "LTG #1", "STG 1 (4 wks)",
// "Short-term goal", "Goal #2", with an optional parenthetical and ':' or dash. It
// returns the term, where the goal text starts, and the parenthetical's timeframe.
func (p *parser) goalLabel(i, te int) (term string, textStart int, frame Range, ok bool) {
	s := p.text
	j := -1
	// A discipline before the term: "PT LTG:", "OT STG #1:", "SLP STG 1:", "PT GOAL 5:".
	for _, d := range [...]string{"pt", "ot", "slp", "st"} {
		if wordAt(s, i, te, d) {
			if k := skipSpace(s, i+len(d), te); k < te && (wordAt(s, k, te, "stg") || wordAt(s, k, te, "ltg") || wordAt(s, k, te, "goal")) {
				i = k
			}
			break
		}
	}
	switch {
	case wordAt(s, i, te, "stg"):
		term, j = "STG", i+3
	case wordAt(s, i, te, "ltg"):
		term, j = "LTG", i+3
	default:
		for _, l := range [...]struct{ ph, term string }{
			{"short term goal", "STG"}, {"long term goal", "LTG"}, {"short term", "STG"}, {"long term", "LTG"}, {"goal", ""},
		} {
			if e := phraseAt(s, i, te, l.ph); e >= 0 {
				j = e
				if j < te && lowerByte(s[j]) == 's' {
					j++
				}
				if j < te && isLetter(s[j]) {
					j = -1
					continue
				}
				term = l.term
				if l.term == "" || l.ph == "short term" || l.ph == "long term" {
					// "Goal" alone must be numbered ("Goal #1", "Goal 2:"); a bare
					// "Short-term:" needs its colon.
					k := skipSpace(s, j, te)
					if l.term == "" && !(k < te && (s[k] == '#' || isDigit(s[k]))) {
						j = -1
						continue
					}
					// "Short-term memory loss", "Long-term use of insulin": a
					// history phrase, not a label, unless a colon, parenthesis,
					// dash or number follows.
					if l.term != "" && !(k < te && (s[k] == ':' || s[k] == '(' || s[k] == '#' || isDigit(s[k]) || dashAt(s, k, te) > 0)) {
						j = -1
						continue
					}
				}
				break
			}
		}
	}
	if j < 0 {
		return "", 0, Range{}, false
	}
	k := skipSpace(s, j, te)
	// "STG 3 WKS:": a timeframe in place of the numbering.
	if c := k; c < te && isDigit(s[c]) {
		e := c
		for e < te && s[e] != ':' && s[e] != '(' && e-c < 16 {
			e++
		}
		if e < te && s[e] == ':' {
			if tf, ok := findTimeframe(s, c, trimRight(s, c, e)); ok && tf.Start == c && tf.End == trimRight(s, c, e) {
				frame, k = tf, e
			}
		}
	}
	// "#1", "1", "2:" numbering after the term.
	if k < te && s[k] == '#' {
		k++
	}
	for k < te && isDigit(s[k]) {
		k++
	}
	k = skipSpace(s, k, te)
	if k < te && s[k] == '(' {
		c := k + 1
		for c < te && s[c] != ')' {
			c++
		}
		if c < te {
			a, b := trimSpace(s, k+1, c)
			if _, ok := findTimeframe(s, a, b); ok {
				frame = Range{a, b}
			} else if _, _, ok := findDate(s, a, b); ok {
				frame = Range{a, b}
			}
			k = skipSpace(s, c+1, te)
		}
	}
	for k < te && (s[k] == '*' || s[k] == '_') {
		k++
	}
	switch {
	case k < te && s[k] == ':':
		k++
	case dashAt(s, k, te) > 0:
		k += dashAt(s, k, te)
	case k < te && s[k] == '.':
		k++
	}
	for k < te && (s[k] == '*' || s[k] == '_') {
		k++
	}
	k = skipSpace(s, k, te)
	if k >= te {
		return "", 0, Range{}, false
	}
	return term, k, frame, true
}

// labelledGoal reports whether a line outside a goals section is a labelled goal
// ("STG (2 wks): …", "- LTG: …", "Goal #1: …").
func (p *parser) labelledGoal(ts, te int) bool {
	s := p.text
	i := stripLead(s, ts, te)
	if i >= te {
		return false
	}
	switch lowerByte(s[i]) {
	case 's', 'l', 'g', 'p', 'o':
		_, _, _, ok := p.goalLabel(i, te)
		return ok
	}
	return false
}

// goalLine records the goal(s) on a line of a goals section or a labelled goal
// anywhere. Numbered goals run together on one line ("1. … 2. …") are split.
func (p *parser) goalLine(ls, ts, te int) {
	s := p.text
	i := stripLead(s, ts, te)
	if i >= te {
		return
	}
	marked := i != ts
	num := 0
	if k := skipSpace(s, ts, te); k < te {
		if bl := bulletLen(s, k, te); bl > 0 {
			k = skipSpace(s, k+bl, te)
		}
		if n := numberingLen(s, k, te); n > 0 {
			q := k
			if s[q] == '(' || s[q] == '#' {
				q++
			}
			num, _, _ = number(s, q, te, 2)
		}
	}
	term, textStart, frame, ok := p.goalLabel(i, te)
	if !ok {
		if p.sec < 0 || p.kind != SectionGoals || p.goalBlank && !marked {
			return
		}
		textStart = i
		term = p.goalTerm
		if statusSentence(s, i, te) {
			return // "Pt pleased with progress.": a report on the goals, not a goal
		}
	} else if term == "" {
		term = p.goalTerm
	}
	if goalStatus(s, textStart, te) {
		return // "STG 2 – met 11/14": a status of a goal stated elsewhere
	}
	// Split run-together numbered goals.
	start := textStart
	for start < te {
		end := te
		if num > 0 {
			if k := nextNumbered(s, start, te, num+1); k >= 0 {
				end = k
			}
		}
		p.addGoal(p.lineTS, p.lineTE, start, end, term, frame)
		frame = Range{}
		if end == te {
			break
		}
		num++
		start = stripLead(s, end, te)
	}
}

// nextNumbered finds " N. " (or " N) ") with the given N after the end of a
// sentence in s[i:e] and returns where the number starts, or -1.
func nextNumbered(s string, i, e, n int) int {
	for k := i + 1; k < e; k++ {
		if !isDigit(s[k]) || !isSpace(s[k-1]) {
			continue
		}
		v, j, ok := number(s, k, e, 2)
		if !ok || v != n || j+1 >= e || s[j] != '.' && s[j] != ')' || !isSpace(s[j+1]) {
			continue
		}
		b := k - 1
		for b > i && isSpace(s[b]) {
			b--
		}
		if c := s[b]; c == '.' || c == ';' || c == ',' || c == ')' {
			return k
		}
	}
	return -1
}

func (p *parser) addGoal(ls, le, a, b int, term string, frame Range) {
	s := p.text
	a, b = trimSpace(s, a, b)
	for b > a && (s[b-1] == '*' || s[b-1] == '_') {
		b--
	}
	if a >= b || !hasWordChar(s[a:b]) { // a line of symbols or stray bytes is no goal
		return
	}
	g := Goal{Text: s[a:b], Range: Range{a, b}, Line: Range{ls, le}, Term: term}
	switch {
	case !frame.Empty():
		g.Timeframe, g.TimeframeRange = s[frame.Start:frame.End], frame
	default:
		if r, ok := findTimeframe(s, a, b); ok {
			g.Timeframe, g.TimeframeRange = s[r.Start:r.End], r
		} else if p.sec >= 0 && p.kind == SectionGoals && p.goalFrame != "" {
			g.Timeframe, g.Inherited = p.goalFrame, true
		}
	}
	p.n.Goals = append(p.n.Goals, g)
}

var numberWords = [...]string{"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"}

// findTimeframe finds a goal timeframe in s[i:e]: "2 wks", "in 3 weeks", "6 mo",
// "within 4 visits", "x 6 weeks", "TWO WEEKS", "by 08/01/2025", "by DC 2/28/25",
// "by discharge". Durations such as "10 min", "48 hours" and frequencies such as
// "2x/wk" are not timeframes.
func findTimeframe(s string, i, e int) (Range, bool) {
	for k := i; k < e; k++ {
		if k > i && isAlnum(s[k-1]) {
			continue
		}
		c := lowerByte(s[k])
		if c == 'b' && wordAt(s, k, e, "by") || c == 'a' && wordAt(s, k, e, "at") || c == 'u' && wordAt(s, k, e, "upon") {
			j := skipSpace(s, k+len(wordTo(s, k, e)), e)
			q := j
			dc := false
			for _, w := range [...]string{"dc", "d/c", "discharge"} {
				if hasPrefixFold(s, q, w) && (q+len(w) == e || !isAlnum(s[q+len(w)])) {
					q = skipSpace(s, q+len(w), e)
					dc = true
					break
				}
			}
			if c == 'b' {
				if _, end, ok := parseDate(s, q, e); ok {
					return Range{k, end}, true
				}
			}
			if dc {
				return Range{k, trimRight(s, k, q)}, true
			}
			continue
		}
		// "due 05/2027", "target 6/30/27", "(annual review 05/2027)": a date after a
		// word that makes it a deadline (a bare date may be when goals were set).
		for _, w := range [...]string{"due", "target", "review", "iep", "recert", "recertification"} {
			if c == w[0] && wordAt(s, k, e, w) {
				if end, ok := dateLike(s, skipSpace(s, k+len(w), e), e); ok {
					return Range{k, end}, true
				}
			}
		}
		if !isDigit(s[k]) && !isLetter(s[k]) {
			continue
		}
		// A number, in digits or words.
		var j int
		if isDigit(s[k]) {
			_, jj, ok := number(s, k, e, 3)
			if !ok || k > i && (s[k-1] == '/' || s[k-1] == '.') {
				continue
			}
			j = jj
		} else {
			j = -1
			for _, w := range numberWords {
				if wordAt(s, k, e, w) {
					j = k + len(w)
					break
				}
			}
			if j < 0 {
				continue
			}
		}
		u := j
		if u < e && (s[u] == ' ' || s[u] == '-') {
			u++
		}
		ue, days := unitAt(s, u, e)
		if ue < 0 {
			continue
		}
		if ue < e && s[ue] == '/' {
			continue
		}
		if days {
			w := wordBeforeIn(s, i, k)
			if w != "in" && w != "within" && w != "x" && w != "next" && w != "by" {
				continue
			}
		}
		return Range{k, ue}, true
	}
	return Range{}, false
}

// dateLike reads a numeric date at s[i]: 6/30, 05/2027, 6/30/27, 2027-05-30.
func dateLike(s string, i, e int) (end int, ok bool) {
	if _, end, ok := parseDate(s, i, e); ok {
		return end, true
	}
	_, j, ok := number(s, i, e, 2)
	if !ok || j >= e || s[j] != '/' {
		return i, false
	}
	_, k, ok := number(s, j+1, e, 4)
	if !ok {
		return i, false
	}
	return k, true
}

func wordTo(s string, k, e int) string {
	j := k
	for j < e && isLetter(s[j]) {
		j++
	}
	return s[k:j]
}

// unitAt reads a timeframe unit (weeks, months, visits, sessions, days) at s[u:e].
func unitAt(s string, u, e int) (int, bool) {
	for _, w := range [...]string{"weeks", "week", "wks", "wk", "months", "month", "mos", "mo", "visits", "visit", "sessions", "treatments", "tx", "days", "day"} {
		if hasPrefixFold(s, u, w) && (u+len(w) == e || !isLetter(s[u+len(w)])) {
			end := u + len(w)
			if end < e && s[end] == '.' && (w == "wk" || w == "wks" || w == "mo" || w == "mos") {
				end++
			}
			if w == "mo" && end < e && s[end] == '/' {
				return -1, false
			}
			return end, w == "days" || w == "day"
		}
	}
	return -1, false
}

// wordBeforeIn returns the lower-case word before k in s[i:k].
func wordBeforeIn(s string, i, k int) string {
	j := k
	for j > i && isSpace(s[j-1]) {
		j--
	}
	b := j
	for b > i && isLetter(s[b-1]) {
		b--
	}
	if j-b > 8 {
		return ""
	}
	var buf [8]byte
	for x := b; x < j; x++ {
		buf[x-b] = lowerByte(s[x])
	}
	return string(buf[:j-b])
}

// hasWordChar reports whether s holds a letter or a digit.
func hasWordChar(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// statusWords open a goal's status in a progress report or discharge summary.
var statusWords = [...]string{"met", "not met", "partially met", "partly met", "goal met", "progressing", "ongoing", "achieved", "not achieved", "continue", "continued", "continuing", "discontinued", "deferred", "revised", "in progress"}

// goalStatus reports whether s[i:e], the text after a goal label, is only a
// status: "met 11/14", "MET, pt pleased with progress", "not met – revised below".
// A revised goal stated in full ("revised: Pt will …") is a goal.
func goalStatus(s string, i, e int) bool {
	i = skipSpace(s, i, e)
	for i < e && (s[i] == '-' || s[i] == '(' || s[i] == '*' || s[i] == '_') {
		i = skipSpace(s, i+1, e)
	}
	if d := dashAt(s, i, e); d > 0 {
		i = skipSpace(s, i+d, e)
	}
	for _, w := range statusWords {
		if k := phraseAt(s, i, e, w); k >= 0 && (k == e || !isLetter(s[k])) {
			return !containsWordFold(s, k, e, "will")
		}
	}
	return false
}

// reportWords, among the first words of a sentence, make it a report on goals
// (past or present tense, a judgement) rather than a goal ("Pt pleased with
// progress.", "The patient did reach his long-term goal", "He also met STG 3").
var reportWords = map[string]bool{
	"pleased": true, "happy": true, "satisfied": true, "reports": true, "reported": true,
	"states": true, "stated": true, "appears": true, "appeared": true, "is": true, "was": true,
	"were": true, "has": true, "had": true, "did": true, "met": true, "achieved": true,
	"reached": true, "remains": true, "continues": true, "continued": true, "making": true,
	"made": true, "progressing": true, "progressed": true, "unable": true, "unsure": true,
	"all": true, "goals": true, "goal": true, "not": true, "we": true,
}

// statusSentence reports whether the unlabelled goals-section line s[i:e] is a
// report on progress rather than a goal: one of its first words is a report word
// and it says nothing about what the patient will do ("will", "is to").
func statusSentence(s string, i, e int) bool {
	if containsWordFold(s, i, e, "will") || containsWordFold(s, i, e, "would") || containsPhraseFold(s, i, e, "is to") || containsPhraseFold(s, i, e, "are to") {
		return false
	}
	k := i
	for n := 0; n < 5 && k < e; n++ {
		k = skipSpace(s, k, e)
		j := k
		for j < e && isLetter(s[j]) {
			j++
		}
		if j == k {
			return false
		}
		if w := lowerWord(s, word{k, j}); reportWords[w] {
			return true
		}
		k = j
	}
	return false
}

// containsPhraseFold reports whether the phrase ph occurs in s[i:e] at a word start.
func containsPhraseFold(s string, i, e int, ph string) bool {
	for k := i; k < e; k++ {
		if (k == i || !isAlnum(s[k-1])) && phraseAt(s, k, e, ph) >= 0 {
			return true
		}
	}
	return false
}

// containsWordFold reports whether the word w occurs in s[i:e].
func containsWordFold(s string, i, e int, w string) bool {
	for k := i; k+len(w) <= e; k++ {
		if wordAt(s, k, e, w) {
			return true
		}
	}
	return false
}
