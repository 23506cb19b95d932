package note

import (
	"sort"
	"strings"

	"github.com/soaplint/soaplint/lexicon"
)

// Parse builds the model of text. It never fails and never panics: text it cannot
// make sense of yields fewer facts. A nil lex means lexicon.Default().
//
// The parser reads the note once, line by line. Each line is first tried as a
// section header (which may carry body text on the same line), then as a
// signature, header fact (Discipline:, Payer:, DOS:, Dx:), session time, totals
// line, table row, billing line, goal, code documentation (a service) or a
// continuation of the service above it. Cheap byte checks guard every step.
func Parse(text string, lex *lexicon.Lexicon) *Note {
	if lex == nil {
		lex = lexicon.Default()
	}
	n := &Note{Text: text, lineStarts: LineStarts(text)}
	n.mapper = newMapper(text, n.lineStarts)
	n.Directives = parseDirectives(text)
	p := &parser{text: text, n: n, lex: lex, codes: lex.Codes, sec: -1, cur: -1, table: tableState{codeCol: -1}}
	starts := n.lineStarts
	for i, s := range starts {
		e := len(text)
		if i+1 < len(starts) {
			e = starts[i+1]
		}
		for e > s && (text[e-1] == '\n' || text[e-1] == '\r') {
			e--
		}
		p.lineNo = i
		p.line(s, e)
	}
	p.finish()
	return n
}

// parser holds the state of one Parse call.
type parser struct {
	text  string
	n     *Note
	lex   *lexicon.Lexicon
	codes *lexicon.CodeTable

	sec      int         // index of the current section in n.Sections, -1 before the first
	kind     SectionKind // kind of the current section (meaningless when sec < 0)
	mainSeen bool        // a S/O/A/P/Goals/Billing/Treatment header has been seen

	// Services: the one whose activity text is still being collected.
	cur int // index in n.Services, -1 when none
	// curFirst is the first service of cur's line (a line naming several codes).
	curFirst int
	curInfo  struct {
		heading  bool // its line ends with ':' (text follows on the lines below)
		bulleted bool // its line is a list item
		indent   int  // its line's indentation
	}

	// Goals.
	goalTerm      string // term from a goals header ("STG" under "Short-term goals")
	goalFrame     string // timeframe from the goals header
	goalBlank     bool   // a blank line has been seen in the goals section
	pendingStart  *lineTime
	pendingStartL int // lines since pendingStart

	// Header facts seen by label (they win over titles and inline mentions).
	discLevel   int // 3 field, 2 title phrase, 1 lone token
	payerLabel  bool
	inlinePayer Range // "Medicare Part B" written without a Payer: label
	dosLabel    bool

	sigCosign bool // the signature found is a co-signature
	lineNo    int  // 0-based number of the current line
	// The current line without surrounding spaces, header included.
	lineTS, lineTE int

	table tableState
	// unitless indexes, by code, this visit's charges that carry modifiers but
	// no units, for a later summary line to complete (addCharge).
	unitless map[string][]int

	times, times2 []lineTime // scratch for scanTimes
}

// servicesAllowed reports whether code documentation (services) is read in the current section.
func (p *parser) servicesAllowed() bool {
	if p.sec < 0 {
		return true
	}
	switch p.kind {
	case SectionObjective, SectionTreatment, SectionOther:
		return true
	}
	return false
}

// narrativeAfterHead reports whether a line led by a code has a heading colon
// followed by at least three words of text.
func (p *parser) narrativeAfterHead(ts, te int) bool {
	s := p.text
	i := stripLead(s, ts, te)
	if !p.knownCodeAt(i, te) {
		return false
	}
	c := strings.IndexByte(s[i:te], ':')
	if c < 0 {
		return false
	}
	words := 0
	for k := i + c + 1; k < te; k++ {
		if isAlnum(s[k]) && (k == i+c+1 || !isAlnum(s[k-1])) && !isDigit(s[k]) {
			words++
		}
	}
	return words >= 3
}

// codeLed reports whether the line starts with a known CPT code number, after
// its bullet and at most a two-word label ("Today: 97110 (18) …").
func (p *parser) codeLed(ts, te int) bool {
	i := stripLead(p.text, ts, te)
	return p.knownCodeAt(i, te) || p.labelledCode(i, te) >= 0
}

// labelledCode returns where a known code number starts after a label of at
// most two plain words and a colon at s[i] ("Today: 97110", "Tx today: 97530"),
// or -1.
func (p *parser) labelledCode(i, te int) int {
	s := p.text
	for k, words := i, 0; k < te && k < i+24; k++ {
		switch {
		case s[k] == ' ':
			words++
		case s[k] == ':':
			if j := skipSpace(s, k+1, te); k > i && words < 2 && p.knownCodeAt(j, te) {
				return j
			}
			return -1
		case !isAlnum(s[k]):
			return -1
		}
	}
	return -1
}

// headerArea reports whether header facts are read on the current line: before
// the first main section, or inside an unrecognised one.
func (p *parser) headerArea() bool {
	return !p.mainSeen || p.sec >= 0 && p.kind == SectionOther
}

func (p *parser) line(ls, le int) {
	s := p.text
	ts, te := trimSpace(s, ls, le)
	if ts == te {
		p.blank()
		return
	}
	p.lineTS, p.lineTE = ts, te
	if h, ok := p.header(ts, te); ok {
		p.closeService()
		p.openSection(h)
		if h.kind == SectionOther {
			p.fields(ts, te) // a title such as "# Daily Note – Physical Therapy"
		}
		ts = skipSpace(s, h.bodyStart, te)
		if ts >= te {
			return
		}
		// "O: Interventions: pulley AAROM, …": a second header opening the body.
		if h2, ok := p.header(ts, te); ok && h2.kind != SectionOther && h2.bodyStart > ts {
			p.openSection(h2)
			ts = skipSpace(s, h2.bodyStart, te)
			if ts >= te {
				return
			}
		}
	}
	if p.signature(ts, te) {
		p.closeService()
		return
	}
	if p.headerArea() || p.fieldLine(ts, te) {
		p.fields(ts, te)
	}
	times := p.scanTimes(ts, te)
	for _, t := range times {
		p.n.Times = append(p.n.Times, t.ct)
	}
	p.session(ts, te, times)
	isTotals := p.totals(ts, te)

	if s[ts] == '|' {
		p.closeService()
		p.tableRow(ts, te, times, '|')
		return
	}
	if tabCells(s, ts, te) && (p.table.active && p.table.sep == '\t' || p.gridHeader(ts, te)) {
		p.closeService()
		p.tableRow(ts, te, times, '\t')
		return
	}
	p.table.reset()
	if p.billingLine(ts, te) {
		p.closeService()
		p.charges(ts, te)
		// "97530-GP-CQ TherAct 22 min: car transfer training …": a charge that
		// also documents the code's activity after its heading colon.
		if p.servicesAllowed() && p.narrativeAfterHead(ts, te) {
			p.serviceLine(ls, ts, te, times)
		}
		return
	}
	if isTotals {
		p.closeService()
		return
	}
	// A line led by a CPT code is treatment even under a goals header: a
	// discharge summary's "Today: 97110 (18) single-leg squats …" after its goals.
	codeLed := p.sec >= 0 && p.kind == SectionGoals && p.codeLed(ts, te)
	if (p.sec >= 0 && p.kind == SectionGoals || p.labelledGoal(ts, te)) && !codeLed {
		p.closeService()
		p.goalLine(ls, ts, te)
		return
	}
	if p.servicesAllowed() || codeLed {
		if p.serviceLine(ls, ts, te, times) {
			return
		}
		if p.continuation(ls, ts, te, times) {
			return
		}
	}
	p.closeService()
}

func (p *parser) blank() {
	p.closeService()
	p.table.reset()
	if p.sec >= 0 && p.kind == SectionGoals {
		p.goalBlank = true
	}
}

func (p *parser) finish() {
	p.closeService()
	n := p.n
	for i := range n.Sections {
		if i+1 < len(n.Sections) {
			n.Sections[i].Body.End = p.lineStartOf(n.Sections[i+1].Header.Start)
		} else {
			n.Sections[i].Body.End = len(p.text)
		}
		if n.Sections[i].Body.End < n.Sections[i].Body.Start {
			n.Sections[i].Body.End = n.Sections[i].Body.Start
		}
	}
	p.attributeNarrative()
	if n.Header.Discipline == "" && n.Signature != nil {
		// No discipline written: the signer's credentials say it (PT, OTR/L, CCC-SLP).
		for _, c := range n.Signature.Credentials {
			if x, ok := p.lex.Credentials.Lookup(c); ok && x.Discipline != "" {
				d := Discipline(x.Discipline)
				n.Header.Discipline, n.Header.DisciplineRange = d, n.Signature.Range
				break
			}
		}
	}
	if !p.payerLabel && !p.inlinePayer.Empty() {
		n.Header.Payer = p.text[p.inlinePayer.Start:p.inlinePayer.End]
		n.Header.PayerRange = p.inlinePayer
		n.Header.Profile = "medicare"
	}
}

// lineStartOf returns the start of the line holding off.
func (p *parser) lineStartOf(off int) int {
	ls := p.n.lineStarts
	lo, hi := 0, len(ls)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if ls[mid] <= off {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return ls[lo]
}

// lineEndOf returns the end of the line content holding off (without the line break).
func (p *parser) lineEndOf(off int) int {
	s := p.text
	for off < len(s) && s[off] != '\n' && s[off] != '\r' {
		off++
	}
	return off
}

// attributeNarrative gives a billed code documented nowhere else the text of a
// treatment narrative that names no code ("Interventions: grasp/release of mugs
// …" under a billing grid): the narrative is what was done in the billed time.
// A code with a service of its own keeps only that.
func (p *parser) attributeNarrative() {
	n := p.n
	if len(n.Charges) == 0 {
		return
	}
	narr := p.narratives(SectionTreatment)
	treatment := false
	for _, sec := range n.Sections {
		treatment = treatment || sec.Kind == SectionTreatment
	}
	if !treatment {
		// No treatment section: an Objective section that names no code is
		// where the treatment is told ("O: Repeated lumbar extension …").
		narr = p.narratives(SectionObjective)
	}
	if len(narr) == 0 {
		return
	}
	seen := map[string]bool{}
	for _, sv := range n.Services {
		seen[sv.Code] = true
	}
	// Each code gets the narrative nearest before its charge (else the first):
	// one service per code, so a long export cannot multiply them.
	for _, ch := range n.Charges {
		if seen[ch.Code] {
			continue
		}
		seen[ch.Code] = true
		k := sort.Search(len(narr), func(i int) bool { return narr[i].Start > ch.Line.Start })
		n.Services = append(n.Services, Service{Code: ch.Code, Activity: narr[max(k-1, 0)]})
	}
}

// narratives returns the bodies of the sections of kind that name no code and
// document no service of their own.
func (p *parser) narratives(kind SectionKind) []Range {
	n := p.n
	var narr []Range
	for _, sec := range n.Sections {
		if sec.Kind != kind {
			continue
		}
		body := Range{sec.Header.End, sec.Body.End}
		a, b := body.Start, body.End
		for a < b && (isSpace(p.text[a]) || p.text[a] == '\n' || p.text[a] == '\r') {
			a++
		}
		for b > a && (isSpace(p.text[b-1]) || p.text[b-1] == '\n' || p.text[b-1] == '\r') {
			b--
		}
		if a >= b || p.hasCode(a, b) {
			continue
		}
		// Services are in document order: the first at or after the header
		// says whether the section has one.
		k := sort.Search(len(n.Services), func(i int) bool { return n.Services[i].Line.Start >= sec.Header.Start })
		own := k < len(n.Services) && n.Services[k].Line.Start < sec.Body.End
		if !own {
			narr = append(narr, Range{a, b})
		}
	}
	return narr
}
