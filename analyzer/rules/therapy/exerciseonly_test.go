package therapy

import (
	"strings"
	"testing"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/note"
	"github.com/soaplint/soaplint/analyzer/rules/internal/ruletest"
	"github.com/soaplint/soaplint/lexicon"
)

const recodeTitle = "Re-code 97530 to 97110 (therapeutic exercise)"

// exerciseFindings parses text and runs the rule on it.
func exerciseFindings(t *testing.T, text string) []analyzer.Diagnostic {
	t.Helper()
	return ruletest.Run(ExerciseOnly, analyzer.Medicare, note.Parse(text, lexicon.Default()))
}

func recodeFix(d analyzer.Diagnostic) *analyzer.Fix {
	for i := range d.Fixes {
		if d.Fixes[i].Title == recodeTitle {
			return &d.Fixes[i]
		}
	}
	return nil
}

// visitServicesFirst is one daily note in the common order: services, then the
// charges line.
const visitServicesFirst = `Subjective: Pt reports shoulder pain 4/10.
Objective:
97530 TherAct (25 min): theraband rows 3x10, shoulder flexion with 2# weights.
Assessment: Tolerated.
Charges:
97530-GP x2 units
`

// visitChargesFirst bills before it documents.
const visitChargesFirst = `Subjective: Pt reports shoulder pain 4/10.
Charges: 97530-GP x2 units
Objective:
97530 TherAct (25 min): theraband rows 3x10, shoulder flexion with 2# weights.
Assessment: Tolerated.
`

// TestExerciseOnlyRecodeOwnCharge: in a file of concatenated notes each
// finding's re-code fix edits only its own note's service heading and charge
// line, whichever order the notes write them in, so the output grows linearly
// with the file (it used to list every 97530 of the file in every finding).
func TestExerciseOnlyRecodeOwnCharge(t *testing.T) {
	for name, visit := range map[string]string{"services first": visitServicesFirst, "charges first": visitChargesFirst} {
		t.Run(name, func(t *testing.T) {
			const copies = 50
			text := strings.Repeat(visit, copies)
			ds := exerciseFindings(t, text)
			if len(ds) != copies {
				t.Fatalf("%d findings, want %d", len(ds), copies)
			}
			for i, d := range ds {
				lo, hi := i*len(visit), (i+1)*len(visit)
				if d.Start < lo || d.End > hi {
					t.Fatalf("finding %d at %d-%d, outside its note %d-%d", i, d.Start, d.End, lo, hi)
				}
				f := recodeFix(d)
				if f == nil {
					t.Fatalf("finding %d has no re-code fix: %+v", i, d.Fixes)
				}
				// Its note is re-coded as the single note would be; the others stay.
				recoded := strings.NewReplacer("97530 TherAct", "97110 TherEx", "97530-GP", "97110-GP").Replace(visit)
				want := strings.Repeat(visit, i) + recoded + strings.Repeat(visit, copies-i-1)
				if got := ruletest.Apply(text, f.Edits); got != want {
					t.Errorf("finding %d: re-coding did not change exactly its own note", i)
				}
				for _, e := range f.Edits {
					if e.Start < lo || e.End > hi {
						t.Errorf("finding %d edits %d-%d, in another note", i, e.Start, e.End)
					}
				}
			}
		})
	}
}

// TestExerciseOnlyRecodeWholeCharge: within one note, two exercise-only 97530
// services billed by one charge line are re-coded together by either finding's
// fix, and a note whose other 97530 service is functional gets no re-code.
func TestExerciseOnlyRecodeWholeCharge(t *testing.T) {
	text := `Subjective: Pt reports knee pain.
Objective:
97530 TherAct (12 min): mini squats 3x10.
97530 TherAct (13 min): theraband TKE 3x12, bike 8 min.
Assessment: Tolerated.
Charges: 97530-GP x2 units
`
	ds := exerciseFindings(t, text)
	if len(ds) != 2 {
		t.Fatalf("%d findings, want 2", len(ds))
	}
	want := strings.NewReplacer("97530 TherAct", "97110 TherEx", "97530-GP", "97110-GP").Replace(text)
	for i, d := range ds {
		f := recodeFix(d)
		if f == nil {
			t.Fatalf("finding %d: no re-code fix", i)
		}
		if got := ruletest.Apply(text, f.Edits); got != want {
			t.Errorf("finding %d re-codes to:\n%s\nwant:\n%s", i, got, want)
		}
	}
	mixed := strings.Replace(text, "mini squats 3x10.", "sit to stand from low sofa x10 to simulate rising at home, CGA.", 1)
	ds = exerciseFindings(t, mixed)
	if len(ds) != 1 {
		t.Fatalf("mixed note: %d findings, want 1", len(ds))
	}
	if f := recodeFix(ds[0]); f != nil {
		t.Errorf("mixed note: re-code offered though the charge also bills a functional 97530 service: %+v", f.Edits)
	}
}

// TestExerciseOnlyHugeGroup: thousands of 97530 services billed by one charge
// line get the framing fix but no re-code (each would carry every heading).
func TestExerciseOnlyHugeGroup(t *testing.T) {
	var b strings.Builder
	b.WriteString("Objective:\n")
	for range maxGroupServices + 1 {
		b.WriteString("97530 TherAct (5 min): mini squats 3x10.\n")
	}
	b.WriteString("Charges: 97530-GP x3 units\n")
	ds := exerciseFindings(t, b.String())
	if len(ds) != maxGroupServices+1 {
		t.Fatalf("%d findings, want %d", len(ds), maxGroupServices+1)
	}
	for i, d := range ds {
		if recodeFix(d) != nil || len(d.Fixes) != 1 || d.Fixes[0].Title != "Add functional framing" {
			t.Errorf("finding %d: fixes %+v, want only the framing fix", i, d.Fixes)
		}
	}
	// At the bound the re-code is still offered.
	small := strings.Replace(b.String(), "97530 TherAct (5 min): mini squats 3x10.\n", "", 1)
	for i, d := range exerciseFindings(t, small) {
		if f := recodeFix(d); f == nil || len(f.Edits) != 2*maxGroupServices+1 {
			t.Errorf("%d services, finding %d: re-code %+v, want %d edits", maxGroupServices, i, f, 2*maxGroupServices+1)
		}
	}
}
