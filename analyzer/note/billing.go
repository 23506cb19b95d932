package note

// codeAt reports whether s[i:] starts a five-character CPT/HCPCS code token
// ("97530", "G0283") that is not part of a longer number or word.
func codeAt(s string, i, end int) bool {
	if i+5 > end || i > 0 && (isAlnum(s[i-1]) || s[i-1] == '$' || s[i-1] == '.' || s[i-1] == '/' || s[i-1] == ':') {
		return false
	}
	c := s[i]
	if !(isDigit(c) || c == 'G') {
		return false
	}
	for k := i + 1; k < i+5; k++ {
		if !isDigit(s[k]) {
			return false
		}
	}
	// "97530: sit<>stand …" heads the code's narrative; "97530:15" is no code.
	if i+5 < end && (isAlnum(s[i+5]) || s[i+5] == '.' && i+6 < end && isDigit(s[i+6]) || s[i+5] == '/' || s[i+5] == ':' && i+6 < end && isDigit(s[i+6])) {
		return false
	}
	return true
}

// knownCodeAt is codeAt for codes in the code table.
func (p *parser) knownCodeAt(i, end int) bool {
	return codeAt(p.text, i, end) && p.codes.Lookup(p.text[i:i+5]) != nil
}

// billingCodeAt accepts, in billing context, any code in the table and any
// five-digit CPT-shaped code (9xxxx) or G-code not in it.
func (p *parser) billingCodeAt(i, end int) bool {
	if !codeAt(p.text, i, end) {
		return false
	}
	c := p.text[i]
	return c == '9' || c == 'G' || p.codes.Lookup(p.text[i:i+5]) != nil
}

// billingLine reports whether s[ts:te] is a billing line: any line in the billing
// section; outside it, a line starting "CPT 97530", a line starting with a code
// carrying a modifier or units ("97530-GP x2"), or, outside the objective and
// treatment sections, a line with a code followed by units.
func (p *parser) billingLine(ts, te int) bool {
	if p.sec >= 0 && p.kind == SectionBilling {
		return true
	}
	if !p.hasDigitRun5(ts, te) {
		return false
	}
	s := p.text
	i := stripLead(s, ts, te)
	if wordAt(s, i, te, "cpt") {
		k := skipSpace(s, i+3, te)
		for k < te && (s[k] == ':' || s[k] == '#' || isSpace(s[k])) {
			k++
		}
		if p.knownCodeAt(k, te) {
			return true
		}
	}
	if p.knownCodeAt(i, te) {
		if ce := i + 5; p.modsEnd(ce, te) > ce || p.unitsAfter(p.modsEnd(ce, te), te) {
			return true
		}
	}
	if p.sec >= 0 && (p.kind == SectionObjective || p.kind == SectionTreatment || p.kind == SectionSubjective) {
		return false
	}
	for k := i; k < te; k++ {
		if p.knownCodeAt(k, te) {
			if p.unitsAfter(p.modsEnd(k+5, te), te) {
				return true
			}
			k += 4
		}
	}
	return false
}

// hasDigitRun5 is a cheap pre-check: does the line hold five consecutive digits?
func (p *parser) hasDigitRun5(ts, te int) bool {
	s := p.text
	run := 0
	for k := ts; k < te; k++ {
		if isDigit(s[k]) {
			run++
			if run >= 4 && k-4 >= ts && (run >= 5 || s[k-4] == 'G') {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}

// modsEnd returns the end of the modifiers hyphenated to a code ending at ce
// ("97140-59-GP"), or ce when there are none.
func (p *parser) modsEnd(ce, te int) int {
	s := p.text
	k := ce
	for {
		d := dashAt(s, k, te)
		if d == 0 {
			return k
		}
		m := k + d
		if m+2 > te || !isAlnum(s[m]) || !isAlnum(s[m+1]) || m+2 < te && isAlnum(s[m+2]) {
			return k
		}
		if !p.validModifier(s[m : m+2]) {
			return k
		}
		k = m + 2
	}
}

// validModifier accepts a modifier of lexicon/data/modifiers.tsv, and any two
// capitals hyphenated to a code ("97110-KX" style modifiers the table lacks).
func (p *parser) validModifier(m string) bool {
	if p.lex.IsModifier(m) {
		return true
	}
	return isUpper(m[0]) && isUpper(m[1])
}

// unitsAfter reports whether units ("x2", "X 1", "×3") follow at k after spaces.
func (p *parser) unitsAfter(k, te int) bool {
	_, _, _, ok := p.unitsAt(k, te)
	return ok
}

// unitsAt reads "x2" / "X 2" / "× 2" at k (after optional spaces). Reps such as
// "3x10", "x8 ea", "2x/wk" are not read here: the x must come right after a code
// or its modifiers.
func (p *parser) unitsAt(k, te int) (v, ns, ne int, ok bool) {
	s := p.text
	k = skipSpace(s, k, te)
	if k >= te {
		return 0, 0, 0, false
	}
	switch {
	case s[k] == 'x' || s[k] == 'X':
		k++
	case k+1 < te && s[k] == 0xc3 && s[k+1] == 0x97: // ×
		k += 2
	default:
		return 0, 0, 0, false
	}
	k = skipSpace(s, k, te)
	v, j, okn := number(s, k, te, 3)
	if !okn || j < te && (s[j] == '/' || s[j] == 'x' || s[j] == '.' && j+1 < te && isDigit(s[j+1]) || isLetter(s[j]) && !unitWordAt(s, j, te)) {
		return 0, 0, 0, false
	}
	return v, k, j, true
}

// isTotal reports whether offset k starts the note's stated total timed or
// treatment minutes (a billing line's "— 40 min total timed" is no code's).
func (p *parser) isTotal(k int) bool {
	t := p.n.Totals
	return t.Timed.Set && t.Timed.Range.Start == k || t.Treatment.Set && t.Treatment.Range.Start == k
}

// trailingCount reads a bare count of 1 to 8 closing a billing line's segment
// ("97530 GP 2"): with no "x", "units" or minutes written, the number a charges
// list ends a code's row with is its units. A larger number, or one inside
// the row's text, is left alone.
func trailingCount(s string, i, e int) (v, ns, ne int, ok bool) {
	for e > i && (isSpace(s[e-1]) || s[e-1] == ',' || s[e-1] == ';') {
		e--
	}
	k := e
	for k > i && isDigit(s[k-1]) {
		k--
	}
	if k == e || k == i || !isSpace(s[k-1]) || e-k > 1 {
		return 0, 0, 0, false
	}
	if n := int(s[k] - '0'); n >= 1 && n <= 8 {
		return n, k, e, true
	}
	return 0, 0, 0, false
}

func unitWordAt(s string, j, te int) bool {
	return hasPrefixFold(s, j, "unit") || hasPrefixFold(s, j, "u ") || j+1 == te && lowerByte(s[j]) == 'u'
}

// unitsWord finds "2 units" / "1 unit" in s[i:e].
func unitsWord(s string, i, e int) (v, ns, ne int, ok bool) {
	for k := i; k < e; k++ {
		if !isDigit(s[k]) || k > i && (isAlnum(s[k-1]) || s[k-1] == '.') {
			continue
		}
		n, j, okn := number(s, k, e, 3)
		if !okn {
			continue
		}
		u := skipSpace(s, j, e)
		if hasPrefixFold(s, u, "unit") && (u+4 == e || !isLetter(s[u+4]) || s[u+4] == 's' || s[u+4] == '(') {
			return n, k, j, true
		}
		k = j
	}
	return 0, 0, 0, false
}

// charges reads every code on a billing line.
func (p *parser) charges(ts, te int) {
	s := p.text
	var pos [16]int
	codes := pos[:0]
	for k := ts; k < te && len(codes) < cap(pos); k++ {
		if p.billingCodeAt(k, te) {
			codes = append(codes, k)
			k += 4
		}
	}
	if len(codes) == 0 {
		// "TherAct 25'" / "Ther Act: 2 units" — a billing line naming the code.
		i := stripLead(s, ts, te)
		c, end := p.codes.MatchPrefix(s[i:te])
		if c == nil {
			return
		}
		ch := Charge{Code: c.Code, CodeRange: Range{i, i + end}, Line: Range{p.lineTS, p.lineTE}, InsertModifierAt: i + end}
		p.chargeDetails(&ch, i+end, i+end, te)
		if ch.Units.Set || ch.Minutes.Set {
			p.n.Charges = append(p.n.Charges, ch)
		}
		return
	}
	for idx, k := range codes {
		segEnd := te
		if idx+1 < len(codes) {
			segEnd = codes[idx+1]
		}
		ch := Charge{Code: s[k : k+5], CodeRange: Range{k, k + 5}, Line: Range{p.lineTS, p.lineTE}}
		me := k + 5
		for q := k + 5; q < p.modsEnd(k+5, segEnd); {
			d := dashAt(s, q, segEnd)
			ch.Modifiers = append(ch.Modifiers, Modifier{Value: s[q+d : q+d+2], Range: Range{q + d, q + d + 2}})
			q += d + 2
			me = q
		}
		ch.InsertModifierAt = me
		p.chargeDetails(&ch, k+5, me, segEnd)
		p.addCharge(ch)
	}
}

// addCharge appends ch, or completes an earlier charge of the same code: a
// treatment line "97110-GP-CQ TherEx 16 min: …" carries the modifiers and
// minutes, and a summary "Charges: 97110 x1, …" after it only the units. They
// are one claim line, not two (the second would lack every modifier).
//
// Only charges of the same visit are completed (a Subjective header starts a
// new one, see openSection), each at most once, and found through an index:
// a file of 10,000 pasted visits is not searched charge by charge.
func (p *parser) addCharge(ch Charge) {
	if ch.Units.Set && len(ch.Modifiers) == 0 && !ch.Minutes.Set {
		if q := p.unitless[ch.Code]; len(q) > 0 {
			c := &p.n.Charges[q[0]]
			if c.Line.Start != ch.Line.Start {
				c.Units = ch.Units
				p.unitless[ch.Code] = q[1:]
				return
			}
		}
	}
	if !ch.Units.Set && len(ch.Modifiers) > 0 {
		if p.unitless == nil {
			p.unitless = map[string][]int{}
		}
		p.unitless[ch.Code] = append(p.unitless[ch.Code], len(p.n.Charges))
	}
	p.n.Charges = append(p.n.Charges, ch)
}

// chargeDetails reads units, minutes and free-standing modifiers ("… (25 min) GP")
// of one charge from its segment of the line.
func (p *parser) chargeDetails(ch *Charge, codeEnd, me, segEnd int) {
	s := p.text
	if v, ns, ne, ok := p.unitsAt(me, segEnd); ok {
		ch.Units = Quantity{Value: v, Range: Range{ns, ne}, Set: true}
		if u := skipSpace(s, ne, segEnd); hasPrefixFold(s, u, "unit") {
			e := u + 4
			for e < segEnd && isLetter(s[e]) {
				e++
			}
			ch.Units.Range.End = e
		}
	} else if v, ns, ne, ok := unitsWord(s, me, segEnd); ok {
		ch.Units = Quantity{Value: v, Range: Range{ns, ne}, Set: true}
	}
	if v, ms, mend, ok := findMinutes(s, me, segEnd); ok && !p.isTotal(ms) {
		ch.Minutes = Quantity{Value: v, Range: Range{ms, mend}, Set: true}
	}
	if !ch.Units.Set && !ch.Minutes.Set && p.sec >= 0 && p.kind == SectionBilling {
		if v, ns, ne, ok := trailingCount(s, me, segEnd); ok {
			ch.Units = Quantity{Value: v, Range: Range{ns, ne}, Set: true} // "97110 GP 1" under CHARGES
		}
	}
	// Modifiers written apart from the code ("97530 x2 units (25 min) GP", "Mod: GP").
	for k := me; k+2 <= segEnd; k++ {
		if !isAlnum(s[k]) || k > 0 && (isAlnum(s[k-1]) || s[k-1] == '-') {
			continue
		}
		if k+2 < segEnd && isAlnum(s[k+2]) {
			continue
		}
		m := s[k : k+2]
		if isUpper(m[0]) && isUpper(m[1]) && p.lex.IsModifier(m) && !ch.HasModifier(m) {
			ch.Modifiers = append(ch.Modifiers, Modifier{Value: m, Range: Range{k, k + 2}})
		}
	}
}

// totals reads "Total timed minutes: 45", "Total treatment time: 45",
// "Timed 38 min / Total 40 min", "TOTAL TX TIME: 45 MIN" on a line.
func (p *parser) totals(ts, te int) bool {
	s := p.text
	found := false
	for k := ts; k+3 <= te; k++ {
		if s[k]|0x20 != 't' || k > ts && isLetter(s[k-1]) || s[k+1]|0x20 != 'o' && s[k+1]|0x20 != 'i' && s[k+1]|0x20 != 't' {
			continue
		}
		var timed bool
		var j int
		switch {
		case wordAt(s, k, te, "total"):
			j = k + 5
			timed = false
		case wordAt(s, k, te, "tot"):
			j = k + 3
			timed = false
		case wordAt(s, k, te, "ttm"): // total timed minutes
			j = k + 3
			timed = true
		case wordAt(s, k, te, "ttt"): // total treatment time
			j = k + 3
			timed = false
		case wordAt(s, k, te, "timed"):
			if w := p.wordBefore(ts, k); w == "total" {
				continue
			}
			j = k + 5
			timed = true
		default:
			continue
		}
		v, vs, ve, _, ok := p.totalValue(j, te, &timed)
		if !ok {
			// "… — 40 min total timed": the number before the label.
			if v, vs, ve, ok = p.totalBefore(ts, k); !ok {
				continue
			}
			if e := skipSpace(s, j, te); !timed && wordAt(s, e, te, "timed") {
				timed = true
			}
		}
		q := Quantity{Value: v, Range: Range{vs, ve}, Set: true}
		t := &p.n.Totals
		if timed && !t.Timed.Set {
			t.Timed = q
			found = true
		} else if !timed && !t.Treatment.Set {
			t.Treatment = q
			found = true
		}
		if found && t.Line.Empty() {
			t.Line = Range{ts, te}
		}
		k = max(k, ve) // past the value, which may stand before the label
	}
	return found
}

// totalBefore reads "40 min" (or "40 mins", "40 minutes") right before the
// totals label at k; a bare number there could be a code's units, so the word
// min is required.
func (p *parser) totalBefore(ts, k int) (v, vs, ve int, ok bool) {
	s := p.text
	e := trimRight(s, ts, k)
	w := e
	for w > ts && isLetter(s[w-1]) {
		w--
	}
	switch lowerWord(s, word{w, e}) {
	case "min", "mins", "minutes":
	default:
		return 0, 0, 0, false
	}
	d := trimRight(s, ts, w)
	b := d
	for b > ts && isDigit(s[b-1]) {
		b--
	}
	if b == d || b > ts && (isAlnum(s[b-1]) || s[b-1] == ':' || s[b-1] == '/') {
		return 0, 0, 0, false
	}
	n, _, okn := number(s, b, d, 3)
	if !okn {
		return 0, 0, 0, false
	}
	return n, b, e, true
}

// totalValue skips the words of a totals label ("timed code minutes", "treatment
// time", "tx time") and reads the number; sawUnit is true when the label or the
// number names minutes or time.
func (p *parser) totalValue(j, te int, timed *bool) (v, vs, ve int, sawUnit, ok bool) {
	s := p.text
	for j < te {
		c := s[j]
		if c == ' ' || c == ':' || c == '=' || c == '*' || c == '\t' || c == '-' || c == '(' {
			j++
			continue
		}
		if isLetter(c) {
			e := j
			for e < te && isLetter(s[e]) {
				e++
			}
			switch lowerWord(s, word{j, e}) {
			case "timed":
				*timed = true
			case "treatment", "tx", "session", "visit", "therapy", "billable", "code", "codes", "of", "tot":
			case "time", "minutes", "mins", "min", "spent":
				sawUnit = true
			default:
				return 0, 0, 0, false, false
			}
			j = e
			continue
		}
		break
	}
	if j >= te || !isDigit(s[j]) {
		return 0, 0, 0, false, false
	}
	n, e, okn := number(s, j, te, 3)
	if !okn || e < te && (s[e] == '/' || s[e] == ':' || s[e] == '.' && e+1 < te && isDigit(s[e+1])) {
		return 0, 0, 0, false, false
	}
	u := skipSpace(s, e, te)
	if u < te && isLetter(s[u]) {
		if _, me, okm := minutesAt(s, j, te); okm {
			return n, j, me, true, true
		}
		if u-e < 2 && !hasPrefixFold(s, u, "total") && !hasPrefixFold(s, u, "timed") && !hasPrefixFold(s, u, "tx") && !hasPrefixFold(s, u, "treatment") {
			return 0, 0, 0, false, false
		}
	}
	if u < te && s[u] == '\'' {
		return n, j, u + 1, true, true
	}
	return n, j, e, sawUnit, true
}
