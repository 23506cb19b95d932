package note

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/soaplint/soaplint/lexicon"
)

// FuzzParse: Parse never panics and every range it reports lies within the text.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"S: x\nO:\nTherAct (97530) 9:05-9:31 (26 min): step-ups\nCharges: 97530-GP x2\nSigned: A, PTA\n",
		"| CPT | Mod | Units | Min |\n|---|---|---|---|\n| 97530 | GP | 6 | 90 |\n",
		"GOALS: 1. a. 2. b by 1/2/25\nSTG (2 wks): x\nTime in 0930 Time out 1075\n",
		"Dx: 169.351; MI8.11 —\n— J.\n",
		"Time: 11:30-1:15 pm\n97140-59-\n97530 x\n|",
		// Totals written after their value, on a billing line, and codes led by a
		// label under goals (each once sent a change into a loop or a wrong code).
		"Billing: 97140-GO x1 — 40 min total timed total 5 min total\nGoals:\nToday: 97110 (18) x; 97530 0:23 y\nCHARGES\n97530 GP 2\n",
	} {
		f.Add(s)
	}
	if files, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "labelled", "notes", "n0[0-4]*.txt")); len(files) > 0 {
		for _, fn := range files[:5] {
			if b, err := os.ReadFile(fn); err == nil {
				f.Add(string(b))
			}
		}
	}
	lex := lexicon.Default()
	f.Fuzz(func(t *testing.T, text string) {
		n := Parse(text, lex)
		checkRanges(t, "fuzz", n)
	})
}
