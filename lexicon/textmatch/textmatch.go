// Package textmatch finds terms from a word list in note text, word by word and
// case-insensitively, and tells negated or historical mentions ("no stairs today",
// "previously used theraband") from real ones.
//
// Matching works on word tokens (runs of letters and digits), so "sit-to-stand",
// "sit to stand" and "Sit/to/stand" are the same phrase. A term ending in '*'
// matches any word starting with its last word ("squat*" matches "squats",
// "squatting"). One pass over the tokens finds every term, so a note is scanned
// once whatever the size of the list.
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
func Tokenize(text string) []Token {
	var toks []Token
	start := -1
	for i, r := range text {
		word := unicode.IsLetter(r) || unicode.IsDigit(r)
		if word && start < 0 {
			start = i
		} else if !word && start >= 0 {
			toks = append(toks, Token{Word: lower(text[start:i]), Start: start, End: i})
			start = -1
		}
	}
	if start >= 0 {
		toks = append(toks, Token{Word: lower(text[start:]), Start: start, End: len(text)})
	}
	return toks
}

func lower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf || ('A' <= c && c <= 'Z') {
			return strings.ToLower(s)
		}
	}
	return s
}

type phrase struct {
	term   string
	words  []string
	prefix bool // last word matches as a prefix
}

// Matcher matches a fixed list of terms. It is immutable and safe for concurrent use.
type Matcher struct {
	byFirst map[string][]phrase // exact first word
	prefix1 []phrase            // one-word prefix terms ("squat*")
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
		best := -1
		var bestTerm string
		try := func(p phrase) {
			n := len(p.words)
			if i+n > len(toks) || n <= best {
				return
			}
			for k, w := range p.words {
				tw := toks[i+k].Word
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
		for _, p := range m.byFirst[toks[i].Word] {
			try(p)
		}
		if best < 0 {
			for _, p := range m.prefix1 {
				try(p)
			}
		}
		if best > 0 {
			out = append(out, Match{Term: bestTerm, Start: toks[i].Start, End: toks[i+best-1].End})
			i += best
			continue
		}
		i++
	}
	return out
}

// Find returns every match in text.
func (m *Matcher) Find(text string) []Match { return m.FindTokens(Tokenize(text)) }

// FindAffirmed returns the matches in text that are neither negated nor historical.
func (m *Matcher) FindAffirmed(text string) []Match {
	var out []Match
	for _, x := range m.Find(text) {
		if !Negated(text, x.Start, x.End) {
			out = append(out, x)
		}
	}
	return out
}

// AnyAffirmed reports whether text holds a match that is not negated or historical.
func (m *Matcher) AnyAffirmed(text string) bool { return len(m.FindAffirmed(text)) > 0 }

// negBefore are cues that, within the same clause and a few words before a
// mention, make it negated or historical.
var negBefore = map[string]bool{
	"no": true, "not": true, "without": true, "w/o": true, "denies": true, "denied": true,
	"declined": true, "declines": true, "refused": true, "never": true, "previously": true,
	"prior": true, "formerly": true, "hx": true, "history": true, "held": true, "deferred": true,
	"unable": true, "nor": true, "defer": true, "avoid": true, "avoided": true,
}

// negAfter are cues that follow a mention in its clause ("6MWT not repeated today").
var negAfter = map[string]bool{
	"deferred": true, "held": true, "declined": true, "refused": true,
	"cancelled": true, "canceled": true, "omitted": true, "discontinued": true,
}

// notDone are the words that make a following "not" deny the activity itself
// ("not performed", "not repeated today") rather than qualify it ("not painful").
var notDone = map[string]bool{
	"performed": true, "done": true, "tested": true, "repeated": true, "completed": true,
	"attempted": true, "assessed": true, "trialed": true, "today": true, "used": true, "addressed": true,
}

// clauseBreak reports whether the text between two tokens ends a clause.
func clauseBreak(gap string) bool {
	return strings.ContainsAny(gap, ".;:\n\r()") || strings.Contains(gap, " - ") || strings.Contains(gap, "—")
}

// Negated reports whether the mention at text[start:end] is negated or historical:
// a cue such as "no", "not", "without", "declined", "previously", "prior" within
// five words before it in the same clause, or "not performed", "deferred", "held"
// after it in the same clause. "but" ends a negation's reach ("no pain but stairs").
func Negated(text string, start, end int) bool {
	// Look back.
	before := Tokenize(text[max(0, start-120):start])
	base := max(0, start-120)
	prevEnd := start
	for k, n := len(before)-1, 0; k >= 0 && n < 5; k, n = k-1, n+1 {
		t := before[k]
		if clauseBreak(text[base+t.End : prevEnd]) {
			break
		}
		if t.Word == "but" || t.Word == "then" || t.Word == "now" {
			break
		}
		if negBefore[t.Word] {
			// "no longer" and "not only" are affirmations.
			next := ""
			if k+1 < len(before) {
				next = before[k+1].Word
			}
			if next == "only" {
				break
			}
			return true
		}
		prevEnd = base + t.Start
	}
	// Look ahead.
	lim := min(len(text), end+60)
	after := Tokenize(text[end:lim])
	prev := end
	for k := 0; k < len(after) && k < 4; k++ {
		t := after[k]
		if clauseBreak(text[prev : end+t.Start]) {
			break
		}
		if negAfter[t.Word] {
			return true
		}
		if t.Word == "not" && k+1 < len(after) && notDone[after[k+1].Word] {
			return true
		}
		prev = end + t.End
	}
	return false
}
