package units

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/soaplint/soaplint/analyzer/note"
	"github.com/soaplint/soaplint/lexicon"
)

func TestUnits(t *testing.T) {
	for _, tc := range []struct{ min, want int }{
		{0, 0}, {7, 0}, {8, 1}, {22, 1}, {23, 2}, {37, 2}, {38, 3}, {52, 3},
		{53, 4}, {67, 4}, {68, 5}, {82, 5}, {83, 6}, {97, 6}, {98, 7}, {-3, 0},
	} {
		if got := Units(tc.min); got != tc.want {
			t.Errorf("Units(%d) = %d, want %d", tc.min, got, tc.want)
		}
	}
}

// The Medicare cases are the examples of Claims Processing Manual ch. 5 §20.2 and
// the labelled notes' arithmetic.
func TestAllocate(t *testing.T) {
	for _, tc := range []struct {
		name    string
		m       Method
		minutes []int
		want    []int
	}{
		{"CMS: 97110 33 + 97140 7", EightMinute, []int{33, 7}, []int{2, 1}},
		{"CMS: 97112 24 + 97110 23", EightMinute, []int{24, 23}, []int{2, 1}},
		{"CMS: 20 + 20 never 3 to one code", EightMinute, []int{20, 20}, []int{2, 1}},
		{"CMS: 7 + 7 + 7 = 21 -> one unit", EightMinute, []int{7, 7, 7}, []int{1, 0, 0}},
		{"CMS: 18 + 13 + 10 + 8 = 49 -> 3", EightMinute, []int{18, 13, 10, 8}, []int{1, 1, 1, 0}},
		{"CMS: single 5 min", EightMinute, []int{5}, []int{0}},
		{"97110 30 + 97140 5 = 35 -> 2 to 97110", EightMinute, []int{30, 5}, []int{2, 0}},
		{"13 + 12 + 11 = 36 -> 2", EightMinute, []int{13, 12, 11}, []int{1, 1, 0}},
		{"24 + 10 = 34 -> 2", EightMinute, []int{24, 10}, []int{1, 1}},
		{"97140 11 + 97110 19 + 97530 15 = 45", EightMinute, []int{11, 19, 15}, []int{1, 1, 1}},
		{"100 + 20 = 120 -> 8", EightMinute, []int{100, 20}, []int{7, 1}},
		{"24 + 14 = 38 -> 3", EightMinute, []int{24, 14}, []int{2, 1}},
		{"whole units only", EightMinute, []int{15, 30}, []int{1, 2}},
		{"none", EightMinute, nil, []int{}},
		{"commercial 13 12 11", PerCode, []int{13, 12, 11}, []int{1, 1, 1}},
		{"commercial 6", PerCode, []int{6}, []int{0}},
		{"commercial 105", PerCode, []int{105}, []int{7}},
		{"commercial 22 23 38", PerCode, []int{22, 23, 38}, []int{1, 2, 3}},
	} {
		got := Allocate(tc.m, tc.minutes)
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: Allocate(%v, %v) = %v, want %v", tc.name, tc.m, tc.minutes, got, tc.want)
		}
		if tc.m == EightMinute {
			sum, tot := 0, 0
			for i := range got {
				sum += got[i]
				tot += tc.minutes[i]
			}
			if sum != Units(tot) {
				t.Errorf("%s: %d units allocated, total rule gives %d", tc.name, sum, Units(tot))
			}
		}
	}
}

func clock(h, m int) note.ClockTime {
	return note.ClockTime{Raw: "", Minutes: h*60 + m, Valid: true}
}

func TestSpan(t *testing.T) {
	ct := func(raw string, h, m int) note.ClockTime {
		return note.ClockTime{Raw: raw, Minutes: h*60 + m, Valid: true}
	}
	for _, tc := range []struct {
		name   string
		iv     note.Interval
		want   int
		wantOK bool
	}{
		{"plain", note.Interval{Start: ct("9:05", 9, 5), Stop: ct("9:31", 9, 31)}, 26, true},
		{"noon without am/pm", note.Interval{Start: ct("12:50", 12, 50), Stop: ct("1:42", 1, 42)}, 52, true},
		{"11:45-12:23", note.Interval{Start: ct("11:45", 11, 45), Stop: ct("12:23", 12, 23)}, 38, true},
		{"24-hour stop before start", note.Interval{Start: ct("1415", 14, 15), Stop: ct("1340", 13, 40)}, 0, false},
		{"stop before start same morning", note.Interval{Start: ct("10:40", 10, 40), Stop: ct("10:00", 10, 0)}, 0, false},
		{"pm written", note.Interval{Start: ct("12:50 pm", 12, 50), Stop: ct("1:42 am", 1, 42)}, 0, false},
		{"invalid end", note.Interval{Start: ct("10:02", 10, 2), Stop: note.ClockTime{Raw: "10:75"}}, 0, false},
	} {
		got, ok := Span(tc.iv)
		if got != tc.want || ok != tc.wantOK {
			t.Errorf("%s: Span = %d, %v; want %d, %v", tc.name, got, ok, tc.want, tc.wantOK)
		}
	}
}

func q(v int) note.Quantity { return note.Quantity{Value: v, Set: true} }

func timedSet(codes ...string) func(string) bool {
	m := map[string]bool{}
	for _, c := range codes {
		m[c] = true
	}
	return func(c string) bool { return m[c] }
}

func TestNewPlan(t *testing.T) {
	timed := timedSet("97110", "97140", "97530", "97535")
	n := &note.Note{
		Charges: []note.Charge{
			{Code: "97110", Units: q(2)},
			{Code: "97140", Units: q(1), Minutes: q(9)}, // service minutes win over the billing line
			{Code: "97530", Units: q(1)},
			{Code: "92526", Units: q(1)}, // untimed: not part of the arithmetic
			{Code: "97110", Units: q(1)}, // second line of the same code adds up
		},
		Services: []note.Service{
			{Code: "97110", Minutes: q(30)},
			{Code: "97110", Minutes: q(8)},
			{Code: "97140", Minutes: q(5)},
			{Code: "97530", Intervals: []note.Interval{{Start: clock(10, 0), Stop: clock(10, 10)}, {Start: clock(10, 20), Stop: clock(10, 25)}}},
		},
	}
	p := NewPlan(n, EightMinute, timed)
	if !p.Complete || p.TotalMinutes != 58 || p.TotalUnits != 4 {
		t.Fatalf("plan = %+v", p)
	}
	want := map[string][4]int{ // minutes, source, billed, expected
		"97110": {38, int(FromService), 3, 3},
		"97140": {5, int(FromService), 1, 0},
		"97530": {15, int(FromIntervals), 1, 1},
	}
	for code, w := range want {
		c, ok := p.Lookup(code)
		if !ok || c.Minutes != w[0] || int(c.Source) != w[1] || c.Billed != w[2] || c.Expected != w[3] {
			t.Errorf("%s = %+v, want minutes/source/billed/expected %v", code, c, w)
		}
	}
	if c, _ := p.Lookup("92526"); c.Timed || c.Expected != 0 {
		t.Errorf("92526 = %+v", c)
	}

	// Billing-line minutes when the service gives none; a code with no minutes
	// at all makes the plan incomplete.
	n2 := &note.Note{Charges: []note.Charge{{Code: "97110", Units: q(2), Minutes: q(25)}, {Code: "97530", Units: q(1)}}}
	p2 := NewPlan(n2, PerCode, timed)
	if p2.Complete {
		t.Errorf("plan with an undocumented code is complete: %+v", p2)
	}
	if c, _ := p2.Lookup("97110"); c.Source != FromCharge || c.Minutes != 25 {
		t.Errorf("97110 = %+v", c)
	}
}

func TestAtRisk(t *testing.T) {
	l, err := lexicon.Load()
	if err != nil {
		t.Fatal(err)
	}
	timed := timedSet("97110", "97530")
	n := &note.Note{
		Charges:  []note.Charge{{Code: "97530", Units: q(3)}, {Code: "97110", Units: q(1)}},
		Services: []note.Service{{Code: "97530", Minutes: q(20)}, {Code: "97110", Minutes: q(10)}},
	}
	// 30 min -> 2 units: 97530 x1 (20) + 97110 x1 (10): 97530 is billed 2 over.
	p := NewPlan(n, EightMinute, timed)
	dos := time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC)
	if got := AtRisk(p, l.Payment, dos); got != 69.22 { // 2 × 34.61
		t.Errorf("AtRisk = %v, want 69.22", got)
	}
}

func TestNewPlanTotalsAndPartial(t *testing.T) {
	timed := timedSet("97110", "97530")
	// One timed code, no per-code minutes: the stated total timed minutes are its minutes.
	n := &note.Note{
		Charges: []note.Charge{{Code: "97530", Units: q(3)}, {Code: "97164", Units: q(1)}},
		Totals:  note.Totals{Timed: q(30)},
	}
	p := NewPlan(n, EightMinute, timed)
	if c, _ := p.Lookup("97530"); !p.Complete || c.Source != FromTotals || c.Expected != 2 {
		t.Errorf("single timed code with totals: complete=%v %+v", p.Complete, c)
	}
	// Two timed codes: the total cannot be split, so the plan is incomplete.
	n.Charges = append(n.Charges, note.Charge{Code: "97110", Units: q(1)})
	if p := NewPlan(n, EightMinute, timed); p.Complete {
		t.Errorf("two codes with only a total: %+v", p)
	}
	// Per-code rule: a code with minutes is judged even when another has none.
	n2 := &note.Note{
		Charges:  []note.Charge{{Code: "97530", Units: q(2)}, {Code: "97110", Units: q(1)}},
		Services: []note.Service{{Code: "97530", Minutes: q(40)}},
	}
	p2 := NewPlan(n2, PerCode, timed)
	if c, _ := p2.Lookup("97530"); p2.Complete || c.Expected != 3 {
		t.Errorf("per-code partial: complete=%v %+v", p2.Complete, c)
	}
	if c, _ := p2.Lookup("97110"); c.Known() || c.Expected != 0 {
		t.Errorf("undocumented code: %+v", c)
	}
}

func TestValidAllocation(t *testing.T) {
	for _, tc := range []struct {
		minutes, billed []int
		ok              bool
	}{
		{[]int{25, 10}, []int{2, 0}, true},  // tie on 10 remaining minutes: either code
		{[]int{25, 10}, []int{1, 1}, true},  // the tie broken the other way
		{[]int{25, 10}, []int{2, 1}, false}, // 35 min support 2 units, not 3
		{[]int{33, 7}, []int{2, 1}, true},   // CMS: 97110 x2 + 97140 x1
		{[]int{33, 7}, []int{3, 0}, false},  // never a second leftover unit on one code
		{[]int{24, 23}, []int{2, 1}, true},  // remainders 9 vs 8: the 9 gets it
		{[]int{24, 23}, []int{1, 2}, false}, // not to the code with fewer remaining minutes
		{[]int{30, 15}, []int{2, 1}, true},  // whole units only
		{[]int{30, 15}, []int{3, 0}, false}, // a code with no remainder gets no leftover unit
		{[]int{5}, []int{0}, true},
		{[]int{5}, []int{1}, false},
		{[]int{13, 12, 11}, []int{1, 1, 1}, false}, // 36 min support 2 units
		{[]int{13, 12, 11}, []int{1, 1, 0}, true},
	} {
		if got := ValidAllocation(tc.minutes, tc.billed); got != tc.ok {
			t.Errorf("ValidAllocation(%v, %v) = %v, want %v", tc.minutes, tc.billed, got, tc.ok)
		}
		// Allocate's own answer is always a valid allocation.
		if a := Allocate(EightMinute, tc.minutes); !ValidAllocation(tc.minutes, a) {
			t.Errorf("Allocate(%v) = %v is not a valid allocation", tc.minutes, a)
		}
	}
}

func TestAllocations(t *testing.T) {
	for _, tc := range []struct {
		minutes []int
		want    [][]int
	}{
		// The tie: 97530 25 min + 97140 10 min, 2 units either way.
		{[]int{25, 10}, [][]int{{2, 0}, {1, 1}}},
		{[]int{33, 7}, [][]int{{2, 1}}},                               // remainders 3 vs 7: unique
		{[]int{30, 15}, [][]int{{2, 1}}},                              // whole units only
		{[]int{10, 10, 10}, [][]int{{1, 1, 0}, {1, 0, 1}, {0, 1, 1}}}, // 30 min, 2 units, three-way tie
		{[]int{20, 20}, [][]int{{2, 1}, {1, 2}}},                      // never 3 + 0
		{[]int{5}, [][]int{{0}}},
		{nil, [][]int{{}}},
	} {
		got := Allocations(tc.minutes, 10)
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Allocations(%v) = %v, want %v", tc.minutes, got, tc.want)
		}
	}
	if got := Allocations([]int{10, 10, 10}, 2); len(got) != 2 {
		t.Errorf("limit 2: got %d allocations", len(got))
	}
}

// TestAllocationsExhaustive checks Allocations against ValidAllocation over every
// billing of up to three codes of 0–40 minutes (in steps) and 0–3 units each:
// exactly the valid ones are listed, Allocate's first.
func TestAllocationsExhaustive(t *testing.T) {
	steps := []int{0, 4, 7, 8, 10, 14, 15, 22, 23, 25, 37, 40}
	var each func(n int, prefix []int)
	check := func(mins []int) {
		got := Allocations(mins, 100)
		if !reflect.DeepEqual(got[0], Allocate(EightMinute, mins)) {
			t.Fatalf("Allocations(%v)[0] = %v, want Allocate's %v", mins, got[0], Allocate(EightMinute, mins))
		}
		listed := map[string]bool{}
		for _, a := range got {
			if !ValidAllocation(mins, a) {
				t.Fatalf("Allocations(%v) lists invalid %v", mins, a)
			}
			listed[fmt.Sprint(a)] = true
		}
		// Every valid billing of 0–3 units per code is listed.
		b := make([]int, len(mins))
		var walk func(i int)
		walk = func(i int) {
			if i == len(b) {
				if ValidAllocation(mins, b) && !listed[fmt.Sprint(b)] {
					t.Fatalf("Allocations(%v) misses valid %v", mins, b)
				}
				return
			}
			for u := 0; u <= 3; u++ {
				b[i] = u
				walk(i + 1)
			}
		}
		walk(0)
	}
	each = func(n int, prefix []int) {
		if len(prefix) > 0 {
			check(prefix)
		}
		if n == 0 {
			return
		}
		for _, m := range steps {
			each(n-1, append(append([]int(nil), prefix...), m))
		}
	}
	each(3, nil)
}

func TestNearest(t *testing.T) {
	for _, tc := range []struct {
		minutes, billed, want []int
	}{
		{[]int{25, 10}, []int{1, 1}, []int{1, 1}}, // the tie broken the other way: itself
		{[]int{25, 10}, []int{2, 0}, []int{2, 0}},
		{[]int{25, 10}, []int{1, 2}, []int{1, 1}}, // one unit over, not two
		{[]int{25, 10}, []int{2, 1}, []int{2, 0}}, // one over either way: Allocate's order
		{[]int{30, 5}, []int{2, 1}, []int{2, 0}},  // unique
		{[]int{10, 10, 10}, []int{0, 1, 1}, []int{0, 1, 1}},
	} {
		if got := Nearest(tc.minutes, tc.billed); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Nearest(%v, %v) = %v, want %v", tc.minutes, tc.billed, got, tc.want)
		}
	}
}

func TestPlanChoices(t *testing.T) {
	lex := lexicon.Default()
	text := "PT Daily Note\nPayer: Medicare\n\nO:\nTherAct 97530 (25 min): reaching to shelf.\nManual therapy 97140 (10 min): GH glides.\nTherEx 97110 (30 min): step-ups.\n\nBilling: 97530-GP x1, 97140-GP x1, 97110-GP x2\n"
	n := note.Parse(text, lex)
	timed := func(c string) bool { return Timed(lex.Codes, c) }
	p := NewPlan(n, EightMinute, timed)
	// 65 min → 4 units: 97110 2 whole, 97530 1 whole, and 97530 and 97140
	// tie on 10 leftover minutes for the last one.
	for code, want := range map[string][]int{"97530": {2, 1}, "97140": {0, 1}, "97110": {2}, "97999": nil} {
		if got := p.Choices(code); !reflect.DeepEqual(got, want) {
			t.Errorf("Choices(%s) = %v, want %v", code, got, want)
		}
	}
	// Commercial counts each code alone: one answer each.
	if got := NewPlan(n, PerCode, timed).Choices("97140"); !reflect.DeepEqual(got, []int{1}) {
		t.Errorf("per-code Choices(97140) = %v, want [1]", got)
	}
}
