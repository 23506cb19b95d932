package nlp

import (
	"strings"

	"github.com/soaplint/soaplint/lexicon/textmatch"
)

// Parts is a goal's structure in the ABCDE form of the goal-writing literature
// (Randall & McEwen 2000; Bovend'Eerdt et al. 2009): the Actor, the Behaviour (main
// Verb and its Object), the Conditions it is done under (pain limits, ROM, device,
// surface, assist), the Criteria it is measured by (degree), and the Timeframe; plus
// a Purpose clause that ties a measure to a task ("to allow stair descent") and a
// Status suffix of a progress report ("— MET 11/14"). Spans are byte offsets into
// the goal text; an absent part is an empty span.
type Parts struct {
	Actor, Verb, Object Span
	Conditions          []Span
	Criteria            []Span
	Purpose             Span
	Timeframe           Span
	Status              Span
	// Change: the verb states a change in, or a level of, a measure (↑, increase,
	// improve, maintain, achieve, demonstrate, report) rather than an action.
	Change bool
}

// changeVerbs state a change in, or a level of, what follows: the goal is about
// its object, which may be a body function (ICF b) or an activity (ICF d).
var changeVerbs = map[string]bool{
	"increase": true, "increased": true, "improve": true, "improved": true, "decrease": true,
	"decreased": true, "reduce": true, "reduced": true, "diminish": true, "minimize": true,
	"eliminate": true, "resolve": true, "normalize": true, "restore": true, "regain": true,
	"gain": true, "maintain": true, "achieve": true, "attain": true, "demonstrate": true,
	"demo": true, "display": true, "exhibit": true, "show": true, "report": true, "rate": true, "have": true,
	"present": true, "inc": true, "dec": true, "incr": true, "decr": true, "enhance": true,
	"promote": true, "lessen": true, "lower": true, "raise": true, "score": true, "obtain": true, "progress": true, "integrate": true,
	"strengthen": true, "strengthens": true,
}

// doVerbs take an activity or an exercise as their object ("perform toilet
// transfer", "perform 3x10 SLR", "tolerate 20 min on the bike").
var doVerbs = map[string]bool{
	"perform": true, "complete": true, "do": true, "tolerate": true, "tol": true, "demonstrate": true,
	"demo": true, "participate": true, "engage": true,
}

// actorVerbs link the actor to the behaviour: "Pt will …", "Pt would like to …".
// "wil" and "wll" are "will" typed in haste.
var actorVerbs = map[string]bool{"will": true, "wil": true, "wll": true, "would": true, "wants": true, "shall": true, "should": true, "to": true}

// toActor reports whether toks[first:i] is an actor before a goal's "to": "Pt
// to amb", "The patient is to ambulate", "Resident is to self-propel" — not an
// object before a purpose ("ROM to 120°", "strength to climb").
func toActor(toks []textmatch.Token, first, i int) bool {
	k := i
	if k-1 > first && (toks[k-1].Word == "is" || toks[k-1].Word == "are") {
		k-- // "is to": the modal future of the goal
	}
	if k-1 >= first && k-first <= 2 && actorNouns[toks[k-1].Word] {
		return k-1 == first || toks[first].Word == "the"
	}
	return false
}

// actorNouns are who a goal is about.
var actorNouns = map[string]bool{
	"pt": true, "patient": true, "resident": true, "client": true, "child": true, "student": true,
	"infant": true, "caregiver": true, "family": true,
}

// leadSkip are the words between "will" and the goal's main verb.
var leadSkip = map[string]bool{
	"be": true, "able": true, "to": true, "safely": true, "consistently": true, "like": true,
	"successfully": true, "then": true, "now": true, "also": true, "again": true, "once": true,
	"correctly": true, "accurately": true, "reliably": true,
}

// conditionMarkers open a condition or criterion phrase after the behaviour.
var conditionMarkers = map[string]bool{
	"w": true, "with": true, "without": true, "using": true, "via": true, "on": true, "at": true,
	"during": true, "while": true, "given": true, "in": true, "per": true, "throughout": true,
	"when": true, "from": true, "as": true, "upon": true, "under": true, "into": true, "x": true,
	"within": true, "by": true, "across": true, "after": true, "before": true,
}

// purposeMarkers open a purpose clause: "so that pt can", "needed to", "in order to".
var purposeMarkers = map[string]bool{
	"so": true, "allow": true, "allows": true, "allowing": true, "enable": true, "enables": true,
	"enabling": true, "permit": true, "permits": true, "permitting": true, "needed": true, "required": true,
	"necessary": true, "order": true, "facilitate": true, "sufficient": true, "adequate": true,
}

// progressionOf reports "progression to", "progression of", "progress to" at
// toks[j]: the step a programme takes next, named by what follows.
func progressionOf(toks []textmatch.Token, j, end int) bool {
	switch toks[j].Word {
	case "progression", "progress", "advancement", "advance":
		n := wordAt(toks, j+1)
		return j+1 < end && (n == "to" || n == "of" || n == "in")
	}
	return false
}

// modifiesMeasure reports an unlisted word at toks[j] that modifies an
// impairment measure or an exercise within the next two words of its noun
// phrase ("resistive strengthening", "active-assisted exercise"): the head
// decides. A gerund is an action of its own ("shoveling pain-free").
func modifiesMeasure(g gaps, j, end int, catAt func(int) category) bool {
	for k := j; k < end && k < j+2; k++ {
		w := g.toks[k].Word
		if catAt(k) != 0 || strings.HasSuffix(w, "ing") || strings.ContainsAny(g.at(k+1), ",;.()") || isQuantity(w) {
			return false
		}
		if k+1 < end {
			if c := catAt(k + 1); c == catImpairment || c == catExercise {
				return true
			}
		}
	}
	return false
}

// reportVerbs tell what is felt.
var reportVerbs = map[string]bool{
	"report": true, "reports": true, "rate": true, "indicate": true, "communicate": true, "express": true,
	"tell": true, "point": true, "verbalize": true, "verbalise": true, "state": true, "show": true,
}

// painIn reports a pain measure among toks[a:b].
func painIn(hits []hit, a, b int) bool {
	for _, h := range hits {
		if h.cat == catImpairment && h.kind == "pain" && h.tok >= a && h.tok < b {
			return true
		}
	}
	return false
}

// communicatedOn reports, among toks[a:b], a communication aid ("picture
// board", "body chart", "AAC") or a listener after "to" or "with" ("to
// nursing", "w/ staff").
func communicatedOn(toks []textmatch.Token, a, b int) bool {
	for k := a; k < b && k < len(toks); k++ {
		switch w := toks[k].Word; w {
		case "board", "aac", "picture", "pictures", "gesture", "gestures":
			return true
		case "chart":
			if k > 0 && toks[k-1].Word == "body" {
				return true
			}
		case "to", "with", "w":
			switch wordAt(toks, k+1) {
			case "nursing", "nurse", "nurses", "staff", "caregiver", "caregivers", "family", "spouse", "rn", "cna", "team", "md", "physician", "doctor":
				return true
			}
		}
	}
	return false
}

// frontedPurpose reports a purpose clause that opens the goal and ends at a
// comma or colon before it ("In order to improve hand function, pt will ↑
// grip …", "To allow tub transfers, pt will …", "For safe stair negotiation:
// pt will …"), returning the token after its comma or colon, where the goal
// itself starts, or -1. "In order to" and "so that"
// open one whatever follows; "to" and "for" only before an actor and its verb,
// since "To ambulate 150 ft w/ RW, CGA" is the goal itself.
func frontedPurpose(g gaps, s0, end int) int {
	toks := g.toks
	if s0+2 >= end {
		return -1
	}
	w := toks[s0].Word
	sure := w == "in" && toks[s0+1].Word == "order" && toks[s0+2].Word == "to" || w == "so" && toks[s0+1].Word == "that"
	if !sure && w != "to" && w != "for" {
		return -1
	}
	for k := s0 + 2; k < end && k < s0+16; k++ {
		if strings.ContainsAny(g.at(k), ".;") {
			return -1
		}
		if !strings.ContainsAny(g.at(k), ",:") {
			continue
		}
		if sure {
			return k
		}
		for a := k + 1; a < end && a < k+4; a++ {
			if actorVerbs[toks[a].Word] && toActorOrModal(toks, k, a) {
				return k
			}
		}
		return -1
	}
	return -1
}

// toActorOrModal reports an actor before a modal ("pt will") or before a goal's
// "to" ("pt to") in toks[first:i].
func toActorOrModal(toks []textmatch.Token, first, i int) bool {
	if toks[i].Word != "to" {
		return true
	}
	return toActor(toks, first, i)
}

// treatmentNouns name what is done about the impairment before them.
var treatmentNouns = map[string]bool{
	"prevention": true, "management": true, "control": true, "reduction": true, "relief": true,
	"resolution": true,
}

// orComparison close a value after "or": "1.2 or less", "90% or better".
var orComparison = map[string]bool{
	"less": true, "more": true, "greater": true, "fewer": true, "better": true, "lower": true,
	"higher": true, "above": true, "below": true, "under": true, "over": true,
}

// comparedTo take "to" for what they are compared with: "equal to the
// uninvolved side", "comparable to age peers".
var comparedTo = map[string]bool{
	"equal": true, "equals": true, "similar": true, "comparable": true, "identical": true,
	"symmetrical": true, "symmetric": true, "relative": true, "compared": true, "proportional": true,
}

// purposeAt reports a purpose marker at toks[k]; "order" opens one only in "in
// order to" ("in reverse order" is a condition of the drill), "adequate" and
// "sufficient" only before "to" or "for".
func purposeAt(toks []textmatch.Token, k int) bool {
	w := toks[k].Word
	switch w {
	case "order":
		return k > 0 && toks[k-1].Word == "in" && k+1 < len(toks) && toks[k+1].Word == "to"
	case "adequate", "sufficient", "necessary", "enough":
		// "strength sufficient to climb", "tone low enough that pt can thread
		// a sleeve", not "w/ adequate laryngeal elevation"
		return k+1 < len(toks) && (toks[k+1].Word == "to" || toks[k+1].Word == "for" || toks[k+1].Word == "that")
	}
	return purposeMarkers[w]
}

// purposeSkip are the linking words inside a purpose clause before its content.
var purposeSkip = map[string]bool{
	"to": true, "for": true, "so": true, "that": true, "pt": true, "patient": true, "he": true,
	"she": true, "they": true, "child": true, "student": true, "can": true, "could": true,
	"will": true, "may": true, "be": true, "being": true, "able": true, "in": true, "order": true, "allow": true,
	"allows": true, "allowing": true, "enable": true, "enables": true, "enabling": true,
	"permit": true, "permitting": true, "needed": true, "required": true, "necessary": true,
	"help": true, "assist": true, "aid": true, "the": true, "a": true, "an": true, "his": true, "her": true,
	"their": true, "safe": true, "safely": true, "safer": true, "sufficient": true, "adequate": true, "enough": true, "pts": true,
	// "to meet criteria for …", "to be ready for …": what follows decides
	"meet": true, "criteria": true, "criterion": true, "ready": true, "readiness": true,
}

// isGeneric reports a generic purpose word, or a long one misspelt by one
// letter ("for functional activites"): a typo should not make a purpose name a
// task the writer did not mean.
func isGeneric(w string) bool { return inOrOneEdit(genericPurpose, w) }

// inOrOneEdit reports w in set, or, for a word of minTypoLen letters or more,
// one edit away from a member as long.
func inOrOneEdit(set map[string]bool, w string) bool {
	if set[w] {
		return true
	}
	if len(w) < minTypoLen {
		return false
	}
	for m := range set {
		if len(m) >= minTypoLen && oneEditApart(w, m) {
			return true
		}
	}
	return false
}

// oneEditApart reports whether a and b differ by one inserted, deleted or
// replaced letter, or two adjacent letters swapped.
func oneEditApart(a, b string) bool {
	if len(a) < len(b) {
		a, b = b, a
	}
	switch len(a) - len(b) {
	case 0:
		i := 0
		for i < len(a) && a[i] == b[i] {
			i++
		}
		if i == len(a) {
			return false // the same word
		}
		if a[i+1:] == b[i+1:] {
			return true // one letter replaced
		}
		return i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
	case 1:
		i := 0
		for i < len(b) && a[i] == b[i] {
			i++
		}
		return a[i+1:] == b[i:]
	}
	return false
}

// genericPurpose are words of a purpose clause that name no particular task ("for
// improved function", "for functional activities", "to improve hand function").
var genericPurpose = map[string]bool{
	"function": true, "functional": true, "functioning": true, "activities": true, "activity": true,
	"tasks": true, "task": true, "daily": true, "overall": true, "general": true, "performance": true,
	"improved": true, "better": true, "increased": true, "use": true, "usage": true, "hand": true,
	"ue": true, "le": true, "arm": true, "leg": true, "upper": true, "lower": true, "limb": true,
	"limbs": true, "extremity": true, "extremities": true, "qol": true, "and": true, "or": true, "of": true, "all": true,
	"with": true, "w": true, "more": true, "greater": true, "normal": true, "prevent": true,
	"motor": true, "skills": true, "skill": true, "life": true, "quality": true,
	"goals": true, "goal": true, "prevention": true, "gains": true, "gain": true, "outcomes": true,
	// ICF's name for the whole domain of activities: "for improved participation"
	// names no task; "participation in choir" still does.
	"participation": true,
	// a degree of the measure it qualifies ("to allow full composite fist")
	"full": true, "fully": true,
	// "for fine motor tasks", "for gross motor skills": a class of skills, no task
	"fine": true, "gross": true,
	// a return to a previous state ("to return to PLOF", "for functional
	// recovery") names no task; "return to work" still does
	"plof": true, "prior": true, "previous": true, "baseline": true, "recovery": true, "level": true,
	// "for injury prevention", "to reduce re-injury risk": another impairment
	"injury": true, "injuries": true, "reinjury": true, "risk": true,
	// a degree or a programme of the measure, not a task: "for effective
	// secretion clearance", "to allow progression of strengthening program"
	"effective": true, "efficient": true, "optimal": true, "optimum": true, "proper": true,
	"progression": true, "program": true, "programme": true,
	// "for greater ease of movement": movement itself is a body function (ICF b7)
	"ease": true, "movement": true, "movements": true, "everyday": true,
	// safety as an outcome, with no task named ("for improved safety at home")
	"safety": true,
	// a trial criterion inside the purpose ("for MPT ≥ 12 sec in 3/5 trials")
	"trials": true, "trial": true, "opportunities": true, "opps": true, "attempts": true,
}

// placePrepositions say where a named body function acts ("for smooth pursuits
// across midline"); with no task word in a purpose they name no task.
var placePrepositions = map[string]bool{
	"across": true, "through": true, "over": true, "under": true, "around": true, "between": true,
	"into": true, "onto": true, "from": true, "at": true, "on": true, "within": true, "midline": true,
	"per": true,
}

// supportVerbs open a purpose that, like a change verb, names a task only
// through its object: "to support cognitive recovery", "to promote healing",
// "to facilitate intelligibility" (but "to facilitate tub transfers").
var supportVerbs = map[string]bool{
	"support": true, "promote": true, "maximize": true, "maximise": true, "optimize": true,
	"optimise": true, "aid": true, "facilitate": true, "facilitates": true, "facilitating": true,
}

// particles complete a phrasal verb: "getting up", "heading out", "getting in
// and out". A bare "in" or "on" is left out: it names a position as often
// ("breathing in upright").
var particles = map[string]bool{
	"up": true, "down": true, "out": true, "off": true, "back": true, "around": true, "over": true,
}

// phrasalAction reports an unlisted gerund completed by a particle at toks[j]
// ("getting up", "moving around"): an action, so after a change or support verb
// a task, where a listed word ("healing", "breathing") names a body function.
func phrasalAction(toks []textmatch.Token, j, end int, catAt func(int) category) bool {
	w := toks[j].Word
	return j+1 < end && len(w) > 5 && strings.HasSuffix(w, "ing") && catAt(j) == 0 &&
		!isGeneric(w) && (particles[toks[j+1].Word] ||
		toks[j+1].Word == "in" && wordAt(toks, j+2) == "and" && wordAt(toks, j+3) == "out")
}

// swallowQuality are the qualities of the swallow itself a change can aim at.
var swallowQuality = map[string]bool{
	"safety": true, "function": true, "efficiency": true, "physiology": true, "timing": true,
	"coordination": true, "strength": true, "mechanism": true,
}

// functionOf reports a word that modifies "function" at toks[j+1]: "overhead
// function", "swallow function", "executive function" name a function of the
// body, whatever it is of (every labelled set reads them so), not a task. An
// activity named by its -ing form, as ADLs or as gait ("walking function",
// "ADL function"; the goals README reads "for gait" as a task) may still mean
// the task, so it stays one.
func functionOf(toks []textmatch.Token, j, end int) bool {
	if j+1 >= end {
		return false
	}
	switch w := toks[j].Word; {
	case strings.HasSuffix(w, "ing") && w != "swallowing", strings.HasPrefix(w, "adl"), strings.HasPrefix(w, "iadl"), w == "gait":
		return false
	}
	switch toks[j+1].Word {
	case "function", "functions", "functioning":
		return true
	}
	return false
}

// returnToState reports "return to" before a previous state at toks[j]
// ("return to PLOF", "return to baseline"), which names no task.
func returnToState(toks []textmatch.Token, j, end int) bool {
	return toks[j].Word == "return" && j+2 < end && toks[j+1].Word == "to" && isGeneric(toks[j+2].Word)
}

// participationIn reports "participation in" a named life situation at
// toks[j] ("for improved participation in class", ICF d: involvement in a life
// situation), not in the generic domain ("in daily activities") or in therapy
// itself ("in therapy sessions", whose tolerance is a body function).
func participationIn(toks []textmatch.Token, j, end int, inTF func(int) bool) bool {
	if w := toks[j].Word; w != "participation" && w != "participate" || j+2 >= end || toks[j+1].Word != "in" {
		return false
	}
	k := j + 2
	for k < end && determiners[toks[k].Word] {
		k++
	}
	if k >= end || inTF(k) {
		return false // "for improved participation in 6 wks": the timeframe
	}
	w := toks[k].Word
	return !isGeneric(w) && !purposeSkip[w] && !therapyWords[w] && !isQuantity(w)
}

// inTherapy reports "participate (fully) in therapy" at toks[j]: taking part in
// therapy itself, not in a life situation.
func inTherapy(toks []textmatch.Token, j, end int) bool {
	k := j + 1
	switch toks[j].Word {
	case "participate", "participating", "participation", "engage", "engagement":
		if k < end && (toks[k].Word == "fully" || toks[k].Word == "actively") {
			k++
		}
		if k+1 >= end || toks[k].Word != "in" {
			return false
		}
		k++
	case "tolerate", "tolerates", "tol":
		// "tolerate 45 min of PT tasks", "tolerate a full 45-min hippotherapy
		// session": tolerance of a therapy session (the goals README)
		for e := k; e < end && e < k+8; e++ {
			if w := toks[e].Word; w == "therapeutic" || w == "hippotherapy" || (w == "pt" || w == "ot") && wordAt(toks, e+1) == "tasks" {
				return true
			}
		}
		return false
	default:
		return false
	}
	for k < end && (determiners[toks[k].Word] || toks[k].Word == "all" || toks[k].Word == "full" || isQuantity(toks[k].Word) || timeUnits[toks[k].Word] || quantityUnits[toks[k].Word] || toks[k].Word == "of") {
		k++ // "in a 60-min PT session", "in 3 hrs of therapy"
	}
	return k < end && therapyWords[toks[k].Word]
}

// therapyWords name therapy itself: "participation in therapy sessions".
var therapyWords = map[string]bool{
	"therapy": true, "therapies": true, "treatment": true, "treatments": true, "tx": true,
	"session": true, "sessions": true, "rehab": true, "rehabilitation": true, "pt": true,
	"ot": true, "slp": true, "st": true, "exercise": true, "exercises": true, "hep": true,
	"program": true, "programme": true,
	// the next stage of treatment a measure prepares for ("to prepare for serial
	// casting", "to meet criteria for prosthetic training", "for plyometric
	// progression"): the labelled sets read it as naming no task
	"casting": true, "fitting": true, "training": true, "serial": true, "prosthetic": true,
	"orthotic": true, "plyometric": true, "plyometrics": true, "outpatient": true, "inpatient": true,
}

// copulas link a purpose's subject to its state: "so that wrist function is WFL".
var copulas = map[string]bool{"is": true, "are": true, "becomes": true, "become": true, "remains": true, "remain": true}

// preventVerbs make a purpose clause name another impairment ("to prevent contracture").
var preventVerbs = map[string]bool{"prevent": true, "avoid": true, "stop": true, "halt": true, "slow": true, "minimize": true, "reduce": true, "decrease": true, "increase": true, "improve": true, "correct": true, "remediate": true, "address": true, "treat": true}

// doseWords mark an exercise dose as the criterion ("3x10", "2 x 15 reps").
var doseWords = map[string]bool{"reps": true, "rep": true, "repetitions": true, "sets": true}

// statusWords start a progress-report status after a dash or comma ("— MET 11/14",
// "– not met, revised …", ", progressing").
var statusWords = map[string]bool{
	"met": true, "progressing": true, "partially": true, "ongoing": true, "achieved": true,
	"revised": true, "continue": true, "continued": true, "continuing": true,
	"discontinued": true, "deferred": true, "not": true, "partly": true,
}

// statusSentence reports whether the sentence starting at toks[i] reports on
// the goal ("She did accomplish this goal.", "This goal has been met …").
func statusSentence(g gaps, i int) bool {
	goal, status := false, false
	for k := i; k < len(g.toks) && (k == i || !strings.Contains(g.at(k), ".")); k++ {
		switch g.toks[k].Word {
		case "goal", "goals":
			goal = true
		case "met", "accomplish", "accomplished", "achieved", "attained", "reached":
			status = true
		}
	}
	return goal && status
}

// gaps gives the text between tokens.
type gaps struct {
	text string
	toks []textmatch.Token
}

func (g gaps) at(i int) string {
	switch {
	case len(g.toks) == 0:
		return g.text
	case i <= 0:
		return g.text[:g.toks[0].Start]
	case i >= len(g.toks):
		return g.text[g.toks[len(g.toks)-1].End:]
	}
	return g.text[g.toks[i-1].End:g.toks[i].Start]
}

// statusStart returns the index of the token that starts a trailing status, or
// len(toks) when there is none.
func statusStart(g gaps) int {
	for i := 1; i < len(g.toks); i++ {
		if strings.Contains(g.at(i), ". ") && statusSentence(g, i) {
			return i // "… 80% accuracy.  She did accomplish this goal."
		}
		w := g.toks[i].Word
		if !statusWords[w] {
			continue
		}
		if w == "not" && (i+1 >= len(g.toks) || g.toks[i+1].Word != "met") {
			continue
		}
		if w == "partially" && (i+1 >= len(g.toks) || g.toks[i+1].Word != "met") {
			continue
		}
		gp := g.at(i)
		if strings.ContainsAny(gp, "—–;,(") || strings.Contains(gp, " - ") || strings.HasPrefix(strings.TrimSpace(gp), "-") {
			return i
		}
	}
	return len(g.toks)
}

// labelEnd skips a goal label or numbering left in the text: "1)", "3.", "PT LTG:",
// "Goal 2 -", "Objective 1:".
func labelEnd(g gaps) int {
	toks := g.toks
	for k := 1; k < len(toks); k++ {
		// "Status: ongoing | Goal: R quads lag ↓ 15° → 0°": in a row of form
		// fields the one labelled as the goal holds it; what comes before
		// (a status, a problem statement, a date) is not the goal's text.
		if strings.Contains(g.at(k), "|") && (labelWords[toks[k].Word] || numberedLabel(toks[k].Word)) {
			if e := leadingLabel(gaps{g.text, toks[k:]}); e > 0 {
				return k + e
			}
		}
	}
	return leadingLabel(g)
}

// leadingLabel is labelEnd for a label at the start of the text.
func leadingLabel(g gaps) int {
	toks := g.toks
	if len(toks) > 1 && len(toks[0].Word) == 1 && toks[0].Word[0] >= 'a' && toks[0].Word[0] <= 'h' && (strings.HasPrefix(g.at(1), ".") || strings.HasPrefix(g.at(1), ")")) {
		return 1 // "a. ↑ R shoulder flex …"
	}
	if len(toks) > 1 && isDigits(toks[0].Word) && strings.HasPrefix(strings.TrimSpace(g.at(1)), ")") || len(toks) > 1 && isDigits(toks[0].Word) && strings.HasPrefix(g.at(1), ".") && !isDigits(toks[1].Word) {
		return 1
	}
	for k := 1; k < len(toks) && k <= 5; k++ {
		if !labelWords[toks[k-1].Word] && !isDigits(toks[k-1].Word) && !numberedLabel(toks[k-1].Word) {
			break
		}
		gp := strings.TrimSpace(g.at(k))
		if strings.Contains(gp, "(") {
			// "Short term goal 1 (2 weeks): …": the label's own timeframe
			e := k
			for e < len(toks) && e < k+4 && !strings.Contains(g.at(e+1), ")") {
				e++
			}
			if e+1 < len(toks) && strings.Contains(g.at(e+1), ")") && strings.Contains(g.at(e+1), ":") {
				return e + 1
			}
			break
		}
		if strings.Contains(gp, ":") || gp == "-" || gp == "—" || gp == "–" {
			return k
		}
		if k >= 2 && (strings.TrimRight(gp, "↑↓ ") == ")" || strings.TrimRight(gp, "↑↓ ") == ".") && (isDigits(toks[k-1].Word) || numberedLabel(toks[k-1].Word)) && !isDigits(toks[k].Word) {
			return k // "LTG 1. Pt will …", "STG1) …"
		}
		if k == 1 && gp == ")" && numberedLabel(toks[0].Word) {
			return k
		}
	}
	return 0
}

// restingState are the states a measure returns to after a load.
var restingState = map[string]bool{"resting": true, "rest": true, "baseline": true, "pre": true, "normal": true}

// reachedValue reports a value or a norm at toks[k], after "reach": a
// comparison ("≤ 4"), a percentage ("80%") or a norm ("normal range", "WNL",
// "baseline"); "reach 6 ft shelf" or "reach 10 cm past toes" are left to what
// follows them.
func reachedValue(g gaps, k int) bool {
	w := g.toks[k].Word
	if strings.ContainsAny(g.at(k), "≥≤<>") || isDigits(w) && strings.HasPrefix(g.at(k+1), "%") {
		// the value ends the phrase: not "to reach > 5 ft shelves"
		e := k
		for e < len(g.toks) && (isQuantity(g.toks[e].Word) || quantityUnits[g.toks[e].Word] || bodyUnits[g.toks[e].Word]) {
			e++
		}
		n := wordAt(g.toks, e)
		return e == len(g.toks) || strings.ContainsAny(g.at(e), "(,;") || conditionMarkers[n] || placePrepositions[n] && n != "into" && n != "onto" || n == "accuracy" || n == "acc"
	}
	if isQuantity(w) && (strings.HasPrefix(g.at(k+1), "°") || strings.HasPrefix(wordAt(g.toks, k+1), "deg")) {
		return true // "to reach 160°": an angle, never a thing reached for
	}
	switch w {
	case "normal", "wnl", "wfl", "baseline", "norms", "norm", "age", "target", "symmetry", "neutral":
		return true
	}
	return false
}

// reachesMeasure reports "reach" whose object is a measure ("reach HR ≥ 160
// bpm", "reach target HR", "reach full knee extension", "reach 5/5 quad
// strength", "reach 160° of shoulder elevation"): attaining its value, not
// reaching for something. A value or norm after it (reachedValue) is one too.
func reachesMeasure(g gaps, k int, catAt func(int) category) bool {
	toks := g.toks
	if reachedValue(g, k) {
		return true // "reach 160°", "reach ≥ 80% accuracy", "reach neutral"
	}
	for e := k; e < len(toks) && e < k+4; e++ {
		switch catAt(e) {
		case catImpairment:
			return true
		case catFunction, catOutcome, catExercise:
			return false
		}
		if conditionMarkers[toks[e].Word] || toks[e].Word == "to" || toks[e].Word == "for" {
			return false // "reach floor to pick up objects w/ hip flexion ≤ 90°"
		}
	}
	return false
}

// recordOf reports a record noun at toks[k], after a measure it records: "pain
// diary", "sleep log", "bladder diary" are kept by the patient, a task of
// self-management (the goals README), not the measure itself.
func recordOf(toks []textmatch.Token, k int) bool {
	if k >= len(toks) {
		return false
	}
	switch toks[k].Word {
	case "diary", "diaries", "log", "logs", "journal", "journals":
		return true
	}
	return false
}

// otherDirection reports a direction word at toks[k] after "and": the same
// measure taken the other way ("forward to 7 and backward to 5").
func otherDirection(toks []textmatch.Token, k int) bool {
	if k >= len(toks) {
		return false
	}
	switch toks[k].Word {
	case "backward", "backwards", "forward", "forwards", "reverse":
		return true
	}
	return false
}

// ratioColon reports a colon that joins the two terms of a ratio, written
// without spaces ("R:L ratio 0.95", "H:Q ≥ 0.6", "I:E 1:2"): not a label.
func ratioColon(g gaps, i int) bool {
	return i > 0 && g.at(i) == ":" && len(g.toks[i-1].Word) <= 2 && len(g.toks[i].Word) <= 2
}

// numberedLabel reports a goal label written with its number: "stg1", "ltg2".
func numberedLabel(w string) bool {
	for _, l := range []string{"stg", "ltg", "goal"} {
		if n, ok := strings.CutPrefix(w, l); ok && n != "" && isDigits(n) {
			return true
		}
	}
	return false
}

var labelWords = map[string]bool{
	"pt": true, "ot": true, "slp": true, "st": true, "stg": true, "ltg": true, "goal": true,
	"goals": true, "objective": true, "obj": true, "benchmark": true, "outcome": true, "short": true,
	"long": true, "term": true, "stgs": true, "ltgs": true,
}

// parseGoal fills f.Parts from the goal's tokens and vocabulary hits, and decides
// whether the goal is impairment-only.
func (c *Classifier) parseGoal(f *Facts, g gaps, end int, hits []hit, inTF func(int) bool) {
	toks := g.toks[:end]
	p := &f.Parts
	if len(toks) == 0 {
		return
	}
	hitAt := func(i int) (hit, bool) {
		for _, h := range hits {
			if h.tok >= 0 && i >= h.tok && i < h.end {
				return h, true
			}
		}
		return hit{}, false
	}
	catAt := func(i int) category {
		h, _ := hitAt(i)
		return h.cat
	}
	span := func(a, b int) Span { // tokens a..b-1
		if a >= b {
			return Span{}
		}
		return Span{toks[a].Start, toks[b-1].End}
	}

	// Actor and main verb.
	s0 := labelEnd(g)
	fronted, frontEnd := -1, 0
	if e := frontedPurpose(g, s0, len(toks)); e > 0 {
		fronted, frontEnd, s0 = s0, e, e // the goal itself follows the fronted purpose
	}
	first := s0
	for first < len(toks) && inTF(first) {
		first++
	}
	v := -1
	for i := first; i < len(toks) && i < first+10; i++ {
		if inTF(i) {
			continue
		}
		if gp := g.at(i); i > first && strings.ContainsAny(gp, ".;") {
			break
		}
		w := toks[i].Word
		if cat := c.cat[w]; cat == catFunction || cat == catOutcome || changeVerbs[w] {
			break // the actor is a noun phrase before "will"
		}
		if actorVerbs[w] && i > first && (w != "to" || toActor(toks, first, i)) {
			p.Actor = span(first, i)
			v = i + 1
			break
		}
	}
	afterColon := false
	if v < 0 {
		// "Pt 6 wks s/p R TKA: ambulate 500 ft": a colon after the actor.
		for i := first + 1; i < len(toks) && i < first+10; i++ {
			if strings.Contains(g.at(i), ":") && !ratioColon(g, i) {
				p.Actor = span(first, i)
				v, afterColon = i, true
				break
			}
		}
	}
	telegraphic := v < 0
	if v < 0 {
		v = first
	}
	for v < len(toks) && (leadSkip[toks[v].Word] || inTF(v)) && !strings.ContainsAny(g.at(v), "↑↓") {
		v++
	}
	if v >= len(toks) {
		return
	}
	bodyActor := false
	if !p.Actor.Empty() && !afterColon {
		// "Problem #3: Grip - Pt will open a jar": a category the template
		// files the goal under, before the actor. It names the goal's measure
		// ("Line bisection: pt will bisect 10 lines …") only when the goal
		// itself names no activity. A condition put first ("Using her memory
		// book, Ruth will …") is not the actor either, and names no measure.
		for i := v - 2; i > first; i-- {
			if gp := g.at(i); strings.ContainsAny(gp, ":],") || strings.TrimSpace(gp) == "-" && gp != "-" || strings.ContainsAny(gp, "—–") {
				condition := strings.Contains(gp, ",") && !strings.ContainsAny(gp, ":]")
				bodyActor = !condition && impairmentIn(hits, first, i) && !activityAfter(hits, i)
				first = i
				p.Actor = span(first, v-1)
				break
			}
		}
	}
	for i := first; !p.Actor.Empty() && i < len(toks) && toks[i].End <= p.Actor.End; i++ {
		if catAt(i) == catImpairment || bodyActors[toks[i].Word] {
			bodyActor = true
		}
	}

	objStart := v + 1
	verb := toks[v].Word
	switch {
	case strings.ContainsAny(g.at(v), "↑↓"):
		i := strings.LastIndexAny(g.at(v), "↑↓")
		base := toks[v].Start - len(g.at(v))
		p.Verb = Span{base + i, base + i + len("↑")}
		p.Change, objStart, verb = true, v, "↑"
	case verb == "reach" && objStart < len(toks) && reachesMeasure(g, objStart, catAt):
		p.Verb, p.Change = span(v, v+1), true // "reach HR ≥ 160 bpm", "reach 160°": attain a value
	case changeVerbs[verb]:
		p.Verb, p.Change = span(v, v+1), true
		if objStart < len(toks) && strings.ContainsAny(g.at(objStart), "↑↓") {
			objStart = v + 1
		}
	default:
		switch {
		case telegraphic && (catAt(v) == 0 || catAt(v) == catImpairment || c.measuredMovement(toks, hits, v)) && !doVerbs[verb]:
			objStart = v // a noun phrase: "R knee flex PROM 0-115°", "Hip abd MMT 3+/5 → 4/5"
		case afterColon && !labelNamesTask(first, v, catAt) && (c.measureLeads(g, v, catAt) || dosedWithoutActivity(toks, v, catAt)):
			// "C6 SCI: triceps strength 2/5 → 3/5": what precedes the colon is
			// a diagnosis, and a measure, not an action, follows it ("Improve
			// transfers: knee flexion ≥ 100°" names its task before the colon)
			objStart, telegraphic = v, true
		default:
			p.Verb = span(v, v+1)
		}
	}
	nounPhrase := telegraphic && p.Verb.Empty()
	// "flexion to fingertips": where a reach ends, not what it is for (an
	// activity the lexicon knows, "to stairs", still opens a purpose).
	landmarkAt := func(k int) bool {
		switch catAt(k) {
		case catFunction, catOutcome:
			return false
		}
		return landmarkNoun(g, k) || c.bodyPartAt(g, k) || anatomicalDirection[toks[k].Word] || residualLimb[toks[k].Word]
	}
	// measureValueAt: a measure the lexicon names followed by its value ("to
	// Vancouver Scar Scale ≤ 5", "to MAS 1+"): the degree reached, not a purpose.
	measureValueAt := func(k int) bool {
		if k < len(toks) && determiners[toks[k].Word] {
			k++ // "for a maximum phonation time of fifteen seconds"
		}
		h, ok := hitAt(k)
		if !ok || h.cat != catImpairment || h.tok != k || h.end >= len(toks) {
			return false
		}
		e := h.end
		if toks[e].Word == "of" && e+1 < len(toks) {
			e++
		}
		return strings.ContainsAny(g.at(e), "≤≥<>") || (isDigits(toks[e].Word) || numberWords[toks[e].Word]) && !strings.ContainsAny(g.at(e), ",;(")
	}
	// ratioName: "s to z ratio", "hamstring to quadriceps ratio": the "to" of a
	// ratio's name, not a purpose.
	ratioName := func(k int) bool {
		for e := k + 1; e < len(toks) && e <= k+3; e++ {
			if strings.ContainsAny(g.at(e), ",;.(") {
				return false
			}
			if toks[e].Word == "ratio" {
				return true
			}
		}
		return false
	}
	// toCondition: "w/o need to leave early", "without needing to rest" say
	// what the behaviour is done without, and "prior to meals" when it is
	// done: a condition, not what it is for.
	toCondition := func(k int) bool {
		if k >= 1 && toks[k].Word == "to" && (toks[k-1].Word == "prior" || comparedTo[toks[k-1].Word]) {
			return true // "prior to meals"; "equal to uninvolved side", a comparison
		}
		if k+1 < len(toks) && toks[k].Word == "to" && toks[k+1].Word == "dictation" {
			return true // "write single words to dictation": how the stimulus is given
		}
		if k < 2 || toks[k].Word != "to" || toks[k-1].Word != "need" && toks[k-1].Word != "needing" {
			return false
		}
		for j := k - 2; j >= 0 && j >= k-3; j-- {
			switch toks[j].Word {
			case "w", "without", "no", "wo":
				return true
			}
		}
		return false
	}
	// "attention to a tabletop cognitive task": "to" and an article take a
	// noun, not a verb, so they are the measure's complement, not a purpose,
	// unless the noun phrase names an activity ("endurance to a 30-min walk");
	// a purpose marker after it ("a level that allows …") opens its own purpose.
	articleComplement := func(k int) bool {
		if k >= len(toks) || toks[k].Word != "a" && toks[k].Word != "an" {
			return false
		}
		for j := k + 1; j < len(toks) && !inTF(j); j++ {
			if w := toks[j].Word; w == "to" || w == "for" || conditionMarkers[w] || purposeMarkers[w] || clauseBreak(g.at(j)) {
				break
			}
			if cat := catAt(j); cat == catFunction || cat == catOutcome {
				return false
			}
		}
		return true
	}

	// opensPurpose reports a purpose clause opening at toks[k] after the object:
	// a purpose marker, or "to"/"for" before what is neither a criterion, a
	// condition, a landmark nor a measure's value.
	opensPurpose := func(k int) bool {
		w := toks[k].Word
		if purposeAt(toks, k) {
			return true
		}
		return (w == "to" || w == "for") && k+1 < len(toks) && !criterionAfter(g, w, k+1) && !conditionAfterTo(g, k+1) && !measureValueAt(k+1) &&
			!(w == "to" && (landmarkAt(k+1) || articleComplement(k+1) || toCondition(k) || ratioName(k)))
	}

	// The object runs to the first condition, criterion, purpose, clause break or
	// second behaviour; a noun-phrase goal's object runs across commas.
	objEnd, purpose, second := len(toks), -1, -1
	for k := objStart; k < len(toks); k++ {
		w := toks[k].Word
		if inTF(k) {
			objEnd = k
			break
		}
		if k > objStart && clauseBreak(g.at(k)) && !(nounPhrase && strings.TrimSpace(g.at(k)) == ",") && !decimalAt(g, k) {
			objEnd = k
			break
		}
		if k == objStart {
			continue
		}
		if w == "to" && g.at(k) == "-" && k+1 < len(toks) && g.at(k+1) == "-" {
			continue // "tip-to-DPC", "heel-to-buttock": a distance's name
		}
		if w == "for" && k+1 < len(toks) && drillEndsAt(hits, k) && len(toks[k+1].Word) > 5 && strings.HasSuffix(toks[k+1].Word, "ing") {
			continue // "picture cards for making tea": what the cards show, not a purpose
		}
		if w == "for" && c.bolusAt(g, k+1) {
			objEnd = k
			break // "PAS ≤ 2 for thin liquids": the bolus a swallow measure is taken on
		}
		if w == "to" && k > 0 && orientWords[toks[k-1].Word] && k+1 < len(toks) && orientSpheres[toks[k+1].Word] {
			continue // "orientation to time and place": the spheres of orientation (Folstein et al. 1975), not a purpose
		}
		if w == "to" && toCondition(k) {
			objEnd = k
			break
		}
		if w == "to" && ratioName(k) {
			continue // "hamstring to quadriceps ratio": one measure
		}
		if w == "to" || w == "for" {
			if k+1 < len(toks) && !criterionAfterTo(g, k+1) && !conditionAfterTo(g, k+1) && !measureValueAt(k+1) && !(w == "to" && (landmarkAt(k+1) || articleComplement(k+1) || ratioName(k))) {
				purpose = k
			}
			objEnd = k
			break
		}
		if purposeAt(toks, k) {
			purpose, objEnd = k, k
			break
		}
		if conditionMarkers[w] {
			objEnd = k
			break
		}
		if (w == "and" || w == "or") && k+1 < len(toks) && p.Change {
			nx := k + 1
			if w == "or" && orComparison[toks[nx].Word] {
				continue // "1.2 or less", "4/5 or better": one value
			}
			if _, ok := hitAt(nx); ok && catAt(nx) == catImpairment {
				continue // "strength and ROM": one object
			}
			if sharedMeasure(toks, nx, hitAt, inTF) {
				continue // "hip flexor and quad strength": two muscles, one measure
			}
			if bothSides(toks, k) {
				continue // "protective extension L and R"
			}
			if otherDirection(toks, nx) {
				continue // "digit span forward to 7 and backward to 5": one measure, two directions
			}
			second, objEnd = nx, k
			break
		}
	}
	p.Object = span(objStart, objEnd)
	if p.Change && second < 0 {
		// "↑ hip abd strength to 4/5 AND ambulate 300 ft": a second behaviour
		// after the first one's criterion.
		for k := objEnd; k+1 < len(toks) && !inTF(k); k++ {
			w := toks[k].Word
			if (w == "and" || w == "then") && !sharedMeasure(toks, k+1, hitAt, inTF) && !bothSides(toks, k) && !otherDirection(toks, k+1) {
				second = k + 1
				if w == "and" && second+1 < len(toks) && toks[second].Word == "then" {
					second++ // "and then reach the top shelf"
				}
				break
			}
			if w != "to" && (conditionMarkers[w] || purposeAt(toks, k) || w == "for" || strings.ContainsAny(g.at(k), ";.(")) {
				break
			}
			if w == "to" && changePurpose(toks, k+1) {
				break // "to improve overall function and QOL": the purpose's own "and"
			}
		}
	}

	// Conditions, criteria and the purpose clause after the object.
	if purpose < 0 {
		for k := objEnd; k < len(toks); k++ {
			if inTF(k) {
				continue
			}
			w := toks[k].Word
			if w == "to" && g.at(k) == "-" && k+1 < len(toks) && g.at(k+1) == "-" {
				continue
			}
			if w == "for" && c.bolusAt(g, k+1) {
				continue
			}
			if opensPurpose(k) {
				purpose = k
				break
			}
		}
	}
	condEnd := len(toks)
	if purpose >= 0 {
		pe := purpose + 1
		for pe < len(toks) && !inTF(pe) && !strings.ContainsAny(g.at(pe), ";.") {
			pe++
		}
		p.Purpose = span(purpose, pe)
		condEnd = purpose
	}
	for k := objEnd; k < condEnd; k++ {
		if conditionMarkers[toks[k].Word] && !inTF(k) {
			critAt := func(e int) bool { // a criterion of its own ("w/o LOB 4/5 trials")
				if strings.ContainsAny(g.at(e), "≤≥<>") {
					return false // a condition's bound: "w/ pain ≤ 3/10"
				}
				for _, c := range p.Criteria {
					if c.Start == toks[e].Start {
						return true
					}
				}
				return false
			}
			e := k + 1
			for e < condEnd && !conditionMarkers[toks[e].Word] && !inTF(e) && !clauseBreak(g.at(e)) && !critAt(e) {
				e++
			}
			p.Conditions = append(p.Conditions, span(k, e))
			k = e - 1
		}
	}

	// Decide: is the behaviour a change in a body-function measure?
	in := func(h hit, a, b int) bool { return h.tok >= a && h.tok < b }
	inExercise := func(h hit) bool { // "effortful swallows": an exercise, not eating
		for _, x := range hits {
			if x.cat != catExercise {
				continue
			}
			switch {
			case x.start <= h.start && h.stop <= x.stop:
				return true
			case h.tok == x.end && g.at(h.tok) == " ":
				return true // the exercise's head noun: "Shaker lifts", "squat holds"
			case h.end <= x.tok && x.tok-h.end <= 1 && positionIn(toks, h.tok, h.end):
				return true // the position it is done in: "seated UE exercises"
			case h.end == x.tok && therapyWords[toks[x.tok].Word] && toks[x.tok].Word != "exercise" && toks[x.tok].Word != "exercises":
				return true // the kind of therapy session: "a 20-min swallow therapy session"
			}
		}
		return false
	}
	// A measuring verb with only a value for its object ("score ≥ 25/30 on
	// SLUMS", "achieve 4 METs", "achieve 80% accuracy on auditory comprehension
	// of …"): the measure is named in what follows.
	measureEnd := objEnd
	if p.Change {
		onlyValues := true
		for k := objStart; k < objEnd; k++ {
			if w := toks[k].Word; !isQuantity(w) && !numberWords[w] && !isDigits(w) && !quantityUnits[w] && !bodyUnits[w] && !changeNouns[w] && !scoreNouns[w] && !determiners[w] && w != "of" && w != "out" && w != "accuracy" && w != "acc" {
				onlyValues = false
			}
		}
		if onlyValues {
			measureEnd = condEnd
		}
	}
	// example: a hit inside a parenthesis right after the object gives an
	// example of it ("pressure relief (push-up or lateral lean)"), not the goal's
	// behaviour.
	example := func(h hit) bool {
		if objEnd <= objStart || objEnd >= len(toks) || !strings.Contains(g.at(objEnd), "(") || h.tok < objEnd {
			return false
		}
		for k := objEnd + 1; k <= h.tok; k++ {
			if strings.Contains(g.at(k), ")") {
				return false
			}
		}
		return true
	}
	dose := false
	for k := objStart; k < condEnd; k++ {
		w := toks[k].Word
		if doseWords[w] || isDose(w) || w == "x" && k+1 < len(toks) && isDigits(toks[k+1].Word) && (k+2 >= len(toks) || !timeUnits[toks[k+2].Word] && !quantityUnits[toks[k+2].Word] || k > 0 && isDigits(toks[k-1].Word)) {
			// "3x10", "2 x 15 reps", "3 x 30 sec holds" (sets × duration); not
			// "amb x 30 min", a duration of the activity
			dose = true
		}
	}
	// positionOf: a position word that modifies what follows it in a dosed
	// object is where the exercise is done ("complete seated HEP 3 x 10 reps").
	positionOf := func(h hit) bool {
		return dose && h.end == h.tok+1 && h.end < objEnd && positionIn(toks, h.tok, h.end) && catAt(h.end) != catFunction
	}
	objImp, objAct, exercise, drill := false, false, false, false
	for _, h := range hits {
		switch {
		case h.cat == catImpairment && in(h, objStart, measureEnd) && recordOf(toks, h.end):
			objAct = true // "complete pain diary daily": a record kept of it, self-management (goals README)
		case h.cat == catImpairment && in(h, objStart, measureEnd):
			objImp = true
		case (h.cat == catFunction || h.cat == catOutcome) && in(h, objStart, measureEnd) && !inExercise(h) && !afterDrill(hits, h, objStart) && !positionOf(h):
			objAct = true
		}
		switch {
		case h.cat == catExercise && in(h, objStart, condEnd) && !example(h):
			exercise = true
		case h.cat == catImpairment && h.kind == "drill" && in(h, objStart, condEnd):
			drill = true
		}
	}
	imp, cognitiveDrill := false, false
	exerciseLed := false // the goal starts with an exercise's name ("Masako 3 x 10", "HEP: bridges 3 x 15"), not an actor and verb
	e0 := s0             // the exercise's first word after its side: "L SL heel raise 25 reps", or after a timeframe: "By 6 wks, shaker: …"
	for e0 < len(toks) && (sideOrStance(toks[e0].Word) || inTF(e0)) {
		e0++
	}
	for _, h := range hits {
		colonActor := !p.Actor.Empty() && v < len(toks) && strings.Contains(g.at(v), ":")
		if h.cat == catExercise && ((h.tok == s0 || h.tok == e0) && (telegraphic || p.Actor.End == h.stop || colonActor && v-s0 <= 3) || (h.tok == v || h.tok == v+1 && positionIn(toks, v, v+1)) && colonActor) {
			exerciseLed = true
		}
	}
	inTask := taskClause(toks, objEnd, condEnd)
	// verbCat is the verb's category; "be I with HEP" is the assist level
	// independent, a measure like "independent", not an unknown verb.
	verbCat := catAt(v)
	if verbCat == 0 && verb == "i" && v > 0 && toks[v-1].Word == "be" {
		verbCat = catMeasure
	}
	switch {
	case !p.Change && (c.phonemeAt(g, objStart) || productionVerbs[verb] && c.phonemeIn(g, objStart, condEnd)) && !inTask:
		// A speech sound drilled on its own ("produce /k/ in initial position of
		// single words", "produce 10 words ending in /t/"), unless practised in
		// an activity ("at conversation level").
		imp = true
		for _, h := range hits {
			if h.cat == catFunction || h.cat == catOutcome {
				imp = false
			}
		}
	case !p.Change && !p.Verb.Empty() && len(p.Criteria) > 0 && !activityBesides(hits, v) && !inTask && !inConversation(toks, objEnd, condEnd) && drillFormat(toks, objStart, condEnd):
		// A language act in a drill's format, whatever the verb: "write single
		// words to dictation w/ 80% acc", "identify written words from a field
		// of 4", "answer multiple-choice questions", "read aloud … on therapy
		// probes". A purpose still decides below ("… needed for completing
		// work reports").
		imp = true
		f.addKind("drill")
	case !p.Change && !p.Verb.Empty() && len(p.Criteria) > 0 && !objAct && !activityBesides(hits, -1) && !inTask && onCognitiveTest(toks, hits, objEnd, condEnd):
		// An action scored on a named cognitive test or drill: "identify
		// errors on a proofreading task w/ 90% acc", "inhibit impulsive
		// responses on go/no-go task w/ ≤ 2 errors" (the goals README's
		// cognitive sub-skills without a task).
		imp = true
	case !p.Change && (productionVerbs[verb] && unitsOfSpeech(toks, objStart, objEnd) || (verb == "use" || verb == "apply") && onUnitsOfSpeech(toks, objEnd, condEnd)) && len(p.Criteria) > 0 && !objAct && !activityBesides(hits, -1) && !inTask && !inConversation(toks, objEnd, condEnd):
		// Speech produced as units of the language hierarchy for a score
		// ("repeat 5-word phrases w/ 90% accuracy", "imitate 3-syllable words
		// 8/10"): a drill, unless produced in an activity or for a task (the
		// purpose decides below).
		imp = true
		f.addKind("drill")
	case !p.Change && productionVerbs[verb] && bodyMeasureIn(toks, objStart, condEnd) && !objAct && !activityBesides(hits, -1) && !inTask:
		// A sound produced at a body measure ("sustain \"ah\" at ≥ 80 dB x 15
		// sec"): a voice drill, unless produced in an activity.
		imp = true
	case exerciseLed && (dose || durationIn(toks, s0, condEnd) || onDrySwallows(toks, s0, condEnd)) && !activityOutside(toks, hits, len(toks), inExercise):
		// A telegraphic exercise prescription: "Masako 3 x 10 daily", "EMST: 5
		// sets x 5 breaths at 75% MEP".
		imp = true
		f.leadKind("exercise")
	case inTherapy(toks, v, len(toks)) && !activityExcept(hits, v, func(h hit) bool { return positionIn(toks, h.tok, h.end) }):
		// Taking part in therapy itself for its length: "participate in
		// 60-min PT session without c/o fatigue" is tolerance of a therapy
		// session (the goals README), not a life situation.
		imp = true
		f.addKind("endurance")
	case (verb == "tolerate" || verb == "tol" || verb == "tolerates") && c.stimulusIn(toks, objStart, objEnd) && !objAct && !activityOutside(toks, hits, len(toks), inExercise):
		// A sensory stimulus tolerated, as in desensitisation: "tolerate tapping,
		// massage & towel rubbing to residual limb", "tolerate clinic lighting x
		// 60 min w/o headache" (ICF b270); during a named task it is the task.
		imp = true
		f.leadKind("sensory")
	case !p.Change && perceptualVerbs[verb] && (visionOccluded(toks, v+1, len(toks)) || c.stimulusIn(toks, objStart, objEnd)) && !objAct && !activityExcept(hits, v, func(h hit) bool { return enumerated(g, h) }) && !inTask:
		// A stimulus told apart with vision occluded, the form of the bedside
		// sensory tests (ICF b260 proprioception, b265 touch): "ID 5/5 textures w/
		// vision occluded", "match R finger position to L w/ eyes closed", "detect
		// vibration on a tuning fork" (a stimulus as the object). An
		// action done without looking ("retrieve keys from a pocket w/o vision")
		// is the task, and a purpose still decides below.
		imp = true
		f.leadKind("sensory")
	case bodyActor:
		imp = true
	case verb == "maintain" && positionIn(toks, objStart, objEnd):
		// Maintaining a body position ("maintain upright posture at computer x
		// 1 hr") is an activity, ICF d415, like sitting or standing tolerance.
	case (verb == "remain" || verb == "stay") && objImp:
		// A state held during a condition: "remain continent during cough" is a
		// body function, "remain continent while lifting a toddler" a task.
		imp = true
		for _, h := range hits {
			if (h.cat == catFunction || h.cat == catOutcome) && h.tok >= objEnd && !inExercise(h) {
				imp = false
			}
		}
	case !p.Verb.Empty() && catAt(v) == catImpairment && !objAct && (p.Change || !activityAfter(hits, v)):
		// The verb is itself a body function: "flex R knee to 120°"; not when an
		// activity is named beside it ("suck-swallow-breathe coordinated for 10 mL
		// bottle feeding").
		imp = true
	case !p.Change && !p.Verb.Empty() && verbCat == 0 && exerciseHead(toks, hits, objStart, objEnd) && !objAct && !activityOutside(toks, hits, len(toks), inExercise):
		// An exercise for an object: "hold plank x 60 sec", "ride stationary bike";
		// not one used in a task ("use an effortful swallow w/ puree at all meals":
		// a compensatory strategy at meals).
		imp = true
		f.leadKind("exercise")
	case (verb == "name" || generateVerbs[verb] && timedCriterion(toks, objEnd, condEnd)) && objStart < objEnd && (isQuantity(toks[objStart].Word) || numberWords[toks[objStart].Word]) && !activityBesides(hits, v):
		// Confrontation naming: "name 20 common objects w/ 80% accuracy" names a
		// counted set with no real-life use ("name 3 strategies at meals" has one);
		// a timed list is a verbal-fluency task ("generate 12 animals in 60 sec").
		imp = true
		f.leadKind("drill")
	case !p.Change && drillAnywhere(hits) && onlyCognitiveActs(toks, hits) && !inTask:
		// A drill whose only "activities" are the mental operations it scores:
		// "listen to or read a narrative and recall 6 details after a 15-minute
		// delay"; its "to recall" is part of the drill, not a purpose.
		imp = true
		cognitiveDrill = purpose < 0 || cognitiveOps[firstPurposeWord(toks, purpose)]
	case drill && !p.Change && !objAct && (catAt(v) != catFunction || cognitiveOps[verb]) && !inTask && !inConversation(toks, objEnd, condEnd) && !duringTask(toks, hits, objEnd, condEnd, inExercise):
		// A cognitive-linguistic drill: "recall 5/5 words from a word list",
		// "repeat 6 digits forward", "complete a cancellation worksheet". Not
		// when the verb is itself a task ("swallow thin liquids w/o delay"), a
		// clause sets the drill in one ("… when ordering at a restaurant") or
		// it is used in conversation, the level of the hierarchy that is a task.
		imp = true
	case p.Change && !objAct && !objImp && !activityBesides(hits, -1) && (bodyMeasureIn(toks, objEnd, condEnd) || (degreesIn(hits, objEnd, condEnd) || objEnd+1 < len(toks) && toks[objEnd].Word == "to" && impairmentIn(hits, objEnd+1, objEnd+2)) && !turnIn(toks)):
		// A change in a measured quantity of the body that the lists do not
		// name: "↓ inter-recti distance to < 2 fingerwidths", "↓ girth to 38 cm".
		imp = true
	case nounPhrase && !objImp && !objAct && !activityBesides(hits, -1) && (impairmentIn(hits, objEnd, condEnd) || bodyMeasureIn(toks, objStart, condEnd)):
		// A measure named in words the lists do not know, with a body-function
		// value or a body unit: "B/L popliteal angle ↓ to ≤ 30°", "oral
		// commissure width ↑ 4 mm".
		imp = true
	case nounPhrase && dose && !objImp && !objAct && !activityBesides(hits, -1) && !outcomeIn(hits):
		// A telegraphic line that is only something done for a dose, with no
		// activity anywhere: "lingual lateralization & lip rounding 10 reps
		// each" (an exercise the lists do not name).
		imp = true
		f.leadKind("exercise")
	case p.Change || nounPhrase:
		// A measure kept during a named task ("pain ≤ 3/10 while lifting a
		// gallon of milk", "≥ 72 dB during a 10-min conversation") states how
		// the task is done, as continence during a lift does; during an
		// exercise or a position it stays a body function.
		imp = objImp && !objAct && !duringTask(toks, hits, objEnd, condEnd, inExercise)
		if !imp && !objImp && !objAct && drill && !activityOutside(toks, hits, condEnd, inExercise) {
			// A skill the lists do not name, changed as scored on a drill: "↑
			// visual scanning to the L on cancellation tasks to 90%".
			imp = true
		}
		if !imp && !objImp && !objAct && exercise && (dose || durationIn(toks, objStart, condEnd) || onDrySwallows(toks, objStart, condEnd)) && !outcomeIn(hits) && !activityOutside(toks, hits, condEnd, inExercise) {
			// An exercise dose reached or shown: "demonstrate 3 x 10 bridges",
			// "achieve 5 min cycle ergometer warm-up" (the goals README: an
			// exercise dose, minutes on a bike or ergometer, is a body function).
			imp = true
			f.leadKind("exercise")
		}
	case doVerbs[verb] && objImp && !objAct:
		imp = true // "complete Trail Making Test B": an impairment-level test
	case !p.Change && !p.Verb.Empty() && verbCat == 0 && !c.knowledgeVerbs[verb] && !c.monitorVerbs[verb] && objImp && !objAct && !activityBesides(hits, -1) && !inTask && (purpose < 0 || changePurpose(toks, purpose)) && second < 0 && !toolCondition(toks, objEnd, condEnd):
		// An action the lists do not know, done on a body function, in a goal
		// that names no activity: "localize light touch on R hand", "hold a
		// pelvic floor contraction x 10 sec". Only when nothing but conditions and
		// criteria follow: a purpose or a second behaviour ("check his
		// orientation board for his schedule and arrive on time") may be the
		// task, and a tool it is done with ("indicate pain location using a
		// picture board") makes it the use of that tool. A purpose that only
		// changes something ("to improve body awareness") is decided by its
		// object, below.
		imp = true
	case !p.Change && !p.Verb.Empty() && (verbCat == 0 || verbCat == catFunction) && c.movementVerbs[verb] && c.movesBodyPart(g, objStart, objEnd) && (dose || len(p.Criteria) > 0) && !objAct && !activityBesides(hits, v) && !inTask && second < 0 && !toolCondition(toks, objEnd, condEnd):
		// A movement of a body part, counted or measured, in a goal that
		// names no activity: "lateralize tongue to L and R corners of mouth
		// 10x each", "shrug shoulders 10 reps" (ICF b7 movement functions). A
		// purpose still decides ("… to check the blind spot").
		imp = true
		f.addKind("motor")
	case doVerbs[verb] && (exercise || dose) && !objAct && !outcomeIn(hits) && (dose || !activityOutside(toks, hits, len(toks), inExercise)):
		// Not "12 reps on the 30-second chair stand test": a named outcome
		// measure is counted in reps and stays an activity measure. Without a
		// dose, an exercise done in a task is used, not practised ("perform a
		// supraglottic swallow w/ thin liquids at meals").
		imp = true
		f.leadKind("exercise")
	}
	if imp && second >= 0 && c.secondIsTask(f, g, second, hitAt) {
		imp = false
	}
	if imp && fronted >= 0 && c.purposeNamesTask(f, g, fronted, frontEnd, hits, inTF) {
		imp = false // "To allow tub transfers, pt will ↑ hip flexion to 100°"
	}
	if imp && (reportVerbs[verb] && painIn(hits, objStart, objEnd) || verb == "use" && painIn(hits, objStart, len(toks))) && communicatedOn(toks, objStart, len(toks)) {
		// "report pain site & rating on picture board w/ nursing": telling
		// someone, or using a communication aid, is communicating (the goals
		// README: communicating pain on a picture board is functional), where
		// "report pain ≤ 2/10 on NPRS" is the pain score.
		imp = false
	}
	if imp && !cognitiveDrill && purpose >= 0 && c.purposeNamesTask(f, g, purpose, len(toks), hits, inTF) {
		imp = false
	}
	if imp && !cognitiveDrill && purpose >= 0 {
		// A second purpose after the timeframe: "↑ ER to 60° for overhead
		// function in 6 wks to allow return to swimming". The first one's
		// clause ends at the timeframe, so it is read on its own.
		for k, past := purpose+1, false; k+1 < len(toks); k++ {
			if inTF(k) {
				past = true
				continue
			}
			if !past {
				continue
			}
			if opensPurpose(k) {
				imp = !c.purposeNamesTask(f, g, k, len(toks), hits, inTF)
			}
			break
		}
	}
	f.ImpairmentOnly = imp
	if imp {
		// Name the impairments the behaviour states, not those of its conditions
		// or criteria ("4/5 to improve hand function" is a strength goal).
		var kinds []string
		if contains(f.Impairments, "exercise") {
			kinds = append(kinds, "exercise")
		}
		for _, h := range hits {
			if h.cat == catImpairment && (in(h, objStart, objEnd) || bodyActor && toks[h.tok].End <= p.Actor.End) && !contains(kinds, h.kind) {
				kinds = append(kinds, h.kind)
			}
		}
		if len(kinds) > 0 {
			f.Impairments = kinds
		}
	}
}

// addKind records an impairment kind the decision found, once; leadKind puts
// it first, where the message names the goal's main measure.
func (f *Facts) addKind(kind string) {
	if !contains(f.Impairments, kind) {
		f.Impairments = append(f.Impairments, kind)
	}
}

func (f *Facts) leadKind(kind string) {
	if !contains(f.Impairments, kind) {
		f.Impairments = append([]string{kind}, f.Impairments...)
	}
}

// scoreNouns name a test's result without naming the test, which follows:
// "achieve a score of ≥ 24/30 on the SLUMS", "reduce overall severity on the
// CAPE-V to ≤ 20/100".
var scoreNouns = map[string]bool{
	"score": true, "scores": true, "rating": true, "severity": true, "total": true,
	"result": true, "results": true, "overall": true, "standard": true, "raw": true, "composite": true,
}

// changeNouns name an amount of change whose measure follows: "50% reduction in
// wound area", "a 20% improvement of grip".
var changeNouns = map[string]bool{
	"reduction": true, "decrease": true, "increase": true, "improvement": true, "gain": true,
	"change": true,
}

// bodyUnits measure a body structure or function, never a task: lengths of
// the body, pressures, sound levels. (Feet, minutes and pounds measure tasks.)
var bodyUnits = map[string]bool{
	"cm": true, "mm": true, "fingerwidths": true, "fingerwidth": true, "fingerbreadths": true,
	"fingerbreadth": true, "fb": true, "kpa": true, "mmhg": true, "db": true, "cmh2o": true,
}

// bodyMeasureIn reports a number followed by a body unit among toks[a:b].
func bodyMeasureIn(toks []textmatch.Token, a, b int) bool {
	for k := max(a, 1); k < b && k < len(toks); k++ {
		if bodyUnits[toks[k].Word] && (isQuantity(toks[k-1].Word) || numberWords[toks[k-1].Word]) {
			return true
		}
	}
	return false
}

// positionIn reports a body position (ICF d415) among toks[a:b].
func positionIn(toks []textmatch.Token, a, b int) bool {
	for k := a; k < b && k < len(toks); k++ {
		switch toks[k].Word {
		case "posture", "position", "upright", "sitting", "standing", "kneeling", "squatting",
			"seated", "supine", "prone", "sidelying", "quadruped":
			return true
		}
	}
	return false
}

// taskClause reports a "when"/"while" clause with a verb in -ing among
// toks[a:b] ("when ordering at a restaurant", "while talking on the phone"): the
// goal names the real-life task it is done in. A noun after them ("while
// seated", "when cued") is a condition, not a task.
func taskClause(toks []textmatch.Token, a, b int) bool {
	for k := a; k+1 < b && k+1 < len(toks); k++ {
		if w := toks[k].Word; w != "when" && w != "while" {
			continue
		}
		if n := toks[k+1].Word; len(n) > 5 && strings.HasSuffix(n, "ing") {
			return true
		}
	}
	return false
}

// duringTask reports a "while"/"during"/"when" phrase among toks[a:b] that
// names an activity (not an exercise, a drill or a body position) before the
// phrase ends at a comma or semicolon.
func duringTask(toks []textmatch.Token, hits []hit, a, b int, inExercise func(hit) bool) bool {
	for k := a; k < b && k < len(toks); k++ {
		if w := toks[k].Word; w != "while" && w != "during" && w != "when" {
			continue
		}
		for _, h := range hits {
			if h.tok <= k || h.tok >= b || h.cat != catFunction && h.cat != catOutcome {
				continue
			}
			if inExercise(h) || drillBefore(hits, k, h.tok) {
				continue
			}
			if positionIn(toks, h.tok, h.end) && !durationIn(toks, h.end, b) {
				continue // "when sitting": a position; "while sitting … for 2 hr" is sitting tolerance (ICF d415)
			}
			return true
		}
	}
	return false
}

// inConversation reports a condition among toks[a:b] that sets the behaviour
// in conversation ("in structured conversation", "at conversation level",
// "during conversational exchanges"): the top of the speech and language
// hierarchy (sounds, words, sentences, conversation), where it is
// communication, ICF d350, not a drill.
func inConversation(toks []textmatch.Token, a, b int) bool {
	for k := a; k < b && k < len(toks); k++ {
		switch toks[k].Word {
		case "conversation", "conversations", "conversational":
			for j := k - 1; j >= a && j >= k-3; j-- {
				switch toks[j].Word {
				case "in", "during", "at", "into":
					return true
				}
			}
		}
	}
	return false
}

// drillBefore reports an exercise or drill term among the hits in toks[a:b]:
// the activity after it is the exercise's setting, not the task.
func drillBefore(hits []hit, a, b int) bool {
	if exerciseIn(hits, a, b) {
		return true
	}
	for _, h := range hits {
		if h.tok >= a && h.tok < b && h.cat == catImpairment && h.kind == "drill" {
			return true
		}
	}
	return false
}

// afterDrill reports whether activity hit h follows a drill term in the object
// that starts at objStart: "name pictured household items", "sequence picture
// cards of kitchen tasks" describe what the stimuli show, not a task done.
func afterDrill(hits []hit, h hit, objStart int) bool {
	for _, d := range hits {
		if d.cat == catImpairment && d.kind == "drill" && d.tok >= objStart && d.end <= h.tok {
			return true
		}
	}
	return false
}

// impairmentIn reports an impairment measure (a term, a degree, a grade or a
// pain score) among toks[a:b].
func impairmentIn(hits []hit, a, b int) bool {
	for _, h := range hits {
		if h.cat == catImpairment && h.tok >= a && h.tok < b {
			return true
		}
	}
	return false
}

// outcomeIn reports a standardised outcome measure anywhere in the goal.
func outcomeIn(hits []hit) bool {
	for _, h := range hits {
		if h.cat == catOutcome {
			return true
		}
	}
	return false
}

// activityOutside reports an activity that is not part of an exercise
// (inExercise) nor a body position: the task an exercise or strategy is used in.
func activityOutside(toks []textmatch.Token, hits []hit, end int, inExercise func(hit) bool) bool {
	for _, h := range hits {
		if h.tok < end && (h.cat == catFunction || h.cat == catOutcome) && !inExercise(h) && !positionIn(toks, h.tok, h.end) && !whenOf(toks, h.tok) {
			return true
		}
	}
	return false
}

// whenOf reports an activity at toks[k] named only as a time of day: "10
// effortful swallows before lunch", "HEP after breakfast" are done before or
// after it, not in it.
func whenOf(toks []textmatch.Token, k int) bool {
	j := k - 1
	if j >= 0 && determiners[toks[j].Word] {
		j--
	}
	if j < 0 {
		return false
	}
	switch toks[j].Word {
	case "before", "after", "pre", "post":
		return true
	case "to":
		return j > 0 && toks[j-1].Word == "prior"
	}
	return false
}

// onDrySwallows reports a manoeuvre drilled "on dry swallows" or "on saliva
// swallows" among toks[a:b], whatever its criterion ("demonstrate supraglottic
// swallow on dry swallows w/ 90% accuracy"): the goals README's impairment
// case, the same manoeuvre used at meals being its functional one.
func onDrySwallows(toks []textmatch.Token, a, b int) bool {
	return afterOn(toks, a, b, func(j int) bool {
		for n := 0; n < 2 && j+1 < b && isDigits(toks[j].Word); n++ {
			j++ // "on 5/5 dry swallows", "on 10 dry swallows"
		}
		w := toks[j].Word
		return (w == "dry" || w == "saliva") && j+1 < b && strings.HasPrefix(toks[j+1].Word, "swallow")
	})
}

// afterOn reports an "on" among toks[a:b] whose following word, at j < b,
// satisfies what: "on dry swallows", "on a proofreading task", "on 10
// sentences".
func afterOn(toks []textmatch.Token, a, b int, what func(j int) bool) bool {
	for k := a; k+1 < b && k+1 < len(toks); k++ {
		if toks[k].Word == "on" && what(k+1) {
			return true
		}
	}
	return false
}

// drillFormat reports the format of a language drill among toks[a:b]: given to
// dictation, chosen from a field of N, multiple choice, scored on therapy probes.
func drillFormat(toks []textmatch.Token, a, b int) bool {
	for k := a; k < b && k < len(toks); k++ {
		w := toks[k].Word
		switch {
		case w == "dictation",
			w == "field" && wordAt(toks, k+1) == "of" && isQuantity(wordAt(toks, k+2)),
			w == "multiple" && wordAt(toks, k+1) == "choice",
			(w == "probe" || w == "probes") && k > 0 && (toks[k-1].Word == "therapy" || toks[k-1].Word == "on"):
			return true
		}
	}
	return false
}

// atHome reports "home" as the place a purpose's outcome holds ("for improved
// safety at home"), not a task done there.
func atHome(toks []textmatch.Token, j int) bool {
	return toks[j].Word == "home" && j > 0 && (toks[j-1].Word == "at" || toks[j-1].Word == "in")
}

// wordAt is toks[i].Word, or "" past the end.
func wordAt(toks []textmatch.Token, i int) string {
	if i < len(toks) {
		return toks[i].Word
	}
	return ""
}

// onCognitiveTest reports "on" a cognitive test or drill among toks[a:b]: "on
// a proofreading task", "on go/no-go task", "on Trails B".
func onCognitiveTest(toks []textmatch.Token, hits []hit, a, b int) bool {
	return afterOn(toks, a, b, func(j int) bool {
		for j < b && determiners[toks[j].Word] {
			j++
		}
		for _, h := range hits {
			if h.tok == j && h.cat == catImpairment && (h.kind == "cognition" || h.kind == "drill") {
				return true
			}
		}
		return false
	})
}

// onUnitsOfSpeech reports a technique practised "on" units of the language
// hierarchy among toks[a:b]: "use easy onset on 10 sentences", "use light
// contacts on 10/10 sentences in clinic" (a drill, like "repeat 10 sentences").
func onUnitsOfSpeech(toks []textmatch.Token, a, b int) bool {
	return afterOn(toks, a, b, func(j int) bool { return unitsOfSpeech(toks, j, min(b, j+3)) })
}

// unitsOfSpeech reports a goal object among toks[a:b] headed by a unit of the
// language hierarchy drills climb (syllables, words, phrases, sentences).
func unitsOfSpeech(toks []textmatch.Token, a, b int) bool {
	for k := a; k < b; k++ {
		switch toks[k].Word {
		case "syllable", "syllables", "word", "words", "phrase", "phrases", "sentence", "sentences":
			return true
		}
	}
	return false
}

// productionVerbs produce speech in a drill.
var productionVerbs = map[string]bool{"produce": true, "say": true, "articulate": true, "imitate": true, "repeat": true, "sustain": true, "prolong": true}

// perceptualVerbs report what was perceived: with vision occluded they are the
// answer of a sensory test.
var perceptualVerbs = map[string]bool{
	"identify": true, "id": true, "name": true, "match": true, "distinguish": true, "discriminate": true,
	"differentiate": true, "detect": true, "recognize": true, "recognise": true, "reproduce": true,
	"localize": true, "localise": true, "indicate": true,
}

// visionOccluded reports a condition among toks[a:b] that takes vision away:
// "w/ vision occluded", "eyes closed", "w/o vision", "blindfolded", "without
// looking", "by touch alone".
func visionOccluded(toks []textmatch.Token, a, b int) bool {
	for k := a; k < b; k++ {
		switch w, next := toks[k].Word, wordAt(toks, k+1); {
		case (w == "vision" || w == "eyes") && (next == "occluded" || next == "closed" || next == "blocked" || next == "shielded" || next == "covered"),
			(w == "o" && k > 0 && toks[k-1].Word == "w" || w == "without" || w == "no") && (next == "vision" || next == "looking"),
			w == "by" && next == "touch" && (wordAt(toks, k+2) == "alone" || wordAt(toks, k+2) == "only"), // "by touch alone"
			w == "blindfolded":
			return true
		}
	}
	return false
}

// generateVerbs list items; with a time limit they set a verbal-fluency task.
var generateVerbs = map[string]bool{"generate": true, "list": true, "produce": true}

// phonemeIn reports a speech sound between slashes among toks[a:b].
func (c *Classifier) phonemeIn(g gaps, a, b int) bool {
	for k := a; k < b && k < len(g.toks); k++ {
		if c.phonemeAt(g, k) {
			return true
		}
	}
	return false
}

// timedCriterion reports a time limit among toks[a:b]: "in 60 sec", "within 1 min".
func timedCriterion(toks []textmatch.Token, a, b int) bool {
	for k := a; k+2 < b && k+2 < len(toks); k++ {
		if w := toks[k].Word; w != "in" && w != "within" {
			continue
		}
		if n := toks[k+1].Word; (isQuantity(n) || numberWords[n]) && secondsOrMinutes[toks[k+2].Word] {
			return true
		}
	}
	return false
}

var secondsOrMinutes = map[string]bool{
	"s": true, "sec": true, "secs": true, "second": true, "seconds": true, "min": true,
	"mins": true, "minute": true, "minutes": true,
}

// drillAnywhere reports a cognitive-linguistic drill term anywhere in the goal.
func drillAnywhere(hits []hit) bool {
	for _, h := range hits {
		if h.cat == catImpairment && h.kind == "drill" {
			return true
		}
	}
	return false
}

// cognitiveOps are the mental operations a drill scores; as a goal's only
// activities they name no task.
var cognitiveOps = map[string]bool{
	"read": true, "reading": true, "recall": true, "name": true, "naming": true, "listen": true,
}

// firstPurposeWord is the first content word of the purpose clause at k.
func firstPurposeWord(toks []textmatch.Token, k int) string {
	for ; k < len(toks); k++ {
		if !purposeSkip[toks[k].Word] {
			return toks[k].Word
		}
	}
	return ""
}

// drillEndsAt reports a drill stimulus that ends right before toks[k].
func drillEndsAt(hits []hit, k int) bool {
	for _, h := range hits {
		if h.cat == catImpairment && h.kind == "drill" && h.end == k {
			return true
		}
	}
	return false
}

// orientWords and orientSpheres: "oriented to person, place and time".
var (
	orientWords   = map[string]bool{"orientation": true, "oriented": true, "orient": true, "orients": true}
	orientSpheres = map[string]bool{"person": true, "place": true, "time": true, "date": true, "situation": true, "self": true, "year": true, "month": true, "day": true, "x3": true, "x4": true}
)

// isChangeVerb reports a change verb, or a long one misspelt by one letter
// ("to imporve functional activities"), like isGeneric.
func isChangeVerb(w string) bool { return inOrOneEdit(changeVerbs, w) }

// changePurpose reports a purpose clause at toks[k] that opens with a change,
// prevention or support verb ("to improve body awareness", "to ↓ pain"):
// whether it names a task is decided by its object.
func changePurpose(toks []textmatch.Token, k int) bool {
	w := firstPurposeWord(toks, k)
	return changeVerbs[w] || preventVerbs[w] || supportVerbs[w]
}

// onlyCognitiveActs reports whether every activity named is a cognitive operation.
func onlyCognitiveActs(toks []textmatch.Token, hits []hit) bool {
	for _, h := range hits {
		if (h.cat == catFunction || h.cat == catOutcome) && (h.end != h.tok+1 || !cognitiveOps[toks[h.tok].Word]) {
			return false
		}
	}
	return true
}

// activityBesides reports a functional activity or outcome measure other than
// the one at token v (the verb).
// activityAfter reports an activity among the hits after toks[v], past a label
// before it ("Swallow: PAS 7 → PAS 2").
func activityAfter(hits []hit, v int) bool {
	for _, h := range hits {
		if (h.cat == catFunction || h.cat == catOutcome) && h.tok > v {
			return true
		}
	}
	return false
}

func activityBesides(hits []hit, v int) bool {
	for _, h := range hits {
		if (h.cat == catFunction || h.cat == catOutcome) && h.tok != v {
			return true
		}
	}
	return false
}

// activityExcept is activityBesides leaving out the hits except reports: a
// position ("w/o a seated rest break"), or a listed example's members ("name
// 8/10 common objects (coin, key, button) placed in L hand"), which say what
// the objects are, not what is done with them.
func activityExcept(hits []hit, v int, except func(hit) bool) bool {
	for _, h := range hits {
		if (h.cat == catFunction || h.cat == catOutcome) && h.tok != v && !except(h) {
			return true
		}
	}
	return false
}

// enumerated reports a hit inside a parenthesised list: "(coin, key, button)".
func enumerated(g gaps, h hit) bool {
	open, close := -1, -1
	for k := h.tok; k > 0 && open < 0; k-- {
		s := g.at(k)
		if strings.Contains(s, ")") {
			return false
		}
		if strings.Contains(s, "(") {
			open = k
		}
	}
	for j := h.end; j <= len(g.toks) && close < 0; j++ {
		s := g.at(j)
		if strings.Contains(s, "(") {
			return false
		}
		if strings.Contains(s, ")") {
			close = j
		}
	}
	if open < 0 || close < 0 {
		return false
	}
	for m := open + 1; m < close; m++ {
		if strings.Contains(g.at(m), ",") {
			return true
		}
	}
	return false
}

// decimalAt reports a decimal point before toks[k] ("3.61 filament").
func decimalAt(g gaps, k int) bool {
	return k > 0 && k < len(g.toks) && g.at(k) == "." && isDigits(g.toks[k-1].Word) && isDigits(g.toks[k].Word)
}

// toolCondition reports a "using"/"via" condition among toks[a:b]: the
// behaviour is done with a tool or aid.
func toolCondition(toks []textmatch.Token, a, b int) bool {
	for k := a; k < b && k < len(toks); k++ {
		if w := toks[k].Word; w == "using" || w == "via" {
			return true
		}
	}
	return false
}

// sharedMeasure reports whether the words from toks[k] to the next condition,
// criterion or purpose name an impairment measure before any activity: the
// coordination shares that measure ("↑ hip flexor and quad strength by ½ grade").
func sharedMeasure(toks []textmatch.Token, k int, hitAt func(int) (hit, bool), inTF func(int) bool) bool {
	for j := k; j < len(toks) && j < k+4 && !inTF(j); j++ {
		w := toks[j].Word
		if conditionMarkers[w] || purposeMarkers[w] || w == "to" || w == "for" {
			return false
		}
		if h, ok := hitAt(j); ok {
			return h.cat == catImpairment
		}
	}
	return false
}

// exerciseHead reports an exercise that heads the object toks[a:b]: only numbers,
// units or dose words follow it ("hold plank", "ride stationary bike 20 min"),
// so it is not a modifier ("apply short-stretch bandaging").
func exerciseHead(toks []textmatch.Token, hits []hit, a, b int) bool {
	for _, h := range hits {
		if h.cat != catExercise || h.tok < a || h.tok >= b {
			continue
		}
		head := true
		for k := h.end; k < b; k++ {
			if w := toks[k].Word; !isQuantity(w) && !doseWords[w] && !isDose(w) && w != "x" && !numberWords[w] && !quantityUnits[w] && !sideOrStance(w) && w != "each" && w != "side" && w != "sides" {
				head = false
			}
		}
		if head {
			return true
		}
	}
	return false
}

// exerciseIn reports an exercise among toks[a:b].
func exerciseIn(hits []hit, a, b int) bool {
	for _, h := range hits {
		if h.cat == catExercise && h.tok >= a && h.tok < b {
			return true
		}
	}
	return false
}

// phonemeAt reports a speech sound written between slashes at toks[k] ("/k/").
func (c *Classifier) phonemeAt(g gaps, k int) bool {
	if k >= len(g.toks) {
		return false
	}
	if c.soundClasses[g.toks[k].Word] {
		return true // "bilabials", "fricatives"
	}
	if len(g.toks[k].Word) > 3 && !strings.ContainsFunc(g.toks[k].Word, isIPA) {
		return false // "sit/stand/walk" lists words; "/pʌtəkə/" transcribes sounds
	}
	return strings.HasSuffix(g.at(k), "/") && strings.HasPrefix(g.at(k+1), "/")
}

// isIPA reports a letter of the IPA Extensions block (ə, ʌ, ʃ, ɪ …), which only
// a phonetic transcription uses.
func isIPA(r rune) bool { return r >= 0x0250 && r <= 0x02AF }

// determiners start an object noun phrase after a verb.
var determiners = map[string]bool{"a": true, "an": true, "the": true, "his": true, "her": true, "their": true, "own": true}

// bodyActors are body structures that can be a goal's actor ("Wound will heal").
var bodyActors = map[string]bool{"wound": true, "incision": true, "scar": true, "edema": true, "swelling": true, "pain": true, "ulcer": true}

// criterionAfterTo reports whether "to"/"for" before toks[k] introduces a target
// value or side ("to 120°", "to 4/5", "to WFL", "to neutral", "to T10", "for 30
// sec") rather than a purpose.
// sideWords name the side of the body; stanceWords the limb or stance an
// exercise's name may start with ("L SL heel raise", "B LE bridges").
var (
	sideWords   = map[string]bool{"l": true, "r": true, "b": true, "bilat": true, "bilateral": true, "left": true, "right": true, "both": true}
	stanceWords = map[string]bool{"sl": true, "single": true, "leg": true, "le": true, "ue": true}
)

// measuredMovement reports an exercise's name at toks[v] followed at once by an
// impairment measure ("hip abd MMT", "hip flexion AROM"): the movement the measure
// is taken of, not the exercise done.
// Movements may be chained before the measure: "hip add + hip ext MMT".
func (c *Classifier) measuredMovement(toks []textmatch.Token, hits []hit, v int) bool {
	for _, h := range hits {
		if h.cat != catExercise || h.tok != v {
			continue
		}
		next := h.end
		if next < len(toks) && toks[next].Word == "and" {
			next++
		}
		for _, m := range hits {
			switch {
			case m.cat == catImpairment && m.tok == h.end:
				return true
			case m.cat == catExercise && m.tok == next && m.tok > v:
				return c.measuredMovement(toks, hits, m.tok)
			}
		}
	}
	return false
}

// stimulusIn reports a sensory stimulus (ClassStimuli) among toks[a:b].
func (c *Classifier) stimulusIn(toks []textmatch.Token, a, b int) bool {
	for k := a; k < b && k < len(toks); k++ {
		if c.stimuli[toks[k].Word] {
			return true
		}
	}
	return false
}

// gradeCode reports a short letter-and-number grade or angle label ("R1" of the
// Tardieu scale, "G1" of GRBAS, "M3"): a value, naming no task.
func gradeCode(w string) bool {
	return len(w) >= 2 && len(w) <= 3 && w[0] >= 'a' && w[0] <= 'z' && isDigits(w[1:])
}

// limbWords name a whole limb.
var limbWords = map[string]bool{"leg": true, "legs": true, "arm": true, "arms": true, "le": true, "ue": true}

// bothSides reports "L and R" around the "and" at toks[k]: the two sides of
// one measure, not a second behaviour.
func bothSides(toks []textmatch.Token, k int) bool {
	return k > 0 && k+1 < len(toks) && sideWords[toks[k-1].Word] && sideWords[toks[k+1].Word]
}

// sideOrStance reports a side or stance word.
func sideOrStance(w string) bool { return sideWords[w] || stanceWords[w] }

// heldFor reports a duration at toks[k], after at most three words that name a
// position, a side or a movement ("prone extension", "x"): what a hold lasts.
// "to hold a full mug for 10 sec" names a thing held, a task.
func heldFor(g gaps, k int) bool {
	for n := 0; n <= 3 && k+1 < len(g.toks); n++ {
		w := g.toks[k].Word
		if isQuantity(w) && secondsOrMinutes[g.toks[k+1].Word] {
			return true
		}
		if !(w == "x" || positionIn(g.toks, k, k+1) || sideOrStance(w) || movementNouns[w]) {
			return false
		}
		k++
	}
	return false
}

// movementNouns name the movement or position a hold keeps.
var movementNouns = map[string]bool{
	"extension": true, "flexion": true, "abduction": true, "adduction": true, "rotation": true,
	"position": true, "posture": true, "contraction": true,
}

// severityWords are the values of a rated scale.
var severityWords = map[string]bool{"mild": true, "moderate": true, "severe": true, "normal": true, "wnl": true, "wfl": true}

// scaleWords name the step of a scale between its name and its value.
var scaleWords = map[string]bool{"grade": true, "level": true, "stage": true, "score": true, "scale": true}

// symmetrySide names the other limb a measure is matched to.
var symmetrySide = map[string]bool{
	"l": true, "r": true, "left": true, "right": true, "uninvolved": true, "uninjured": true,
	"unaffected": true, "contralateral": true, "opposite": true, "other": true, "the": true,
}

// degreesIn reports a value in degrees (a ROM hit of the degree pattern) among
// toks[a:b]: "↑ TAM of R index finger to 220°". ("180° turns" is no such hit.)
func degreesIn(hits []hit, a, b int) bool {
	for _, h := range hits {
		if h.cat == catImpairment && h.kind == "rom" && h.tok >= a && h.tok < b && h.end == h.tok+1 {
			return true
		}
	}
	return false
}

// turnIn reports a turn or pivot anywhere in the goal, whose degrees measure the
// turn ("↑ turning speed to 180° in 3 sec"), not a joint.
func turnIn(toks []textmatch.Token) bool {
	for _, t := range toks {
		switch t.Word {
		case "turn", "turns", "turning", "pivot", "pivots", "pivoting", "spin", "spins":
			return true
		}
	}
	return false
}

// durationIn reports a number of minutes or seconds among toks[a:b].
func durationIn(toks []textmatch.Token, a, b int) bool {
	for k := max(a, 1); k < b && k < len(toks); k++ {
		if w := toks[k].Word; (secondsOrMinutes[w] || w == "hr" || w == "hrs" || w == "hour" || w == "hours") && (isQuantity(toks[k-1].Word) || numberWords[toks[k-1].Word]) {
			return true
		}
	}
	return false
}

// movesBodyPart reports whether the object toks[a:b] starts with a body part,
// after a side word or a determiner: the thing a movement verb moves.
func (c *Classifier) movesBodyPart(g gaps, a, b int) bool {
	for a < b && (sideOrStance(g.toks[a].Word) || determiners[g.toks[a].Word] || g.toks[a].Word == "his" || g.toks[a].Word == "her") {
		if limbWords[g.toks[a].Word] && a > 0 && sideWords[g.toks[a-1].Word] {
			return true // "lift R leg 10x": the limb itself, written as a stance word
		}
		a++
	}
	if a >= b {
		return false
	}
	w := g.toks[a].Word
	return c.oralStructures[w] || c.bodyPartOf(w)
}

// dosedWithoutActivity reports a dose ("10 reps each", "3x10") among toks[v:]
// and no activity or outcome measure: an exercise prescription after a label
// ("Oral motor: lingual lateralization & lip rounding 10 reps each").
func dosedWithoutActivity(toks []textmatch.Token, v int, catAt func(int) category) bool {
	dose := false
	for k := v; k < len(toks); k++ {
		if c := catAt(k); c == catFunction || c == catOutcome {
			return false
		}
		if doseWords[toks[k].Word] || isDose(toks[k].Word) {
			dose = true
		}
	}
	return dose
}

// labelNamesTask reports an activity among toks[a:b], the words before a colon.
func labelNamesTask(a, b int, catAt func(int) category) bool {
	for i := a; i < b; i++ {
		if c := catAt(i); c == catFunction || c == catOutcome {
			return true
		}
	}
	return false
}

// measureLeads reports whether the words at toks[v] start a body-function
// measure: an impairment term or a body part within the first three words,
// before any activity, change or doing verb ("triceps strength 2/5", "R knee
// flexion 0-110°"; not "ambulate 500 ft").
func (c *Classifier) measureLeads(g gaps, v int, catAt func(int) category) bool {
	for j := v; j < v+3 && j < len(g.toks); j++ {
		if j > v && strings.ContainsAny(g.at(j), ",;.:()") {
			return false
		}
		w := g.toks[j].Word
		switch cat := catAt(j); {
		case cat == catFunction || cat == catOutcome || cat == catExercise || changeVerbs[w] || doVerbs[w] || actorVerbs[w]:
			return false
		case cat == catImpairment:
			return true
		}
	}
	return c.bodyPartAt(g, v)
}

// quotedFrom reports a quoted phrase after a "from" before toks[k]: the range
// of named levels a quoted phrase after "to" closes. (A quote after "to" alone
// may be the patient's own words for the task.)
func quotedFrom(g gaps, k int) bool {
	for j := k - 1; j > 0; j-- {
		if g.toks[j-1].Word == "from" && strings.ContainsAny(g.at(j), "\"“") {
			return true
		}
	}
	return false
}

// romanAt reports a level written as a capital Roman numeral at toks[k] ("VII",
// "IV"), ending the phrase: not "to IV pole" nor the pronoun "I".
func romanAt(g gaps, k int) bool {
	t := g.toks[k]
	text := g.text[t.Start:t.End]
	if len(text) < 2 || len(text) > 4 || strings.Trim(text, "IVX") != "" {
		return false
	}
	if k+1 >= len(g.toks) || strings.ContainsAny(g.at(k+1), ",;.)—–-") {
		return true
	}
	switch g.toks[k+1].Word {
	case "in", "by", "within", "prior", "before", "on", "at", "and", "or", "x":
		return true
	}
	return false
}

func criterionAfterTo(g gaps, k int) bool {
	w := g.toks[k].Word
	if strings.ContainsAny(g.at(k), "≥≤<>~") || isQuantity(w) && !isOrdinal(w) || numberWords[w] || isLevel(w) {
		return true
	}
	if t := g.toks[k]; g.text[t.Start] >= 'A' && g.text[t.Start] <= 'Z' {
		n := k + 1
		if n+1 < len(g.toks) && g.at(n) == "-" {
			n++ // "CAPE-V", "PPVT-5": the scale's name goes on after a hyphen
		}
		if n+1 < len(g.toks) && (g.toks[n].Word == "of" || scaleWords[g.toks[n].Word]) {
			n++ // "to MIP of 60 cm H2O", "to Oxford grade 4"
		}
		if n < len(g.toks) && (isDigits(g.toks[n].Word) || severityWords[g.toks[n].Word]) && !strings.ContainsAny(g.at(k+1), ",;") {
			return true // a scale and its value: "to MAS 1+", "to Kapandji 8", "to CAPE-V mild"
		}
	}
	if (w == "match" || w == "equal" || w == "mirror") && k+1 < len(g.toks) && symmetrySide[g.toks[k+1].Word] {
		return true // "heel raises 25 reps to match R": limb symmetry, a degree
	}
	if (w == "hold" || w == "sustain") && heldFor(g, k+1) {
		return true // "labial seal to hold 10 sec", "to hold prone extension x 30 sec": how long, not a task
	}
	if strings.ContainsAny(g.at(k), "\"“") && quotedFrom(g, k) {
		return true // a quoted level: "from \"Much More Than Others\" to \"Just Like the Majority\""
	}
	if (w == "level" || w == "grade" || w == "stage" || w == "lvl") && k+1 < len(g.toks) && (isQuantity(g.toks[k+1].Word) || romanAt(g, k+1)) {
		return true // "to level 7 on Downey hierarchy", "to grade 1": a level reached
	}
	if romanAt(g, k) {
		return true // "Rancho level V to VII": a level, not a purpose
	}
	if w == "be" {
		// "strength to be 4+/5", not "to be heard in a restaurant"
		return k+1 < len(g.toks) && (criterionAfterTo(g, k+1) || g.toks[k+1].Word == "at" || g.toks[k+1].Word == "equal" || g.toks[k+1].Word == "within")
	}
	if w == "baseline" || k+1 < len(g.toks) && (g.toks[k+1].Word == "levels" || g.toks[k+1].Word == "level") && !isDigits(w) {
		return true // "to tolerable levels", "to baseline": a degree, not a purpose
	}
	if isOrdinal(w) && k+1 < len(g.toks) && digitWords[g.toks[k+1].Word] {
		return true // "opposition to 5th digit base": where the thumb reaches
	}
	if (w == "reach" || w == "touch") && k+1 < len(g.toks) && isLevel(g.toks[k+1].Word) {
		return true // "IR to reach T8": a spinal level reached, not a task
	}
	if w == "return" && k+2 < len(g.toks) && g.toks[k+1].Word == "to" && (restingState[g.toks[k+2].Word] || criterionAfterTo(g, k+2) && g.toks[k+2].Word != "prior") {
		return true // "HR to return to within 10 bpm of resting", "to return to baseline": a value regained
	}
	if (w == "reach" || w == "achieve" || w == "attain") && k+1 < len(g.toks) && reachedValue(g, k+1) {
		return true // "VSS to reach ≤ 4", "2PD to reach normal range": a value reached, not a task
	}
	if w == "w" && k+1 < len(g.toks) && g.toks[k+1].Word == "in" && g.at(k+1) == "/" {
		return true // "to w/in 1 cm of contralat": within, a degree
	}
	switch w {
	case "intact", "symmetric", "symmetrical", "pre", "preinjury", "premorbid", "preop", "prior", "previous", "palpation", "negative", "neg", "resolved", "absent", "every", "q", "wfl", "wnl", "within", "neutral", "full", "normal", "zero", "no", "less", "greater", "at", "minimal", "mild", "min", "trace", "scant", "slight", "none", "good", "fair", "independent", "l", "r", "left", "right", "b", "bilat":
		return true
	}
	return false
}

// conditionAfterTo: "to L" (a side) after the object is a direction, not a purpose.
// digitWords name the fingers, toes and their joints an ordinal counts.
var digitWords = map[string]bool{
	"digit": true, "digits": true, "finger": true, "fingers": true, "toe": true, "toes": true,
	"mcp": true, "pip": true, "dip": true, "metacarpal": true, "metatarsal": true, "mtp": true,
}

// bodyPartAt reports whether a body part is named within the three words at
// toks[k] ("to the anterior neck", "to R shoulder"): a place after "to", not a
// purpose.
func (c *Classifier) bodyPartAt(g gaps, k int) bool {
	if c.bodyPart == nil || k >= len(g.toks) {
		return false
	}
	e := min(k+3, len(g.toks))
	for j := k + 1; j < e; j++ {
		if strings.ContainsAny(g.at(j), ",;.()") {
			e = j
			break
		}
	}
	part, _ := c.bodyPart(g.text[g.toks[k].Start:g.toks[e-1].End])
	return part != ""
}

// anatomicalDirection are the directional terms of anatomy (Terminologia
// Anatomica): after "to" they start a place the movement reaches ("fist to
// distal palmar crease", "to lateral malleolus"), never a purpose's verb.
// residualLimb names what remains of an amputated limb (ISO 8549-1 and ISPO
// terminology: residual limb, residuum; "stump" in older notes), a body part
// the goal regions do not list: "tapping to residual limb" is where, not why.
var residualLimb = map[string]bool{"residual": true, "residuum": true, "stump": true}

var anatomicalDirection = map[string]bool{
	"distal": true, "proximal": true, "medial": true, "lateral": true, "anterior": true,
	"posterior": true, "superior": true, "inferior": true, "dorsal": true, "ventral": true,
	"palmar": true, "plantar": true, "volar": true, "ipsilateral": true, "contralateral": true,
}

// landmarkNoun reports whether toks[k] after "to" is a plural noun rather than
// the verb of a purpose clause: a purpose's verb is a base form ("to reach",
// "to dress", "to access"), so a word ending in a plural -s that is not -ss,
// -us or -is ("to fingertips", "to toes", "to knees") is where a reach ends.
// A word the lexicon knows as an activity ("to stairs") still opens a purpose.
func landmarkNoun(g gaps, k int) bool {
	w := g.toks[k].Word
	if len(w) < 4 || w[len(w)-1] != 's' {
		return false
	}
	switch w[len(w)-2] {
	case 's', 'u', 'i':
		return false
	}
	return true
}

// criterionAfter is criterionAfterTo for "to"; after "for" only a number
// ("for 30 sec") is a criterion: "for normal gait" states what the measure is for.
func criterionAfter(g gaps, prep string, k int) bool {
	if prep != "for" {
		return criterionAfterTo(g, k)
	}
	w := g.toks[k].Word
	return isQuantity(w) && !isOrdinal(w) || numberWords[w]
}

// bolusAt reports a bolus at toks[k], after a determiner or a number.
func (c *Classifier) bolusAt(g gaps, k int) bool {
	for k < len(g.toks) && (determiners[g.toks[k].Word] || isQuantity(g.toks[k].Word)) {
		k++
	}
	return k < len(g.toks) && c.bolusWords[g.toks[k].Word]
}

func conditionAfterTo(g gaps, k int) bool {
	w := g.toks[k].Word
	if determiners[w] && k+1 < len(g.toks) {
		w = g.toks[k+1].Word // "for the left knee"
	}
	if sideWords[w] {
		return true
	}
	return false
}

// isDose reports an exercise dose written as one token: "3x10", "2x15".
func isDose(w string) bool {
	i := strings.IndexByte(w, 'x')
	return i > 0 && i < len(w)-1 && isDigits(w[:i]) && isDigits(w[i+1:])
}

// secondIsTask reports whether a second behaviour joined by "and" is a task: an
// activity the tagger reads as a verb, or an unknown word it reads as one.
func (c *Classifier) secondIsTask(f *Facts, g gaps, k int, hitAt func(int) (hit, bool)) bool {
	w := g.toks[k].Word
	if changeVerbs[w] || strings.ContainsAny(g.at(k), "↑↓") {
		return false // "↑ strength and ↓ pain": two impairments
	}
	if h, ok := hitAt(k); ok && h.cat == catImpairment {
		return false
	}
	if k+1 < len(g.toks) && c.bodyPartOf(w) {
		if h, ok := hitAt(k + 1); ok && h.cat == catImpairment {
			return false // "… and elbow ext to -5°": a second measure, not a task
		}
	}
	if h, ok := hitAt(k); ok && (h.cat == catOutcome || h.cat == catFunction && k+1 < len(g.toks) && (isQuantity(g.toks[k+1].Word) || determiners[g.toks[k+1].Word])) {
		return true // "and ambulate 300 ft", "and carry a basket"
	}
	// Word order cannot tell "and reach into the cabinet" (a verb) from "and
	// reach" (a noun); the tagger can.
	f.Decision = ByTagger
	words, err := c.tagger.Tag("Pt will " + g.text[g.toks[k].Start:])
	if err != nil || len(words) < 3 {
		return true // cannot tell: stay silent rather than raise a false alarm
	}
	switch words[2].Tag {
	case "VB", "VBP", "VBZ":
		return true
	}
	return false
}

// tagsFrom tags toks[j:end] in the frame of a predicate ("It will be …") and
// returns each word's tag by its offset in g.text; nil when the tagger fails.
func (c *Classifier) tagsFrom(g gaps, j, end int) map[int]string {
	const frame = "It will be "
	text := g.text[g.toks[j].Start:g.toks[end-1].End]
	words, err := c.tagger.Tag(frame + text)
	if err != nil {
		return map[int]string{}
	}
	tags := make(map[int]string, len(words))
	at := 0
	for _, w := range words[min(3, len(words)):] {
		n := strings.Index(text[at:], w.Text)
		if n < 0 {
			continue // the tagger rewrote the word; leave it untagged
		}
		tags[g.toks[j].Start+at+n] = w.Tag
		at += n + len(w.Text)
	}
	return tags
}

// purposeNamesTask reports whether the purpose clause starting at toks[k] names a
// task rather than nothing in particular ("for improved function"), another
// impairment ("to increase knee flexion", "to prevent contracture") or an
// exercise ("to complete 10 theraputty squeezes"). A purpose that only says
// what the body part is "to be" ("scar to be soft, flat and pliable") names a
// state, which the tagger tells from a task ("to be home with family").
func (c *Classifier) purposeNamesTask(f *Facts, g gaps, k, end int, hits []hit, inTF func(int) bool) bool {
	toks := g.toks
	i := k
	for i < end && (purposeSkip[toks[i].Word] || inTF(i) || toks[i].Word == "as" && i > k && toks[i-1].Word == "so") {
		i++ // "so as to", like "in order to", only links the purpose
	}
	catAt := func(j int) category {
		for _, h := range hits {
			if j >= h.tok && j < h.end {
				return h.cat
			}
		}
		return 0
	}
	if i >= end || toks[i].Word == "prevent" || toks[i].Word == "avoid" {
		return false
	}
	if arrow := strings.ContainsAny(g.at(i), "↑↓"); arrow || preventVerbs[toks[i].Word] || isChangeVerb(toks[i].Word) || supportVerbs[toks[i].Word] {
		// "to improve stair negotiation" names a task; "to improve hand
		// function", "to increase knee flexion", "to allow ↑ MCP flexion" do not.
		j0 := i + 1
		if arrow {
			j0 = i
		}
		for j := j0; j < end && !inTF(j) && !strings.ContainsAny(g.at(j), ";.,"); j++ {
			if returnToState(toks, j, end) {
				j++
				continue // "to support return to prior level of function"
			}
			if (toks[j].Word == "swallow" || toks[j].Word == "swallowing") && j+1 < end && swallowQuality[toks[j+1].Word] {
				j++
				continue // "to improve swallow safety": the swallow itself (ICF b5105), not a meal
			}
			if functionOf(toks, j, end) {
				continue // "to improve overhead function": a function, whatever it is of
			}
			if c := catAt(j); (c == catFunction || c == catOutcome) && !isGeneric(toks[j].Word) {
				return true
			}
			if participationIn(toks, j, end, inTF) {
				return true
			}
			if j == j0 && phrasalAction(toks, j, end, catAt) {
				return true // "to facilitate getting up from the floor"
			}
		}
		return false
	}
	exercise := false
	for j := i; j < end && !inTF(j) && !strings.ContainsAny(g.at(j), ";."); j++ {
		if toks[j].Word == "prepare" && j+1 < end && toks[j+1].Word == "for" {
			continue // "to prepare for functional activities": the task is what follows
		}
		if isGeneric(toks[j].Word) {
			continue // "for improved participation"; the words of "hand washing" after "hand" still name it
		}
		if returnToState(toks, j, end) {
			j++
			continue
		}
		if inTherapy(toks, j, end) {
			continue // "to participate fully in therapy": tolerating therapy (goals README)
		}
		if functionOf(toks, j, end) {
			continue // "for overhead function", "for improved swallowing function"
		}
		if progressionOf(toks, j, end) {
			j++
			continue
		}
		switch catAt(j) {
		case catFunction, catOutcome:
			// After an exercise, an activity word is the exercise's position or
			// setting ("exercises in seated and supine"), unless a new purpose
			// opens ("squats to lift a box"); before one it is the position it
			// is done in ("2 x 15 of seated LE exercises").
			if positionIn(toks, j, j+1) && exerciseIn(hits, j+1, j+3) {
				continue
			}
			if !exercise || j > 0 && (toks[j-1].Word == "to" || toks[j-1].Word == "for") {
				return true
			}
		case catExercise:
			exercise = true
		}
	}
	if exercise {
		return false
	}
	var state map[int]string // tags of the words after "be", by offset, while they describe a state
	for j := i; j < end && !inTF(j) && !strings.ContainsAny(g.at(j), ";."); j++ {
		w := toks[j].Word
		if w == "prepare" && j+1 < end && toks[j+1].Word == "for" {
			continue
		}
		if returnToState(toks, j, end) {
			j++
			continue
		}
		if j > k && toks[j-1].Word == "be" && state == nil {
			f.Decision = ByTagger
			state = c.tagsFrom(g, j, end)
		}
		if state != nil {
			switch state[toks[j].Start] {
			case "JJ", "JJR", "JJS", "RB", "CC", "VBN":
				continue // "soft, flat and pliable", "well healed"
			}
			state = map[int]string{} // the state ended; what follows is read as usual
			if strings.Contains(g.at(j), "(") {
				// "(VSS ≤ 3)" names the scale the state is measured on
				for j < end && !strings.Contains(g.at(j+1), ")") {
					j++
				}
				continue
			}
		}
		if copulas[w] && j > i {
			// "so that wrist function is WFL", "so that finger extension is
			// achievable": what follows the verb is the state of what precedes
			// it (body functions, so far), which names a task only if it names
			// an activity ("… is sufficient to grasp a cup").
			for e := j + 1; e < end && !inTF(e) && !strings.ContainsAny(g.at(e), ";."); e++ {
				if c := catAt(e); (c == catFunction || c == catOutcome) && !isGeneric(toks[e].Word) {
					return true
				}
				if (toks[e].Word == "to" || toks[e].Word == "for") && e+1 < end {
					return c.purposeNamesTask(f, g, e, end, hits, inTF) // "… is sufficient to grasp a cup"
				}
			}
			return false
		}
		if supportVerbs[w] && j > i {
			return c.purposeNamesTask(f, g, j, end, hits, inTF) // "to MAS 1 to facilitate …": its object decides
		}
		if progressionOf(toks, j, end) {
			j++
			continue // "to allow progression to resistive strengthening": what follows decides
		}
		if catAt(j) == catImpairment || c.muscleGroups[w] || isGeneric(w) || purposeSkip[w] || therapyWords[w] || functionOf(toks, j, end) || cueHeads[w] && w != "a" || atHome(toks, j) || gradeCode(w) || jointWords[w] || placePrepositions[w] || productionVerbs[w] || sideOrStance(w) || c.bodyPartOf(w) || isQuantity(w) || doVerbs[w] || quantityUnits[w] || timeUnits[w] || bodyUnits[w] || positionIn(toks, j, j+1) || c.phonemeAt(g, j) {
			continue // "to complete a 10 minute task in prone", "for /pʌ/": no task named
		}
		if treatmentNouns[w] && j > 0 && catAt(j-1) == catImpairment {
			continue // "for contracture prevention", "for edema control": the impairment's treatment
		}
		if modifiesMeasure(g, j, end, catAt) {
			continue // "to allow resistive strengthening": the noun it modifies decides
		}
		return true
	}
	return false
}
