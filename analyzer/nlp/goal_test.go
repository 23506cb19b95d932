package nlp

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/soaplint/soaplint/lexicon"
)

func newTestClassifier(t testing.TB, size int) *Classifier {
	t.Helper()
	l, err := lexicon.Load()
	if err != nil {
		t.Fatal(err)
	}
	return forLexicon(l, l.Terms, size)
}

func TestClassify(t *testing.T) {
	c := newTestClassifier(t, 0)
	for _, tc := range []struct {
		text       string
		impairment bool
		measurable bool
		by         Decision
	}{
		// Impairment-only: ROM, MMT, strength grade, pain score, girth.
		{"R ankle DF AROM to 10 deg.", true, true, ByWords},
		{"Increase bilat hip abd strength to 4/5.", true, true, ByWords},
		{"Increase L knee flexion to 135 deg.", true, true, ByWords},
		{"Increase L quad strength to 5/5.", true, true, ByWords},
		{"Decrease L hip pain to 2/10.", true, true, ByWords},
		{"Increase quad strength", true, false, ByWords},
		{"Reduce R knee girth by 2 cm", true, true, ByWords},
		{"Improve hamstring flexibility", true, false, ByWords},
		{"R shoulder flexion 0-150°", true, true, ByWords},
		{"The patient will demonstrate 3/5 strength of the left ankle.", true, true, ByWords},
		{"The patient will report 0/10 pain in the 48-hour period without the use of medication and without wearing her boot.", true, true, ByWords},
		{"Bilateral hamstring, bilateral hip internal and external rotation strength to be 4+/5 with SI joint pain less than or equal to 2/10, while performing manual muscle test.", true, true, ByWords},
		// Measure tied to a task: functional.
		{"R knee flex AROM to 110 deg to allow reciprocal stair descent of 12 steps w/ 1 rail.", false, true, ByWords},
		{"L knee ext strength 4/5 to allow stair descent of 12 steps w/o knee buckling, w/ 1 rail at mod I.", false, true, ByWords},
		{"Sit 60 min at work w/ pain ≤ 3/10 — progressing", false, true, ByWords},
		{"Pt will jog 1 mile on level surface w/o knee pain > 2/10 by 08/01/2025.", false, true, ByWords},
		{"The patient will be able to sleep greater than 2 hours without pain.", false, true, ByWords},
		{"Patient will complete 1000 feet in a six-minute walk test without increase in pain.", false, true, ByWords},
		{"Strength 4/5 to allow stair descent", false, true, ByWords},
		{"Lift 45 lb floor-to-waist x10 w/ proper mechanics and LBP ≤ 3/10.", false, true, ByWords},
		// No impairment at all.
		{"Pt will amb 300 ft w/ SPC on level surfaces mod I.", false, true, ByWords},
		{"Pt will be able to use R hand for ADLs.", false, false, ByWords},
		{"Pt will walk safely in the community.", false, false, ByWords},
		{"Child will improve gross motor skills to keep up with peers.", false, false, ByWords},
		{"Pt will don pullover shirt w/ mod I using hemi-dressing technique.", false, true, ByWords},
		{"Pt will get in/out of daughter's SUV 3/3 trials.", false, true, ByWords},
		{"Pt will name 20 common household items w/ 80% accuracy given min cues.", false, true, ByWords},
		{"Pt will demonstrate independence with home exercise program.", false, true, ByWords},
		{"Pt will perform L4-5 stabilization program.", false, false, ByWords},
		// An activity in a condition ("in sitting", "with walking") does not make
		// the behaviour a task: the structure decides without the tagger.
		{"Increase L knee flexion AROM to 120 deg in sitting.", true, true, ByWords},
		{"Decrease R knee pain to 2/10 with walking.", true, true, ByWords},
		// Ambiguous by word order ("and reach" may be a noun): the tagger decides.
		{"Increase R shoulder flexion to 150 deg and reach into overhead cabinet.", false, true, ByTagger},
	} {
		f := c.Classify(tc.text)
		if f.ImpairmentOnly != tc.impairment || f.Measurable != tc.measurable || f.Decision != tc.by {
			t.Errorf("Classify(%q) = impairment %v, measurable %v, by %s; want %v, %v, %s (facts %+v)",
				tc.text, f.ImpairmentOnly, f.Measurable, f.Decision, tc.impairment, tc.measurable, tc.by, f)
		}
	}
}

func TestTimeframeIsNotACriterion(t *testing.T) {
	c := newTestClassifier(t, 0)
	for _, s := range []string{
		"In 4 wks, pt will be able to use R hand for ADLs.",
		"Pt will walk safely in the community within 3 weeks.",
		"Pt will return to gardening by 08/01/2025.",
		"Within two weeks pt will dress self.",
	} {
		f := c.Classify(s)
		if f.Measurable {
			t.Errorf("%q: the timeframe counted as a criterion", s)
		}
		if f.Timeframe.Empty() {
			t.Errorf("%q: timeframe not found", s)
		}
	}
}

func TestFindTimeframe(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"In 4 wks, pt will ambulate 1/4 mile", "In 4 wks"},
		{"Within 3 wks, pt will perform supine<>sit", "Within 3 wks"},
		{"Pt will jog 1 mile by 08/01/2025.", "by 08/01/2025"},
		{"LTG (by 6/30/25): Pt will", "by 6/30/25"},
		{"LTG (by DC 2/28/25): Resident", "by DC"},
		{"STG (3 wks): Pt will", "3 wks"},
		{"LTG (6 mo): Child will", "6 mo"},
		{"goal met at discharge", "at discharge"},
		{"by end of POC", "by end of POC"},
		{"by re-eval", "by re-eval"},
		{"SHORT-TERM GOALS TO BE COMPLETED IN 3 WEEKS", "IN 3 WEEKS"},
		{"LONG-TERM GOALS TO BE ACCOMPLISHED IN ONE MONTH", "IN ONE MONTH"},
		{"Pt will walk 10 min in 2 sessions", "in 2 sessions"},
		{"Pt will ambulate 300 ft by next IEP", "by next IEP"},
		{"Student will walk 500 ft by end of 2nd quarter", "by end of 2nd quarter"},
		{"By annual review, student will type 15 wpm", "By annual review"},
		{"Pt will ↑ L hip abd AROM to 20° by POD 3", "by POD 3"},
		{"Pt will sing 3 hymns in church choir by Easter", "by Easter"},
		{"Pt will return to college classes in fall semester", "in fall semester"},
		{"Pt will ride a bicycle in 4/52", "in 4/52"},
		{"Pt will demo proper lifting mechanics by 4th visit", "by 4th visit"},
		{"Pt will amb 200 ft prior to d/c", "prior to d/c"},
		{"Pt will tolerate PO within 24 hrs", "within 24 hrs"},
		{"Pt will amb 200 ft within the next month", "within the next month"},
		{"w/c <> car transfer, min A, w/ sliding board — 2 wks", "2 wks"},
		{"POC goals - cert period 11/01/24 to 01/29/25", "11/01/24 to 01/29/25"},
		{"Long term goals - end of 60-day episode", "end of 60-day episode"},
		{"By June 2026, Aiden will improve his gross motor skills", "By June 2026"},
		{"Pt will amb 200 ft in 2-3 wks", "in 2-3 wks"},
		{"Pt will amb 200 ft within 4 to 6 weeks", "within 4 to 6 weeks"},
		{"Pt will amb 200 ft (2wks)", "2wks"},
		{"Pt will amb 200 ft x2 wks", "x2 wks"},
		{"2 wks: amb 150 ft w/ RW SBA", "2 wks"},
		{"Pt will amb 200 ft, target date 12/15/25", "target date 12/15/25"},
		{"Pt will ascend 12 stairs w/ rail 4/52", "4/52"},
		{"Pt will load 2 suitcases into car trunk by trip on 6/12", "by trip on 6/12"},
		{"Pt will run 5K w/o leakage by race on 10/12/25", "by race on 10/12/25"},
		{"Pt will ↑ L wrist ext strength to 4/5 in 4 wks (s/p DRF ORIF 10/2)", "in 4 wks"},
		{"Pt will perform toilet transfer mod I by end of 60-day episode", "by end of 60-day episode"},
		// Not timeframes.
		{"Pt will walk by the pool on 4/5 trials", ""},
		{"Pt will amb 150 ft by himself on 3/4 attempts", ""},
		{"Pt will amb 150 ft (6 wks s/p TKA)", ""},
		{"Pt 6 wks s/p R TKA: ambulate 500 ft", ""},
		{"Pt will walk 3x/wk", ""},
		{"Pt will eat 75% of meal in 30 min", ""},
		{"Student will manage coat zipper indep before recess", ""},
		{"Goals (updated 10/12/24):", ""},
		{"Pt will walk 30 min 5 days/wk", ""},
		{"Seen 3x/wk", ""},
		{"Complete 12-hr shift w/ LBP ≤ 3/10 by end of shift", ""},
		{"sit for 20 min", ""},
		{"report 0/10 pain in the 48-hour period", ""},
		{"Goals (from IE 1/28/25)", ""},
	} {
		sp, ok := FindTimeframe(tc.text)
		got := ""
		if ok {
			got = tc.text[sp.Start:sp.End]
		}
		if got != tc.want {
			t.Errorf("FindTimeframe(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

func TestCache(t *testing.T) {
	c := newTestClassifier(t, 2)
	a := "Increase L knee flexion to 135 deg."
	f1 := c.Classify(a)
	f2 := c.Classify(a)
	if c.CacheLen() != 1 {
		t.Fatalf("cache holds %d sentences after one distinct goal, want 1", c.CacheLen())
	}
	if fmt.Sprint(f1) != fmt.Sprint(f2) {
		t.Errorf("cached facts differ: %+v vs %+v", f1, f2)
	}
	c.Classify("Increase L quad strength to 5/5.")
	c.Classify("Pt will walk safely in the community.")
	if c.CacheLen() != 2 {
		t.Errorf("cache holds %d sentences, bound is 2", c.CacheLen())
	}
	// The oldest was evicted: classifying it again must still give the same facts.
	if f3 := c.Classify(a); fmt.Sprint(f3) != fmt.Sprint(f1) {
		t.Errorf("re-classified facts differ: %+v vs %+v", f3, f1)
	}
	if c.CacheLen() != 2 {
		t.Errorf("cache holds %d sentences, bound is 2", c.CacheLen())
	}
	// A cache of 0 caches nothing.
	if z := newTestClassifier(t, 0); fmt.Sprint(z.Classify(a)) != fmt.Sprint(z.Classify(a)) || z.CacheLen() != 0 {
		t.Errorf("size-0 cache stored %d sentences", z.CacheLen())
	}
}

func TestCacheConcurrent(t *testing.T) {
	c := newTestClassifier(t, 8)
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				s := fmt.Sprintf("Increase L knee flexion to %d deg.", (i+g)%20)
				if !c.Classify(s).ImpairmentOnly {
					t.Errorf("%q not impairment-only", s)
					return
				}
			}
		}(g)
	}
	wg.Wait()
	if c.CacheLen() > 8 {
		t.Errorf("cache grew to %d past its bound 8", c.CacheLen())
	}
}

func TestTaggerOnlyForAmbiguousGoals(t *testing.T) {
	c := newTestClassifier(t, 16)
	for _, s := range []string{
		"R ankle DF AROM to 10 deg.",
		"R knee flex AROM to 110 deg to allow reciprocal stair descent of 12 steps w/ 1 rail.",
		"Pt will walk safely in the community.",
		"Sit 60 min at work w/ pain ≤ 3/10",
	} {
		c.Classify(s)
	}
	if c.Tagger().Loaded() {
		t.Fatal("tagger loaded for goals the word lists decide")
	}
	c.Classify("Increase L knee flexion AROM to 120 deg in sitting.")
	if c.Tagger().Loaded() {
		t.Fatal("tagger loaded for an activity in a condition")
	}
	c.Classify("Increase R shoulder flexion to 150 deg and reach into overhead cabinet.")
	if !c.Tagger().Loaded() {
		t.Fatal("tagger not used for an ambiguous goal")
	}
}

func TestForLexicon(t *testing.T) {
	l, err := lexicon.Load()
	if err != nil {
		t.Fatal(err)
	}
	a, b := ForLexicon(l), ForLexicon(l)
	if a != b {
		t.Error("two classifiers for one lexicon")
	}
	if ForLexicon(l.With(lexicon.Extra{Templates: []lexicon.Template{{ID: "x", Text: "y"}}})) != a {
		t.Error("a lexicon extended only by templates should share the classifier")
	}
	l2 := l.With(lexicon.Extra{Terms: map[lexicon.TermClass][]string{ClassFunction: {"pickleball"}}})
	c2 := ForLexicon(l2)
	if c2 == a {
		t.Fatal("a lexicon with extra terms shares the old classifier")
	}
	s := "Increase R knee flexion to 120 deg for pickleball"
	if !a.Classify("Increase R knee flexion to 120 deg, pickleball").ImpairmentOnly {
		t.Error("built-in lexicon knows pickleball")
	}
	if c2.Classify(s).ImpairmentOnly {
		t.Error("extra functional term not used")
	}
}

func TestTermClassesDoNotOverlap(t *testing.T) {
	l, err := lexicon.Load()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]lexicon.TermClass{}
	classes := []lexicon.TermClass{ClassFunction, ClassOutcome, ClassMeasure}
	for _, cl := range l.Terms.Classes() {
		if len(cl) > len(impairmentPfx) && string(cl[:len(impairmentPfx)]) == impairmentPfx {
			classes = append(classes, cl)
		}
	}
	if len(classes) < 5 {
		t.Fatalf("goal term classes missing: %v", classes)
	}
	for _, cl := range classes {
		if len(l.Terms.List(cl)) == 0 {
			t.Errorf("class %s is empty", cl)
		}
		for _, term := range l.Terms.List(cl) {
			if prev, dup := seen[term]; dup {
				t.Errorf("%q is in both %s and %s", term, prev, cl)
			}
			seen[term] = cl
		}
	}
}

// TestParserWordClasses checks the parser's word classes: each is in the
// lexicon and holds single lower-case words, since the parser compares tokens.
func TestParserWordClasses(t *testing.T) {
	l, err := lexicon.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, cl := range []lexicon.TermClass{ClassMovementVerbs, ClassOralStructures, ClassDevices, ClassBolus, ClassKnowledgeVerbs, ClassSoundClasses, ClassMonitorVerbs, ClassStimuli, ClassMuscleGroups} {
		words := l.Terms.List(cl)
		if len(words) == 0 {
			t.Errorf("class %s is empty or missing", cl)
		}
		for _, w := range words {
			if strings.ContainsAny(w, " *") || strings.ToLower(w) != w {
				t.Errorf("%s: %q is not a single lower-case word", cl, w)
			}
		}
	}
	c := New(l.Terms, 0)
	for _, probe := range []struct {
		set  map[string]bool
		word string
	}{{c.movementVerbs, "lateralize"}, {c.oralStructures, "tongue"}, {c.deviceNouns, "orthosis"}, {c.bolusWords, "nectar"}, {c.knowledgeVerbs, "verbalize"}, {c.soundClasses, "fricatives"}, {c.monitorVerbs, "monitor"}, {c.stimuli, "tapping"}, {c.muscleGroups, "extensors"}} {
		if !probe.set[probe.word] {
			t.Errorf("%q not loaded into the parser", probe.word)
		}
	}
}

var benchGoals = []string{
	"R knee flex AROM to 110 deg to allow reciprocal stair descent of 12 steps w/ 1 rail.",
	"Increase bilat hip abd strength to 4/5.",
	"Pt will be able to use R hand for ADLs.",
	"Sit 60 min at work w/ pain ≤ 3/10 — progressing",
	"The patient will report 0/10 pain in the 48-hour period without the use of medication and without wearing her boot.",
}

func BenchmarkClassifyUncached(b *testing.B) {
	c := newTestClassifier(b, 0)
	for i := 0; i < b.N; i++ {
		c.Classify(benchGoals[i%len(benchGoals)])
	}
}

func BenchmarkClassifyCached(b *testing.B) {
	c := newTestClassifier(b, DefaultCacheSize)
	for i := 0; i < b.N; i++ {
		c.Classify(benchGoals[i%len(benchGoals)])
	}
}

// TestTypos reads a long impairment term with two adjacent letters swapped as
// the term, but never a swap that spells another term's word or two terms.
func TestTypos(t *testing.T) {
	terms := []string{"strength", "flexion", "extension", "endurance", "pain", "walking", "lsit", "list*", "abcdefg", "bacdefg"}
	cat := map[string]category{"abcdefg": catImpairment, "bacdefg": catFunction, "strength": catImpairment, "flexion": catImpairment, "extension": catImpairment, "endurance": catImpairment, "pain": catImpairment, "walking": catFunction, "lsit": catImpairment}
	typo := typos(terms, cat)
	for w, want := range map[string]string{"strenght": "strength", "flexoin": "flexion", "extnesion": "extension", "endruance": "endurance"} {
		if got := typo[w]; got != want {
			t.Errorf("typo[%q] = %q, want %q", w, got, want)
		}
	}
	for _, w := range []string{"pian", "walkign", "strength", "list", "sltrength", "bacdefg", "lsit"} {
		if got, ok := typo[w]; ok {
			t.Errorf("typo[%q] = %q, want none (short, not impairment, the term itself, or not one swap)", w, got)
		}
	}
}

func TestOneEditApart(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"activites", "activities", true},   // a letter left out
		{"activitties", "activities", true}, // one too many
		{"functoinal", "functional", true},  // two swapped
		{"fumctional", "functional", true},  // one replaced
		{"functional", "functional", false}, // the same word
		{"fictional", "functional", false},  // two apart
		{"activity", "activities", false},
	} {
		if got := oneEditApart(c.a, c.b); got != c.want {
			t.Errorf("oneEditApart(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}
