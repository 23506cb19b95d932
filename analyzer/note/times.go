package note

// lineTime is a clock time found on the current line.
type lineTime struct {
	ct       ClockTime
	hour     int  // hour as written
	suffix   byte // 'a' or 'p' when am/pm is written, else 0
	military bool // written as four digits ("0930")
	pair     int  // index of the time this one starts a range with, or -1
	inRange  bool // the second time of a range
}

// Words that introduce a session's start or stop time, or otherwise make a bare
// four-digit number a clock time ("Time in 0930").
var (
	startWords = []string{"in", "start", "started", "begin", "began", "session", "time", "arrived", "from"}
	stopWords  = []string{"out", "stop", "stopped", "end", "ended", "finish", "finished", "left"}
)

// scanTimes finds the clock times on s[ls:le]: H:MM or HH:MM (with am/pm), and
// four-digit military times where the context says they are times (a range such as
// 0905-0935, or after Time in/out, Start/Stop, Session). Blood pressures, scores,
// dates and ratios such as 1:1 are not times.
func (p *parser) scanTimes(ls, le int) []lineTime {
	s := p.text
	out := p.times[:0]
	for i := ls; i < le; {
		if !isDigit(s[i]) {
			i++
			continue
		}
		j := i
		for j < le && isDigit(s[j]) {
			j++
		}
		n := j - i
		wordStart := i == ls || !isAlnum(s[i-1]) && s[i-1] != '.' && s[i-1] != '/' && s[i-1] != ':' && s[i-1] != ','
		switch {
		case wordStart && n <= 2 && j+3 <= le && s[j] == ':' && isDigit(s[j+1]) && isDigit(s[j+2]) && (j+3 == le || !isDigit(s[j+3])):
			h, _, _ := number(s, i, j, 2)
			m := int(s[j+1]-'0')*10 + int(s[j+2]-'0')
			k := j + 3
			if k+2 < le && s[k] == ':' && isDigit(s[k+1]) && isDigit(s[k+2]) { // seconds
				k += 3
			}
			end, suf := ampm(s, k, le)
			out = append(out, makeTime(s, i, end, h, m, suf, false))
			i = end
			continue
		case wordStart && n == 4 && (j == le || !isAlnum(s[j]) && s[j] != '/' && !(s[j] == '.' && j+1 < le && isDigit(s[j+1])) && s[j] != ':'):
			h := int(s[i]-'0')*10 + int(s[i+1]-'0')
			m := int(s[i+2]-'0')*10 + int(s[i+3]-'0')
			end, suf := ampm(s, j, le)
			t := makeTime(s, i, end, h, m, suf, true)
			out = append(out, t)
			i = end
			continue
		}
		i = j
	}
	// Military times count only in a range with another valid time, or after a
	// time word ("Time in 0930").
	keep := p.times2[:0]
	for k := range out {
		t := out[k]
		if t.military {
			ok := false
			if t.ct.Valid {
				ok = k+1 < len(out) && out[k+1].ct.Valid && rangeGap(s, t.ct.Range.End, out[k+1].ct.Range.Start) ||
					k > 0 && out[k-1].ct.Valid && rangeGap(s, out[k-1].ct.Range.End, t.ct.Range.Start)
			}
			if ok && unitAfter(s, out[min(k+1, len(out)-1)].ct.Range.End, le) {
				ok = false // "1000-1500 mg"
			}
			if !ok {
				ok = p.militaryContext(ls, t.ct.Range.Start, t.ct.Valid)
			}
			if !ok {
				continue
			}
		}
		keep = append(keep, t)
	}
	// Pair ranges: two times with only a dash or "to" between them.
	for k := 0; k+1 < len(keep); k++ {
		a, b := &keep[k], &keep[k+1]
		if a.inRange {
			continue
		}
		if rangeGap(s, a.ct.Range.End, b.ct.Range.Start) {
			a.pair = k + 1
			b.inRange = true
			adjustPair(a, b)
		}
	}
	// A lone "0:22" outside a range and after no time word is a duration
	// (durationAt), not 12:22 am. Dropping one shifts the pair indexes.
	drop := 0
	for k := range keep {
		t := &keep[k]
		if t.pair < 0 && !t.inRange && !t.military {
			if _, _, ok := durationAt(s, t.ct.Range.Start, le); ok && !p.militaryContext(ls, t.ct.Range.Start, true) {
				drop++
				t.ct.Range.End = -1 // mark
				continue
			}
		}
		if t.pair >= 0 {
			t.pair -= drop
		}
	}
	if drop > 0 {
		kept := keep[:0]
		for _, t := range keep {
			if t.ct.Range.End >= 0 {
				kept = append(kept, t)
			}
		}
		keep = kept
	}
	p.times, p.times2 = out, keep
	return keep
}

func oneOf(w string, list []string) bool {
	for _, x := range list {
		if w == x {
			return true
		}
	}
	return false
}

// militaryContext reports whether a four-digit number at off follows a time word:
// "Time in", "Time out", "Start", "Stop", "Session", "Time:".
func (p *parser) militaryContext(ls, off int, valid bool) bool {
	w, at := p.wordBeforeAt(ls, off)
	if !valid && !containsByte(p.text, at, off, ':') {
		return false // "some time in 1998"; "Time out: 1075" is kept as an invalid time
	}
	switch w {
	case "start", "started", "stop", "stopped", "end", "ended", "session", "finish", "finished", "begin", "began", "time", "arrived":
		return true
	case "in", "out":
		w2, _ := p.wordBeforeAt(ls, at)
		return w2 == "time" || w2 == "tx" || w == "out" && indexFold(p.text, ls, at, "time") >= 0 ||
			w == "in" && stripLead(p.text, ls, at) == at || w == "out" && p.inAtLineStart(ls, at)
	}
	return false
}

// wordBefore returns the lower-cased word just before off on the line, skipping
// spaces and punctuation such as ':' '*' '/' '=' and dashes.
func (p *parser) wordBefore(ls, off int) string {
	w, _ := p.wordBeforeAt(ls, off)
	return w
}

// wordBeforeAt is wordBefore that also returns where the word starts.
func (p *parser) wordBeforeAt(ls, off int) (string, int) {
	s := p.text
	j := off
	for j > ls && (isSpace(s[j-1]) || s[j-1] == ':' || s[j-1] == '*' || s[j-1] == '=' || s[j-1] == '/' || s[j-1] == '-' || s[j-1] == '|' || s[j-1] == '(') {
		j--
	}
	k := j
	for k > ls && isLetter(s[k-1]) {
		k--
	}
	if k == j || j-k > 10 || k > ls && isDigit(s[k-1]) {
		return "", k
	}
	var buf [10]byte
	for x := k; x < j; x++ {
		buf[x-k] = lowerByte(s[x])
	}
	return string(buf[:j-k]), k
}

// ampm reads an optional am/pm suffix ("am", " pm", "a.m.", "PM") at s[i].
func ampm(s string, i, end int) (int, byte) {
	j := i
	if j < end && s[j] == ' ' {
		j++
	}
	if j < end {
		c := lowerByte(s[j])
		if c == 'a' || c == 'p' {
			k := j + 1
			if k < end && s[k] == '.' {
				k++
			}
			if k < end && lowerByte(s[k]) == 'm' {
				k++
				if k < end && s[k] == '.' {
					k++
				}
				if k == end || !isLetter(s[k]) {
					return k, c
				}
			}
		}
	}
	return i, 0
}

func makeTime(s string, start, end, h, m int, suf byte, military bool) lineTime {
	t := lineTime{hour: h, suffix: suf, military: military, pair: -1}
	valid := m < 60
	switch suf {
	case 'a', 'p':
		valid = valid && h >= 1 && h <= 12
		h %= 12
		if suf == 'p' {
			h += 12
		}
	default:
		valid = valid && (h < 24 || h == 24 && m == 0)
	}
	t.ct = ClockTime{Raw: s[start:end], Range: Range{start, end}, Minutes: h*60 + m, Valid: valid}
	if !valid {
		t.ct.Minutes = 0
	}
	return t
}

// rangeGap reports whether s[a:b] joins two times into a range: a dash, "to",
// "until" or "till", with optional spaces.
func rangeGap(s string, a, b int) bool {
	a, b = trimSpace(s, a, b)
	if n := dashAt(s, a, b); n > 0 && a+n == b {
		return true
	}
	for _, w := range [...]string{"to", "until", "till", "thru"} {
		if b-a == len(w) && hasPrefixFold(s, a, w) {
			return true
		}
	}
	return false
}

// adjustPair reads am/pm across a range ("3:30-4:15 pm" is afternoon) and a range
// written on a 12-hour clock without am/pm that crosses noon ("11:30-12:15" is fine,
// "11:30-1:15" ends at 13:15).
func adjustPair(a, b *lineTime) {
	if !a.ct.Valid || !b.ct.Valid {
		return
	}
	if a.suffix == 0 && b.suffix == 'p' && !a.military && a.hour < 12 {
		if pm := a.ct.Minutes + 720; pm <= b.ct.Minutes {
			a.ct.Minutes = pm
		}
		return
	}
	if a.suffix == 0 && b.suffix == 0 && !a.military && !b.military &&
		a.hour <= 12 && b.hour >= 1 && b.hour < 12 && b.ct.Minutes < a.ct.Minutes {
		if pm := b.ct.Minutes + 720; pm-a.ct.Minutes <= 300 {
			b.ct.Minutes = pm
		}
	}
}

// unitAfter reports whether a measurement unit follows at i ("1000-1500 mg"), which
// makes a number range a dose or a distance rather than clock times. Units are
// matched in lower case only: "1300-1315 LB dressing" is lower-body dressing.
func unitAfter(s string, i, end int) bool {
	i = skipSpace(s, i, end)
	j := i
	for j < end && isLetter(s[j]) {
		j++
	}
	if j == i {
		return i < end && s[i] == '%'
	}
	switch s[i:j] { // lower case only: "LB dressing" is lower body, "10 lb" pounds
	case "mg", "mcg", "ml", "g", "kg", "lb", "lbs", "ft", "feet", "m", "cm", "mm", "units", "iu", "cc",
		"steps", "reps", "meters", "kcal", "calories", "yards", "miles", "psi", "hz":
		return true
	}
	return false
}

// inAtLineStart reports whether the line starting at ls opens with "in" and a
// time before off ("In 1030  Out 1112", "in 0930 out 1015").
func (p *parser) inAtLineStart(ls, off int) bool {
	s := p.text
	i := stripLead(s, ls, off)
	if !wordAt(s, i, off, "in") {
		return false
	}
	k := skipSpace(s, i+2, off)
	for k < off && s[k] == ':' {
		k = skipSpace(s, k+1, off)
	}
	return k+4 <= off && isDigit(s[k]) && isDigit(s[k+1])
}
