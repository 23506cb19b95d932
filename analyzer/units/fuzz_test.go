package units_test

// Fuzz targets for the unit arithmetic. Each takes a note (seeded from the shared
// labelled notes) and a list of per-code minutes; it checks the arithmetic on the
// minutes directly and on the plan the parser's reading of the note produces.
//
// CI runs the seeds (go test); a long run is
//
//	go test -run '^$' -fuzz '^FuzzMedicareUnits$' -fuzztime 10m -parallel 1 ./analyzer/units/
//
// Crashers land in testdata/fuzz/FuzzX/ and are replayed by go test from then on.

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/soaplint/soaplint/analyzer/note"
	"github.com/soaplint/soaplint/analyzer/units"
	"github.com/soaplint/soaplint/lexicon"
)

// eightMinute is the CMS 8-minute table written out, independent of units.Units:
// fewer than 8 minutes → 0; 8–22 → 1; 23–37 → 2; one more unit per further 15.
func eightMinute(total int) int {
	if total < 8 {
		return 0
	}
	u := 1
	for total >= 8+15*u {
		u++
	}
	return u
}

// minutesOf reads b as up to 16 little-endian uint16 minute counts, each capped at
// 1,000 minutes (more than any day's therapy), so the arithmetic cannot overflow
// and the reference loop stays short.
func minutesOf(b []byte) []int {
	var out []int
	for i := 0; i+1 < len(b) && len(out) < 16; i += 2 {
		out = append(out, int(uint16(b[i])|uint16(b[i+1])<<8)%1001)
	}
	return out
}

// seedNotes adds every labelled note (testdata/labelled/notes, a copy of
// ../shared/notes), with a few minute lists, to f; it fails if they are missing.
func seedNotes(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("..", "..", "testdata", "labelled", "notes", "*.txt"))
	if err != nil || len(files) == 0 {
		f.Fatalf("labelled notes missing: %v", err)
	}
	mins := [][]byte{
		nil,
		{20, 0, 20, 0},                 // 20+20 → 2+1
		{7, 0},                         // below 8
		{33, 0, 7, 0},                  // CMS example: 33+7 → 2+1
		{24, 0, 23, 0},                 // 24+23 → 2+1 ... 47 min → 3
		{8, 0, 8, 0, 8, 0, 8, 0},       // 32 min over four codes → 2
		{14, 0, 14, 0, 14, 0, 14, 0},   // 56 → 4, one each
		{0xe8, 0x03, 1, 0},             // 1000 + 1
		{15, 0, 30, 0, 45, 0, 0, 0, 5}, // whole units, a zero and a trailing byte
	}
	for i, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b), mins[i%len(mins)])
	}
	for _, m := range mins {
		f.Add("", m)
	}
}

// FuzzMedicareUnits checks the 8-minute rule: the day's units are the table's
// count for the total timed minutes, each code gets its whole 15-minute units and
// at most one leftover unit, and leftovers go to the codes with the most remaining
// minutes.
func FuzzMedicareUnits(f *testing.F) {
	seedNotes(f)
	lex := lexicon.Default()
	timed := func(code string) bool { return units.Timed(lex.Codes, code) }
	f.Fuzz(func(t *testing.T, text string, raw []byte) {
		mins := minutesOf(raw)
		got := units.Allocate(units.EightMinute, mins)
		checkEightMinute(t, mins, got)

		// Order does not change the day's total.
		rev := make([]int, len(mins))
		for i, m := range mins {
			rev[len(mins)-1-i] = m
		}
		if a, b := sum(got), sum(units.Allocate(units.EightMinute, rev)); a != b {
			t.Errorf("minutes %v: %d units, reversed %d", mins, a, b)
		}

		n := note.Parse(text, lex)
		p := units.NewPlan(n, units.EightMinute, timed)
		if !p.Complete {
			return
		}
		var known, expected []int
		for _, c := range p.Codes {
			if c.Timed && c.Known() {
				known = append(known, c.Minutes)
				expected = append(expected, c.Expected)
			}
		}
		for _, m := range known {
			if m < 0 {
				t.Fatalf("plan: a code with %d documented minutes (plan %+v)", m, known)
			}
		}
		if sum(known) != p.TotalMinutes {
			t.Errorf("plan: TotalMinutes %d, codes' minutes sum to %d", p.TotalMinutes, sum(known))
		}
		if sum(expected) != p.TotalUnits {
			t.Errorf("plan: TotalUnits %d, codes' expected units sum to %d", p.TotalUnits, sum(expected))
		}
		want := units.Units(p.TotalMinutes)
		if p.TotalMinutes <= 100_000 { // the reference loop is linear in the minutes
			want = eightMinute(p.TotalMinutes)
			checkEightMinute(t, known, expected)
		}
		if p.TotalUnits != want {
			t.Errorf("plan: %d timed minutes give %d units, the 8-minute rule gives %d", p.TotalMinutes, p.TotalUnits, want)
		}
	})
}

func checkEightMinute(t *testing.T, mins, got []int) {
	t.Helper()
	if len(got) != len(mins) {
		t.Fatalf("minutes %v: %d allocations", mins, len(got))
	}
	if want := eightMinute(sum(mins)); sum(got) != want {
		t.Errorf("minutes %v (total %d): %v = %d units, the 8-minute rule gives %d", mins, sum(mins), got, sum(got), want)
	}
	for i, m := range mins {
		whole, ceil := m/15, (m+14)/15
		if got[i] < whole || got[i] > ceil {
			t.Errorf("minutes %v: code %d with %d min gets %d units, want %d..%d", mins, i, m, got[i], whole, ceil)
		}
	}
	// A code that got a leftover unit has at least as many remaining minutes as any
	// code with remaining minutes that did not (ties to the earlier code).
	for i, mi := range mins {
		if got[i] != mi/15+1 {
			continue
		}
		for j, mj := range mins {
			if j == i || mj%15 == 0 || got[j] != mj/15 {
				continue
			}
			if ri, rj := mi%15, mj%15; ri < rj || ri == rj && j < i {
				t.Errorf("minutes %v → %v: code %d (%d left over) got the leftover unit before code %d (%d left over)", mins, got, i, ri, j, rj)
			}
		}
	}
}

// FuzzCommercialUnits checks the per-code rule: each code's units are the table's
// count for its own minutes, monotone in the minutes, and the plan applies it to
// every code whose minutes are known.
func FuzzCommercialUnits(f *testing.F) {
	seedNotes(f)
	lex := lexicon.Default()
	timed := func(code string) bool { return units.Timed(lex.Codes, code) }
	f.Fuzz(func(t *testing.T, text string, raw []byte) {
		mins := minutesOf(raw)
		got := units.Allocate(units.PerCode, mins)
		if len(got) != len(mins) {
			t.Fatalf("minutes %v: %d allocations", mins, len(got))
		}
		for i, m := range mins {
			if want := eightMinute(m); got[i] != want {
				t.Errorf("per-code: %d min gives %d units, want %d", m, got[i], want)
			}
			if a, b := units.Units(m), units.Units(m+1); b < a || b > a+1 {
				t.Errorf("Units not monotone by steps of one: Units(%d)=%d, Units(%d)=%d", m, a, m+1, b)
			}
			if m >= 8 && got[i] > (m+14)/15 {
				t.Errorf("per-code: %d min gives %d units, more than ceil(min/15)", m, got[i])
			}
		}
		// With a single code the two methods agree.
		for _, m := range mins {
			if a, b := units.Allocate(units.PerCode, []int{m})[0], units.Allocate(units.EightMinute, []int{m})[0]; a != b {
				t.Errorf("one code with %d min: per-code %d, 8-minute %d", m, a, b)
			}
		}

		n := note.Parse(text, lex)
		p := units.NewPlan(n, units.PerCode, timed)
		for _, c := range p.Codes {
			if !c.Timed || !c.Known() {
				continue
			}
			if c.Minutes < 0 {
				t.Fatalf("plan: %s with %d documented minutes", c.Code, c.Minutes)
			}
			if want := units.Units(c.Minutes); c.Expected != want {
				t.Errorf("plan: %s with %d min expects %d units, want %d", c.Code, c.Minutes, c.Expected, want)
			}
		}
	})
}

func sum(xs []int) int {
	s := 0
	for _, x := range xs {
		s += x
	}
	return s
}
