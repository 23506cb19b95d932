package textmatch

import (
	"strings"
	"testing"
)

func TestFind(t *testing.T) {
	m := New([]string{"sit to stand", "squat*", "stairs", "step up*", "theraband"})
	text := "Sit-to-stand x10; squats 2x10, Step-ups on 4\" step; stair climbing"
	got := m.Find(text)
	want := []string{"Sit-to-stand", "squats", "Step-ups"}
	if len(got) != len(want) {
		t.Fatalf("got %d matches %v, want %v", len(got), got, want)
	}
	for i, w := range want {
		if s := text[got[i].Start:got[i].End]; s != w {
			t.Errorf("match %d = %q, want %q", i, s, w)
		}
	}
}

// testContext is a small trigger table exercising each kind of row.
func testContext(t testing.TB) *Context {
	c, err := NewContext([]Trigger{
		{Phrase: "no", Category: Negation, Direction: Forward},
		{Phrase: "w/o", Category: Negation, Direction: Forward},
		{Phrase: "not repeated", Category: Negation, Direction: Backward},
		{Phrase: "declined", Category: Negation, Direction: Bidirectional},
		{Phrase: "previously", Category: History, Direction: Forward},
		{Phrase: "if", Category: Hypothesis, Direction: Forward},
		{Phrase: "no increase", Category: Pseudo},
		{Phrase: "but", Category: Terminate, Ends: Affirmed},
		{Phrase: "today", Category: Terminate, Ends: History},
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestContext(t *testing.T) {
	c := testContext(t)
	m := New([]string{"stairs", "theraband", "6mwt", "group"}).WithContext(c)
	for _, tc := range []struct {
		text string
		want Category
	}{
		{"no stairs today", Negation},
		{"Pt previously used theraband at home", History},
		{"previously today stairs", Affirmed},            // "today" closes the history scope
		{"no pain today with stairs", Negation},          // …but not the negation's
		{"6MWT not repeated today.", Negation},           // backward trigger
		{"group declined", Negation},                     // bidirectional, after the mention
		{"declined group exercise class", Negation},      // bidirectional, before it
		{"if tolerated, progress to stairs", Hypothesis}, // hypothetical
		{"no increase in pain with stairs", Affirmed},    // pseudo-trigger skipped
		{"No pain. Stairs x12 w/ rail", Affirmed},        // clause break
		{"no pain but stairs remain hard", Affirmed},     // terminator
		{"no one two three four five stairs", Affirmed},  // out of the five-word scope
		{"no one two three four stairs", Negation},
		{"w/o theraband today", Negation},
		{"performed w/ o stairs", Affirmed}, // "w/o" is tight
		{"stairs w/o theraband", Affirmed},  // forward trigger after the mention
	} {
		ms := m.Find(tc.text)
		if len(ms) == 0 {
			t.Fatalf("%q: no match", tc.text)
		}
		if got := c.Classify(tc.text, ms[0].Start, ms[0].End); got != tc.want {
			t.Errorf("Classify(%q) = %v, want %v", tc.text, got, tc.want)
		}
		if got := m.AnyAffirmed(tc.text); got != (tc.want == Affirmed) && len(ms) == 1 {
			t.Errorf("AnyAffirmed(%q) = %v", tc.text, got)
		}
	}
	var nilCtx *Context
	if nilCtx.Negated("no stairs", 3, 9) {
		t.Error("a nil context negates")
	}
	for _, bad := range [][]Trigger{{{Phrase: "--"}}, {{Phrase: "no"}, {Phrase: "no"}}} {
		if _, err := NewContext(bad); err == nil {
			t.Errorf("NewContext(%v): no error", bad)
		}
	}
}

func TestStopPhrases(t *testing.T) {
	m := New([]string{"group", "!group home", "!muscle group*", "concurrent*"})
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"lives in a group home", nil},
		{"strengthening of hip muscle groups", nil},
		{"pt in group of 3; muscle group fatigue", []string{"group"}},
		{"Group home resident, treated concurrently", []string{"concurrently"}},
	} {
		var got []string
		for _, x := range m.Find(tc.text) {
			got = append(got, tc.text[x.Start:x.End])
		}
		if len(got) != len(tc.want) {
			t.Errorf("Find(%q) = %q, want %q", tc.text, got, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("Find(%q) = %q, want %q", tc.text, got, tc.want)
			}
		}
	}
}

func TestTokenizeUnicode(t *testing.T) {
	text := "ÉTAPE Straße İstanbul 5°C sit-to-STAND x10 naïve"
	var got []string
	for _, tok := range Tokenize(text) {
		if text[tok.Start:tok.End] == "" {
			t.Fatalf("empty token at %d", tok.Start)
		}
		got = append(got, tok.Word)
	}
	want := []string{"étape", "straße", strings.ToLower("İstanbul"), "5", "c", "sit", "to", "stand", "x10", "naïve"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("Tokenize = %q, want %q", got, want)
	}
}

func BenchmarkTokenize(b *testing.B) {
	text := strings.Repeat("TherAct 97530 (25 min): Sit<>stand from w/c x8 w/ CGA, VCs for nose-over-toes; Pt tolerated tx well. ", 30)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Tokenize(text)
	}
}

func BenchmarkNegated(b *testing.B) {
	c := testContext(b)
	text := strings.Repeat("TherAct 97530 (25 min): Sit<>stand from w/c x8 w/ CGA, VCs for nose-over-toes; no stairs today. ", 3)
	i := strings.LastIndex(text, "stairs")
	b.ReportAllocs()
	for b.Loop() {
		c.Negated(text, i, i+6)
	}
}

// Find streams over the text; it must agree with FindTokens over Tokenize.
func TestFindAgreesWithFindTokens(t *testing.T) {
	m := New([]string{"sit to stand", "squat*", "stairs", "step up*", "theraband", "pt tolerated tx well",
		"tolerated well", "!group home", "group", "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18", "naïve"})
	for _, text := range []string{
		"Sit-to-stand x10; squats 2x10, Step-ups on 4\" step; stair climbing",
		"PT TOLERATED TX WELL. Tolerated well; lives in Group home, group of 3",
		"1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 ÉTAPE NAÏVE sit to",
		"",
	} {
		a, b := m.Find(text), m.FindTokens(Tokenize(text))
		if len(a) != len(b) {
			t.Errorf("%q: Find %v, FindTokens %v", text, a, b)
			continue
		}
		for i := range a {
			if a[i] != b[i] {
				t.Errorf("%q: Find %v, FindTokens %v", text, a, b)
			}
		}
	}
}

func BenchmarkFind(b *testing.B) {
	m := New([]string{"tolerated well", "pt tolerated tx well", "continue per poc", "see flowsheet", "as above"})
	text := strings.Repeat("TherAct 97530 (25 min): Sit<>stand from w/c x8 w/ CGA, VCs for nose-over-toes; Pt tolerated tx well. ", 30)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		m.Find(text)
	}
}

// NextWord walks the same words as Tokenize, ASCII or not.
func TestNextWordAgreesWithTokenize(t *testing.T) {
	for _, text := range []string{
		"", "  \t", "97110-GP x2", "Sit-to-stand x10; squats 2x10.", "Pt’s café: Müller gait, 3/5 — fin", "end",
	} {
		var got [][2]int
		for i := 0; ; {
			s, e := NextWord(text, i)
			if s < 0 {
				break
			}
			got = append(got, [2]int{s, e})
			i = e
		}
		toks := Tokenize(text)
		if len(got) != len(toks) {
			t.Fatalf("%q: NextWord found %d words, Tokenize %d", text, len(got), len(toks))
		}
		for i, tok := range toks {
			if got[i] != [2]int{tok.Start, tok.End} {
				t.Errorf("%q word %d: NextWord %v, Tokenize %d-%d", text, i, got[i], tok.Start, tok.End)
			}
		}
	}
}
