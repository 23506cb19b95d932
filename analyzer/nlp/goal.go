// Package nlp reads the prose of therapy goals: whether a goal is stated only as an
// impairment measure, whether it has a measurable criterion, and where its
// timeframe is written.
//
// Each goal is parsed into its ABCDE parts (parse.go): actor, behaviour (main verb
// and object), conditions, criteria, purpose, timeframe and a progress-report
// status. The behaviour decides: a change in a body-function measure (ICF b:
// "increase knee flexion AROM to 120°", "decrease pain to 2/10") is impairment-only
// unless a purpose clause ties it to a task; an action on an object is a task
// whatever its words, and conditions or criteria ("w/ pain ≤ 3/10", "4/5 trials")
// never change that. The impairment vocabulary is closed and curated (the lexicon's
// impairment-* lists, by ICF chapter); tasks are recognised by structure. Only a
// second behaviour the word order cannot place ("… and reach into the cabinet":
// verb or noun?) is handed to prose's part-of-speech tagger, loaded once per
// Classifier on the first such goal.
//
// Goals are copied forward from visit to visit, so a Classifier caches its
// decision per sentence (see cache.go).
package nlp

import (
	"strings"
	"unicode/utf8"

	"github.com/soaplint/soaplint/lexicon"
	"github.com/soaplint/soaplint/lexicon/textmatch"
)

// Decision says how a goal's impairment/function question was decided.
type Decision string

const (
	ByWords  Decision = "words"  // the parse and the word lists settled it
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
	// Parts is the goal's ABCDE parse that decided the above.
	Parts    Parts
	Decision Decision
}

type category uint8

const (
	catFunction   category = iota + 1
	catOutcome             // standardised functional outcome measure (TUG, 6MWT, Berg)
	catMeasure             // assist level, cue level, trials, accuracy
	catImpairment          // kind in Classifier.kind
	catExercise            // an exercise, matched apart (see Classifier.exercise)
)

// Term classes a Classifier reads; impairment kinds are the classes named
// "impairment-<kind>".
const (
	ClassFunction lexicon.TermClass = "goal-function"
	ClassOutcome  lexicon.TermClass = "goal-outcome"
	ClassMeasure  lexicon.TermClass = "goal-measure"
	// ClassExercise lists exercises (CPT 97110); ClassGoalExercise adds the drills
	// goals name that the 97530 rules do not need. Matched on their own so "hip
	// flexion" stays a range of motion in the main scan.
	ClassExercise     lexicon.TermClass = "exercise"
	ClassGoalExercise lexicon.TermClass = "goal-exercise"
	impairmentPfx                       = "impairment-"
)

// Word classes of the goal parser: single lower-case words it compares tokens
// against, kept as data so each names its source.
const (
	ClassMovementVerbs  lexicon.TermClass = "goal-movement-verbs"   // move a body part: "lateralize tongue"
	ClassOralStructures lexicon.TermClass = "goal-oral-structures"  // what a speech or swallow drill moves
	ClassDevices        lexicon.TermClass = "goal-devices"          // a measure before one is its name: "thumb abduction orthosis"
	ClassBolus          lexicon.TermClass = "goal-bolus"            // after "for", a swallow's condition
	ClassKnowledgeVerbs lexicon.TermClass = "goal-knowledge-verbs"  // "state 3 signs of infection"
	ClassSoundClasses   lexicon.TermClass = "goal-sound-classes"    // "produce bilabials in words"
	ClassMonitorVerbs   lexicon.TermClass = "goal-monitoring-verbs" // "check BP daily and record in log"
	ClassStimuli        lexicon.TermClass = "goal-sensory-stimuli"  // "tolerate tapping to residual limb"
	ClassMuscleGroups   lexicon.TermClass = "goal-muscle-groups"    // "MMT 4+/5 for hip and knee extensors"
)

// Classifier analyses goal sentences. It is immutable apart from its tagger
// (loaded once) and its bounded sentence cache, and safe for concurrent use.
type Classifier struct {
	words    *textmatch.Matcher  // every goal term, one pass
	exercise *textmatch.Matcher  // exercises and drills
	cat      map[string]category // term as listed → category
	kind     map[string]string   // impairment term → kind
	tagger   *Tagger
	cache    *cache
	// typo maps a long word with two adjacent letters swapped ("strenght") to
	// the single-word impairment term it misspells, when no term word is spelt
	// that way.
	typo map[string]string
	// bodyPart finds a body part in a text (lexicon.TemplateSet.BodyPart); nil
	// when the lexicon has no goal regions.
	bodyPart func(text string) (part, region string)
	// The parser's word classes (ClassMovementVerbs and the rest).
	movementVerbs, oralStructures, deviceNouns, bolusWords, knowledgeVerbs, soundClasses, monitorVerbs, stimuli, muscleGroups map[string]bool
}

type classifierKey struct{}

// ForLexicon returns the Classifier of lex's term lists, built on first use and
// then shared by every rule and goroutine that lints with lex (it hangs off the
// term table, see lexicon.TermTable.Derived). Its cache and tagger therefore live
// as long as the lexicon: one per process for the built-in lexicon, a fresh one
// when configuration adds terms.
func ForLexicon(lex *lexicon.Lexicon) *Classifier {
	return lex.Terms.Derived(classifierKey{}, func(t *lexicon.TermTable) any {
		return forLexicon(lex, t, DefaultCacheSize)
	}).(*Classifier)
}

// forLexicon builds the classifier of lex: t's term classes, and the body-part
// words of lex's goal regions (goal_regions.tsv), by which "restrictions to the
// anterior neck" names a place, not a purpose.
func forLexicon(lex *lexicon.Lexicon, t *lexicon.TermTable, cacheSize int) *Classifier {
	c := New(t, cacheSize)
	if lex.Templates != nil {
		c.bodyPart = lex.Templates.BodyPart
	}
	return c
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
	c.typo = typos(terms, c.cat)
	c.words = textmatch.New(terms)
	c.exercise = textmatch.New(append(append([]string(nil), t.List(ClassExercise)...), t.List(ClassGoalExercise)...))
	c.movementVerbs = wordSet(t.List(ClassMovementVerbs))
	c.oralStructures = wordSet(t.List(ClassOralStructures))
	c.deviceNouns = wordSet(t.List(ClassDevices))
	c.bolusWords = wordSet(t.List(ClassBolus))
	c.knowledgeVerbs = wordSet(t.List(ClassKnowledgeVerbs))
	c.soundClasses = wordSet(t.List(ClassSoundClasses))
	c.monitorVerbs = wordSet(t.List(ClassMonitorVerbs))
	c.stimuli = wordSet(t.List(ClassStimuli))
	c.muscleGroups = wordSet(t.List(ClassMuscleGroups))
	return c
}

// wordSet indexes a word class by its lower-case words, the form tokens take.
func wordSet(words []string) map[string]bool {
	set := make(map[string]bool, len(words))
	for _, w := range words {
		set[strings.ToLower(w)] = true
	}
	return set
}

// minTypoLen is the shortest impairment term whose transposed spellings are
// read as it: below it a swap too often makes another real word.
const minTypoLen = 7

// typos returns the adjacent-letter transpositions of the single-word
// impairment terms of minTypoLen letters or more. A swap that spells a word of
// any term, or two impairment terms, is left out.
func typos(terms []string, cat map[string]category) map[string]string {
	vocab := map[string]bool{}
	for _, t := range terms {
		for _, w := range strings.Fields(strings.TrimSuffix(t, "*")) {
			vocab[w] = true
		}
	}
	typo := map[string]string{}
	clash := map[string]bool{}
	for _, t := range terms {
		if cat[t] != catImpairment || len(t) < minTypoLen || strings.ContainsAny(t, " *-/") {
			continue
		}
		b := []byte(t)
		for i := 0; i+1 < len(b); i++ {
			if b[i] == b[i+1] {
				continue
			}
			b[i], b[i+1] = b[i+1], b[i]
			w := string(b)
			b[i], b[i+1] = b[i+1], b[i]
			if vocab[w] {
				continue
			}
			if prev, ok := typo[w]; ok && prev != t {
				clash[w] = true
			}
			typo[w] = t
		}
	}
	for w := range clash {
		delete(typo, w)
	}
	return typo
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

// patientVoice finds the patient's or family's own words quoted in a goal
// ("I want my voice to be louder.", “We want Leo to use longer sentences”):
// the byte range of the quote, marks included, its words and the words after
// it, when it is in the first person and the goal goes on after it.
func patientVoice(text string) (a, b int, quote, rest []textmatch.Token, ok bool) {
	a = strings.IndexAny(text, "\"“")
	if a < 0 {
		return 0, 0, nil, nil, false
	}
	_, w := utf8.DecodeRuneInString(text[a:])
	e := strings.IndexAny(text[a+w:], "\"”")
	if e < 0 {
		return 0, 0, nil, nil, false
	}
	_, w2 := utf8.DecodeRuneInString(text[a+w+e:])
	b = a + w + e + w2
	quote, rest = textmatch.Tokenize(text[a:b]), textmatch.Tokenize(text[b:])
	first := false
	for _, t := range quote {
		switch t.Word {
		case "i", "my", "me", "we", "our", "us":
			first = true
		}
	}
	return a, b, quote, rest, first && len(quote) >= 3 && len(rest) >= 3
}

// ownGoal reports a goal with its own actor and modal ("— pt will be indep w/
// HEP per teach-back") in the words after a quoted wish.
func ownGoal(rest []textmatch.Token) bool {
	for i := 1; i < len(rest) && i < 6; i++ {
		if (rest[i].Word == "will" || rest[i].Word == "to") && actorNouns[rest[i-1].Word] {
			return true
		}
	}
	return false
}

// wish reads a quoted wish: whether it names a listed activity ("I want to
// walk my dog") and whether it names a body part or a body function ("my
// scar", "my voice", "my knee to bend").
func (c *Classifier) wish(quote []textmatch.Token) (activity, body bool) {
	for _, m := range c.words.FindTokens(quote) {
		switch c.cat[m.Term] {
		case catFunction, catOutcome:
			activity = true
		case catImpairment:
			body = true
		}
	}
	for _, t := range quote {
		body = body || c.bodyPartOf(t.Word) || c.oralStructures[t.Word] || wishedBody[t.Word]
	}
	return activity, body
}

// wishedBody are the structures a patient's wish names that the goal regions
// do not (ICF s1-s8 in everyday words): "I want my voice to be louder", "my
// legs to be stronger", "my scar to stop pulling".
var wishedBody = map[string]bool{
	"voice": true, "scar": true, "skin": true, "leg": true, "legs": true, "arm": true, "arms": true,
	"muscles": true, "joints": true, "bladder": true, "bowels": true, "memory": true, "speech": true,
}

// quantityUnits follow a number that quantifies an activity ("300 ft", "60 min").
var quantityUnits = map[string]bool{
	"ft": true, "feet": true, "foot": true, "m": true, "meters": true, "yards": true, "mile": true,
	"miles": true, "mi": true, "min": true, "mins": true, "minutes": true, "minute": true, "hr": true,
	"hrs": true, "hour": true, "hours": true, "s": true, "sec": true, "secs": true, "seconds": true,
	"lb": true, "lbs": true, "pounds": true, "kg": true, "oz": true, "ml": true, "cc": true, "steps": true, "stairs": true,
	"reps": true, "repetitions": true, "times": true, "x": true, "blocks": true, "laps": true, "flights": true, "flight": true,
}

func (c *Classifier) classify(text string) Facts {
	if a, b, quote, rest, ok := patientVoice(text); ok {
		if activity, body := c.wish(quote); !activity && (body || ownGoal(rest)) {
			// "I want my knee to bend enough to feel normal again." → R knee flexion
			// ≥ 115°: the patient's wish for a body part, in their own words, and the
			// therapist's measure after it, which is the goal (as is a goal with its
			// own actor after any wish). Blanked to spaces, the quote keeps every
			// other byte where it was. A wish that names an activity, or no body part
			// before no goal of its own ("I want to knit again" — R grip 20 lb), stays.
			return c.classify(text[:a] + strings.Repeat(" ", b-a) + text[b:])
		}
	}
	var f Facts
	f.Decision = ByWords
	all := textmatch.Tokenize(text)
	if len(all) == 0 {
		return f
	}
	g := gaps{text, all}
	end := statusStart(g)
	if end < len(all) {
		f.Parts.Status = Span{all[end-1].End, len(text)}
		for f.Parts.Status.Start < len(text) && text[f.Parts.Status.Start] == ' ' {
			f.Parts.Status.Start++
		}
	}
	toks := all[:end]
	for i := range toks {
		if t, ok := c.typo[toks[i].Word]; ok {
			toks[i].Word = t // "functional strenght of BLE"
		}
	}
	g.toks = toks
	tf, hasTF := findTimeframe(text, toks)
	if hasTF {
		f.Timeframe, f.Parts.Timeframe = tf, tf
	}
	inTFb := func(start int) bool { return hasTF && start >= tf.Start && start < tf.End }
	inTF := func(i int) bool { return i >= 0 && i < len(toks) && inTFb(toks[i].Start) }
	gap := g.at

	// Vocabulary.
	var hits []hit
	tokAt := make(map[int]int, len(toks)) // byte start → token index
	endAt := make(map[int]int, len(toks)) // byte end → token index after
	for i, t := range toks {
		tokAt[t.Start] = i
		endAt[t.End] = i + 1
	}
	for _, m := range c.words.FindTokens(toks) {
		if inTFb(m.Start) {
			continue
		}
		cat := c.cat[m.Term]
		if cat == 0 {
			continue
		}
		i, e := tokAt[m.Start], endAt[m.End]
		if cat == catMeasure && i > 0 && comparative(toks[i-1].Word, gap(i)) {
			continue // "more independent", "↑ independence": no level
		}
		if cat == catImpairment && i > 0 && e == i+1 && (quantityUnits[m.Term] || timeUnits[m.Term]) && (strings.HasSuffix(gap(i), "/") || isQuantity(toks[i-1].Word) && !strings.ContainsAny(gap(i), ".:;)")) {
			continue // "20 parts/hr", "2 hr": a unit of time, not heart rate ("LTG 2. HR …" is)
		}
		if cat == catFunction && e == i+1 && (toks[i].Word == "rise" || toks[i].Word == "rises") && i > 0 && (c.cat[toks[i-1].Word] == catImpairment || toks[i-1].Word == "abdominal" || toks[i-1].Word == "chest") {
			continue // "SBP rise ≤ 40 mmHg", "abdominal rise": a measure rising, not rising from a chair
		}
		if cat == catImpairment && e < len(toks) && c.deviceNouns[toks[e].Word] {
			continue // "thumb abduction orthosis", "edema glove": a device's name
		}
		if cat == catFunction && e == i+1 && acronym(text, toks[i]) && !activityInitials[toks[i].Word] {
			continue // "Sentence intelligibility on SIT": a test's initials, not sitting
		}
		if cat == catFunction && i > 0 && e == i+1 && gap(i) == "-" && isDigits(toks[i-1].Word) {
			continue // "4-step sequencing", "2-step directions": a count, not stairs
		}
		if e == i+1 && toks[i].Word == "vc" && i > 0 && (cueLevels[toks[i-1].Word] || isDigits(toks[i-1].Word)) {
			continue // "min VC", "2 VC": verbal cues counted, not a VC syllable drill
		}
		hits = append(hits, hit{cat: cat, kind: c.kind[m.Term], tok: i, end: e, start: m.Start, stop: m.End})
	}
	mrc := false // the goal names the MRC scale
	for _, t := range toks {
		if t.Word == "mrc" {
			mrc = true
		}
	}
	for i, t := range toks {
		if mrc && len(t.Word) == 2 && t.Word[0] == 'm' && t.Word[1] >= '0' && t.Word[1] <= '5' && !inTFb(t.Start) {
			// "EDC M3 (MRC)": a Medical Research Council grade
			hits = append(hits, hit{cat: catImpairment, kind: "strength", tok: i, end: i + 1, start: t.Start, stop: t.End})
		}
		if t.Word == "mobility" && i > 0 && !covered(hits, i) && (jointWords[toks[i-1].Word] || c.bodyPartOf(toks[i-1].Word)) && !inTFb(t.Start) {
			// "patellar mobility", "thoracic mobility": mobility of a joint (ICF
			// b710), not functional mobility ("bed mobility" is listed)
			hits = append(hits, hit{cat: catImpairment, kind: "rom", tok: i, end: i + 1, start: t.Start, stop: t.End})
		}
		if (t.Word == "digit" || t.Word == "digits") && i > 0 && i+1 < len(toks) && gap(i) == "-" && isDigits(toks[i-1].Word) && spanNouns[toks[i+1].Word] && !inTFb(t.Start) {
			// "6-digit sequences": a digit-span stimulus, not a finger nor a
			// number the patient uses ("a 4-digit PIN", "a 10-digit phone number")
			hits = append(hits, hit{cat: catImpairment, kind: "drill", tok: i, end: i + 1, start: t.Start, stop: t.End})
		}
	}
	for _, m := range c.exercise.FindTokens(toks) {
		if !inTFb(m.Start) {
			hits = append(hits, hit{cat: catExercise, tok: tokAt[m.Start], end: endAt[m.End], start: m.Start, stop: m.End})
		}
	}

	// Patterns: grades "4/5", scores "3/10", trial counts "4/5 trials", degrees,
	// numbers and cue or assist levels.
	crit := func(a, b int) { f.Parts.Criteria = append(f.Parts.Criteria, Span{toks[a].Start, toks[b-1].End}) }
	for i := labelEnd(g); i < len(toks); i++ {
		t := toks[i]
		if inTF(i) {
			continue
		}
		if i == 0 && isDigits(t.Word) && len(toks) > 1 && (strings.HasPrefix(gap(1), ".") || strings.HasPrefix(gap(1), ")")) && !isDigits(toks[1].Word) {
			continue // list numbering left in the text: "1. Increase …"
		}
		if i+1 < len(toks) && isDigits(t.Word) && isDigits(toks[i+1].Word) {
			gp := strings.TrimSpace(gap(i + 1))
			if gp == "/" || gp == "+/" || gp == "-/" {
				f.Measurable = true
				e := i + 2
				if e < len(toks) && countNoun(g, e, hits) {
					crit(i, e+1) // "4/5 trials", "8/10 swallows": a trial criterion
					i = e
					continue
				}
				crit(i, e)
				switch toks[i+1].Word {
				case "5":
					hits = append(hits, hit{cat: catImpairment, kind: "strength", tok: i, end: e, start: t.Start, stop: toks[i+1].End})
				case "10":
					hits = append(hits, hit{cat: catImpairment, kind: "pain", tok: i, end: e, start: t.Start, stop: toks[i+1].End})
				}
				i++
				continue
			}
		}
		if i > 0 && isLevel(t.Word) && (toks[i-1].Word == "to" || i > 1 && (toks[i-1].Word == "reach" || toks[i-1].Word == "touch") && toks[i-2].Word == "to") {
			f.Measurable = true // "IR to T10": a spinal level reached
			crit(i-1, i+1)
			continue
		}
		if i > 0 && gap(i) == "-" && isLevel(toks[i-1].Word) {
			continue // a spinal level range: "L4-5"
		}
		if strings.HasPrefix(gap(i+1), "°") || i+1 < len(toks) && (toks[i+1].Word == "deg" || toks[i+1].Word == "degrees" || toks[i+1].Word == "degree") {
			f.Measurable = true
			crit(i, i+1)
			nx := i + 1
			if nx < len(toks) && strings.HasPrefix(toks[nx].Word, "deg") {
				nx++
			}
			if nx >= len(toks) || !degreeNoun(g, nx, hits) {
				hits = append(hits, hit{cat: catImpairment, kind: "rom", tok: i, end: i + 1, start: t.Start, stop: t.End})
			} else if nx > i+1 {
				// "180 deg turns": the word for degrees is the turn's size, not a range of motion
				kept := hits[:0]
				for _, h := range hits {
					if h.tok != i+1 || h.cat != catImpairment {
						kept = append(kept, h)
					}
				}
				hits = kept
			}
			continue
		}
		if (isQuantity(t.Word) && !isOrdinal(t.Word)) || numberWords[t.Word] {
			f.Measurable = true
			e := i + 1
			if e < len(toks) && (quantityUnits[toks[e].Word] || doseWords[toks[e].Word]) {
				e++
			}
			crit(i, e)
			continue
		}
		if t.Word == "neutral" && i > 0 && (toks[i-1].Word == "to" || toks[i-1].Word == "past") {
			f.Measurable = true // "DF to neutral": a defined angle, 0°
			crit(i-1, i+1)
			continue
		}
		if t.Word == "i" && i > 0 && text[t.Start] == 'I' && (i+1 == len(toks) || clauseBreak(gap(i+1)) || toks[i+1].Word == "w" && strings.HasPrefix(gap(i+2), "/") || toks[i+1].Word == "with") {
			f.Measurable = true // "amb 150 ft w/ RW I": independent
			crit(i, i+1)
			continue
		}
		if cueLevels[t.Word] && !(i > 0 && comparative(toks[i-1].Word, gap(i))) {
			for k := i + 1; k < len(toks) && k <= i+3; k++ {
				if cueHeads[toks[k].Word] {
					f.Measurable = true
					crit(i, k+1)
					break
				}
			}
		}
	}
	if strings.Contains(text[:toks[len(toks)-1].End], "%") {
		f.Measurable = true
	}

	// Collect.
	for _, h := range hits {
		switch h.cat {
		case catMeasure:
			f.Measurable = true
			dup := false
			for _, c := range f.Parts.Criteria {
				dup = dup || c.Start <= h.start && h.stop <= c.End
			}
			if !dup {
				f.Parts.Criteria = append(f.Parts.Criteria, Span{h.start, h.stop})
			}
		case catImpairment:
			f.addKind(h.kind)
			f.ImpairmentTerms = append(f.ImpairmentTerms, text[h.start:h.stop])
		case catFunction, catOutcome:
			f.Activities = append(f.Activities, text[h.start:h.stop])
		}
	}
	c.parseGoal(&f, g, len(toks), hits, inTF)
	return f
}

// spanNouns follow "N-digit" in a digit-span drill.
var spanNouns = map[string]bool{
	"series": true, "sequence": true, "sequences": true, "string": true, "strings": true,
	"span": true, "spans": true, "forward": true, "backward": true, "reversed": true,
}

// activityInitials are activities whose usual written form is their initials,
// so capitals do not make them another test's name: "for ADL performance".
var activityInitials = map[string]bool{"adl": true, "iadl": true, "adls": true, "iadls": true, "amb": true, "sts": true}

// acronym reports whether token t is written as a short all-capitals word in a
// text that is not itself written in capitals ("SIT", "TUG"): initials.
func acronym(text string, t textmatch.Token) bool {
	w := text[t.Start:t.End]
	if len(w) < 2 || len(w) > 4 {
		return false
	}
	for i := 0; i < len(w); i++ {
		if w[i] < 'A' || w[i] > 'Z' {
			return false
		}
	}
	lower := 0
	for i := 0; i < len(text); i++ {
		if text[i] >= 'a' && text[i] <= 'z' {
			lower++
		}
	}
	return lower*2 > len(text)/2 // mostly lower case around it
}

// comparative reports whether w (or a ↑/↓ in the gap before the next word) makes
// the level after it a comparison: "more independent", "less assistance".
func comparative(w, gapBefore string) bool {
	switch w {
	case "more", "less", "increased", "improved", "greater", "better", "decreased", "reduced", "↑", "↓":
		return true
	}
	return strings.ContainsAny(gapBefore, "↑↓")
}

// cueLevels and cueHeads form cue and assist levels around a modifier: "min
// verbal cues", "mod tactile cueing", "max A".
var cueLevels = map[string]bool{
	"min": true, "mod": true, "max": true, "minimal": true, "moderate": true, "maximal": true,
	"maximum": true, "minimum": true, "no": true, "zero": true, "indep": true, "total": true,
}
var cueHeads = map[string]bool{
	"cues": true, "cue": true, "cueing": true, "cuing": true, "prompts": true, "prompt": true,
	"prompting": true, "assist": true, "assistance": true, "a": true, "help": true,
}

// countNoun reports whether toks[k], right after a fraction, names what is counted
// ("4/5 trials", "8/10 swallows", "3/5 sessions", "9/10 accuracy"), so the fraction
// is a trial criterion and not a strength grade or a pain score.
func countNoun(g gaps, k int, hits []hit) bool {
	w := g.toks[k].Word
	if strings.TrimSpace(g.at(k)) != "" || isDigits(w) || prepositions[w] || fractionFollowers[w] {
		return false
	}
	for _, h := range hits {
		if h.cat == catImpairment && k >= h.tok && k < h.end {
			return false // "3/5 strength"
		}
	}
	return true
}

// fractionFollowers are words after a grade or score that do not make it a count.
var fractionFollowers = map[string]bool{
	"and": true, "or": true, "by": true, "x": true, "pain": true, "vas": true, "nprs": true,
	"nrs": true, "at": true, "mmt": true, "in": true, "or better": true, "throughout": true,
	"b": true, "bilat": true, "bilaterally": true, "l": true, "r": true, "for": true, "after": true,
	"w": true, "with": true, "without": true, "during": true, "while": true, "when": true,
}

// degreeNoun reports whether the word after a degree sign names the movement the
// angle measures as a task ("180° turns", "90° pivot"), not a joint angle.
func degreeNoun(g gaps, k int, hits []hit) bool {
	w := g.toks[k].Word
	if prepositions[w] || fractionFollowers[w] || isDigits(w) || strings.TrimSpace(g.at(k)) != "" && strings.TrimSpace(g.at(k)) != "°" {
		return false
	}
	for _, h := range hits {
		if h.cat == catImpairment && k >= h.tok && k < h.end {
			return false // "120° flexion"
		}
	}
	return true
}

// isOrdinal reports "2nd", "4th", "3rd", "1st": an order, not a quantity.
func isOrdinal(w string) bool {
	for _, s := range [...]string{"st", "nd", "rd", "th"} {
		if d, ok := strings.CutSuffix(w, s); ok && isDigits(d) {
			return true
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
	if i == len(w) {
		return true
	}
	suf := w[i:]
	if j := strings.IndexByte(suf, 'x'); j == 0 && isDigits(suf[1:]) {
		return true // "3x10"
	}
	return gluedUnits[suf]
}

// gluedUnits may follow a number without a space ("20s", "4oz", "10x", "300ft").
// Other letters make a code or a device ("4WW", "L4"), not a quantity.
var gluedUnits = map[string]bool{
	"x": true, "s": true, "sec": true, "secs": true, "min": true, "mins": true, "ft": true,
	"m": true, "cm": true, "mm": true, "lb": true, "lbs": true, "kg": true, "oz": true,
	"in": true, "yd": true, "yds": true, "hr": true, "hrs": true, "h": true, "mph": true,
	"rpm": true, "db": true, "kpa": true, "deg": true, "reps": true, "ml": true, "cc": true,
	"wpm": true, "bpm": true, "mi": true, "km": true, "k": true, "pct": true, "g": true,
}

// prepositions end the look-back for a quantity before an activity: in "120° in
// sitting" the number belongs to the measure, not to the position.
var prepositions = map[string]bool{
	"in": true, "on": true, "at": true, "with": true, "w": true, "during": true, "while": true,
	"to": true, "of": true, "into": true,
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

// jointWords name a joint or a segment without naming a body part.
var jointWords = map[string]bool{"joint": true, "segmental": true, "spinal": true, "patellar": true, "thoracic": true, "lumbar": true, "cervical": true}

// covered reports a vocabulary hit on token i.
func covered(hits []hit, i int) bool {
	for _, h := range hits {
		if i >= h.tok && i < h.end {
			return true
		}
	}
	return false
}

// bodyPartOf reports whether the word alone names a body part (false without
// a body-part table).
func (c *Classifier) bodyPartOf(w string) bool {
	if c.bodyPart == nil {
		return false
	}
	part, _ := c.bodyPart(w)
	return part != ""
}
