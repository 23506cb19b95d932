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
	codeStart, codeEnd, nameEnd := -1, -1, -1
	code := ""
	switch {
	case p.knownCodeAt(i, te):
		codeStart, codeEnd, code = i, i+5, s[i:i+5]
	default:
		c, end := p.codes.MatchPrefix(s[i:te])
		if c != nil {
			k := skipSpace(s, i+end, te)
			if !(k == te || s[k] == ':' || s[k] == '(' || s[k] == ',' || s[k] == '*' || s[k] == '[' || isDigit(s[k]) || dashAt(s, k, te) > 0) {
				return false
			}
			// A name alone (no number) counts only where treatment is documented,
			// not under an examination heading such as "GAIT:".
			if p.sec >= 0 && p.kind == SectionOther && !p.hasCode(k, min(te, k+40)) {
				return false
			}
			codeStart, codeEnd, code, nameEnd = i, i+end, c.Code, i+end
			// A number written with the name wins: "TherEx (97110)", "TherAct 97530".
			for q := k; q < te && q < k+12; q++ {
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
	for k < te {
		k0 := k
		k = skipSeparators(s, k, te)
		if k >= te {
			break
		}
		if p.knownCodeAt(k, te) {
			k += 5
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
		if e := timeEndAt(times, k); e > k {
			k = e
			continue
		}
		if k == k0 {
			break
		}
	}
	actStart := k
	heading := false
	last := te
	for last > ts && (s[last-1] == '*' || isSpace(s[last-1])) {
		last--
	}
	if last > ts && s[last-1] == ':' {
		heading = true
	}
	if !sv.Minutes.Set && !hasColon(s, i, te) {
		if v, ms, me, ok := findMinutes(s, actStart, te); ok {
			sv.Minutes = Quantity{Value: v, Range: Range{ms, me}, Set: true}
		}
	}
	for _, t := range times {
		if t.pair >= 0 {
			sv.Intervals = append(sv.Intervals, Interval{Start: t.ct, Stop: times[t.pair].ct, Range: Range{t.ct.Range.Start, times[t.pair].ct.Range.End}})
		}
	}
	ae := trimRight(s, actStart, te)
	for ae > actStart && s[ae-1] == '*' {
		ae--
	}
	if actStart > ae {
		actStart = ae
	}
	sv.Activity = Range{actStart, ae}
	p.n.Services = append(p.n.Services, sv)
	p.cur = len(p.n.Services) - 1
	p.curInfo.heading = heading
	p.curInfo.bulleted = bulletLen(s, ts, te) > 0
	p.curInfo.indent = ts - ls
	return true
}

// skipSeparators skips spaces and the punctuation between a code's name, number,
// minutes and times: ( ) : , - – — * _ and '='.
func skipSeparators(s string, k, te int) int {
	for k < te {
		switch s[k] {
		case ' ', '\t', '(', ')', ':', ',', '-', '*', '_', '=', '[', ']':
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
func hasColon(s string, i, e int) bool {
	for k := i; k < e; k++ {
		if s[k] == ':' && !(k > 0 && isDigit(s[k-1]) && k+1 < e && isDigit(s[k+1])) {
			return true
		}
	}
	return false
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
		if t.pair >= 0 {
			sv.Intervals = append(sv.Intervals, Interval{Start: t.ct, Stop: times[t.pair].ct, Range: Range{t.ct.Range.Start, times[t.pair].ct.Range.End}})
		}
	}
	if sv.Activity.Empty() {
		sv.Activity = Range{i, te}
	} else {
		sv.Activity.End = te
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
