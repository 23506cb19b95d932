package note

// serviceLine recognises the documentation of one code: a line that starts (after
// a bullet, markup, a clock range or "CPT") with a code number or a code's common
// name followed by a separator ("TherAct (97530) 25 min:", "97110 TherEx – 10 min",
// "Manual: STM", "10:12-10:37 Therapeutic activities (97530): …"), or a line with
// a code number in its first few words before a colon ("Dysphagia tx (92526): …").
func (p *parser) serviceLine(ls, ts, te int, times []lineTime) bool {
	s := p.text
	i := stripLead(s, ts, te)
	// A leading clock range belongs to the code on the line.
	for _, t := range times {
		if t.ct.Range.Start == i && t.pair >= 0 {
			i = stripLead(s, times[t.pair].ct.Range.End, te)
			for i < te && (s[i] == ':' || s[i] == ',') {
				i = stripLead(s, i+1, te)
			}
			break
		}
	}
	if wordAt(s, i, te, "cpt") {
		i = skipSpace(s, i+3, te)
		for i < te && (s[i] == ':' || s[i] == '#') {
			i = skipSpace(s, i+1, te)
		}
	}
	if i >= te {
		return false
	}
	if j := p.labelledCode(i, te); j >= 0 {
		i = j // "Today: 97110 (18) …": the label names no code
	}
	codeStart, codeEnd, nameEnd := -1, -1, -1
	code := ""
	switch {
	case p.knownCodeAt(i, te):
		codeStart, codeEnd, code = i, i+5, s[i:i+5]
	default:
		c, end := p.codes.MatchPrefix(s[i:te])
		if c != nil {
			k := skipSpace(s, i+end, te)
			if !(k == te || s[k] == ':' || s[k] == '(' || s[k] == ',' || s[k] == '*' || s[k] == '[' || isDigit(s[k]) || dashAt(s, k, te) > 0 || s[k] == '/' && p.hasCode(k, min(te, k+40))) {
				return false
			}
			// A name alone (no number) counts only where treatment is documented,
			// not under an examination heading such as "GAIT:".
			if p.sec >= 0 && p.kind == SectionOther && !p.hasCode(k, min(te, k+40)) {
				return false
			}
			codeStart, codeEnd, code, nameEnd = i, i+end, c.Code, i+end
			// A number written with the name wins: "TherEx (97110)", "TherAct 97530".
			for q := k; q < te && q < k+16; q++ {
				if s[q] == ':' && !(q > 0 && isDigit(s[q-1]) && q+1 < te && isDigit(s[q+1])) {
					break
				}
				if p.knownCodeAt(q, te) {
					codeStart, codeEnd, code = q, q+5, s[q:q+5]
					break
				}
			}
			break
		}
		// A code number among the first words, before the heading colon.
		words := 0
		for q := i; q < te && q < i+60; q++ {
			if s[q] == ':' && !(q > 0 && isDigit(s[q-1]) && q+1 < te && isDigit(s[q+1])) {
				break
			}
			if s[q] == ' ' {
				words++
			}
			if p.knownCodeAt(q, te) {
				if words <= 4 {
					codeStart, codeEnd, code = q, q+5, s[q:q+5]
				}
				break
			}
		}
	}
	if code == "" {
		return false
	}
	p.closeService()
	sv := Service{Code: code, CodeRange: Range{codeStart, codeEnd}, Line: Range{p.lineTS, p.lineTE}}
	// Walk over the head of the line: names, the number, minutes and clock times.
	k := max(codeEnd, nameEnd)
	if nameEnd < 0 || codeStart > nameEnd {
		k = codeEnd
	}
	k = max(k, i)
	if nameEnd > k {
		k = nameEnd
	}
	heading := false
	last := te
	for last > ts && (s[last-1] == '*' || isSpace(s[last-1])) {
		last--
	}
	if last > ts && s[last-1] == ':' {
		heading = true
	}
	// A line naming two codes ("97110 10 min: bridges; 97530 15 min: stairs",
	// "TherEx/TherAct (97110 20 min; 97530 18 min):") documents each: the text
	// from one code to the next is that code's.
	first := len(p.n.Services)
	segStart := ts
	for {
		actStart, split := p.serviceHead(&sv, k, te, times)
		segEnd := te
		if split < 0 {
			split = p.nextCode(sv.Code, actStart, te)
		}
		if split >= 0 {
			segEnd = split
		}
		// "97760 orthotic mgmt 15': fabricated …": minutes after a description the
		// code table does not name, before the heading colon.
		if !sv.Minutes.Set {
			if c := colonIndex(s, actStart, segEnd); c >= 0 && c < actStart+40 {
				if v, ms, me, ok := findMinutes(s, actStart, c); ok {
					sv.Minutes = Quantity{Value: v, Range: Range{ms, me}, Set: true}
					actStart = skipSpace(s, c+1, segEnd)
				}
			}
		}
		if !sv.Minutes.Set && !hasColon(s, i, segEnd) {
			if v, ms, me, ok := findMinutes(s, actStart, segEnd); ok {
				sv.Minutes = Quantity{Value: v, Range: Range{ms, me}, Set: true}
			}
		}
		for _, t := range times {
			if t.pair >= 0 && (t.ct.Range.Start >= segStart && t.ct.Range.Start < segEnd || split < 0 && segStart == ts) && !p.unbilled(ts, te, t.ct.Range.Start) {
				sv.Intervals = append(sv.Intervals, Interval{Start: t.ct, Stop: times[t.pair].ct, Range: Range{t.ct.Range.Start, times[t.pair].ct.Range.End}})
			}
		}
		ae := trimRight(s, actStart, segEnd)
		for ae > actStart && (s[ae-1] == '*' || s[ae-1] == ';' || s[ae-1] == ',' || s[ae-1] == '(' || s[ae-1] == '/' || isSpace(s[ae-1])) {
			ae--
		}
		if actStart > ae {
			actStart = ae
		}
		sv.Activity = Range{actStart, ae}
		p.n.Services = append(p.n.Services, sv)
		if split < 0 || len(p.n.Services)-first >= 8 {
			break
		}
		code, ce := s[split:min(split+5, te)], split+5
		if !p.knownCodeAt(split, te) {
			c, end := p.codes.MatchPrefix(s[split:te]) // "…; TherAct: sit-to-stand"
			code, ce = c.Code, split+end
		}
		sv = Service{Code: code, CodeRange: Range{split, ce}, Line: Range{p.lineTS, p.lineTE}}
		segStart, k = split, ce
	}
	p.cur = len(p.n.Services) - 1
	p.curFirst = first
	p.curInfo.heading = heading
	p.curInfo.bulleted = bulletLen(s, ts, te) > 0
	p.curInfo.indent = ts - ls
	return true
}

// serviceHead walks the head of a service from k: names, the code number,
// minutes ("20 min", "0:22", "15'", "(23)") and clock times. It returns where
// the activity text starts and, when the head names a second code, where that
// code starts (-1 otherwise).
func (p *parser) serviceHead(sv *Service, k, te int, times []lineTime) (actStart, split int) {
	s := p.text
	if k == sv.CodeRange.End {
		k = p.modsEnd(k, te) // "97530-GP-CQ TherAct …"
	}
	for k < te {
		k0 := k
		k = skipSeparators(s, k, te)
		if k >= te {
			break
		}
		if p.knownCodeAt(k, te) {
			if s[k:k+5] != sv.Code {
				return k, k
			}
			k = p.modsEnd(k+5, te) // and its modifiers: "97530-GP-CQ"
			continue
		}
		if c, end := p.codes.MatchPrefix(s[k:te]); c != nil {
			k += end
			continue
		}
		if v, e, ok := minutesAt(s, k, te); ok {
			if !sv.Minutes.Set {
				sv.Minutes = Quantity{Value: v, Range: Range{k, e}, Set: true}
			}
			k = e
			continue
		}
		// "(23)" right after the code: its minutes.
		if !sv.Minutes.Set && k > 0 && s[k-1] == '(' {
			if v, e, ok := number(s, k, te, 3); ok && e < te && s[e] == ')' && v > 0 {
				sv.Minutes = Quantity{Value: v, Range: Range{k, e}, Set: true}
				k = e + 1
				continue
			}
		}
		if e := timeEndAt(times, k); e > k {
			k = e
			continue
		}
		if k == k0 {
			break
		}
	}
	return k, -1
}

// nextCode returns where another known code number than code starts in
// s[i:te] at a clause start (after ';', ',', '.', '|' or a dash), or another
// code's name heading a sentence ("… 2x15. TherAct: …"), or -1.
func (p *parser) nextCode(code string, i, te int) int {
	s := p.text
	for k := i; k < te; k++ {
		// A code's name heading a new sentence: ". TherAct: sit-to-stand …".
		if isUpper(s[k]) && k > i+1 && s[k-1] == ' ' && (s[k-2] == '.' || s[k-2] == ';') {
			if c, end := p.codes.MatchPrefix(s[k:te]); c != nil && c.Code != code {
				if q := skipSpace(s, k+end, te); q < te && s[q] == ':' {
					return k
				}
			}
		}
		if k+5 > te {
			continue
		}
		if !isDigit(s[k]) || !p.knownCodeAt(k, te) {
			continue
		}
		if s[k:k+5] == code {
			k += 4
			continue
		}
		j := k
		for j > i && (isSpace(s[j-1]) || s[j-1] == '(' || s[j-1] == '*') {
			j--
		}
		if j == i || s[j-1] == ';' || s[j-1] == ',' || s[j-1] == '.' || s[j-1] == '|' || dashBefore(s, i, j) > 0 || s[j-1] == '/' {
			return k
		}
		// "…; TherAct 97530 15 min": a code name before the number.
		w := j
		for w > i && isLetter(s[w-1]) {
			w--
		}
		if w < j {
			if c, _ := p.codes.MatchPrefix(s[w:te]); c != nil {
				b := w
				for b > i && isSpace(s[b-1]) {
					b--
				}
				if b == i || s[b-1] == ';' || s[b-1] == '.' || s[b-1] == '|' {
					return k
				}
			}
		}
		k += 4
	}
	return -1
}

// unbilled reports whether the clause of s[ts:te] holding off says its time is
// not billed ("orthosis check 10:40-10:45, not billed", "(rest break …, no
// charge)"): such an interval is not the code's time.
func (p *parser) unbilled(ts, te, off int) bool {
	s := p.text
	a, b := off, off
	for a > ts && s[a-1] != ';' && s[a-1] != '(' && !(s[a-1] == '.' && (a-1 == ts || !isDigit(s[a-2]))) {
		a--
	}
	for b < te && s[b] != ';' && s[b] != ')' && !(s[b] == '.' && (b+1 == te || !isDigit(s[b+1]))) {
		b++
	}
	for _, w := range [...]string{"not billed", "unbilled", "not charged", "no charge", "non-billable", "not billable"} {
		if indexPhrase(s, a, b, w) >= 0 {
			return true
		}
	}
	return false
}

// skipSeparators skips spaces and the punctuation between a code's name, number,
// minutes and times: ( ) : , - – — * _ and '='.
func skipSeparators(s string, k, te int) int {
	for k < te {
		switch s[k] {
		case ' ', '\t', '(', ')', ':', ',', '-', '*', '_', '=', '[', ']', ';':
			k++
			continue
		}
		if n := dashAt(s, k, te); n > 0 {
			k += n
			continue
		}
		break
	}
	return k
}

// timeEndAt returns the end of the clock time (or range) starting at k, or k.
func timeEndAt(times []lineTime, k int) int {
	for _, t := range times {
		if t.ct.Range.Start == k {
			if t.pair >= 0 {
				return times[t.pair].ct.Range.End
			}
			return t.ct.Range.End
		}
	}
	return k
}

// hasColon reports whether s[i:e] holds a colon that is not inside a clock time.
func hasColon(s string, i, e int) bool { return colonIndex(s, i, e) >= 0 }

// colonIndex returns the first colon in s[i:e] that is not inside a clock time
// ("9:05"), or -1.
func colonIndex(s string, i, e int) int {
	for k := i; k < e; k++ {
		if s[k] == ':' && !(k > 0 && isDigit(s[k-1]) && k+1 < e && isDigit(s[k+1])) {
			return k
		}
	}
	return -1
}

// continuation extends the open service with a line below it: any line when the
// service line is a heading (ends with ':'), an indented line, a bullet under an
// unbulleted code line, or a line starting with a clock range (" - 0905-0935 …").
func (p *parser) continuation(ls, ts, te int, times []lineTime) bool {
	if p.cur < 0 {
		return false
	}
	s := p.text
	i := stripLead(s, ts, te)
	startsWithRange := false
	for _, t := range times {
		if t.ct.Range.Start == i && t.pair >= 0 {
			startsWithRange = true
		}
	}
	ok := p.curInfo.heading || ts-ls > p.curInfo.indent ||
		bulletLen(s, ts, te) > 0 && !p.curInfo.bulleted || startsWithRange
	if !ok {
		return false
	}
	sv := &p.n.Services[p.cur]
	for _, t := range times {
		if t.pair >= 0 && !p.unbilled(ts, te, t.ct.Range.Start) {
			sv.Intervals = append(sv.Intervals, Interval{Start: t.ct, Stop: times[t.pair].ct, Range: Range{t.ct.Range.Start, times[t.pair].ct.Range.End}})
		}
	}
	// The lines under a heading naming several codes belong to each code the
	// heading gave no text of its own, and to the last one.
	for k := p.curFirst; k <= p.cur; k++ {
		o := &p.n.Services[k]
		switch {
		case k != p.cur && !o.Activity.Empty() && o.Activity.Start < o.Line.End:
			continue
		case o.Activity.Empty():
			o.Activity = Range{i, te}
		default:
			o.Activity.End = te
		}
	}
	return true
}

func (p *parser) closeService() { p.cur = -1 }

// session reads the session's start and stop: "Time in 11:50 am / Time out 12:35 pm",
// "TIME IN: 0930 TIME OUT: 1010", "Start 10:02 / Stop 10:40", "Session: 08:00-08:40",
// "Time: 9:30am–10:15am", "1:15 pm Stop 1:55 pm". A start on one line and a stop on
// the next also make a session.
func (p *parser) session(ts, te int, times []lineTime) {
	if p.n.Session != nil || len(times) == 0 {
		p.pendingStartL++
		return
	}
	// A line that is only a clock range ("1400–1445") is the session.
	if len(times) >= 2 && times[0].pair == 1 && stripLead(p.text, ts, te) == times[0].ct.Range.Start {
		e := times[1].ct.Range.End
		for e < te && (p.text[e] == '.' || p.text[e] == ';' || isSpace(p.text[e])) {
			e++
		}
		if e == te {
			p.setSession(times[0], times[1])
			p.pendingStartL++
			return
		}
	}
	start, stop := -1, -1
	for k := range times {
		w := p.wordBefore(ts, times[k].ct.Range.Start)
		if start < 0 && stop < 0 && oneOf(w, startWords) && (w != "in" || p.timeIn(ts, times[k].ct.Range.Start)) && (w != "from" || times[k].pair >= 0) {
			start = k
			if times[k].pair >= 0 {
				stop = times[k].pair
				break
			}
			continue
		}
		if stop < 0 && oneOf(w, stopWords) && (w != "out" || start >= 0 || p.pendingStart != nil || p.timeIn(ts, times[k].ct.Range.Start) || k > 0) {
			stop = k
			if start < 0 && k > 0 && p.pendingStart == nil {
				start = k - 1
			}
			break
		}
	}
	switch {
	case start >= 0 && stop >= 0:
		a, b := times[start], times[stop]
		p.setSession(a, b)
	case start < 0 && stop >= 0 && p.pendingStart != nil && p.pendingStartL <= 2:
		p.setSession(*p.pendingStart, times[stop])
	case start >= 0:
		t := times[start]
		p.pendingStart, p.pendingStartL = &t, 0
		return
	}
	p.pendingStartL++
}

// timeIn reports whether the "in" before off is "Time in" / "Tx in".
func (p *parser) timeIn(ts, off int) bool {
	_, at := p.wordBeforeAt(ts, off)
	w2 := p.wordBefore(ts, at)
	return w2 == "time" || w2 == "tx" || stripLead(p.text, ts, at) == at
}

func (p *parser) setSession(a, b lineTime) {
	if !a.inRange && a.pair < 0 {
		adjustPair(&a, &b)
	}
	p.n.Session = &Interval{Start: a.ct, Stop: b.ct, Range: Range{a.ct.Range.Start, b.ct.Range.End}}
	p.pendingStart = nil
}
