package textmatch

import "testing"

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

func TestNegated(t *testing.T) {
	m := New([]string{"stairs", "theraband", "6mwt", "group"})
	for _, tc := range []struct {
		text string
		neg  bool
	}{
		{"no stairs today", true},
		{"Pt previously used theraband at home", true},
		{"6MWT not repeated today.", true},
		{"declined group exercise class; seen 1:1", true},
		{"Stairs x12 w/ rail", false},
		{"No pain. Stairs x12 w/ rail", false},
		{"no pain but stairs remain hard", false},
		{"theraband rows 2x10, not painful", false},
		{"stairs not attempted", true},
		{"Stair training 12 stairs w/o rail", false},
	} {
		ms := m.Find(tc.text)
		if len(ms) == 0 {
			t.Fatalf("%q: no match", tc.text)
		}
		if got := Negated(tc.text, ms[0].Start, ms[0].End); got != tc.neg {
			t.Errorf("Negated(%q) = %v, want %v", tc.text, got, tc.neg)
		}
	}
}
