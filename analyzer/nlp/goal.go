// Package nlp reads the prose of therapy goals: whether a goal is stated only as an
// impairment measure, whether it has a measurable criterion, and where its
// timeframe is written.
//
// Word lists from the lexicon decide almost every goal in one token scan. Only a
// goal that names both an impairment measure and an activity, with nothing in the
// word order to say which one the goal is about ("Increase knee flexion to 120 deg
// in sitting", "... and reach into the overhead cabinet"), is handed to prose's
// part-of-speech tagger, which tells an activity used as a verb (a task the patient
// will do) from one used as a noun or position. The tagger is loaded once per
// Classifier, on the first such goal.
//
// Goals are copied forward from visit to visit, so a Classifier caches its
// decision per sentence (see cache.go).
package nlp

import (
	"strings"

	"github.com/soaplint/soaplint/lexicon"
	"github.com/soaplint/soaplint/lexicon/textmatch"
)

// Decision says how a goal's impairment/function question was decided.
type Decision string

const (
	ByWords  Decision = "words"  // the word lists settled it
	ByTagger Decision = "tagger" // the part-of-speech tagger settled it
)

// Facts is what a Classifier finds in one goal sentence. Offsets are into the
// sentence. The slices are shared with the cache and must not be modified.
type Facts struct {
	// ImpairmentOnly: the goal states an impairment measure and no functional activity.
	ImpairmentOnly bool
	// Impairments are the impairment kinds named, in order, each once: "rom",
	// "strength", "pain", "edema", "flexibility", "tone".
	Impairments []string
	// ImpairmentTerms are the impairment measures as written ("flexion", "4/5").
	ImpairmentTerms []string
	// Activities are the functional activities as written ("stair descent", "sit").
	Activities []string
	// Measurable: the goal has a criterion besides its timeframe: a number,
	// distance, time, repetitions, trials, percentage or an assist/cue level.
	Measurable bool
	// Timeframe is a timeframe written in the sentence itself ("In 4 wks",
	// "by 08/01/2025"); empty when none.
	Timeframe Span
	Decision  Decision
}

type category uint8

const (
	catFunction   category = iota + 1
	catOutcome             // standardised functional outcome measure (TUG, 6MWT, Berg)
	catMeasure             // assist level, cue level, trials, accuracy
	catImpairment          // kind in Classifier.kind
)

// Term classes a Classifier reads; impairment kinds are the classes named
// "impairment-<kind>".
const (
	ClassFunction lexicon.TermClass = "goal-function"
	ClassOutcome  lexicon.TermClass = "goal-outcome"
	ClassMeasure  lexicon.TermClass = "goal-measure"
	impairmentPfx                   = "impairment-"
)

// Classifier analyses goal sentences. It is immutable apart from its tagger
// (loaded once) and its bounded sentence cache, and safe for concurrent use.
type Classifier struct {
	words  *textmatch.Matcher  // every goal term, one pass
	cat    map[string]category // term as listed → category
	kind   map[string]string   // impairment term → kind
	tagger *Tagger
	cache  *cache
}

type classifierKey struct{}

// ForLexicon returns the Classifier of lex's term lists, built on first use and
// then shared by every rule and goroutine that lints with lex (it hangs off the
// term table, see lexicon.TermTable.Derived). Its cache and tagger therefore live
// as long as the lexicon: one per process for the built-in lexicon, a fresh one
// when configuration adds terms.
func ForLexicon(lex *lexicon.Lexicon) *Classifier {
	return lex.Terms.Derived(classifierKey{}, func(t *lexicon.TermTable) any {
		return New(t, DefaultCacheSize)
	}).(*Classifier)
}

// New builds a Classifier over the goal term classes of t with a sentence cache
// of up to cacheSize entries (0 disables caching).
func New(t *lexicon.TermTable, cacheSize int) *Classifier {
	c := &Classifier{cat: map[string]category{}, kind: map[string]string{}, tagger: &Tagger{}, cache: newCache(cacheSize)}
	var terms []string
	add := func(class lexicon.TermClass, cat category, kind string) {
		for _, term := range t.List(class) {
			if _, dup := c.cat[term]; dup {
				continue // first class wins; the lexicon tests forbid overlaps
			}
			c.cat[term] = cat
			if kind != "" {
				c.kind[term] = kind
			}
			terms = append(terms, term)
		}
	}
	add(ClassOutcome, catOutcome, "")
	add(ClassMeasure, catMeasure, "")
	for _, cl := range t.Classes() {
		if k, ok := strings.CutPrefix(string(cl), impairmentPfx); ok {
			add(cl, catImpairment, k)
		}
	}
	add(ClassFunction, catFunction, "")
	c.words = textmatch.New(terms)
	return c
}

// Tagger returns the classifier's part-of-speech tagger.
func (c *Classifier) Tagger() *Tagger { return c.tagger }

// Classify analyses one goal sentence (a goal's text without its STG/LTG label).
func (c *Classifier) Classify(text string) Facts {
	if f, ok := c.cache.get(text); ok {
		return f
	}
	f := c.classify(text)
	c.cache.put(text, f)
	return f
}

// hit is one vocabulary or pattern match in a goal.
type hit struct {
	cat         category
	kind        string // impairment kind
	tok         int    // index of the first token
	end         int    // index after the last token
	start, stop int    // byte range
}

// leadSkip are the words between "will" and the goal's main verb.
var leadSkip = map[string]bool{
	"be": true, "able": true, "to": true, "safely": true, "independently": true, "consistently": true,
	"successfully": true, "then": true, "now": true, "also": true,
}

// lightVerbs lead a goal whose object is the activity.
var lightVerbs = map[string]bool{
	"complete": true, "perform": true, "tolerate": true, "manage": true, "resume": true,
	"participate": true, "engage": true, "do": true, "return": true, "accomplish": true,
	"independently": true, "safely": true,
}

// clauseBetween reports whether a clause break lies between tokens i and j.
func clauseBetween(gap func(int) string, i, j int) bool {
	for k := i + 1; k <= j; k++ {
		if clauseBreak(gap(k)) {
			return true
		}
	}
	return false
}

// linkers tie an activity to the measure before it: "to allow stair descent",
// "for community crosswalk use", "so that pt can kneel".
var linkers = map[string]bool{
	"allow": true, "allows": true, "allowing": true, "enable": true, "enables": true, "enabling": true,
	"permit": true, "permits": true, "permitting": true, "for": true, "so": true, "order": true,
	"needed": true, "required": true, "necessary": true, "can": true, "could": true, "facilitate": true,
	"return": true, "returning": true, "access": true, "resume": true, "improve": false,
}

// quantityUnits follow a number that quantifies an activity ("300 ft", "60 min").
var quantityUnits = map[string]bool{
	"ft": true, "feet": true, "foot": true, "m": true, "meters": true, "yards": true, "mile": true,
	"miles": true, "mi": true, "min": true, "mins": true, "minutes": true, "minute": true, "hr": true,
	"hrs": true, "hour": true, "hours": true, "s": true, "sec": true, "secs": true, "seconds": true,
	"lb": true, "lbs": true, "pounds": true, "kg": true, "oz": true, "steps": true, "stairs": true,
	"reps": true, "times": true, "x": true, "blocks": true, "laps": true,
}

func (c *Classifier) classify(text string) Facts {
	var f Facts
	f.Decision = ByWords
	toks := textmatch.Tokenize(text)
	if len(toks) == 0 {
		return f
	}
	tf, hasTF := findTimeframe(text, toks)
	if hasTF {
		f.Timeframe = tf
	}
	inTF := func(start int) bool { return hasTF && start >= tf.Start && start < tf.End }
	gap := func(i int) string { // text between toks[i-1] and toks[i]
		if i <= 0 {
			return text[:toks[0].Start]
		}
		return text[toks[i-1].End:toks[i].Start]
	}

	// Vocabulary.
	var hits []hit
	tokAt := make(map[int]int, len(toks)) // byte start → token index
	for i, t := range toks {
		tokAt[t.Start] = i
	}
	endTok := func(end int) int {
		for i, t := range toks {
			if t.End == end {
				return i + 1
			}
		}
		return len(toks)
	}
	for _, m := range c.words.FindTokens(toks) {
		if inTF(m.Start) {
			continue
		}
		cat := c.cat[m.Term]
		if cat == 0 {
			continue
		}
		hits = append(hits, hit{cat: cat, kind: c.kind[m.Term], tok: tokAt[m.Start], end: endTok(m.End), start: m.Start, stop: m.End})
	}

	// Patterns: grades "4/5", "4+/5"; scores "3/10"; trials "3/3"; numbers.
	for i, t := range toks {
		if inTF(t.Start) {
			continue
		}
		if i == 0 && isDigits(t.Word) && len(toks) > 1 && (strings.HasPrefix(gap(1), ".") || strings.HasPrefix(gap(1), ")")) && !isDigits(toks[1].Word) {
			continue // list numbering left in the text: "1. Increase …"
		}
		if i+1 < len(toks) && isDigits(t.Word) && isDigits(toks[i+1].Word) {
			g := strings.TrimSpace(gap(i + 1))
			if g == "/" || g == "+/" || g == "-/" {
				f.Measurable = true
				switch toks[i+1].Word {
				case "5":
					hits = append(hits, hit{cat: catImpairment, kind: "strength", tok: i, end: i + 2, start: t.Start, stop: toks[i+1].End})
				case "10":
					hits = append(hits, hit{cat: catImpairment, kind: "pain", tok: i, end: i + 2, start: t.Start, stop: toks[i+1].End})
				}
				continue
			}
		}
		if i > 0 && gap(i) == "-" && isLevel(toks[i-1].Word) {
			continue // a spinal level range: "L4-5"
		}
		if isQuantity(t.Word) || numberWords[t.Word] {
			f.Measurable = true
		}
	}
	if strings.ContainsAny(text, "%") {
		f.Measurable = true
	}
	if strings.Contains(text, "°") {
		hits = append(hits, hit{cat: catImpairment, kind: "rom", tok: -1, end: -1})
		f.Measurable = true
	}

	// Collect.
	var funcs []hit
	for _, h := range hits {
		switch h.cat {
		case catMeasure:
			f.Measurable = true
		case catImpairment:
			if !contains(f.Impairments, h.kind) {
				f.Impairments = append(f.Impairments, h.kind)
			}
			if h.tok >= 0 {
				f.ImpairmentTerms = append(f.ImpairmentTerms, text[h.start:h.stop])
			} else {
				f.ImpairmentTerms = append(f.ImpairmentTerms, "°")
			}
		case catFunction, catOutcome:
			funcs = append(funcs, h)
			f.Activities = append(f.Activities, text[h.start:h.stop])
		}
	}
	if len(f.Impairments) == 0 {
		return f // nothing impairment-like: not an impairment goal
	}
	if len(funcs) == 0 {
		f.ImpairmentOnly = true
		return f
	}

	// Both an impairment measure and an activity: is the activity what the goal
	// is about? Decide from word order where it is unambiguous.
	lead := 0
	for lead < len(toks) && inTF(toks[lead].Start) {
		lead++ // "Within 4 wks, increase …": the goal starts after its timeframe
	}
	for i := 0; i < len(toks) && i < 6; i++ {
		if toks[i].Word == "will" || (toks[i].Word == "to" && i > 0 && (toks[i-1].Word == "pt" || toks[i-1].Word == "patient")) {
			lead = i + 1
			for lead < len(toks) && leadSkip[toks[lead].Word] {
				lead++
			}
			break
		}
	}
	isImpTok := func(i int) bool {
		for _, h := range hits {
			if h.cat == catImpairment && h.tok >= 0 && i >= h.tok && i < h.end {
				return true
			}
		}
		return false
	}
	// A light verb leading the goal takes the activity as its object: "complete
	// buttoning", "perform toilet transfer", "tolerate sitting 30 min".
	objStart := -1
	if lead < len(toks) && lightVerbs[toks[lead].Word] {
		objStart = lead + 1
	}
	for _, h := range funcs {
		if h.cat == catOutcome || h.tok == lead {
			return f
		}
		if objStart >= 0 && h.tok >= objStart && h.tok <= objStart+3 && !clauseBetween(gap, objStart, h.tok) {
			return f
		}
		// A linker shortly before, within the clause.
		for k, n := h.tok-1, 0; k >= 0 && n < 4; k, n = k-1, n+1 {
			if clauseBreak(gap(k + 1)) {
				break
			}
			if linkers[toks[k].Word] || (k == h.tok-1 && toks[k].Word == "to") {
				return f
			}
		}
		// A quantity right before ("12 steps", "3 household jars") or after
		// ("walk 300 ft", "lift 25 lb") the activity, not an impairment's number.
		for k := h.tok - 1; k >= 0 && k >= h.tok-2; k-- {
			if clauseBreak(gap(k+1)) || isImpTok(k) || prepositions[toks[k].Word] {
				break
			}
			if (isQuantity(toks[k].Word) || numberWords[toks[k].Word]) && !impairmentNumber(text, toks, k) {
				return f
			}
		}
		for k := h.end; k < len(toks) && k <= h.end+2; k++ {
			if clauseBreak(gap(k)) || isImpTok(k) {
				break
			}
			if (isQuantity(toks[k].Word) || numberWords[toks[k].Word]) && k+1 < len(toks) && quantityUnits[toks[k+1].Word] {
				return f
			}
		}
	}

	// Undecided by word order: ask the tagger whether an activity is a verb of its own.
	f.Decision = ByTagger
	sentence := text
	if hasTF { // tag the goal without its timeframe: "Within 4 wks, increase …" misleads the tagger
		sentence = strings.TrimLeft(text[:tf.Start]+text[tf.End:], " ,;:")
	}
	f.ImpairmentOnly = !c.activityIsVerb(sentence)
	return f
}

// activityIsVerb reports whether the tagger reads an activity word of text as a
// verb with the patient as its actor ("… and reach into the cabinet", "climb"),
// rather than as a noun or a position ("in sitting", "with walking").
func (c *Classifier) activityIsVerb(text string) bool {
	words, err := c.tagger.Tag(text)
	if err != nil {
		return true // cannot tell: stay silent rather than raise a false alarm
	}
	for i, w := range words {
		ms := c.words.Find(w.Text)
		if len(ms) != 1 || c.cat[ms[0].Term] != catFunction {
			continue
		}
		prev := ""
		if i > 0 {
			prev = words[i-1].Tag
		}
		switch w.Tag {
		case "VB", "VBP", "VBZ", "VBD":
			return true
		case "VBG", "NN", "NNS":
			if prev == "TO" {
				return true
			}
		}
	}
	return false
}

// isQuantity reports whether a token is a number or a number glued to a unit or
// a repetition sign ("300", "3x10", "x10", "10x", "20s", "4oz"), but not a
// spinal level or other code ("L4", "C6", "T12").
func isQuantity(w string) bool {
	if w == "" {
		return false
	}
	if w[0] == 'x' {
		return len(w) > 1 && isDigits(w[1:])
	}
	if w[0] < '0' || w[0] > '9' {
		return false
	}
	i := 0
	for i < len(w) && w[i] >= '0' && w[i] <= '9' {
		i++
	}
	return i == len(w) || len(w)-i <= 4
}

// prepositions end the look-back for a quantity before an activity: in "120° in
// sitting" the number belongs to the measure, not to the position.
var prepositions = map[string]bool{
	"in": true, "on": true, "at": true, "with": true, "w": true, "during": true, "while": true,
	"to": true, "of": true, "into": true,
}

// impairmentNumber reports whether the number toks[k] is an impairment value: a
// degree ("120°", "120 deg") or the left side of a grade or score ("4/5").
func impairmentNumber(text string, toks []textmatch.Token, k int) bool {
	next := len(text)
	if k+1 < len(toks) {
		next = toks[k+1].Start
		switch toks[k+1].Word {
		case "deg", "degree", "degrees":
			return true
		}
	}
	g := text[toks[k].End:next]
	return strings.Contains(g, "°") || strings.Contains(g, "/")
}

// isLevel reports whether w is a spinal level or similar code: one letter and
// digits ("l4", "c6", "t12").
func isLevel(w string) bool {
	return len(w) >= 2 && len(w) <= 3 && w[0] >= 'a' && w[0] <= 'z' && isDigits(w[1:])
}

func clauseBreak(gap string) bool {
	return strings.ContainsAny(gap, ".;:,\n()") || strings.Contains(gap, " - ") || strings.Contains(gap, "—") || strings.Contains(gap, "–")
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
