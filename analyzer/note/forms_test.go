package note

import (
	"fmt"
	"strings"
	"testing"

	"github.com/soaplint/soaplint/lexicon"
)

func parse(text string) *Note { return Parse(text, lexicon.Default()) }

func TestSectionHeaderForms(t *testing.T) {
	for _, tc := range []struct {
		text  string
		kind  SectionKind
		title string
		body  string // text from Body.Start to the end of that line
	}{
		{"S: Pt reports pain", SectionSubjective, "S", " Pt reports pain"},
		{"Subjective: Pt reports pain", SectionSubjective, "Subjective", " Pt reports pain"},
		{"## Subjective", SectionSubjective, "Subjective", ""},
		{"### Objective", SectionObjective, "Objective", ""},
		{"SUBJECTIVE:", SectionSubjective, "SUBJECTIVE", ""},
		{"OBJECTIVE", SectionObjective, "OBJECTIVE", ""},
		{"**Plan**", SectionPlan, "Plan", ""},
		{"**Assessment:** improving", SectionAssessment, "Assessment", " improving"},
		{"A/P: continue", SectionAssessment, "A/P", " continue"},
		{"Plan: 2x/wk", SectionPlan, "Plan", " 2x/wk"},
		{"Goals", SectionGoals, "Goals", ""},
		{"Goals (from IE 1/28/25)", SectionGoals, "Goals (from IE 1/28/25)", ""},
		{"Short-term goals:", SectionGoals, "Short-term goals", ""},
		{"SHORT-TERM GOALS TO BE COMPLETED IN 3 WEEKS:", SectionGoals, "SHORT-TERM GOALS TO BE COMPLETED IN 3 WEEKS", ""},
		{"STG:", SectionGoals, "STG", ""},
		{"Billing", SectionBilling, "Billing", ""},
		{"Charges: 97110-GP x1", SectionBilling, "Charges", " 97110-GP x1"},
		{"BILLED:", SectionBilling, "BILLED", ""},
		{"Treatment:", SectionTreatment, "Treatment", ""},
		{"Interventions", SectionTreatment, "Interventions", ""},
		{"TREATMENT PLAN:", SectionPlan, "TREATMENT PLAN", ""},
		{"PAST MEDICAL HISTORY:  None.", SectionOther, "PAST MEDICAL HISTORY", "  None."},
	} {
		n := parse(tc.text + "\nnext line\n")
		if len(n.Sections) != 1 {
			t.Errorf("%q: %d sections", tc.text, len(n.Sections))
			continue
		}
		s := n.Sections[0]
		lineEnd := strings.IndexByte(n.Text, '\n')
		if s.Kind != tc.kind || s.Title != tc.title || n.Text[s.Body.Start:lineEnd] != tc.body {
			t.Errorf("%q: kind %d title %q body %q; want %d %q %q", tc.text, s.Kind, s.Title, n.Text[s.Body.Start:lineEnd], tc.kind, tc.title, tc.body)
		}
		if s.Body.End != len(n.Text) {
			t.Errorf("%q: body ends at %d, want %d", tc.text, s.Body.End, len(n.Text))
		}
	}
	// Look-alikes that are not headers.
	for _, text := range []string{
		"Pt's goal: return to church",
		"Pt reports Plan: 2x/wk is fine",
		"Tx (92507): naming",
		"PATIENT: J. DOE",
		"TIME IN: 0930",
		"Treatment Dx: M54.5",
		"Goal #1: walk 100 ft",
		"STG (2 wks): walk 100 ft",
		"Plan of the day was good",
	} {
		if n := parse(text); len(n.Sections) != 0 {
			t.Errorf("%q: recognised as section %q", text, n.Sections[0].Title)
		}
	}
}

// at returns the offset of the k-th (0-based) occurrence of sub in text.
func at(text, sub string, k int) int {
	off := 0
	for ; k >= 0; k-- {
		i := strings.Index(text[off:], sub)
		if i < 0 {
			return -1
		}
		off += i
		if k > 0 {
			off += len(sub)
		}
	}
	return off
}

func TestChargeForms(t *testing.T) {
	for _, tc := range []struct {
		line string
		want string // code[mods]xunits/min@insert..., space-separated
	}{
		{"97530 x2 units (25 min) GP", "97530[GP]x2/25@5"},
		{"97530-GP x 2", "97530[GP]x2@8"},
		{"97140-59-GP x1", "97140[59,GP]x1@11"},
		{"CPT 97530 – 2 units – 30 min", "97530[]x2/30@9"},
		{"Ther Act (97530): 23 min", "97530[]/23@15"},
		{"TherAct 25'", "97530[]/25@7"},
		{"97530 x7 units; 97112 x1 unit", "97530[]x7@5 97112[]x1@21"},
		{"Charges: 97140-GP x1, 97110-GP x1, 97530-GP x1", "97140[GP]x1@17 97110[GP]x1@30 97530[GP]x1@43"},
		{"97110 x2 — 30 min", "97110[]x2/30@5"},
		{"97110-GP-CQ x2", "97110[GP,CQ]x2@11"},
		{"97530-GO X1", "97530[GO]x1@8"},
		{"Charges: 97530-GP x2 (total timed 30 min, total treatment time 30 min)", "97530[GP]x2@17"},
		{"97014 x1 (untimed)", "97014[]x1@5"},
		{"G0283 x1", "G0283[]x1@5"},
	} {
		text := "Billing:\n" + tc.line + "\n"
		n := parse(text)
		var got []string
		for _, c := range n.Charges {
			var mods []string
			for _, m := range c.Modifiers {
				mods = append(mods, m.Value)
			}
			s := fmt.Sprintf("%s[%s]", c.Code, strings.Join(mods, ","))
			if c.Units.Set {
				s += fmt.Sprintf("x%d", c.Units.Value)
			}
			if c.Minutes.Set {
				s += fmt.Sprintf("/%d", c.Minutes.Value)
			}
			s += fmt.Sprintf("@%d", c.InsertModifierAt-len("Billing:\n"))
			got = append(got, s)
			if n.Text[c.CodeRange.Start:c.CodeRange.End] != c.Code && !strings.HasPrefix(tc.line, "TherAct") {
				t.Errorf("%q: code range reads %q", tc.line, n.Text[c.CodeRange.Start:c.CodeRange.End])
			}
			if c.Line != (Range{len("Billing:\n"), len(text) - 1}) {
				t.Errorf("%q: line range %v", tc.line, c.Line)
			}
		}
		if strings.Join(got, " ") != tc.want {
			t.Errorf("%q: charges %q, want %q", tc.line, strings.Join(got, " "), tc.want)
		}
	}
}

func TestChargeTable(t *testing.T) {
	text := "## Billing\n| CPT | Mod | Units | Minutes |\n|---|---|---|---|\n| 97530 | GP | 6 | 90 |\n| 97110 | GP, 59 | 1 | 10 |\n"
	n := parse(text)
	if len(n.Charges) != 2 {
		t.Fatalf("%d charges", len(n.Charges))
	}
	c := n.Charges[0]
	if c.Code != "97530" || c.CodeRange.Start != at(text, "97530", 0) || c.Units.Value != 6 || c.Minutes.Value != 90 || len(c.Modifiers) != 1 || c.Modifiers[0].Range.Start != at(text, "GP", 0) {
		t.Errorf("row 1 = %+v", c)
	}
	c = n.Charges[1]
	if len(c.Modifiers) != 2 || c.Modifiers[1].Value != "59" || c.Units.Value != 1 || c.Minutes.Value != 10 {
		t.Errorf("row 2 = %+v", c)
	}
}

// TestChargesVersusServices: codes with minutes in the objective section are
// services; "Charges:" lines are charges; reps are never units.
func TestChargesVersusServices(t *testing.T) {
	text := "O:\n97110 TherEx 25 min: squats 3x10, step-ups x8, 2x/wk HEP\n97140 Manual x2 min: STM\nCharges: 97110-GP x2\n"
	n := parse(text)
	if len(n.Charges) != 1 || n.Charges[0].Code != "97110" || n.Charges[0].Units.Value != 2 {
		t.Errorf("charges = %+v", n.Charges)
	}
	if len(n.Services) != 2 || n.Services[0].Minutes.Value != 25 || n.Services[0].CodeRange.Start != at(text, "97110", 0) {
		t.Errorf("services = %+v", n.Services)
	}
}

func TestServiceForms(t *testing.T) {
	for _, tc := range []struct {
		text       string
		code, name string // name: the text at CodeRange
		mins       int
		intervals  string
		activity   string
	}{
		{"O:\nManual therapy 97140 (11:50-12:01, 11 min): R patellar mobs\n", "97140", "97140", 11, "11:50-12:01", "R patellar mobs"},
		{"O:\nTherEx (97110) – 13 min: prone press-ups 2x10\n", "97110", "97110", 13, "", "prone press-ups 2x10"},
		{"O:\nTherAct 25': car transfers x3\n", "97530", "TherAct", 25, "", "car transfers x3"},
		{"O:\nTHEREX 97110 - 13 MIN: PULLEYS\n", "97110", "97110", 13, "", "PULLEYS"},
		{"O:\n10:12-10:37 Therapeutic activities (97530): stepping down from ladder\n", "97530", "97530", 0, "10:12-10:37", "stepping down from ladder"},
		{"O:\n**97530 TherAct 9:05-9:31 (26 min):** standing at counter\n", "97530", "97530", 26, "9:05-9:31", "standing at counter"},
		{"O:\nNeuromuscular re-ed: tandem walk 4x15 ft\n", "97112", "Neuromuscular re-ed", 0, "", "tandem walk 4x15 ft"},
		{"O:\nSelf-care/ADL training (97535) 28 min: UB dressing\n", "97535", "97535", 28, "", "UB dressing"},
		{"O:\n- 97014 E-stim unattended (IFC) R ankle w/ cold pack, 15 min\n", "97014", "97014", 15, "", "R ankle w/ cold pack, 15 min"},
		{"O:\nTherapeutic exercise: NuStep L4 10 min\n", "97110", "Therapeutic exercise", 0, "", "NuStep L4 10 min"},
		{"O:\nDysphagia tx (92526): effortful swallow x20\n", "92526", "92526", 0, "", "effortful swallow x20"},
		{"O:\n97530 TherAct – 25 min, concurrent w/ another resident: sit<>stand\n", "97530", "97530", 25, "", "concurrent w/ another resident: sit<>stand"},
		{"O:\n0835-0858 TherAct (97530), 23 min: standing at FWW\n", "97530", "97530", 23, "0835-0858", "standing at FWW"},
		{"O:\nTherapeutic activities (97530), 100 min, 1:1:\n - 0905-0935 Stair training\n - 0935-1005 Floor recovery\nNMR (97112), 20 min:\n - 1045-1105 R SLS\n", "97530", "97530", 100, "0905-0935 0935-1005", "1:1:\n - 0905-0935 Stair training\n - 0935-1005 Floor recovery"},
		{"O:\n97530 Therapeutic activities – 37 min\n- Sit<>stand x8\n- Toilet transfer x3\nVitals: BP 132/78\n", "97530", "97530", 37, "", "Sit<>stand x8\n- Toilet transfer x3"},
		{"O:\n| Intervention | Details | Min |\n|---|---|---|\n| TherEx 97110 | NuStep 8 min; SLR 2x12 | 24 |\n", "97110", "97110", 24, "", "NuStep 8 min; SLR 2x12"},
	} {
		n := parse(tc.text)
		if len(n.Services) == 0 {
			t.Errorf("%q: no service", tc.text)
			continue
		}
		s := n.Services[0]
		var ivs []string
		for _, iv := range s.Intervals {
			ivs = append(ivs, iv.Start.Raw+"-"+iv.Stop.Raw)
			if n.Text[iv.Range.Start:iv.Range.End] != iv.Start.Raw+n.Text[iv.Start.Range.End:iv.Stop.Range.Start]+iv.Stop.Raw {
				t.Errorf("%q: interval range %v", tc.text, iv.Range)
			}
		}
		mins := 0
		if s.Minutes.Set {
			mins = s.Minutes.Value
		}
		if s.Code != tc.code || n.Text[s.CodeRange.Start:s.CodeRange.End] != tc.name || mins != tc.mins ||
			strings.Join(ivs, " ") != tc.intervals || n.Text[s.Activity.Start:s.Activity.End] != tc.activity {
			t.Errorf("%q:\n got %s %q %d [%s] %q\nwant %s %q %d [%s] %q", tc.text, s.Code, n.Text[s.CodeRange.Start:s.CodeRange.End], mins, strings.Join(ivs, " "), n.Text[s.Activity.Start:s.Activity.End],
				tc.code, tc.name, tc.mins, tc.intervals, tc.activity)
		}
	}
	// Not services: narrative lines that start with look-alike words.
	for _, text := range []string{
		"O:\nGait w/ SPC: decreased stance time L\n",
		"O:\nTheraband rows 2x10\n",
		"O:\nMHP to cervical 7 min prior to tx, not billed.\n",
		"P:\nTherAct: progress step-ups next visit\n",
		"S:\nManual laborer, lifts 50 lb\n",
	} {
		if n := parse(text); len(n.Services) != 0 {
			t.Errorf("%q: service %s", text, n.Services[0].Code)
		}
	}
}

func TestSessionForms(t *testing.T) {
	for _, tc := range []struct {
		line        string
		start, stop int // minutes since midnight
		valid       bool
	}{
		{"Time in 11:50 am / Time out 12:35 pm", 710, 755, true},
		{"TIME IN: 0930   TIME OUT: 1010", 570, 610, true},
		{"Start 10:02 / Stop 10:40", 602, 640, true},
		{"Start 1002  Stop 1040", 602, 640, true},
		{"Session: 08:00-08:40", 480, 520, true},
		{"Session 9:00-10:00", 540, 600, true},
		{"Time: 9:30am–10:15am", 570, 615, true},
		{"Start 1:15 pm  Stop 1:55 pm", 795, 835, true},
		{"DOS 09/03/2025 1:15 pm Stop 1:55 pm", 795, 835, true},
		{"Time: 3:30-4:15 pm", 930, 975, true},
		{"Time: 11:45 am-12:23 pm", 705, 743, true},
		{"Time in 9:30 am / out 10:15 am", 570, 615, true},
		{"Time 11:30-12:15", 690, 735, true},
		{"Time 11:30-1:15", 690, 795, true},
		{"Time in: 1415   Time out: 1340", 855, 820, false},
		{"Start 14:55 / Stop 14:10", 895, 850, false},
		{"Time in: 9:40  Time out: 10:75", 580, 0, false},
		{"In 1030  Out 1112", 630, 672, true},
		{"in 0930 out 1015", 570, 615, true},
		{"1400–1445", 840, 885, true},
		{"Treatment start 14:05 / end 14:52", 845, 892, true},
		{"Consult start 23:40  end 00:25", 1420, 25, true}, // crosses midnight
		{"Start 10:40 / Stop 10:02", 640, 602, false},      // not a crossing: stop before start
	} {
		text := "Pt: J. Doe\n" + tc.line + "\nS: ok\n"
		n := parse(text)
		s := n.Session
		if s == nil {
			t.Errorf("%q: no session", tc.line)
			continue
		}
		if s.Start.Minutes != tc.start || s.Stop.Minutes != tc.stop || s.Valid() != tc.valid {
			t.Errorf("%q: session %d-%d valid %v, want %d-%d %v", tc.line, s.Start.Minutes, s.Stop.Minutes, s.Valid(), tc.start, tc.stop, tc.valid)
		}
		if n.Text[s.Start.Range.Start:s.Start.Range.End] != s.Start.Raw || s.Range.Start != s.Start.Range.Start || s.Range.End != s.Stop.Range.End {
			t.Errorf("%q: ranges %v %v", tc.line, s.Start.Range, s.Range)
		}
	}
	// Separate lines.
	n := parse("Time in: 9:00\nTime out: 9:45\n")
	if n.Session == nil || n.Session.Span() != 45 {
		t.Errorf("two-line session = %+v", n.Session)
	}
}

// TestTimeLookalikes: blood pressures, ratios, dates, scores, doses, years and
// signature timestamps are not clock times; invalid clock times are kept.
func TestTimeLookalikes(t *testing.T) {
	text := "Vitals: BP 128/76, pain 3/10, 1:1 throughout, ratio 1 PT : 3 clients\n" +
		"DOB 02/11/1951, injured in 1998, Neurontin 1000-1500 mg, 2x/wk\n" +
		"Time out: 25:70\n" +
		"Signed: A. Brandt, PT 03/04/2025 12:48\n"
	n := parse(text)
	var got []string
	for _, tm := range n.Times {
		got = append(got, fmt.Sprintf("%s:%v@%d", tm.Raw, tm.Valid, tm.Range.Start))
	}
	want := fmt.Sprintf("25:70:false@%d", at(text, "25:70", 0))
	if strings.Join(got, " ") != want {
		t.Errorf("times = %v, want %s", got, want)
	}
}

// TestSessionLookalikes: "in"/"out" and a lone clock range that are not a
// session.
func TestSessionLookalikes(t *testing.T) {
	for _, line := range []string{
		"Pt lives in 2019 built home, out of town",
		"Walked in 1030 ft of hallway",
		"BP 120/80 at 1400 after 1445 steps",
	} {
		if n := parse("Pt: J. Doe\n" + line + "\nS: ok\n"); n.Session != nil {
			t.Errorf("%q: session %s-%s", line, n.Session.Start.Raw, n.Session.Stop.Raw)
		}
	}
}

func TestTotalsForms(t *testing.T) {
	for _, tc := range []struct {
		line         string
		timed, treat int
	}{
		{"Total timed minutes: 45   Total treatment time: 45", 45, 45},
		{"Timed 38 min / Total 40 min", 38, 40},
		{"Total timed minutes: 40 · Total treatment time: 45", 40, 45},
		{"TOTAL TIMED MINUTES: 36", 36, -1},
		{"Total timed code minutes: 22", 22, -1},
		{"Total time: 50", -1, 50},
		{"TOTAL TIMED: 40 MIN   TOTAL TX TIME: 45 MIN", 40, 45},
		{"Total timed min: 38   Total tx time: 38", 38, 38},
		{"Total timed minutes 38, total treatment time 40", 38, 40},
		{"Total treatment time: 40 min", -1, 40},
		{"Pt s/p total knee arthroplasty 3 wks", -1, -1},
		{"Timed codes billed per POC", -1, -1},
		{"TTM 39 / TTT 42", 39, 42},
		{"Tot timed 38' / Tot tx 38'", 38, 38},
		{"Total Timed Code Treatment Minutes: 23", 23, -1},
		{"Total visit 45 min", -1, 45},
		{"TTT improved since last visit", -1, -1},
		{"Total timed code minutes 23 · Total treatment time 45", 23, 45},
	} {
		n := parse("O: x\n" + tc.line + "\n")
		q := func(x Quantity) int {
			if !x.Set {
				return -1
			}
			return x.Value
		}
		if q(n.Totals.Timed) != tc.timed || q(n.Totals.Treatment) != tc.treat {
			t.Errorf("%q: totals %d/%d, want %d/%d", tc.line, q(n.Totals.Timed), q(n.Totals.Treatment), tc.timed, tc.treat)
		}
		if tc.timed >= 0 && !strings.HasPrefix(n.Text[n.Totals.Timed.Range.Start:], fmt.Sprint(tc.timed)) {
			t.Errorf("%q: timed range %v", tc.line, n.Totals.Timed.Range)
		}
	}
}

func TestGoalForms(t *testing.T) {
	for _, tc := range []struct {
		text  string
		goals string // term|timeframe|inherited|text;...
	}{
		{"Goals:\nSTG (2 wks): Pt will amb 300 ft mod I.\nLTG (6 wks): Pt will climb 12 stairs.\n", "STG|2 wks||Pt will amb 300 ft mod I.;LTG|6 wks||Pt will climb 12 stairs."},
		{"Goals:\n1. In 4 wks, pt will walk 1/4 mile.\n2. Increase knee flexion to 135 deg.\n", "|4 wks||In 4 wks, pt will walk 1/4 mile.;|||Increase knee flexion to 135 deg."},
		{"## Goals\n- STG (3 wks): Sit 60 min w/ pain ≤ 3/10\n", "STG|3 wks||Sit 60 min w/ pain ≤ 3/10"},
		{"O: x\nSTG (2 wks): walk 100 ft\n", "STG|2 wks||walk 100 ft"},
		{"O: x\nGoal #1: don socks independently within 4 visits\n", "|4 visits||don socks independently within 4 visits"},
		{"SHORT-TERM GOALS TO BE COMPLETED IN 3 WEEKS:\n1.  The patient will walk.\n2.  The patient will sit x 6 weeks.\n", "STG|3 WEEKS|inherited|The patient will walk.;STG|6 weeks||The patient will sit x 6 weeks."},
		{"GOALS: 1. Pt will walk 100 ft. 2. Pt will stand 5 min by 08/01/2025.\n", "|||Pt will walk 100 ft.;|by 08/01/2025||Pt will stand 5 min by 08/01/2025."},
		{"Goals:\nLTG (4 wks, by 9/2/25): Lift 50 lb.\nLTG (by DC 2/28/25): Climb 3 steps.\n", "LTG|4 wks, by 9/2/25||Lift 50 lb.;LTG|by DC 2/28/25||Climb 3 steps."},
		{"Short-term goals:\n- Walk 10 min continuously\nLong-term goals:\n- Walk 0.3 mi\n", "STG|||Walk 10 min continuously;LTG|||Walk 0.3 mi"},
		{"Goals:\nSTG: Pt will don shirt, 2x/wk HEP\n", "STG|||Pt will don shirt, 2x/wk HEP"},
		{"Goals:\nLTG (6 mo): hop 10x on each foot\n", "LTG|6 mo||hop 10x on each foot"},
		// a discipline before a numbered goal, in an all-capitals export
		{"GOALS:\n- PT GOAL 5: DECREASE R ANKLE GIRTH 56 CM → 53 CM IN 2 WKS\n", "|2 WKS||DECREASE R ANKLE GIRTH 56 CM → 53 CM IN 2 WKS"},
		{"Goals:\nOT Goal #2: Pt will don shirt indep in 2 wks\n", "|2 wks||Pt will don shirt indep in 2 wks"},
	} {
		n := parse(tc.text)
		var got []string
		for _, g := range n.Goals {
			inh := ""
			if g.Inherited {
				inh = "inherited"
			}
			got = append(got, strings.Join([]string{g.Term, g.Timeframe, inh, g.Text}, "|"))
			if n.Text[g.Range.Start:g.Range.End] != g.Text {
				t.Errorf("%q: goal range %v reads %q", tc.text, g.Range, n.Text[g.Range.Start:g.Range.End])
			}
			if !g.TimeframeRange.Empty() && n.Text[g.TimeframeRange.Start:g.TimeframeRange.End] != g.Timeframe {
				t.Errorf("%q: timeframe range reads %q", tc.text, n.Text[g.TimeframeRange.Start:g.TimeframeRange.End])
			}
		}
		if strings.Join(got, ";") != tc.goals {
			t.Errorf("%q:\n got %q\nwant %q", tc.text, strings.Join(got, ";"), tc.goals)
		}
	}
	// Patient-stated goals and plan lines are not goal lines.
	for _, text := range []string{
		"S: Pt's goal: return to church\n",
		"S:\nPatient goal is to walk the dog\n",
		"P: 2x/wk x 4 wks toward goals\n",
	} {
		if n := parse(text); len(n.Goals) != 0 {
			t.Errorf("%q: goal %q", text, n.Goals[0].Text)
		}
	}
}

func TestSignatureForms(t *testing.T) {
	for _, tc := range []struct {
		line string
		want string // name|creds|assistant
	}{
		{"Signed: Alicia Brandt, PT, DPT   03/04/2025 12:48", "Alicia Brandt|PT DPT|false"},
		{"Signature: Jordan Ellis, PTA", "Jordan Ellis|PTA|true"},
		{"Electronically signed by: Luis Ortega, PT   02/14/2025 15:10", "Luis Ortega|PT|false"},
		{"Electronically signed by Tasha Greene 04/29/2025", "Tasha Greene||false"},
		{"Therapist: Renée Caldwell, OTR/L, CHT", "Renée Caldwell|OTR/L CHT|false"},
		{"Clinician: Kayla B.", "Kayla B.||false"},
		{"Signed: ______________________", "||false"},
		{"SIGNED: T. HARGROVE, PT", "T. HARGROVE|PT|false"},
		{"Signed: Lena Kowalski, COTA/L", "Lena Kowalski|COTA/L|true"},
		{"Signed: Priya Natarajan, MS, CCC-SLP", "Priya Natarajan|MS CCC-SLP|false"},
		{"Signed: Dana Ray PTA", "Dana Ray|PTA|true"},
		{"Provider: Dana Cole, OTR/L", "Dana Cole|OTR/L|false"},
		{"Discharged by: Lee Park, PT, DPT 05/01/2025", "Lee Park|PT DPT|false"},
		{"*Electronically signed by:* Sam Reyes, PTA", "Sam Reyes|PTA|true"},
		{"_Signed: Rosa Delgado, M.A., CCC-SLP — 06/02/2025 14:40_", "Rosa Delgado|CCC-SLP|false"},
		{"MARIA LOPEZ, PT, DPT", "MARIA LOPEZ|PT DPT|false"},
		{"MARCUS HILL PT DPT", "MARCUS HILL|PT DPT|false"},
		{"Omar Farouk, PT, DPT 11/11/2025", "Omar Farouk|PT DPT|false"},
	} {
		text := "S: Pt (RN, 12-hr shifts) reports pain\n" + tc.line + "\n"
		n := parse(text)
		s := n.Signature
		if s == nil {
			t.Errorf("%q: no signature", tc.line)
			continue
		}
		got := fmt.Sprintf("%s|%s|%v", s.Name, strings.Join(s.Credentials, " "), s.Assistant)
		if got != tc.want {
			t.Errorf("%q: %q, want %q", tc.line, got, tc.want)
		}
		if s.Range.Start != at(text, tc.line, 0) {
			t.Errorf("%q: range %v", tc.line, s.Range)
		}
		if len(n.Times) != 0 {
			t.Errorf("%q: signature timestamp recorded as a time", tc.line)
		}
	}
	if n := parse("S: Pt (RN, 12-hr shifts) reports pain; signed consent\n"); n.Signature != nil {
		t.Errorf("signature from the S section: %+v", n.Signature)
	}
	// Look-alikes of a name with credentials: no credential, or prose after it.
	for _, line := range []string{"Gait Training, 3 laps", "Gait Training PT 3 laps", "Pt Tolerated PT", "Home Exercise, PT reviewed the program with pt", "Provider reports knee pain"} {
		if n := parse("S: ok\n" + line + "\n"); n.Signature != nil {
			t.Errorf("%q: read as a signature %+v", line, n.Signature)
		}
	}
	// An unknown credential-shaped token is kept apart: the signature rule
	// cannot place it and stays quiet.
	if n := parse("S: ok\nSigned: Kim Wu, CSRS\n"); n.Signature == nil || len(n.Signature.Credentials) != 0 || !n.Signature.UnknownCredentials {
		t.Errorf("unknown credential: %+v", n.Signature)
	}
}

func TestHeaderFacts(t *testing.T) {
	for _, tc := range []struct {
		text           string
		disc           Discipline
		payer, profile string
		dos            string
	}{
		{"Discipline: OT\nPayer: Medicare Part B\nDOS: 03/04/2025\n", OT, "Medicare Part B", "medicare", "2025-03-04"},
		{"Physical Therapy Daily Note\nPayer: Aetna (commercial)\nDate of service: 5/6/25\n", PT, "Aetna (commercial)", "commercial", "2025-05-06"},
		{"## OT Daily Note\nDiscipline: OT | Payer: Medicare Part B | DOS: 2025-03-25\n", OT, "Medicare Part B", "medicare", "2025-03-25"},
		{"Pt: V. Sandoval   DOS 09/03/2025   Medicare Part B   PT\n", PT, "Medicare Part B", "medicare", "2025-09-03"},
		{"SPEECH THERAPY DAILY NOTE\nPayer: MCR\n", SLP, "MCR", "medicare", ""},
		{"OCCUPATIONAL THERAPY\nPayer: BCBS\n", OT, "BCBS", "commercial", ""},
		{"**Discipline:** PT  **Payer:** Hartford workers' comp (commercial)\n", PT, "Hartford workers' comp (commercial)", "commercial", ""},
		{"Payer: Medicare Part B / Discipline: PT\n", PT, "Medicare Part B", "medicare", ""},
		{"Pt: J. Doe  DOB: 02/11/1951\nS: pain\n", "", "", "", ""},
		{"Outpatient PT Daily Note — 02/27/2025\n", PT, "", "", "2025-02-27"},
	} {
		n := parse(tc.text)
		h := n.Header
		dos := ""
		if !h.DateOfService.IsZero() {
			dos = h.DateOfService.Format("2006-01-02")
		}
		if h.Discipline != tc.disc || h.Payer != tc.payer || h.Profile != tc.profile || dos != tc.dos {
			t.Errorf("%q: %q %q %q %q, want %q %q %q %q", tc.text, h.Discipline, h.Payer, h.Profile, dos, tc.disc, tc.payer, tc.profile, tc.dos)
		}
		if h.Payer != "" && n.Text[h.PayerRange.Start:h.PayerRange.End] != h.Payer {
			t.Errorf("%q: payer range reads %q", tc.text, n.Text[h.PayerRange.Start:h.PayerRange.End])
		}
	}
}

func TestICDCodes(t *testing.T) {
	for _, tc := range []struct{ line, want string }{
		{"Dx: Z96.651 Presence of R artificial knee joint; M25.661 Stiffness of R knee", "Z96.651 M25.661"},
		{"Dx: 169.351 Hemiplegia; R27.8 Other lack of coordination", "169.351 R27.8"},
		{"Dx: S83.241DD Other tear of medial meniscus", "S83.241DD"},
		{"Dx: MI8.11 Unilateral primary osteoarthritis", "MI8.11"},
		{"Dx: G35 Multiple sclerosis; F82 Specific developmental disorder", "G35 F82"},
		{"Dx: M50.121 Cervical disc disorder at C4-C5 level, L4-5, C6, T12", "M50.121"},
		{"DIAGNOSIS: T12 compression fx; L4-5 disc", ""},
		{"Pt: H. W.  |  Payer: Medicare  |  Dx: M16.11 Unilateral OA, R hip", "M16.11"},
		{"DIAGNOSIS:  Ankle sprain, left ankle.", ""},
		{"PROVISIONAL DIAGNOSIS: HNP (ICD-9-CM: 722.10).", ""},
	} {
		n := parse(tc.line + "\n")
		var got []string
		for _, c := range n.ICDCodes {
			got = append(got, c.Code)
			if c.Range.Start != at(n.Text, c.Code, 0) {
				t.Errorf("%q: %s at %d", tc.line, c.Code, c.Range.Start)
			}
		}
		if strings.Join(got, " ") != tc.want {
			t.Errorf("%q: ICD %v, want %q", tc.line, got, tc.want)
		}
	}
}

// TestNonASCII keeps byte ranges exact around multi-byte characters.
func TestNonASCII(t *testing.T) {
	text := "Payer: Medicare Part B\nO:\nTherAct (97530) – 23 min: reach 90° → shelf 😀 x10\nBilling: 97530–GP x2\n"
	n := parse(text)
	checkRanges(t, "nonascii", n)
	if len(n.Services) != 1 || n.Text[n.Services[0].Activity.Start:n.Services[0].Activity.End] != "reach 90° → shelf 😀 x10" {
		t.Errorf("services = %+v", n.Services)
	}
	if len(n.Charges) != 1 || len(n.Charges[0].Modifiers) != 1 || n.Charges[0].InsertModifierAt != at(text, " x2", 0) {
		t.Errorf("charges = %+v", n.Charges)
	}
}

func TestDocumentedMinutes(t *testing.T) {
	n := parse("O:\n10:12-10:37 TherAct (97530): steps\nTherEx (97110) 12 min: SLR\nManual (97140): STM\n")
	var got []string
	for _, s := range n.Services {
		m, ok := s.DocumentedMinutes()
		got = append(got, fmt.Sprintf("%s:%d:%v", s.Code, m, ok))
	}
	if strings.Join(got, " ") != "97530:25:true 97110:12:true 97140:0:false" {
		t.Errorf("documented minutes = %v", got)
	}
}
