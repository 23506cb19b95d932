package note

import (
	"strings"
	"unicode"
)

// fieldLine reports whether a line outside the header area starts with a header
// field label (Discipline:, Payer:, Dx:, DOS:).
func (p *parser) fieldLine(ts, te int) bool {
	s := p.text
	i := stripLead(s, ts, te)
	if i >= te {
		return false
	}
	switch lowerByte(s[i]) {
	case 'd', 'p', 'i':
		for _, w := range [...]string{"discipline", "payer", "payor", "dx", "diagnosis", "diagnoses", "dos", "insurance", "icd"} {
			if wordAt(s, i, te, w) {
				return true
			}
		}
	}
	return false
}

// valueEnd returns where a header field's value ends: at '|', "**", a run of two
// spaces, " / ", or the end of the line.
func valueEnd(s string, i, te int) int {
	for k := i; k < te; k++ {
		switch s[k] {
		case '|':
			return trimRight(s, i, k)
		case '*':
			if k+1 < te && s[k+1] == '*' {
				return trimRight(s, i, k)
			}
		case ' ', '\t':
			if k+1 < te && (s[k+1] == ' ' || s[k+1] == '\t') {
				return trimRight(s, i, k)
			}
			if k+2 < te && s[k+1] == '/' && s[k+2] == ' ' {
				return trimRight(s, i, k)
			}
		}
	}
	return trimRight(s, i, te)
}

// fields reads header facts from one line: discipline, payer, date of service,
// diagnosis codes. Labels are found from the colons on the line (only near the
// start of long narrative lines), so a line costs one pass.
func (p *parser) fields(ts, te int) {
	s := p.text
	h := &p.n.Header
	short := te-ts <= 200
	limit := te
	if !short {
		limit = min(te, ts+48)
	}
	for c := ts; c < limit; c++ {
		if s[c] != ':' || c > ts && isDigit(s[c-1]) && c+1 < te && isDigit(s[c+1]) {
			continue
		}
		// The label's last word(s) before the colon.
		b := c
		for b > ts && (s[b-1] == '*' || s[b-1] == '_' || isSpace(s[b-1])) {
			b--
		}
		a := b
		for a > ts && isLetter(s[a-1]) {
			a--
		}
		if a == b {
			// "ICD-10:" ends in digits.
			for a > ts && (isDigit(s[a-1]) || s[a-1] == '-') {
				a--
			}
			for a > ts && isLetter(s[a-1]) {
				a--
			}
			if a == b {
				continue
			}
		}
		v := c + 1
		for v < te && (s[v] == '*' || s[v] == '_') {
			v++
		}
		v = skipSpace(s, v, te)
		w := lowerWord(s, word{a, b})
		if strings.HasPrefix(w, "icd") {
			w = "icd"
		}
		switch w {
		case "discipline":
			if p.discLevel < 3 && v < te {
				if d, r, ok := disciplineWord(s, v, valueEnd(s, v, te)); ok {
					h.Discipline, h.DisciplineRange, p.discLevel = d, r, 3
				}
			}
		case "payer", "payor", "insurance":
			if !p.payerLabel && v < te {
				if e := valueEnd(s, v, te); e > v {
					h.Payer, h.PayerRange = s[v:e], Range{v, e}
					h.Profile = payerProfile(s, v, e)
					p.payerLabel = true
				}
			}
		case "dos", "date", "service":
			if w == "service" && indexFold(s, max(ts, a-16), a, "date") < 0 {
				continue
			}
			if !p.dosLabel {
				if t, j, ok := parseDate(s, v, te); ok {
					h.DateOfService, h.DOSRange, p.dosLabel = t, Range{v, j}, true
				}
			}
		case "dx", "diagnosis", "diagnoses", "icd", "cm":
			if indexFold(s, ts, te, "icd-9") < 0 && indexFold(s, ts, te, "icd9") < 0 {
				p.icdCodes(v, te)
			}
		}
	}
	if !short {
		return
	}
	if !p.dosLabel {
		// "DOS 03/12/2025" without a colon.
		if k := indexFold(s, ts, te, "dos"); k >= 0 {
			if t, j, ok := parseDate(s, skipSpace(s, k+3, te), te); ok {
				h.DateOfService, h.DOSRange, p.dosLabel = t, Range{skipSpace(s, k+3, te), j}, true
			}
		}
	}
	if p.mainSeen || p.lineNo > 12 {
		return // titles and header lines come first
	}
	if !p.payerLabel && p.inlinePayer.Empty() {
		if k := indexFold(s, ts, te, "medicare"); k >= 0 {
			e := k + len("medicare")
			if j := skipSpace(s, e, te); wordAt(s, j, te, "part") {
				if q := skipSpace(s, j+4, te); q < te && isLetter(s[q]) && (q+1 == te || !isAlnum(s[q+1])) {
					e = q + 1
				}
			}
			p.inlinePayer = Range{k, e}
		} else if k := indexFold(s, ts, te, "mcr"); k >= 0 && s[k] == 'M' {
			p.inlinePayer = Range{k, k + 3}
		}
	}
	if !p.dosLabel && h.DateOfService.IsZero() && !p.mainSeen && len(p.n.Sections) <= 1 && te-ts <= 100 && p.lineNo <= 2 &&
		indexFold(s, ts, te, "dob") < 0 && indexFold(s, ts, te, "doi") < 0 && indexFold(s, ts, te, "birth") < 0 {
		if t, r, ok := findDate(s, ts, te); ok {
			h.DateOfService, h.DOSRange = t, r
		}
	}
	if p.discLevel < 2 && te-ts <= 100 && indexFold(s, ts, te, "the") < 0 && indexFold(s, ts, te, "patient") < 0 && indexFold(s, ts, te, "referred") < 0 {
		p.disciplineTitle(ts, te)
	}
}

// titleWords reports whether a line reads like a note's title.
func titleWords(s string, ts, te int) bool {
	for _, w := range [...]string{"note", "record", "daily", "visit", "session", "treatment", "rehab", "rehabilitation", "program", "clinic", "eval", "evaluation", "progress", "discharge", "discipline"} {
		if indexFold(s, ts, te, w) >= 0 {
			return true
		}
	}
	return false
}

func disciplineWord(s string, i, e int) (Discipline, Range, bool) {
	i = skipSpace(s, i, e)
	j := i
	for j < e && (isLetter(s[j]) || s[j] == '-') {
		j++
	}
	if j == i {
		return "", Range{}, false
	}
	w := strings.ToLower(s[i:j])
	switch {
	case w == "pt" || strings.HasPrefix(w, "physical"):
		return PT, Range{i, j}, true
	case w == "ot" || strings.HasPrefix(w, "occupational"):
		return OT, Range{i, j}, true
	case w == "slp" || w == "st" || strings.HasPrefix(w, "speech"):
		return SLP, Range{i, j}, true
	}
	return "", Range{}, false
}

// payerProfile classifies a payer as written.
func payerProfile(s string, i, e int) string {
	if indexFold(s, i, e, "commercial") >= 0 {
		return "commercial"
	}
	if indexFold(s, i, e, "medicare") >= 0 || indexFold(s, i, e, "mcr") >= 0 {
		return "medicare"
	}
	return "commercial"
}

// disciplineTitle reads a discipline from a title ("Physical Therapy Daily Note",
// "OT TREATMENT NOTE") or a lone "PT"/"OT"/"SLP" token on a header line.
func (p *parser) disciplineTitle(ts, te int) {
	s := p.text
	h := &p.n.Header
	for _, ph := range [...]struct {
		w string
		d Discipline
	}{{"physical therapy", PT}, {"occupational therapy", OT}, {"speech", SLP}, {"language pathology", SLP}} {
		if k := indexPhrase(s, ts, te, ph.w); k >= 0 && (te-ts <= 40 || titleWords(s, ts, te)) {
			h.Discipline, h.DisciplineRange, p.discLevel = ph.d, Range{k, k + len(ph.w)}, 2
			return
		}
	}
	if p.discLevel >= 1 {
		return
	}
	// Lone capitalised token: "... Medicare Part B   PT", "PT Daily Note", "(PT)".
	for k := ts; k+2 <= te; k++ {
		if !isUpper(s[k]) || k > ts && isAlnum(s[k-1]) {
			continue
		}
		var d Discipline
		n := 0
		switch {
		case strings.HasPrefix(s[k:te], "PT"):
			d, n = PT, 2
		case strings.HasPrefix(s[k:te], "OT"):
			d, n = OT, 2
		case strings.HasPrefix(s[k:te], "SLP"):
			d, n = SLP, 3
		default:
			continue
		}
		e := k + n
		if e < te && (isAlnum(s[e]) || s[e] == ':' || s[e] == '\'' || s[e] == '/') {
			continue
		}
		if k > ts && (s[k-1] == '/' || s[k-1] == '-') {
			continue
		}
		if wb := p.wordBefore(ts, k); wb == "per" || wb == "by" || wb == "supervising" {
			continue
		}
		h.Discipline, h.DisciplineRange, p.discLevel = d, Range{k, e}, 1
		return
	}
}

// indexPhrase finds a lower-case phrase in s[i:e] case-insensitively, allowing
// '-' or several spaces between its words.
func indexPhrase(s string, i, e int, ph string) int {
	for k := i; k < e; k++ {
		if lowerByte(s[k]) == ph[0] && (k == i || !isLetter(s[k-1])) && phraseAt(s, k, e, ph) >= 0 {
			return k
		}
	}
	return -1
}

// icdCodes records diagnosis-code-like tokens after a Dx label: the first token of
// each item (items are separated by ';' ',' or '|') when it looks like a code, and
// dotted code-shaped tokens anywhere. Malformed codes are kept for the
// doc/invalid-icd10 rule; spinal levels (L4-5, C6, T12) and words are not codes.
func (p *parser) icdCodes(i, te int) {
	s := p.text
	itemStart := true
	for k := i; k < te; {
		c := s[k]
		if c == ';' || c == ',' {
			itemStart = true
			k++
			continue
		}
		if c == '|' {
			return
		}
		if !isAlnum(c) {
			k++
			continue
		}
		j := k
		for j < te && (isAlnum(s[j]) || s[j] == '.' && j+1 < te && isAlnum(s[j+1])) {
			j++
		}
		if icdShape(s[k:j], itemStart) {
			p.n.ICDCodes = append(p.n.ICDCodes, ICDCode{Code: s[k:j], Range: Range{k, j}})
		}
		itemStart = false
		k = j
	}
}

func icdShape(t string, itemStart bool) bool {
	dot := strings.IndexByte(t, '.')
	head, tail := t, ""
	if dot >= 0 {
		head, tail = t[:dot], t[dot+1:]
		if strings.IndexByte(tail, '.') >= 0 || len(tail) == 0 || len(tail) > 5 {
			return false
		}
	}
	// A dotted number in a code's place ("Dx: 96.651 Presence of …", an ICD-10
	// code that lost its letter, or an ICD-9 code) is a code slot too.
	if itemStart && dot == 2 && len(tail) >= 2 && isDigit(head[0]) && isDigit(head[1]) && strings.Trim(tail, "0123456789") == "" {
		return true
	}
	if len(head) != 3 || !itemStart && dot < 0 {
		return false
	}
	digits := 0
	for i := 0; i < len(t); i++ {
		c := t[i]
		switch {
		case isDigit(c):
			digits++
		case isUpper(c), c == '.':
		default:
			return false
		}
	}
	if digits == 0 || !itemStart && digits < 2 {
		return false
	}
	// Spinal levels: C1-C7, T1-T12, L1-L5, S1-S5 written without a dot.
	if dot < 0 && (head[0] == 'C' || head[0] == 'T' || head[0] == 'L' || head[0] == 'S') && isDigit(head[1]) && isDigit(head[2]) && (head[1]-'0')*10+(head[2]-'0') <= 12 {
		return false
	}
	return true
}

// signature reads a signature line: "Signed: Alicia Brandt, PT, DPT 03/04/2025 12:48",
// "Electronically signed by: …", "Therapist: … OTR/L", "Clinician: Kayla B.",
// "Signed: ____", or a closing "— Jamie R." on the note's last line.
func (p *parser) signature(ts, te int) bool {
	s := p.text
	i := stripLead(s, ts, te)
	for i < te && (s[i] == '*' || s[i] == '_') { // _Signed: …_, *Electronically signed by:*
		i++
	}
	if i >= te {
		return false
	}
	start := -1
	cosign := false
	switch lowerByte(s[i]) {
	case 's', 'e', 't', 'c', 'p', 'r', 'd':
		for _, l := range [...]struct {
			w     string
			colon bool
		}{
			{"electronically signed", false}, {"e-signed", false}, {"esigned", false}, {"signed", false},
			{"signature", false}, {"therapist", true}, {"treating therapist", true},
			{"clinician", true}, {"rendering provider", true},
			{"co-signed", false}, {"cosigned", false}, {"countersigned", false},
			{"provider", true}, {"treating provider", true}, {"discharged", true},
			{"documented", true}, {"completed", true},
		} {
			j := phraseAt(s, i, te, l.w)
			if j < 0 {
				continue
			}
			if j < te && isAlnum(s[j]) {
				continue
			}
			for j < te && s[j] == '*' {
				j++
			}
			k := skipSpace(s, j, te)
			if wordAt(s, k, te, "by") {
				k = skipSpace(s, k+2, te)
			}
			for k < te && s[k] == '*' {
				k++
			}
			if k < te && s[k] == ':' {
				k++
			} else if l.colon {
				continue
			}
			for k < te && s[k] == '*' {
				k++
			}
			start = skipSpace(s, k, te)
			cosign = l.w == "co-signed" || l.w == "cosigned" || l.w == "countersigned"
			break
		}
	}
	if start < 0 && p.nameWithCredentials(i, te) {
		// "MARIA LOPEZ, PT, DPT" alone on a line.
		start = i
	}
	if start < 0 {
		// "— Jamie R." closing the note.
		if n := dashAt(s, ts, te); (n == 3 || strings.HasPrefix(s[ts:te], "--")) && te-ts < 48 && p.lastLine(te) &&
			!containsByte(s, ts, te, ':') && strings.IndexAny(s[ts:te], "0123456789") < 0 {
			if n == 1 {
				n = 2
			}
			start = skipSpace(s, ts+n, te)
		} else {
			return false
		}
	}
	if p.n.Signature != nil && !(p.sigCosign && !cosign) {
		return true
	}
	sig := &Signature{Range: Range{ts, te}}
	p.parseSigner(sig, start, te)
	p.n.Signature = sig
	p.sigCosign = cosign
	return true
}

// nameWithCredentials reports whether s[i:te] is a name of two to four
// capitalised words followed by a comma and recognised credentials, with at most
// a date or time after them ("MARIA LOPEZ, PT, DPT", "Dana Cole, OTR/L 3/4/25").
func (p *parser) nameWithCredentials(i, te int) bool {
	s := p.text
	if te-i > maxNameLine || i >= te || !isUpper(s[i]) {
		return false // a name starts with a capital; a sentence is longer
	}
	c := strings.IndexByte(s[i:te], ',')
	if c < 0 {
		// "MARCUS HILL PT DPT": the credentials follow the name without commas.
		// Such a line has a few words; longer ones are rejected unsplit.
		var buf [12]string
		fs, ok := fieldsUpTo(s[i:te], buf[:])
		if !ok {
			return false
		}
		k := len(fs)
		for k > 0 && (fs[k-1] != "" && isDigit(fs[k-1][0])) {
			k-- // a date or time after the credentials
		}
		creds := 0
		for k > 0 && p.credential(strings.Trim(fs[k-1], "()._*")) && isUpper(fs[k-1][0]) {
			k--
			creds++
		}
		if creds == 0 || k < 2 || k > 4 {
			return false
		}
		return p.nameWords(fs[:k])
	}
	var buf [5]string
	name, ok := fieldsUpTo(s[i:i+c], buf[:])
	if !ok || len(name) < 2 || len(name) > 4 || !p.nameWords(name) {
		return false
	}
	creds := 0
	for rest := s[i+c+1 : te]; rest != ""; {
		// The credentials after the name, split at commas, spaces and semicolons.
		k := strings.IndexAny(rest, ", ;")
		f := rest
		if k >= 0 {
			f, rest = rest[:k], rest[k+1:]
		} else {
			rest = ""
		}
		if f == "" {
			continue
		}
		f = strings.Trim(f, "()*._")
		switch {
		case p.credential(f) && isUpper(f[0]):
			creds++
		case f == "" || isDigit(f[0]) || f == "—" || f == "-" || f == "–":
		default:
			return false
		}
	}
	return creds > 0
}

// maxNameLine is the longest line read as a bare name with credentials
// ("MARIA LOPEZ-HERNANDEZ, PT, DPT, OCS, CSCS 12/01/2026 10:45" is 59 bytes).
const maxNameLine = 120

// fieldsUpTo splits s around runs of white space into buf, as strings.Fields
// does, without allocating; ok is false when s has more fields than buf holds.
func fieldsUpTo(s string, buf []string) (fs []string, ok bool) {
	fs = buf[:0]
	for s != "" {
		s = strings.TrimLeftFunc(s, unicode.IsSpace)
		if s == "" {
			break
		}
		if len(fs) == len(buf) {
			return nil, false
		}
		end := strings.IndexFunc(s, unicode.IsSpace)
		if end < 0 {
			end = len(s)
		}
		fs = append(fs, s[:end])
		s = s[end:]
	}
	return fs, true
}

// nameWords reports whether ws look like a person's name: capitalised words of
// letters, none of them a credential ("Pt Tolerated PT" is not a name).
func (p *parser) nameWords(ws []string) bool {
	for _, w := range ws {
		if !isUpper(w[0]) || strings.Trim(w, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.'-") != "" || p.credential(strings.Trim(w, ".")) {
			return false
		}
	}
	return true
}

// credential reports whether f is a credential of lexicon/data/credentials.tsv.
func (p *parser) credential(f string) bool {
	_, ok := p.lex.Credentials.Lookup(f)
	return ok
}

// credentialShaped reports whether f looks like a credential soaplint does not
// know: two to eight capitals, perhaps with '/' or '-' ("CSRS", "PT-NCS").
func credentialShaped(f string) bool {
	if len(f) < 2 || len(f) > 8 {
		return false
	}
	caps := 0
	for i := 0; i < len(f); i++ {
		switch c := f[i]; {
		case isUpper(c):
			caps++
		case c == '/' || c == '-':
		default:
			return false
		}
	}
	return caps >= 2
}

// dashBefore returns the byte length of a dash ending at e (after spaces), or 0.
func dashBefore(s string, i, e int) int {
	for _, d := range [...]string{"—", "–", "-"} {
		if e-len(d) >= i && s[e-len(d):e] == d {
			return len(d)
		}
	}
	return 0
}

// phraseAt matches a lower-case phrase at s[i:e] case-insensitively, allowing
// '-' or several spaces between its words, and returns where it ends, or -1.
func phraseAt(s string, i, e int, ph string) int {
	a, b := i, 0
	for a < e && b < len(ph) {
		if ph[b] == ' ' {
			if s[a] != ' ' && s[a] != '-' {
				return -1
			}
			for a < e && (s[a] == ' ' || s[a] == '-') {
				a++
			}
			b++
			continue
		}
		if lowerByte(s[a]) != ph[b] {
			return -1
		}
		a++
		b++
	}
	if b < len(ph) {
		return -1
	}
	return a
}

// lastLine reports whether only blank lines follow offset te.
func (p *parser) lastLine(te int) bool {
	for k := te; k < len(p.text); k++ {
		if !isSpace(p.text[k]) && p.text[k] != '\n' && p.text[k] != '\r' {
			return false
		}
	}
	return true
}

// parseSigner splits "Name, CRED, CRED 03/04/2025 12:48" into name and credentials.
func (p *parser) parseSigner(sig *Signature, i, te int) {
	s := p.text
	// The value ends at a date or time.
	e := i
	for e < te {
		if isDigit(s[e]) && (e == i || !isAlnum(s[e-1])) {
			break
		}
		e++
	}
	e = trimRight(s, i, e)
	for e > i && (s[e-1] == '_' || s[e-1] == '*' || isSpace(s[e-1])) {
		e--
	}
	for e > i {
		if d := dashBefore(s, i, e); d > 0 {
			e = trimRight(s, i, e-d)
			continue
		}
		break
	}
	v := s[i:e]
	if strings.Trim(v, "_ -.*") == "" {
		return
	}
	parts := strings.Split(v, ",")
	name := strings.TrimSpace(parts[0])
	// Credentials written without a comma: "Jane Doe PT".
	fs := strings.Fields(name)
	for len(fs) > 1 && p.credential(strings.Trim(fs[len(fs)-1], "().")) && isUpper(fs[len(fs)-1][0]) {
		sig.Credentials = append([]string{strings.Trim(fs[len(fs)-1], "().")}, sig.Credentials...)
		fs = fs[:len(fs)-1]
	}
	sig.Name = strings.Trim(strings.Join(fs, " "), "*_ ")
	for _, part := range parts[1:] {
		for _, f := range strings.Fields(part) {
			f = strings.Trim(f, "()*.;_")
			if p.credential(f) {
				sig.Credentials = append(sig.Credentials, f)
			} else if credentialShaped(f) {
				sig.UnknownCredentials = true
			}
		}
	}
	for _, c := range sig.Credentials {
		if x, ok := p.lex.Credentials.Lookup(c); ok && x.Assistant {
			sig.Assistant = true
		}
	}
}
