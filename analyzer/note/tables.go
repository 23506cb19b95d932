package note

// tableState tracks a table's header row: a Markdown pipe table or a grid of
// tab-separated columns (an EHR export).
type tableState struct {
	active                            bool // a header row has been read
	sep                               byte // '|' or '\t'
	codeCol, modCol, unitsCol, minCol int
	nameCol, detailCol, clockCol      int
}

func (t *tableState) reset() {
	*t = tableState{codeCol: -1, modCol: -1, unitsCol: -1, minCol: -1, nameCol: -1, detailCol: -1, clockCol: -1}
}

// tabCells reports whether s[ts:te] is a row of a tab-separated grid: three or
// more cells split by tabs.
func tabCells(s string, ts, te int) bool {
	n := 0
	for k := ts; k < te; k++ {
		if s[k] == '\t' {
			n++
			for k+1 < te && s[k+1] == '\t' {
				k++
			}
		}
	}
	return n >= 2
}

// cells splits a table row "| a | b |" (or "a<TAB>b<TAB>c" with sep '\t') into
// trimmed cell ranges.
func cells(s string, ts, te int, sep byte, buf []Range) []Range {
	out := buf[:0]
	i := ts
	if i < te && s[i] == sep && sep == '|' {
		i++
	}
	for i <= te && len(out) < cap(buf) {
		j := i
		for j < te && s[j] != sep {
			j++
		}
		if j == te && i == te {
			break
		}
		a, b := trimSpace(s, i, j)
		out = append(out, Range{a, b})
		i = j + 1
		if j >= te {
			break
		}
	}
	// Drop the empty cell after a closing '|'.
	if n := len(out); n > 0 && out[n-1].Empty() && te > ts && s[te-1] == sep {
		out = out[:n-1]
	}
	return out
}

func separatorRow(s string, cs []Range) bool {
	if len(cs) == 0 {
		return false
	}
	for _, c := range cs {
		if c.Empty() {
			return false
		}
		for k := c.Start; k < c.End; k++ {
			if s[k] != '-' && s[k] != ':' && s[k] != ' ' {
				return false
			}
		}
	}
	return true
}

// tableRow reads a Markdown table row: a header row names the columns (CPT/Code,
// Mod, Units, Min/Minutes, Intervention, Details); data rows become charges in a
// billing section or a table with a Units column, services otherwise.
func (p *parser) tableRow(ts, te int, times []lineTime, sep byte) {
	s := p.text
	var buf [12]Range
	cs := cells(s, ts, te, sep, buf[:])
	if separatorRow(s, cs) {
		return
	}
	t := &p.table
	if t.active && t.sep != sep {
		t.reset()
	}
	if !t.active || !p.rowHasCode(cs) {
		if p.tableHeader(cs) {
			p.table.sep = sep
			return
		}
	}
	// Find the code.
	codeStart, code, alias := -1, "", false
	search := cs
	if t.codeCol >= 0 && t.codeCol < len(cs) {
		search = cs[t.codeCol : t.codeCol+1]
	}
	for _, c := range search {
		for k := c.Start; k < c.End; k++ {
			if p.billingCodeAt(k, c.End) {
				codeStart, code = k, s[k:k+5]
				break
			}
		}
		if code != "" {
			break
		}
	}
	codeEnd := codeStart + 5
	if code == "" {
		col := t.nameCol
		if col < 0 || col >= len(cs) {
			col = 0
		}
		if col >= len(cs) {
			return
		}
		c, end := p.codes.MatchPrefix(s[cs[col].Start:cs[col].End])
		if c == nil {
			return
		}
		codeStart, codeEnd, code, alias = cs[col].Start, cs[col].Start+end, c.Code, true
	}
	cellNum := func(col int) (Quantity, bool) {
		if col < 0 || col >= len(cs) {
			return Quantity{}, false
		}
		c := cs[col]
		for _, tm := range times {
			if c.Contains(tm.ct.Range.Start) {
				return Quantity{}, false // a clock cell, not a count
			}
		}
		if v, j, ok := minutesAt(s, c.Start, c.End); ok {
			return Quantity{Value: v, Range: Range{c.Start, j}, Set: true}, true
		}
		if v, j, ok := number(s, c.Start, c.End, 3); ok && (j == c.End || !isDigit(s[j]) && s[j] != '.' && s[j] != ':') {
			return Quantity{Value: v, Range: Range{c.Start, j}, Set: true}, true
		}
		return Quantity{}, false
	}
	var intervals []Interval
	for _, tm := range times {
		if tm.pair >= 0 {
			intervals = append(intervals, Interval{Start: tm.ct, Stop: times[tm.pair].ct, Range: Range{tm.ct.Range.Start, times[tm.pair].ct.Range.End}})
		}
	}
	billing := p.sec >= 0 && p.kind == SectionBilling || t.unitsCol >= 0
	if billing {
		ch := Charge{Code: code, CodeRange: Range{codeStart, codeEnd}, Line: Range{ts, te}, InsertModifierAt: codeEnd}
		if !alias {
			q := codeEnd
			for me := p.modsEnd(codeEnd, te); q < me; {
				d := dashAt(s, q, me)
				ch.Modifiers = append(ch.Modifiers, Modifier{Value: s[q+d : q+d+2], Range: Range{q + d, q + d + 2}})
				q += d + 2
			}
			ch.InsertModifierAt = q
		}
		if t.modCol >= 0 && t.modCol < len(cs) {
			c := cs[t.modCol]
			for k := c.Start; k+2 <= c.End; k++ {
				if isAlnum(s[k]) && (k == c.Start || !isAlnum(s[k-1])) && (k+2 == c.End || !isAlnum(s[k+2])) {
					m := s[k : k+2]
					if p.validModifier(m) {
						ch.Modifiers = append(ch.Modifiers, Modifier{Value: m, Range: Range{k, k + 2}})
					}
				}
			}
		}
		if q, ok := cellNum(t.unitsCol); ok {
			ch.Units = q
		}
		if q, ok := cellNum(t.minCol); ok {
			ch.Minutes = q
		} else if v, ms, me, ok := findMinutes(s, codeEnd, te); ok {
			ch.Minutes = Quantity{Value: v, Range: Range{ms, me}, Set: true}
		}
		ch.Intervals = intervals
		p.n.Charges = append(p.n.Charges, ch)
		return
	}
	if !p.servicesAllowed() {
		return
	}
	sv := Service{Code: code, CodeRange: Range{codeStart, codeEnd}, Line: Range{ts, te}}
	if q, ok := cellNum(t.minCol); ok {
		sv.Minutes = q
	}
	if t.detailCol >= 0 && t.detailCol < len(cs) {
		sv.Activity = cs[t.detailCol]
	} else {
		for _, c := range cs {
			if c.Start > codeEnd && !c.Empty() {
				sv.Activity = c
				break
			}
		}
	}
	sv.Intervals = intervals
	p.n.Services = append(p.n.Services, sv)
	p.closeService()
}

func (p *parser) rowHasCode(cs []Range) bool {
	for _, c := range cs {
		for k := c.Start; k < c.End; k++ {
			if p.billingCodeAt(k, c.End) {
				return true
			}
		}
	}
	return false
}

// tableHeader reads column names from a header row; it reports whether the row
// named at least one known column.
func (p *parser) tableHeader(cs []Range) bool {
	s := p.text
	t := tableState{}
	t.reset()
	named := false
	for i, c := range cs {
		has := func(w string) bool { return indexPhraseAny(s, c.Start, c.End, w) }
		switch {
		case has("cpt") || has("code") || has("hcpcs"):
			t.codeCol = i
		case has("mod"):
			t.modCol = i
		case has("unit") || has("qty"):
			t.unitsCol = i
		case has("min"):
			t.minCol = i
		case has("time") || has("clock") || has("interval"):
			// "Time" holds minutes when no Minutes column does, clock
			// intervals otherwise; cellNum skips clock cells either way.
			t.clockCol = i
			if t.minCol < 0 {
				t.minCol = i
			}
		case has("intervention") || has("service") || has("treatment") || has("procedure") || has("description"):
			t.nameCol = i
		case has("detail") || has("activit") || has("comment"):
			t.detailCol = i
		default:
			continue
		}
		named = true
	}
	if !named {
		return false
	}
	t.active = true
	p.table = t
	return true
}

// indexPhraseAny reports whether s[i:e] contains the lower-case prefix w at a word start.
func indexPhraseAny(s string, i, e int, w string) bool {
	for k := i; k+len(w) <= e; k++ {
		if (k == i || !isLetter(s[k-1])) && hasPrefixFold(s, k, w) {
			return true
		}
	}
	return false
}

// gridHeader reports whether a tab-separated line names a code column and a
// units or minutes column ("CPT<TAB>Description<TAB>Mod<TAB>Units<TAB>Min").
func (p *parser) gridHeader(ts, te int) bool {
	s := p.text
	var buf [12]Range
	code, count := false, false
	for _, c := range cells(s, ts, te, '\t', buf[:]) {
		switch {
		case indexPhraseAny(s, c.Start, c.End, "cpt") || indexPhraseAny(s, c.Start, c.End, "code") || indexPhraseAny(s, c.Start, c.End, "hcpcs"):
			code = true
		case indexPhraseAny(s, c.Start, c.End, "unit") || indexPhraseAny(s, c.Start, c.End, "min"):
			count = true
		}
	}
	return code && count
}
