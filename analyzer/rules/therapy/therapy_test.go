package therapy

import (
	"strings"
	"testing"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/note"
	"github.com/soaplint/soaplint/analyzer/rules/internal/ruletest"
)

// lineAt returns the range of the line holding sub.
func lineAt(t *testing.T, text, sub string) note.Range {
	t.Helper()
	return ruletest.LineOf(text, ruletest.At(t, text, sub).Start)
}

// service builds a 97530 service on the line holding head, whose activity is act.
func service(t *testing.T, text, code, head, act string) note.Service {
	return note.Service{Code: code, CodeRange: ruletest.At(t, text, head), Line: lineAt(t, text, head), Activity: ruletest.At(t, text, act)}
}

func charge(t *testing.T, text, code, on string) note.Charge {
	line := lineAt(t, text, on)
	i := strings.Index(text[line.Start:line.End], code)
	return note.Charge{Code: code, CodeRange: note.Range{Start: line.Start + i, End: line.Start + i + 5}, Line: line}
}

const exNote = `O:
TherAct 97530 - 25 min: mini squats 3x10, SLR 3x10, red theraband TKE 3x12, recumbent bike 10 min; VCs for form.
TherEx 97110 - 10 min: quad sets 2x10.
A: Needs skilled progression.
Charges: 97530-GP x2, 97110-GP x1
`

func exerciseNote(t *testing.T, text string) *note.Note {
	return &note.Note{Text: text,
		Services: []note.Service{
			service(t, text, "97530", "TherAct 97530", text[strings.Index(text, "97530 - 25 min: ")+len("97530 - 25 min: "):strings.Index(text, "\nTherEx")]),
			service(t, text, "97110", "TherEx 97110", "quad sets 2x10."),
		},
		Charges: []note.Charge{charge(t, text, "97530", "Charges:"), charge(t, text, "97110", "Charges:")},
	}
}

func TestExerciseOnly(t *testing.T) {
	n := exerciseNote(t, exNote)
	n.Charges[1].CodeRange = ruletest.At(t, exNote, "97110-GP")
	n.Charges[1].CodeRange.End = n.Charges[1].CodeRange.Start + 5
	ds := ruletest.Run(ExerciseOnly, analyzer.Medicare, n)
	if len(ds) != 1 {
		t.Fatalf("got %d diagnostics, want 1", len(ds))
	}
	d := ds[0]
	if got := exNote[d.Start:d.End]; !strings.HasPrefix(got, "mini squats") || !strings.HasSuffix(got, "for form.") {
		t.Errorf("range = %q, want the 97530 activity", got)
	}
	if !strings.Contains(d.Message, "mini squats, SLR, theraband") || !strings.Contains(d.Message, "97110") {
		t.Errorf("message = %q", d.Message)
	}
	if len(d.Fixes) != 2 {
		t.Fatalf("fixes = %+v, want re-code and framing", d.Fixes)
	}
	recoded := ruletest.Apply(exNote, d.Fixes[0].Edits)
	want := strings.NewReplacer("TherAct 97530", "TherEx 97110", "97530-GP x2", "97110-GP x2").Replace(exNote)
	if recoded != want {
		t.Errorf("re-coded note:\n%s\nwant:\n%s", recoded, want)
	}
	framed := ruletest.Apply(exNote, d.Fixes[1].Edits)
	if !strings.Contains(framed, "VCs for form to simulate <functional task: e.g. rising from low sofa>.\n") {
		t.Errorf("framed note:\n%s", framed)
	}
}

func TestExerciseOnlyLookalikes(t *testing.T) {
	for _, act := range []string{
		`fwd and lateral step-ups on 4" step x8 to simulate curb at grocery store, SBA`,
		`squat to retrieve items from low shelf x10, CGA`,
		`sit<>stand from w/c x8 w/ CGA, theraband hip abd 2x10`,
		`previously used theraband at home; car transfer x3`,
		`dynamic standing activities at FWW w/ CGA, VCs for posture`,
	} {
		text := "O:\nTherAct 97530 (25 min): " + act + "\nCharges: 97530-GP x2\n"
		n := &note.Note{Text: text,
			Services: []note.Service{service(t, text, "97530", "TherAct 97530", act)},
			Charges:  []note.Charge{charge(t, text, "97530", "Charges:")}}
		if ds := ruletest.Run(ExerciseOnly, analyzer.Medicare, n); len(ds) != 0 {
			t.Errorf("%q: got %q, want no finding", act, ds[0].Message)
		}
	}
}

func TestNoFunctionalLink(t *testing.T) {
	for _, tc := range []struct {
		act  string
		want bool
	}{
		{"therapeutic activities performed w/ mod VCs for sequencing and attention to task, min A for standing balance", true},
		{"dynamic standing activities at FWW w/ CGA, VCs for upright posture and pacing", true},
		{"bike 5 min, squats 2x10, planks 3x15 s, VCs for form — to progress toward LTG #1", false},
		{"standing at sink for grooming w/ CGA", false},
		{"no stairs today; seated balance reaching 2x10", false}, // reaching is a task
		{"no stairs today; seated trunk rotations", true},
	} {
		text := "S: Difficulty getting up from low sofa.\nO:\nTherAct 97530 (25 min): " + tc.act + "\nP: sofa transfers next visit.\nCharges: 97530-GP x2\n"
		n := &note.Note{Text: text,
			Services: []note.Service{service(t, text, "97530", "TherAct 97530", tc.act)},
			Charges:  []note.Charge{charge(t, text, "97530", "Charges:")}}
		ds := ruletest.Run(NoFunctionalLink, analyzer.Medicare, n)
		if got := len(ds) > 0; got != tc.want {
			t.Errorf("%q: fired = %v, want %v", tc.act, got, tc.want)
			continue
		}
		if tc.want && text[ds[0].Start:ds[0].End] != text[n.Services[0].Line.Start:n.Services[0].Line.End] {
			t.Errorf("%q: range %q, want the service line", tc.act, text[ds[0].Start:ds[0].End])
		}
	}
}

func TestNoFunctionalLinkWithoutActivity(t *testing.T) {
	text := "O: see below\nCharges: 97530-GP x2\n"
	n := &note.Note{Text: text, Charges: []note.Charge{charge(t, text, "97530", "Charges:")}}
	ds := ruletest.Run(NoFunctionalLink, analyzer.Medicare, n)
	if len(ds) != 1 || text[ds[0].Start:ds[0].End] != "97530" {
		t.Fatalf("got %+v, want one finding on the charge code", ds)
	}
}

func TestNotOneOnOne(t *testing.T) {
	for _, tc := range []struct {
		act, want string
	}{
		{"pt participated in group of 3 residents for transfer circuit, min A", "group"},
		{"concurrent w/ another resident in rehab gym: sit<>stand x10", "concurrent"},
		{"car transfers x4 while PTA treated another pt", "while PTA treated"},
		{"sit<>stand x10; 2 pts in gym, CGA", "2 pts"},
		{"resident lives in group home; practised stairs x4, CGA", ""},
		{"closed-chain work for hip muscle groups during sit<>stand, CGA", ""},
		{"pt declined group exercise class; seen 1:1 for toilet transfers", ""},
		{"No group today; tub transfers 1:1, SBA", ""},
		{"group therapy 97150 9:00-9:30 (separate session); then 1:1 stair training, CGA", ""},
	} {
		text := "O:\nTherAct 97530 (25 min): " + tc.act + "\nCharges: 97530-GP x2\n"
		n := &note.Note{Text: text,
			Services: []note.Service{service(t, text, "97530", "TherAct 97530", tc.act)},
			Charges:  []note.Charge{charge(t, text, "97530", "Charges:")}}
		ds := ruletest.Run(NotOneOnOne, analyzer.Medicare, n)
		got := ""
		if len(ds) > 0 {
			got = text[ds[0].Start:ds[0].End]
		}
		if got != tc.want || len(ds) > 1 {
			t.Errorf("%q: got %d findings at %q, want %q", tc.act, len(ds), got, tc.want)
		}
	}
}

func TestNoSkilledIntervention(t *testing.T) {
	for _, tc := range []struct {
		act, assess string
		want        bool
	}{
		{"sit to stand x10, walking 4 laps, floor transfer x3", "Pt continues to have difficulty w/ turning.", true},
		{"sit to stand x10 w/ CGA", "", false},
		{"car transfer x3", "Requires skilled cueing for hand placement.", false},
		{"tub transfer x2; graded bench height", "", false},
		{"stairs x4 w/o cues", "Pt tolerated well.", true},
	} {
		text := "O:\nTherAct 97530 (25 min): " + tc.act + "\nA: " + tc.assess + "\nCharges: 97530-GP x2\n"
		a := lineAt(t, text, "A: ")
		n := &note.Note{Text: text,
			Services: []note.Service{service(t, text, "97530", "TherAct 97530", tc.act)},
			Charges:  []note.Charge{charge(t, text, "97530", "Charges:")},
			Sections: []note.Section{{Kind: note.SectionAssessment, Title: "A", Header: note.Range{Start: a.Start, End: a.Start + 2}, Body: note.Range{Start: a.Start + 2, End: a.End}}},
		}
		ds := ruletest.Run(NoSkilledIntervention, analyzer.Medicare, n)
		if got := len(ds) > 0; got != tc.want {
			t.Errorf("%q / %q: fired = %v, want %v", tc.act, tc.assess, got, tc.want)
		}
	}
}

// A narrative that mentions therapeutic activities but bills nothing is not checked.
func TestUnbilledNarrative(t *testing.T) {
	text := "He did therapeutic activities: squats and bike.\n"
	n := &note.Note{Text: text, Services: []note.Service{service(t, text, "97530", "therapeutic activities", "squats and bike.")}}
	for _, r := range Rules() {
		if ds := ruletest.Run(r, analyzer.Medicare, n); len(ds) != 0 {
			t.Errorf("%s: %q on an unbilled narrative", r.ID, ds[0].Message)
		}
	}
}
