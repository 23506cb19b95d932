package note

// headerInfo is a recognised section header on one line.
type headerInfo struct {
	kind      SectionKind
	title     Range // the header's name as written, without markup and colon
	header    Range // the header itself, markup and colon included
	bodyStart int   // where text on the same line starts (the line end when none)
	term      string
	frame     string // timeframe stated in a goals header
}

// sectionNames maps a header's words (lower case) to its kind. Single letters
// (S: O: A: P:) are handled separately: they must be capitals followed by ':'.
var sectionNames = []struct {
	words []string
	kind  SectionKind
}{
	{[]string{"subjective"}, SectionSubjective},
	{[]string{"subj"}, SectionSubjective},
	{[]string{"objective"}, SectionObjective},
	{[]string{"obj"}, SectionObjective},
	{[]string{"objective", "findings"}, SectionObjective},
	{[]string{"objective", "measures"}, SectionObjective},
	{[]string{"assessment"}, SectionAssessment},
	{[]string{"assess"}, SectionAssessment},
	{[]string{"assmt"}, SectionAssessment},
	{[]string{"asmt"}, SectionAssessment},
	{[]string{"assessment", "and", "plan"}, SectionAssessment},
	{[]string{"impression"}, SectionAssessment},
	{[]string{"clinical", "impression"}, SectionAssessment},
	{[]string{"plan"}, SectionPlan},
	{[]string{"plan", "of", "care"}, SectionPlan},
	{[]string{"treatment", "plan"}, SectionPlan},
	{[]string{"tx", "plan"}, SectionPlan},
	{[]string{"session", "plan"}, SectionPlan},
	{[]string{"billing"}, SectionBilling},
	{[]string{"charges"}, SectionBilling},
	{[]string{"billed"}, SectionBilling},
	{[]string{"charge"}, SectionBilling},
	{[]string{"billing", "codes"}, SectionBilling},
	{[]string{"billing", "summary"}, SectionBilling},
	{[]string{"charges", "billing"}, SectionBilling},
	{[]string{"billing", "charges"}, SectionBilling},
	{[]string{"cpt", "codes"}, SectionBilling},
	{[]string{"codes", "billed"}, SectionBilling},
	{[]string{"charge", "capture"}, SectionBilling},
	{[]string{"coding"}, SectionBilling},
	{[]string{"treatment"}, SectionTreatment},
	{[]string{"tx"}, SectionTreatment},
	{[]string{"interventions"}, SectionTreatment},
	{[]string{"intervention"}, SectionTreatment},
	{[]string{"treatment", "provided"}, SectionTreatment},
	{[]string{"treatment", "performed"}, SectionTreatment},
	{[]string{"treatment", "today"}, SectionTreatment},
	{[]string{"interventions", "performed"}, SectionTreatment},
	{[]string{"interventions", "provided"}, SectionTreatment},
	{[]string{"skilled", "interventions"}, SectionTreatment},
	{[]string{"tx", "provided"}, SectionTreatment},
	{[]string{"procedures"}, SectionTreatment},
}

// goalPrefixes may precede "goal(s)" in a goals header.
var goalPrefixes = map[string]bool{
	"short": true, "long": true, "term": true, "functional": true, "therapy": true,
	"treatment": true, "rehab": true, "stg": true, "ltg": true, "updated": true, "current": true, "plan": true, "poc": true,
	"patient": true, "pt": true, "ot": true, "slp": true, "iep": true, "ifsp": true, "annual": true,
}

// fieldWords start lines that look like ALL-CAPS headers but are header fields.
var fieldWords = map[string]bool{
	"patient": true, "pt": true, "ot": true, "slp": true, "iep": true, "ifsp": true, "annual": true, "name": true, "dos": true, "date": true, "dob": true,
	"payer": true, "payor": true, "insurance": true, "dx": true, "diagnosis": true,
	"diagnoses": true, "resident": true, "client": true, "child": true, "discipline": true,
	"time": true, "total": true, "signed": true, "signature": true, "room": true, "rm": true,
	"visit": true, "session": true, "start": true, "stop": true, "md": true, "physician": true,
	"referring": true, "age": true, "sex": true, "mrn": true, "provider": true,
	"therapist": true, "clinician": true, "electronically": true, "cpt": true, "icd": true,
	"height": true, "weight": true, "unit": true, "setting": true, "job": true,
	"stg": true, "ltg": true, "goal": true,
}

type word struct{ s, e int }

// words reads up to len(buf) words (runs of letters) from s[i:end], separated by
// spaces, hyphens, slashes, '&' or apostrophes; it stops at anything else.
func headWords(s string, i, end int, buf []word) ([]word, int) {
	out := buf[:0]
	for len(out) < cap(buf) {
		j := i
		for j < end && (s[j] == ' ' || s[j] == '-' || s[j] == '/' || s[j] == '&' || s[j] == '\t') {
			j++
		}
		k := j
		for k < end && isLetter(s[k]) {
			k++
		}
		if k == j {
			return out, i
		}
		out = append(out, word{j, k})
		i = k
	}
	return out, i
}

func (p *parser) wordIs(w word, lw string) bool {
	return w.e-w.s == len(lw) && hasPrefixFold(p.text, w.s, lw)
}

// header recognises a section header at s[ts:te].
func (p *parser) header(ts, te int) (headerInfo, bool) {
	s := p.text
	i := ts
	md := false
	if s[i] == '#' {
		for i < te && s[i] == '#' {
			i++
		}
		if i-ts > 6 || i < te && !isSpace(s[i]) {
			return headerInfo{}, false
		}
		md = true
		i = skipSpace(s, i, te)
	}
	bold := false
	if i+1 < te && (s[i] == '*' && s[i+1] == '*' || s[i] == '_' && s[i+1] == '_') {
		bold = true
		i += 2
	} else if i+1 < te && (s[i] == '*' || s[i] == '_') && isLetter(s[i+1]) {
		bold = true // *Objective:* or _Plan_ (Markdown emphasis)
		i++
	}
	if i >= te {
		return headerInfo{}, false
	}
	h := headerInfo{header: Range{ts, te}, bodyStart: te}
	nameStart := i

	// S: O: A: P: A/P:
	if isUpper(s[i]) && (i+1 < te && s[i+1] == ':' || i+3 < te && s[i:i+4] == "A/P:") {
		k := SectionKind(-1)
		switch s[i] {
		case 'S':
			k = SectionSubjective
		case 'O':
			k = SectionObjective
		case 'A':
			k = SectionAssessment
		case 'P':
			k = SectionPlan
		}
		if k >= 0 {
			ne := i + 1
			if s[i+1] == '/' {
				ne = i + 3
			}
			h.kind, h.title = k, Range{i, ne}
			return p.finishHeader(h, ne, te, bold)
		}
	}

	var wb [10]word
	ws, _ := headWords(s, i, te, wb[:])
	if len(ws) == 0 {
		return headerInfo{}, false
	}
	// Goals headers.
	if g, ok := p.goalHeader(ws, ts, nameStart, te, bold); ok {
		return g, true
	}
	// Known names, longest first.
	best, bestKind := 0, SectionOther
	for _, sn := range sectionNames {
		if len(sn.words) > len(ws) || len(sn.words) <= best {
			continue
		}
		ok := true
		for k, w := range sn.words {
			if !p.wordIs(ws[k], w) {
				ok = false
				break
			}
		}
		if ok {
			best, bestKind = len(sn.words), sn.kind
		}
	}
	if best > 0 {
		ne := ws[best-1].e
		// Optional parenthetical: "Goals (from IE 1/28/25)", "Treatment (45 min)".
		k := skipSpace(s, ne, te)
		if k < te && s[k] == '(' {
			c := k
			for c < te && s[c] != ')' {
				c++
			}
			// A code inside is a service ("Treatment (97110) 15 min"), except
			// after a SOAP name heading its section ("Objective (evaluation,
			// 97162 — 30 min):").
			soap := bestKind == SectionSubjective || bestKind == SectionObjective || bestKind == SectionAssessment || bestKind == SectionPlan
			if c < te && (!p.hasCode(k, c) || soap && colonAfter(s, c+1, te)) {
				ne = c + 1
			}
		}
		h.kind, h.title = bestKind, Range{nameStart, ne}
		if r, ok := p.finishHeader(h, ne, te, bold); ok {
			return r, true
		}
		// A heading line: the name and up to three more words, then a colon
		// ending the line ("Treatment after evaluation:").
		if best < len(ws) && len(ws)-best <= 3 {
			last := ws[len(ws)-1].e
			if headingColon(s, last, te) && p.firstWordsOnly(ws[best-1].e, last) {
				h.title = Range{nameStart, last}
				if r, ok := p.finishHeader(h, last, te, bold); ok {
					return r, true
				}
			}
		}
	}
	if md {
		h.kind = SectionOther
		if best > 0 {
			h.kind = bestKind
		}
		e := te
		for e > nameStart && (s[e-1] == '#' || s[e-1] == '*' || s[e-1] == ':' || isSpace(s[e-1])) {
			e--
		}
		h.title = Range{nameStart, e}
		return h, true
	}
	// Unrecognised ALL-CAPS header with a colon ("PAST MEDICAL HISTORY:"), which
	// ends the section before it.
	if !bold && isUpper(s[i]) && !fieldWords[lowerWord(s, ws[0])] && !p.labelledGoal(ts, te) {
		k := i
		long := false
		run := 0
		for k < te && k-i <= 60 {
			c := s[k]
			if isUpper(c) {
				run++
				if run >= 3 {
					long = true
				}
			} else if c == ' ' || c == '/' || c == '-' || c == '&' || c == '(' || c == ')' || c == ',' || c == '\'' {
				run = 0
			} else {
				break
			}
			k++
		}
		if long && k < te && s[k] == ':' {
			h.kind, h.title = SectionOther, Range{i, trimRight(s, i, k)}
			h.header = Range{ts, k + 1}
			h.bodyStart = k + 1
			return h, true
		}
	}
	return headerInfo{}, false
}

func trimRight(s string, i, e int) int {
	for e > i && isSpace(s[e-1]) {
		e--
	}
	return e
}

func lowerWord(s string, w word) string {
	if w.e-w.s > 16 {
		return ""
	}
	var buf [16]byte
	for k := w.s; k < w.e; k++ {
		buf[k-w.s] = lowerByte(s[k])
	}
	return string(buf[:w.e-w.s])
}

// finishHeader checks what follows a header name at ne: optional closing bold
// markers, then ':' (body may follow) or the end of the line.
func (p *parser) finishHeader(h headerInfo, ne, te int, bold bool) (headerInfo, bool) {
	s := p.text
	k := skipSpace(s, ne, te)
	if bold && k < te && (s[k] == '*' || s[k] == '_') {
		if k+1 < te && s[k+1] == s[k] {
			k++
		}
		k = skipSpace(s, k+1, te)
		if k < te && s[k] == ':' {
			k++
		}
		h.header.End = k
		h.bodyStart = k
		return h, true
	}
	if k < te && s[k] == ':' {
		k++
		for bold && k < te && (s[k] == '*' || s[k] == '_') && k-ne < 4 {
			k++
		}
		h.header.End = k
		h.bodyStart = k
		return h, true
	}
	if k == te {
		h.header.End = te
		h.bodyStart = te
		return h, true
	}
	// "Plan - continue 2x/wk": a spaced dash after a SOAP name.
	if d := dashAt(s, k, te); d > 0 && k > ne && k+d < te && isSpace(s[k+d]) && h.kind >= SectionSubjective && h.kind <= SectionPlan {
		h.header.End = k + d
		h.bodyStart = k + d
		return h, true
	}
	return headerInfo{}, false
}

// colonAfter reports whether a colon follows at k after spaces and closing
// emphasis.
func colonAfter(s string, k, te int) bool {
	for k < te && (isSpace(s[k]) || s[k] == '*' || s[k] == '_') {
		k++
	}
	return k < te && s[k] == ':'
}

// headingColon reports whether s[k:te] is only a colon (with spaces and
// closing emphasis around it).
func headingColon(s string, k, te int) bool {
	for k < te && (isSpace(s[k]) || s[k] == '*' || s[k] == '_') {
		k++
	}
	if k >= te || s[k] != ':' {
		return false
	}
	k++
	for k < te && (isSpace(s[k]) || s[k] == '*' || s[k] == '_') {
		k++
	}
	return k == te
}

// firstWordsOnly reports whether s[i:e] holds only letters and spaces.
func (p *parser) firstWordsOnly(i, e int) bool {
	for k := i; k < e; k++ {
		if !isLetter(p.text[k]) && p.text[k] != ' ' {
			return false
		}
	}
	return true
}

// goalHeader recognises "Goals", "Short-term goals", "STG:", "SHORT-TERM GOALS TO BE
// COMPLETED IN 3 WEEKS:", "Goals (from IE 1/28/25)".
func (p *parser) goalHeader(ws []word, ts, nameStart, te int, bold bool) (headerInfo, bool) {
	s := p.text
	h := headerInfo{kind: SectionGoals, header: Range{ts, te}, bodyStart: te}
	gi := -1
	for k, w := range ws {
		lw := lowerWord(s, w)
		if lw == "goal" || lw == "goals" {
			gi = k
			break
		}
		if !goalPrefixes[lw] {
			break
		}
	}
	termOf := func(upto int) string {
		for k := 0; k < upto; k++ {
			switch lowerWord(s, ws[k]) {
			case "short", "stg":
				return "STG"
			case "long", "ltg":
				return "LTG"
			}
		}
		return ""
	}
	if gi < 0 {
		// A bare "STG:" / "LTG:" / "Short-term:" line opens a block of goals.
		if len(ws) >= 1 && len(ws) <= 2 {
			t := termOf(len(ws))
			if t == "" || len(ws) == 2 && !p.wordIs(ws[1], "term") {
				return headerInfo{}, false
			}
			k := skipSpace(s, ws[len(ws)-1].e, te)
			if k < te && s[k] == ':' && skipSpace(s, k+1, te) == te || k == te {
				h.term = t
				h.title = Range{nameStart, ws[len(ws)-1].e}
				return h, true
			}
		}
		return headerInfo{}, false
	}
	ge := ws[gi].e
	// "Goal #1", "Goal 2:" are goal lines, not headers; "Short term goals 4 wks"
	// is a header whose number starts its timeframe.
	k := skipSpace(s, ge, te)
	if k < te && (s[k] == '#' || isDigit(s[k]) && !timeframeAt(s, k, te)) {
		return headerInfo{}, false
	}
	h.term = termOf(gi)
	// The rest of the header up to ':' (or the line end) may hold a timeframe.
	c := k
	for c < te && s[c] != ':' && c-ge <= 60 {
		c++
	}
	if c < te && s[c] != ':' {
		return headerInfo{}, false
	}
	rest := c
	for rest > ge && (s[rest-1] == '*' || isSpace(s[rest-1])) {
		rest--
	}
	if c == te && rest > ge && rest-ge > 40 {
		return headerInfo{}, false
	}
	h.title = Range{nameStart, rest}
	if tf, ok := findTimeframe(s, ge, rest); ok {
		h.frame = s[tf.Start:tf.End]
	}
	if c < te {
		c++
		if bold && c+1 < te && s[c] == '*' && s[c+1] == '*' {
			c += 2
		}
		h.header.End = c
		h.bodyStart = c
	} else {
		h.header.End = te
	}
	return h, true
}

// timeframeAt reports whether a timeframe of the goal-header kind ("4 wks",
// "6-8 weeks") starts at s[k].
func timeframeAt(s string, k, te int) bool {
	tf, ok := findTimeframe(s, k, te)
	return ok && tf.Start == k
}

// hasCode reports whether s[i:e] holds a five-digit number.
func (p *parser) hasCode(i, e int) bool {
	s := p.text
	for k := i; k < e; k++ {
		if isDigit(s[k]) && (k == i || !isAlnum(s[k-1])) {
			j := k
			for j < e && isDigit(s[j]) {
				j++
			}
			if j-k == 5 {
				return true
			}
			k = j
		}
	}
	return false
}

func (p *parser) openSection(h headerInfo) {
	sec := Section{
		Kind:   h.kind,
		Title:  p.text[h.title.Start:h.title.End],
		Header: h.header,
		Body:   Range{h.header.End, h.header.End},
	}
	p.n.Sections = append(p.n.Sections, sec)
	p.sec = len(p.n.Sections) - 1
	p.kind = h.kind
	if h.kind == SectionSubjective {
		clear(p.unitless) // a new visit: its summary lines complete its own charges
	}
	if h.kind != SectionOther {
		p.mainSeen = true
	}
	p.goalTerm, p.goalFrame, p.goalBlank = "", "", false
	if h.kind == SectionGoals {
		p.goalTerm, p.goalFrame = h.term, h.frame
	}
	p.table.reset()
}
