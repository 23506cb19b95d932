// Package textmatch finds terms from a word list in note text, word by word and
// case-insensitively, and tells negated, historical or hypothetical mentions
// ("no stairs today", "previously used theraband") from real ones (Context).
//
// Matching works on word tokens (runs of letters and digits), so "sit-to-stand",
// "sit to stand" and "Sit/to/stand" are the same phrase. A term ending in '*'
// matches any word starting with its last word ("squat*" matches "squats",
// "squatting"). One pass over the tokens finds every term, so a note is scanned
// once whatever the size of the list.
//
// A term starting with '!' is a stop phrase: it is matched like any other term,
// so the words it covers cannot start or join another match, but it is never
// reported. "!muscle group*" and "!group home" keep "group" in those phrases from
// counting as group therapy.
package textmatch

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Token is one word of the text with its byte range.
type Token struct {
	Word       string // lower-cased
	Start, End int
}

// Tokenize splits text into lower-cased word tokens.
//
// It is on every rule's hot path, so ASCII is handled byte by byte and the
// lower-cased words are slices of one ASCII-lowered copy of text rather than a
// string per word; only words with non-ASCII letters are lowered on their own.
func Tokenize(text string) []Token {
	return tokenizeInto(make([]Token, 0, len(text)/4+1), text)
}

// tokenizeInto appends the tokens of text to toks; Negated passes a stack buffer.
func tokenizeInto(toks []Token, text string) []Token {
	lowered := asciiLower(text)
	for start, end := NextWord(text, 0); start >= 0; start, end = NextWord(text, end) {
		toks = append(toks, token(text, lowered, start, end, !isASCII(text[start:end])))
	}
	return toks
}

// isASCII reports whether s has only ASCII bytes (its lower-case form is then a
// slice of the ASCII-lowered text).
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func token(text, lowered string, start, end int, wide bool) Token {
	if wide {
		return Token{Word: strings.ToLower(text[start:end]), Start: start, End: end}
	}
	return Token{Word: lowered[start:end], Start: start, End: end}
}

// asciiLower returns text with ASCII capitals lowered; it allocates only when
// there is one.
func asciiLower(text string) string {
	i := 0
	for i < len(text) && !('A' <= text[i] && text[i] <= 'Z') {
		i++
	}
	if i == len(text) {
		return text
	}
	b := []byte(text)
	for ; i < len(b); i++ {
		if 'A' <= b[i] && b[i] <= 'Z' {
			b[i] += 'a' - 'A'
		}
	}
	return string(b)
}

type phrase struct {
	term   string
	words  []string
	prefix bool // last word matches as a prefix
}

// Matcher matches a fixed list of terms. It is immutable and safe for concurrent use.
type Matcher struct {
	byFirst  map[string][]phrase // exact first word
	prefix1  []phrase            // one-word prefix terms ("squat*")
	maxWords int                 // words in the longest term
	// starts[b] has bit n set when some term can start with a word of n bytes
	// (n capped at 63) whose lower-cased first byte is b. It rejects most words
	// of a note without hashing them, which matters when a whole note is scanned.
	starts [256]uint64
	ctx    *Context // for FindAffirmed; nil: every match is affirmed
}

// allLengths marks every word length as possible.
const allLengths = ^uint64(0)

// lengthsFrom is the mask of word lengths n >= min (capped at 63).
func lengthsFrom(min int) uint64 {
	if min > 63 {
		min = 63
	}
	return allLengths << uint(min)
}

func (m *Matcher) noteStart(w string, prefix bool) {
	b := w[0]
	if b >= utf8.RuneSelf { // the first byte of a non-ASCII word: don't filter
		m.starts[b] = allLengths
		return
	}
	if prefix {
		m.starts[b] |= lengthsFrom(len(w))
	} else {
		m.starts[b] |= 1 << uint(min(len(w), 63))
	}
}

// New builds a matcher over terms. Empty terms are ignored.
func New(terms []string) *Matcher {
	m := &Matcher{byFirst: map[string][]phrase{}}
	for _, t := range terms {
		t = strings.TrimSpace(t)
		p := phrase{term: t}
		if strings.HasSuffix(t, "*") {
			p.prefix = true
			t = strings.TrimSuffix(t, "*")
		}
		for _, tok := range Tokenize(t) {
			p.words = append(p.words, tok.Word)
		}
		if len(p.words) == 0 {
			continue
		}
		m.maxWords = max(m.maxWords, len(p.words))
		m.noteStart(p.words[0], p.prefix && len(p.words) == 1)
		if p.prefix && len(p.words) == 1 {
			m.prefix1 = append(m.prefix1, p)
			continue
		}
		m.byFirst[p.words[0]] = append(m.byFirst[p.words[0]], p)
	}
	return m
}

// Match is one occurrence of a term.
type Match struct {
	Term       string // the term as listed
	Start, End int    // byte range in the text searched
}

// FindTokens returns every match over toks (from Tokenize), longest match first at
// each position, non-overlapping.
func (m *Matcher) FindTokens(toks []Token) []Match {
	var out []Match
	for i := 0; i < len(toks); {
		n, term := m.longestAt(toks[i:])
		if n > 0 {
			if !strings.HasPrefix(term, "!") {
				out = append(out, Match{Term: term, Start: toks[i].Start, End: toks[i+n-1].End})
			}
			i += n
			continue
		}
		i++
	}
	return out
}

// longestAt returns the number of words and the term of the longest term matching
// at the start of toks (0 when none).
func (m *Matcher) longestAt(toks []Token) (int, string) {
	best, bestTerm := 0, ""
	try := func(p phrase) {
		n := len(p.words)
		if n > len(toks) || n <= best {
			return
		}
		for k, w := range p.words {
			tw := toks[k].Word
			if k == n-1 && p.prefix {
				if !strings.HasPrefix(tw, w) {
					return
				}
			} else if tw != w {
				return
			}
		}
		best, bestTerm = n, p.term
	}
	for _, p := range m.byFirst[toks[0].Word] {
		try(p)
	}
	if best == 0 {
		for _, p := range m.prefix1 {
			try(p)
		}
	}
	return best, bestTerm
}

// mayStart reports whether a term can start at the (not lower-cased) word w.
func (m *Matcher) mayStart(w string) bool {
	b := w[0]
	if 'A' <= b && b <= 'Z' {
		b += 'a' - 'A'
	}
	if m.starts[b]&(1<<uint(min(len(w), 63))) == 0 {
		return false
	}
	var buf [32]byte
	var lw []byte
	if len(w) <= len(buf) {
		lw = buf[:len(w)]
		for i := 0; i < len(w); i++ {
			c := w[i]
			if c >= utf8.RuneSelf {
				lw = nil
				break
			}
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			lw[i] = c
		}
	}
	if lw == nil {
		lw = []byte(strings.ToLower(w))
	}
	if _, ok := m.byFirst[string(lw)]; ok {
		return true
	}
	for _, p := range m.prefix1 {
		if len(lw) >= len(p.words[0]) && string(lw[:len(p.words[0])]) == p.words[0] {
			return true
		}
	}
	return false
}

// Find returns every match in text, as FindTokens(Tokenize(text)) would.
func (m *Matcher) Find(text string) []Match {
	var out []Match
	m.Each(text, func(x Match) bool {
		out = append(out, x)
		return true
	})
	return out
}

// Each calls f with every match in text, in order, until f returns false. It
// walks the words without lower-casing or storing them and tokenizes only a short
// window where a term can start, so scanning a whole note is cheap and a caller
// that needs only the first match stops early.
func (m *Matcher) Each(text string, f func(Match) bool) {
	var win [16]Token
	for i := 0; i < len(text); {
		s, e := NextWord(text, i)
		if s < 0 {
			return
		}
		if !m.mayStart(text[s:e]) {
			i = e
			continue
		}
		// Tokenize just enough words for the longest term.
		toks := win[:0]
		for j := s; len(toks) < m.maxWords; {
			ws, we := NextWord(text, j)
			if ws < 0 {
				break
			}
			toks = append(toks, Token{Word: strings.ToLower(text[ws:we]), Start: ws, End: we})
			j = we
		}
		n, term := m.longestAt(toks)
		if n == 0 {
			i = e
			continue
		}
		if !strings.HasPrefix(term, "!") && !f(Match{Term: term, Start: toks[0].Start, End: toks[n-1].End}) {
			return
		}
		i = toks[n-1].End
	}
}

// NextWord returns the byte range of the first word token (a run of letters
// and digits, as Tokenize splits text) at or after i, or -1, -1. It lets a
// caller walk the words of text without allocating.
func NextWord(text string, i int) (int, int) {
	start := -1
	for i < len(text) {
		c := text[i]
		word, size := false, 1
		if c < utf8.RuneSelf {
			word = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
		} else {
			var r rune
			r, size = utf8.DecodeRuneInString(text[i:])
			word = unicode.IsLetter(r) || unicode.IsDigit(r)
		}
		if word && start < 0 {
			start = i
		} else if !word && start >= 0 {
			return start, i
		}
		i += size
	}
	if start >= 0 {
		return start, len(text)
	}
	return -1, -1
}

// WithContext returns a copy of m whose FindAffirmed and AnyAffirmed leave out
// the mentions c classifies as negated, historical or hypothetical.
func (m *Matcher) WithContext(c *Context) *Matcher {
	x := *m
	x.ctx = c
	return &x
}

// Context returns the classifier WithContext attached (nil when none: then no
// mention is negated).
func (m *Matcher) Context() *Context { return m.ctx }

// FindAffirmed returns the matches in text that its context (WithContext) does
// not classify as negated, historical or hypothetical.
func (m *Matcher) FindAffirmed(text string) []Match {
	var out []Match
	for _, x := range m.Find(text) {
		if !m.ctx.Negated(text, x.Start, x.End) {
			out = append(out, x)
		}
	}
	return out
}

// AnyAffirmed reports whether text holds a match that is affirmed (FindAffirmed).
func (m *Matcher) AnyAffirmed(text string) bool {
	found := false
	m.Each(text, func(x Match) bool {
		found = !m.ctx.Negated(text, x.Start, x.End)
		return !found
	})
	return found
}

// clauseBreak reports whether the text between two tokens ends a clause.
func clauseBreak(gap string) bool {
	return strings.ContainsAny(gap, ".;:\n\r()") || strings.Contains(gap, " - ") || strings.Contains(gap, "—")
}
