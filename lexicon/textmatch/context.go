package textmatch

import (
	"fmt"
	"strings"
)

// Category is what a context trigger says about the mentions in its scope.
type Category int

const (
	Affirmed   Category = iota // no trigger applies
	Negation                   // "no stairs today", "6MWT not performed"
	History                    // "previously used theraband", "s/p"
	Hypothesis                 // "if tolerated, progress to stairs"
	Pseudo                     // looks like a trigger but is not one ("no increase", "not only")
	Terminate                  // ends a trigger's scope ("but", "however", "today" for history)
)

// Direction is which way a trigger's scope runs from it.
type Direction int

const (
	Forward       Direction = 1 << iota // NegEx pre-triggers (PREN): the mention follows
	Backward                            // post-triggers (POST): the mention precedes
	Bidirectional = Forward | Backward
)

// Trigger is one row of the ConText trigger table (lexicon/data/context.tsv).
// For Pseudo and Terminate rows Direction is unused; a Terminate row's Ends says
// which category's scope it ends (Affirmed: every category).
type Trigger struct {
	Phrase    string
	Category  Category
	Direction Direction
	Ends      Category
}

// Scope is how many words a trigger reaches (NegEx's five-word window), within
// one clause: a clause break (. ; : parentheses, a spaced dash, a line break)
// also ends it, as a sentence end does in ConText.
const Scope = 5

// Context classifies mentions by the triggers around them: a ConText-style
// algorithm (Harkema et al. 2009, after Chapman et al.'s NegEx, 2001). Each
// call looks at a bounded window of words around one mention, so classifying
// every mention of a note stays linear in its length.
type Context struct {
	m    *Matcher
	rows map[string]Trigger // by Phrase
	// tight marks phrases written without spaces ("w/o", "s/p"): their words
	// must be just as close in the text ("w/ o" is not "w/o").
	tight map[string]bool
}

// NewContext builds a classifier over triggers. It fails on a trigger that has
// no words or is listed twice.
func NewContext(triggers []Trigger) (*Context, error) {
	c := &Context{rows: make(map[string]Trigger, len(triggers)), tight: map[string]bool{}}
	phrases := make([]string, 0, len(triggers))
	for _, t := range triggers {
		if len(Tokenize(t.Phrase)) == 0 || strings.HasPrefix(t.Phrase, "!") || strings.HasSuffix(t.Phrase, "*") {
			return nil, fmt.Errorf("context trigger %q: not a phrase", t.Phrase)
		}
		if _, dup := c.rows[t.Phrase]; dup {
			return nil, fmt.Errorf("context trigger %q listed twice", t.Phrase)
		}
		c.rows[t.Phrase] = t
		phrases = append(phrases, t.Phrase)
		if len(Tokenize(t.Phrase)) > 1 && !strings.ContainsAny(t.Phrase, " \t") {
			c.tight[t.Phrase] = true
		}
	}
	c.m = New(phrases)
	return c, nil
}

// span is one trigger found in a window, as token indexes [i, j).
type span struct {
	i, j int
	t    Trigger
}

// triggers finds the trigger phrases in toks (tokens of text[base:]),
// leftmost-longest, into buf.
func (c *Context) triggers(text string, base int, toks []Token, buf []span) []span {
	out := buf[:0]
	for i := 0; i < len(toks); {
		if !c.m.mayStart(toks[i].Word) {
			i++
			continue
		}
		n, term := c.m.longestAt(toks[i:])
		if n > 1 && c.tight[term] && strings.ContainsAny(text[base+toks[i].End:base+toks[i+n-1].Start], " \t") {
			n = 0
		}
		if n == 0 {
			i++
			continue
		}
		if len(out) < cap(buf) {
			out = append(out, span{i, i + n, c.rows[term]})
		}
		i += n
	}
	return out
}

// Classify says whether the mention at text[start:end] is negated, historical
// or hypothetical (the first trigger found in scope decides, nearest first, the
// words before the mention before those after it), or Affirmed.
func (c *Context) Classify(text string, start, end int) Category {
	if c == nil {
		return Affirmed
	}
	var tb [48]Token
	var sb [16]span
	// Look back: forward-reaching triggers before the mention.
	base := max(0, start-160)
	for base > 0 && base < start && text[base]&0xc0 == 0x80 {
		base++ // not inside a UTF-8 sequence
	}
	before := tokenizeInto(tb[:0], text[base:start])
	trig := c.triggers(text, base, before, sb[:])
	ti := len(trig) - 1
	prevStart := start // where the word to the right of k starts
	var ended uint     // categories whose scope a terminator has closed
	words := 0
	for k := len(before) - 1; k >= 0 && words < Scope; {
		if clauseBreak(text[base+before[k].End : prevStart]) {
			break
		}
		for ti >= 0 && trig[ti].i > k {
			ti--
		}
		if ti >= 0 && trig[ti].j-1 == k {
			if c, ok := scopeStep(trig[ti].t, Forward, &ended); ok {
				return c
			}
			prevStart = base + before[trig[ti].i].Start
			k = trig[ti].i - 1
			ti--
			words++
			continue
		}
		prevStart = base + before[k].Start
		k--
		words++
	}
	// Look ahead: backward-reaching triggers after the mention.
	lim := min(len(text), end+80)
	for lim < len(text) && lim > end && text[lim]&0xc0 == 0x80 {
		lim--
	}
	after := tokenizeInto(tb[:0], text[end:lim])
	trig = c.triggers(text, end, after, sb[:])
	prev := end
	ended = 0
	ti = 0
	for k, words := 0, 0; k < len(after) && words < Scope; words++ {
		if clauseBreak(text[prev : end+after[k].Start]) {
			break
		}
		for ti < len(trig) && trig[ti].i < k {
			ti++
		}
		if ti < len(trig) && trig[ti].i == k {
			if c, ok := scopeStep(trig[ti].t, Backward, &ended); ok {
				return c
			}
			prev = end + after[trig[ti].j-1].End
			k = trig[ti].j
			continue
		}
		prev = end + after[k].End
		k++
	}
	return Affirmed
}

// Negated reports whether the mention at text[start:end] is negated,
// historical or hypothetical: not something done in this visit.
func (c *Context) Negated(text string, start, end int) bool {
	return c.Classify(text, start, end) != Affirmed
}

// scopeStep folds trigger t into a scan that looks for triggers reaching in
// direction dir: a terminator closes its category's scope (or affirms the
// mention outright), a pseudo-trigger does nothing, and a trigger reaching dir
// whose scope is still open decides the mention's category.
func scopeStep(t Trigger, dir Direction, ended *uint) (Category, bool) {
	switch t.Category {
	case Terminate:
		if t.Ends == Affirmed {
			return Affirmed, true
		}
		*ended |= 1 << t.Ends
	case Pseudo:
	default:
		if t.Direction&dir != 0 && *ended&(1<<t.Category) == 0 {
			return t.Category, true
		}
	}
	return 0, false
}
