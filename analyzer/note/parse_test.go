package note

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/soaplint/soaplint/lexicon"
)

// checkRanges asserts that every range of n lies within the text and that the
// text at each range is what the model says it is.
func checkRanges(t *testing.T, name string, n *Note) {
	t.Helper()
	L := len(n.Text)
	in := func(what string, r Range) {
		if r.Start < 0 || r.End > L || r.Start > r.End {
			t.Errorf("%s: %s range %v out of bounds (len %d)", name, what, r, L)
		}
	}
	h := n.Header
	in("discipline", h.DisciplineRange)
	in("payer", h.PayerRange)
	in("dos", h.DOSRange)
	for _, s := range n.Sections {
		in("section header", s.Header)
		in("section body", s.Body)
	}
	for _, c := range n.Charges {
		in("charge code", c.CodeRange)
		in("charge line", c.Line)
		in("charge units", c.Units.Range)
		in("charge minutes", c.Minutes.Range)
		if c.InsertModifierAt < c.CodeRange.End || c.InsertModifierAt > c.Line.End {
			t.Errorf("%s: InsertModifierAt %d outside [%d,%d]", name, c.InsertModifierAt, c.CodeRange.End, c.Line.End)
		}
		for _, m := range c.Modifiers {
			in("modifier", m.Range)
			if m.Range.End <= L && m.Range.Start <= m.Range.End && n.Text[m.Range.Start:m.Range.End] != m.Value {
				t.Errorf("%s: modifier %q at %v reads %q", name, m.Value, m.Range, n.Text[m.Range.Start:m.Range.End])
			}
		}
	}
	for _, s := range n.Services {
		in("service code", s.CodeRange)
		in("service activity", s.Activity)
		in("service line", s.Line)
		in("service minutes", s.Minutes.Range)
		for _, iv := range s.Intervals {
			in("service interval", iv.Range)
		}
	}
	for _, tm := range n.Times {
		in("time", tm.Range)
		if tm.Range.End <= L && tm.Range.Start <= tm.Range.End && n.Text[tm.Range.Start:tm.Range.End] != tm.Raw {
			t.Errorf("%s: time %q at %v", name, tm.Raw, tm.Range)
		}
	}
	if n.Session != nil {
		in("session", n.Session.Range)
	}
	in("totals line", n.Totals.Line)
	in("timed total", n.Totals.Timed.Range)
	in("treatment total", n.Totals.Treatment.Range)
	for _, g := range n.Goals {
		in("goal", g.Range)
		in("goal line", g.Line)
		in("goal timeframe", g.TimeframeRange)
		if g.Range.End <= L && g.Range.Start <= g.Range.End && n.Text[g.Range.Start:g.Range.End] != g.Text {
			t.Errorf("%s: goal text %q does not match its range", name, g.Text)
		}
	}
	if n.Signature != nil {
		in("signature", n.Signature.Range)
	}
	for _, c := range n.ICDCodes {
		in("icd", c.Range)
		if c.Range.End <= L && c.Range.Start <= c.Range.End && n.Text[c.Range.Start:c.Range.End] != c.Code {
			t.Errorf("%s: ICD %q at %v", name, c.Code, c.Range)
		}
	}
}

func sharedNotesDir(t *testing.T) string {
	dir := filepath.Join(repoRoot(t), "testdata", "labelled", "notes") // a copy of ../shared/notes
	if _, err := os.Stat(filepath.Join(dir, "labels.json")); err != nil {
		t.Fatalf("labelled notes missing: %v", err)
	}
	return dir
}

func parseFile(t *testing.T, path string) *Note {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return Parse(string(b), lexicon.Default())
}

// TestSharedNotesLabels parses all 45 labelled notes: discipline and payer profile
// agree with labels.json, every note yields charges, sections and a signature
// line, and every range is within the text.
func TestSharedNotesLabels(t *testing.T) {
	dir := sharedNotesDir(t)
	b, err := os.ReadFile(filepath.Join(dir, "labels.json"))
	if err != nil {
		t.Fatal(err)
	}
	var labels []struct {
		File, Discipline, Payer string
	}
	if err := json.Unmarshal(b, &labels); err != nil {
		t.Fatal(err)
	}
	if len(labels) != 45 {
		t.Fatalf("labels.json has %d notes, want 45", len(labels))
	}
	for _, l := range labels {
		n := parseFile(t, filepath.Join(dir, l.File))
		checkRanges(t, l.File, n)
		if string(n.Header.Discipline) != l.Discipline {
			t.Errorf("%s: discipline %q, want %q", l.File, n.Header.Discipline, l.Discipline)
		}
		prof := n.Header.Profile
		if prof == "" {
			prof = "medicare"
		}
		if prof != l.Payer {
			t.Errorf("%s: profile %q (payer %q), want %q", l.File, n.Header.Profile, n.Header.Payer, l.Payer)
		}
		if len(n.Charges) == 0 && l.File != "n010.txt" { // n010 is a home-health visit that bills nothing
			t.Errorf("%s: no charges", l.File)
		}
		if n.Signature == nil {
			t.Errorf("%s: no signature", l.File)
		}
		kinds := map[SectionKind]bool{}
		for _, s := range n.Sections {
			kinds[s.Kind] = true
		}
		if !kinds[SectionObjective] {
			t.Errorf("%s: no objective section", l.File)
		}
		if n.Header.DateOfService.IsZero() {
			t.Errorf("%s: no date of service", l.File)
		}
		for _, c := range n.Charges {
			if n.Text[c.CodeRange.Start:c.CodeRange.End] != c.Code {
				t.Errorf("%s: charge %s range reads %q", l.File, c.Code, n.Text[c.CodeRange.Start:c.CodeRange.End])
			}
			if !c.Units.Set {
				t.Errorf("%s: charge %s without units", l.File, c.Code)
			}
		}
	}
}

type chargeWant struct {
	code  string
	mods  string // space-separated
	units int
	mins  int // 0: not stated
}

type serviceWant struct {
	code      string
	mins      int // 0: not stated
	intervals string
	activity  string // prefix of the activity text
}

type noteWant struct {
	session  string // "11:50 am-12:35 pm valid 45", "none", or "" not to check
	charges  []chargeWant
	services []serviceWant
	timed    int // -1: not stated
	total    int // -1: not stated
	goals    []string
	sig      string // "Name|CRED CRED|assistant"
	icd      string
	times    string // all Times, "raw:valid"
}

func (w noteWant) check(t *testing.T, name string, n *Note) {
	t.Helper()
	if w.session != "" {
		got := "none"
		if s := n.Session; s != nil {
			got = s.Start.Raw + "-" + s.Stop.Raw + " " + map[bool]string{true: "valid", false: "invalid"}[s.Valid()] + " " + itoa(s.Span())
		}
		if got != w.session {
			t.Errorf("%s: session %q, want %q", name, got, w.session)
		}
	}
	if w.charges != nil {
		if len(n.Charges) != len(w.charges) {
			t.Errorf("%s: %d charges, want %d", name, len(n.Charges), len(w.charges))
		}
		for i := 0; i < len(n.Charges) && i < len(w.charges); i++ {
			c, wc := n.Charges[i], w.charges[i]
			var mods []string
			for _, m := range c.Modifiers {
				mods = append(mods, m.Value)
			}
			mins := 0
			if c.Minutes.Set {
				mins = c.Minutes.Value
			}
			if c.Code != wc.code || strings.Join(mods, " ") != wc.mods || c.Units.Value != wc.units || mins != wc.mins {
				t.Errorf("%s: charge %d = %s [%s] x%d %d min, want %s [%s] x%d %d min", name, i, c.Code, strings.Join(mods, " "), c.Units.Value, mins, wc.code, wc.mods, wc.units, wc.mins)
			}
		}
	}
	if w.services != nil {
		if len(n.Services) != len(w.services) {
			t.Errorf("%s: %d services, want %d", name, len(n.Services), len(w.services))
		}
		for i := 0; i < len(n.Services) && i < len(w.services); i++ {
			s, ws := n.Services[i], w.services[i]
			mins := 0
			if s.Minutes.Set {
				mins = s.Minutes.Value
			}
			var ivs []string
			for _, iv := range s.Intervals {
				ivs = append(ivs, iv.Start.Raw+"-"+iv.Stop.Raw)
			}
			act := n.Text[s.Activity.Start:s.Activity.End]
			if s.Code != ws.code || mins != ws.mins || strings.Join(ivs, " ") != ws.intervals || !strings.HasPrefix(act, ws.activity) {
				t.Errorf("%s: service %d = %s %d min [%s] %q, want %s %d min [%s] %q…", name, i, s.Code, mins, strings.Join(ivs, " "), act, ws.code, ws.mins, ws.intervals, ws.activity)
			}
		}
	}
	q := func(x Quantity) int {
		if !x.Set {
			return -1
		}
		return x.Value
	}
	if q(n.Totals.Timed) != w.timed || q(n.Totals.Treatment) != w.total {
		t.Errorf("%s: totals timed %d treatment %d, want %d %d", name, q(n.Totals.Timed), q(n.Totals.Treatment), w.timed, w.total)
	}
	if w.goals != nil {
		var got []string
		for _, g := range n.Goals {
			s := g.Term + "|" + g.Timeframe
			if g.Inherited {
				s += "|inherited"
			}
			got = append(got, s)
		}
		if strings.Join(got, ", ") != strings.Join(w.goals, ", ") {
			t.Errorf("%s: goals %q, want %q", name, got, w.goals)
		}
	}
	if w.sig != "" {
		got := "<none>"
		if s := n.Signature; s != nil {
			got = s.Name + "|" + strings.Join(s.Credentials, " ") + "|" + map[bool]string{true: "assistant", false: ""}[s.Assistant]
		}
		if got != w.sig {
			t.Errorf("%s: signature %q, want %q", name, got, w.sig)
		}
	}
	if w.icd != "" {
		var got []string
		for _, c := range n.ICDCodes {
			got = append(got, c.Code)
		}
		if strings.Join(got, " ") != w.icd {
			t.Errorf("%s: ICD %v, want %s", name, got, w.icd)
		}
	}
	if w.times != "" {
		var got []string
		for _, tm := range n.Times {
			got = append(got, tm.Raw+":"+map[bool]string{true: "ok", false: "bad"}[tm.Valid])
		}
		if strings.Join(got, " ") != w.times {
			t.Errorf("%s: times %q, want %q", name, strings.Join(got, " "), w.times)
		}
	}
}

func itoa(i int) string {
	b, _ := json.Marshal(i)
	return string(b)
}

// TestSharedNoteFacts checks the facts that matter, note by note.
func TestSharedNoteFacts(t *testing.T) {
	dir := sharedNotesDir(t)
	for file, w := range map[string]noteWant{
		"n001.txt": {
			session: "11:50 am-12:35 pm valid 45",
			charges: []chargeWant{{"97140", "59 GP", 1, 0}, {"97110", "GP", 1, 0}, {"97530", "GP", 1, 0}},
			services: []serviceWant{
				{"97140", 11, "11:50-12:01", "separate interval before exercise): R patellar mobs"},
				{"97110", 19, "12:01-12:20", "recumbent bike 6 min"},
				{"97530", 15, "12:20-12:35", "fwd and lateral step-ups"},
			},
			timed: 45, total: 45,
			goals: []string{"STG|2 wks", "LTG|6 wks"},
			sig:   "Alicia Brandt|PT DPT|",
			icd:   "Z96.651 M25.661",
			times: "11:50 am:ok 12:35 pm:ok 11:50:ok 12:01:ok 12:01:ok 12:20:ok 12:20:ok 12:35:ok",
		},
		"n002.txt": {
			session: "1002-1040 valid 38",
			charges: []chargeWant{{"97110", "", 1, 13}, {"97112", "", 1, 12}, {"97530", "", 1, 11}},
			services: []serviceWant{
				{"97110", 13, "", "prone press-ups"}, {"97112", 12, "", "TrA activation"}, {"97530", 11, "", "floor-to-waist lift"},
			},
			timed: 36, total: 38,
			goals: []string{"STG|3 wks", "LTG|8 wks"},
			icd:   "M54.16 M51.26",
		},
		"n007.txt": {
			session: "none",
			charges: []chargeWant{{"97014", "", 1, 0}, {"97110", "", 2, 25}, {"97140", "", 1, 10}},
			services: []serviceWant{
				{"97014", 15, "", "R lateral ankle"}, {"97110", 25, "", "BAPS board"}, {"97140", 10, "", "talocrural"},
			},
			timed: 35, total: 50,
		},
		"n011.txt": {
			session: "9:40-10:75 invalid 0",
			times:   "9:40:ok 10:75:bad",
			timed:   38, total: 38,
			goals: []string{},
		},
		"n013.txt": {
			session: "9:00-10:00 valid 60",
			services: []serviceWant{
				{"97530", 26, "9:05-9:31", "standing at kitchen counter"},
				{"97535", 23, "9:25-9:48", "LB dressing seated"},
			},
			timed: 49, total: 60,
			icd: "169.351 R27.8",
		},
		"n015.txt": {
			session: "none",
			charges: []chargeWant{{"97140", "59", 1, 12}, {"97530", "", 2, 25}, {"97110", "", 1, 16}},
			services: []serviceWant{
				{"97140", 0, "10:00-10:12", "talocrural"}, {"97530", 0, "10:12-10:37", "stepping down"}, {"97110", 0, "10:37-10:53", "SL calf raises"},
			},
			timed: 53, total: 53,
			goals: []string{"LTG|by 6/30/25"},
			sig:   "Kevin Marsh|PTA|assistant",
		},
		"n017.txt": {
			charges: []chargeWant{{"97530", "GP", 2, 0}},
			timed:   30, total: 30,
		},
		"n019.txt": {
			charges: []chargeWant{{"97110", "GO", 2, 25}, {"97112", "GO", 1, 23}},
			services: []serviceWant{
				{"97110", 0, "", "NuStep L4 10 min"}, {"97112", 0, "", "standing balance on foam"},
			},
			timed: -1, total: -1,
			goals: []string{"STG|3 wks", "LTG|8 wks"},
		},
		"n020.txt": {
			session: "1:15 pm-1:55 pm valid 40",
			timed:   38, total: 40,
			goals: []string{},
		},
		"n022.txt": {
			session: "1415-1340 invalid 0",
			times:   "1415:ok 1340:ok",
			timed:   30, total: 35,
			sig: "Tasha Greene||",
		},
		"n023.txt": {
			charges: []chargeWant{{"97110", "", 2, 28}, {"97112", "", 1, 12}},
			timed:   40, total: 45,
			goals: []string{"|", "|", "|by 08/01/2025"},
		},
		"n024.txt": {timed: 35, total: 40, icd: "S83.241DD M25.661"},
		"n026.txt": {session: "3:30-4:15 pm valid 45", timed: 45, total: 45, goals: []string{"STG|12 wks", "LTG|6 mo"}},
		"n028.txt": {
			services: []serviceWant{{"97110", 24, "", "NuStep L5 8 min"}, {"97116", 14, "", "Amb 300 ft"}},
			timed:    38, total: 38,
			sig: "Maria Lopez|PTA|assistant",
		},
		"n029.txt": {timed: 40, total: 45, goals: []string{"LTG|by DC 2/28/25"}},
		"n034.txt": {
			session: "0900-1105 valid 125",
			charges: []chargeWant{{"97530", "", 7, 0}, {"97112", "", 1, 0}},
			services: []serviceWant{
				{"97530", 100, "0905-0935 0935-1005 1005-1045", "1:1:"},
				{"97112", 20, "1045-1105", "1045-1105 R LE weight-bearing"},
			},
			timed: 120, total: 125,
			goals: []string{"STG|3 wks", "LTG|6 wks"},
		},
		"n035.txt": {
			charges: []chargeWant{{"97535", "GO CO", 2, 0}, {"97530", "GO CO", 1, 0}},
			sig:     "Lena Kowalski|COTA/L|assistant",
			timed:   38, total: 45,
		},
		"n036.txt": {timed: 120, total: 130, goals: []string{"STG|2 wks", "LTG|4 wks, by 9/2/25"}},
		"n037.txt": {sig: "Jamie R.||", timed: 38, total: 40, goals: []string{"LTG|6 mo", "LTG|6 mo"}},
		"n039.txt": {
			services: []serviceWant{
				{"97110", 15, "10:00-10:15", "thenar"}, {"97535", 25, "10:15-10:40", "joint protection"}, {"97530", 20, "10:20-10:40", "functional pinch"},
			},
			timed: 60, total: 65,
			icd: "MI8.11",
		},
		"n041.txt": {
			charges:  []chargeWant{{"97530", "", 8, 120}},
			services: []serviceWant{{"97530", 120, "", "work hardening circuit in group"}},
			timed:    120, total: 120,
		},
		"n042.txt": {
			session:  "none",
			charges:  []chargeWant{{"97530", "GP", 6, 90}},
			services: []serviceWant{{"97530", 0, "1300-1330 1330-1400 1400-1430", "1:1 throughout:"}},
			timed:    90, total: 90,
		},
		"n043.txt": {sig: "Kayla B.||", timed: -1, total: -1, charges: []chargeWant{{"92507", "GO", 1, 0}}},
		"n044.txt": {session: "11:45 am-12:23 pm valid 38", timed: 38, total: 38, sig: "Tyler Ng|PTA|assistant"},
		"n045.txt": {
			charges: []chargeWant{{"97110", "59", 2, 30}, {"97112", "", 1, 15}},
			timed:   -1, total: 40,
			sig: "||",
		},
	} {
		n := parseFile(t, filepath.Join(dir, file))
		w.check(t, file, n)
	}
}

// TestSharedNoteSections checks section kinds in the header forms the notes use.
func TestSharedNoteSections(t *testing.T) {
	dir := sharedNotesDir(t)
	for file, want := range map[string]string{
		"n001.txt": "S O A P Goals Billing",
		"n002.txt": "Other S O A P Goals Billing",
		"n003.txt": "S O A P Billing",
		"n014.txt": "S O A P Goals Billing",
		"n016.txt": "S O A P Goals Billing",
		"n023.txt": "Other S O A P Goals Billing",
		"n042.txt": "S O A P Goals Billing",
	} {
		n := parseFile(t, filepath.Join(dir, file))
		var got []string
		for _, s := range n.Sections {
			got = append(got, kindName[s.Kind])
		}
		if strings.Join(got, " ") != want {
			t.Errorf("%s: sections %v, want %s", file, got, want)
		}
	}
}

var kindName = map[SectionKind]string{
	SectionOther: "Other", SectionSubjective: "S", SectionObjective: "O", SectionAssessment: "A",
	SectionPlan: "P", SectionGoals: "Goals", SectionBilling: "Billing", SectionTreatment: "Treatment",
}

// TestMTSamplesGoals: the PT evaluations' numbered goals under headers with a
// timeframe come out one by one with the header's timeframe.
func TestMTSamplesGoals(t *testing.T) {
	dir := corpusDir(t)
	for file, want := range map[string][]string{
		"mtsamples_2942.txt": append(repeat("STG|3 WEEKS|inherited", 5), repeat("LTG|6 WEEKS|inherited", 2)...),
		"mtsamples_2944.txt": append(repeat("STG|TWO WEEKS|inherited", 4), repeat("LTG|ONE MONTH|inherited", 5)...),
		"mtsamples_2946.txt": append(repeat("STG|THREE WEEKS|inherited", 5), repeat("LTG|SIX WEEKS|inherited", 4)...),
	} {
		n := parseFile(t, filepath.Join(dir, file))
		checkRanges(t, file, n)
		noteWant{goals: want, timed: -1, total: -1}.check(t, file, n)
		for _, g := range n.Goals {
			if !strings.HasPrefix(g.Text, "The patient") && !strings.HasPrefix(g.Text, "Patient") && !strings.HasPrefix(g.Text, "Pain") && !strings.HasPrefix(g.Text, "Bilateral") {
				t.Errorf("%s: goal text %q does not start at the goal", file, g.Text)
			}
		}
	}
	// 2942 goal 3 is an impairment goal whose text must be whole.
	n := parseFile(t, filepath.Join(dir, "mtsamples_2942.txt"))
	if len(n.Goals) > 2 && n.Goals[2].Text != "The patient will achieve left ankle dorsiflexion to neutral and plantar flexion to 45 degrees without significant increase in pain." {
		t.Errorf("goal 3 = %q", n.Goals[2].Text)
	}
}

func repeat(s string, n int) []string {
	var out []string
	for range n {
		out = append(out, s)
	}
	return out
}

// TestMTSamplesQuiet: real notes that bill nothing yield no charges, no session
// and no services with minutes, and all ranges are in bounds.
func TestMTSamplesQuiet(t *testing.T) {
	dir := corpusDir(t)
	files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	if len(files) < 100 {
		t.Fatalf("%d MTSamples notes, want 100", len(files))
	}
	for _, f := range files {
		n := parseFile(t, f)
		name := filepath.Base(f)
		checkRanges(t, name, n)
		if len(n.Charges) > 0 {
			t.Errorf("%s: charges %v", name, n.Charges[0].Code)
		}
		if n.Session != nil {
			t.Errorf("%s: session %s-%s", name, n.Session.Start.Raw, n.Session.Stop.Raw)
		}
		for _, s := range n.Services {
			if s.Minutes.Set || len(s.Intervals) > 0 {
				t.Errorf("%s: service %s with minutes or times", name, s.Code)
			}
		}
		if n.Totals.Timed.Set {
			t.Errorf("%s: timed total", name)
		}
	}
}

func TestGoalLineNeedsAWord(t *testing.T) {
	n := Parse("Goals:\n\x80\n---\nSTG (2 wks): amb 300 ft\n", nil)
	if len(n.Goals) != 1 || n.Goals[0].Text != "amb 300 ft" {
		t.Errorf("goals = %+v, want only the STG", n.Goals)
	}
}

// TestGoalHeaderWithTimeframeNoColon: "Short term goals 4 wks" opens a goals
// block whose goals inherit "4 wks"; "Goal 2 …" stays a goal line.
func TestGoalHeaderWithTimeframeNoColon(t *testing.T) {
	n := Parse("Short term goals 4 wks\n↓ edema R hand, MCP circumference ↓ 1 cm\n", nil)
	if len(n.Goals) != 1 || n.Goals[0].Text != "↓ edema R hand, MCP circumference ↓ 1 cm" || n.Goals[0].Term != "STG" ||
		n.Goals[0].Timeframe != "4 wks" || !n.Goals[0].Inherited {
		t.Errorf("goals = %+v, want the edema goal inheriting STG 4 wks", n.Goals)
	}
	n = Parse("Goals:\nGoal 2 pt will amb 150 ft indep in 4 wks\n", nil)
	if len(n.Goals) != 1 || !strings.Contains(n.Goals[0].Text, "amb 150 ft") || n.Goals[0].Inherited {
		t.Errorf("goals = %+v, want the numbered goal line with its own timeframe", n.Goals)
	}
}

// TestCodeColonNarrative: "97530: sit<>stand …" under a billing table is the
// code's activity text (the narrative style of many EHR exports); a colon
// followed by a digit ("97530:15") is not a code.
func TestCodeColonNarrative(t *testing.T) {
	text := "Obj:\n97530-GP   Therapeutic activities   10   min   1 unit\n\n" +
		"97530: sit<>stand from low chair x10 w/ VCs, to train rising from her sofa.\n" +
		"Seen 97530:15 per log.\n"
	n := Parse(text, nil)
	if len(n.Services) != 1 {
		t.Fatalf("services = %+v, want the one narrative line", n.Services)
	}
	sv := n.Services[0]
	if got := text[sv.Activity.Start:sv.Activity.End]; sv.Code != "97530" || got != "sit<>stand from low chair x10 w/ VCs, to train rising from her sofa." {
		t.Errorf("service %s activity %q", sv.Code, got)
	}
	if len(n.Charges) != 1 || n.Charges[0].Code != "97530" {
		t.Errorf("charges = %+v, want the table row only", n.Charges)
	}
}

// TestCodeLedLineAfterGoals: under a goals header, a line led by a code (after a
// short label) is treatment, with its minutes, not a goal; goal lines stay goals.
func TestCodeLedLineAfterGoals(t *testing.T) {
	text := "Goals at discharge:\nSTG 1: Pt will ascend 12 stairs w/ 1 rail — MET 10/20.\n\n" +
		"Today: 97110 (18) single-leg squats 3x10; 97530 0:23 cutting drills on turf to prepare for return to soccer.\n" +
		"Pt will return to soccer 2x/wk.\n"
	n := Parse(text, nil)
	if len(n.Services) != 2 || n.Services[0].Code != "97110" || n.Services[0].Minutes.Value != 18 ||
		n.Services[1].Code != "97530" || n.Services[1].Minutes.Value != 23 {
		t.Errorf("services = %+v, want 97110 18 min and 97530 23 min", n.Services)
	}
	if len(n.Goals) != 1 || !strings.HasPrefix(n.Goals[0].Text, "Pt will ascend") {
		t.Errorf("goals = %+v, want the STG only", n.Goals)
	}
}

// TestChargeLineWithNarrative: "97530-GP-CQ THERACT 22 MIN: car transfer …" is a
// charge (modifiers, minutes) and the code's documented activity; a later
// "CHARGES: 97530 X2" supplies that charge's units instead of a second charge
// without modifiers. A summary line naming modifiers stays its own charge.
func TestChargeLineWithNarrative(t *testing.T) {
	text := "OBJECTIVE:\n" +
		"97110-GP-CQ  THEREX  16 MIN: SUPINE HIP ABD 2X15, BRIDGES 2X10.\n" +
		"97530-GP-CQ  THERACT 22 MIN: CAR TRANSFER TRAINING FROM SEDAN SEAT X5, MIN A.\n" +
		"CHARGES: 97110 X1, 97530 X2\n"
	n := Parse(text, nil)
	if len(n.Charges) != 2 {
		t.Fatalf("charges = %+v, want two", n.Charges)
	}
	for i, want := range []struct {
		code           string
		units, minutes int
	}{{"97110", 1, 16}, {"97530", 2, 22}} {
		c := n.Charges[i]
		if c.Code != want.code || c.Units.Value != want.units || c.Minutes.Value != want.minutes || !c.HasModifier("GP") || !c.HasModifier("CQ") {
			t.Errorf("charge %d = %+v, want %s x%d %d min with GP and CQ", i, c, want.code, want.units, want.minutes)
		}
	}
	if len(n.Services) != 2 || text[n.Services[1].Activity.Start:n.Services[1].Activity.End] != "CAR TRANSFER TRAINING FROM SEDAN SEAT X5, MIN A." {
		t.Errorf("services = %+v, want each code's activity after its heading", n.Services)
	}
	n = Parse("Billing:\n97110-GP 15 min\n97110-GO x1\n", nil)
	if len(n.Charges) != 2 {
		t.Errorf("charges = %+v: a second line with its own modifier is its own charge", n.Charges)
	}
	// Pasted visits: the second visit's summary does not complete the first's row.
	n = Parse("S: visit one\nO:\n97110-GP TherEx 15 min: bridges 2x10 with VCs\n\nS: visit two\nCharges: 97110 x1\n", nil)
	if len(n.Charges) != 2 || n.Charges[0].Units.Set {
		t.Errorf("charges = %+v, want visit one's row left without units and visit two's own charge", n.Charges)
	}
}

// TestChargesListBareUnits: under a CHARGES header, "97530 GP 2" ends its row with
// the units; a larger number, or a row with minutes, is not read as units.
func TestChargesListBareUnits(t *testing.T) {
	n := Parse("CHARGES\n97110 GP 1\n97530 GP 2\n97116 GP 15\n97140 GP 8 min\n", nil)
	want := []struct {
		code  string
		units int
		set   bool
	}{{"97110", 1, true}, {"97530", 2, true}, {"97116", 0, false}, {"97140", 0, false}}
	if len(n.Charges) != len(want) {
		t.Fatalf("charges = %+v", n.Charges)
	}
	for i, w := range want {
		if c := n.Charges[i]; c.Code != w.code || c.Units.Set != w.set || c.Units.Value != w.units {
			t.Errorf("charge %d = %s units %+v, want %d (set %v)", i, c.Code, c.Units, w.units, w.set)
		}
	}
	if n := Parse("O:\n97530 GP 2\n", nil); len(n.Charges) == 1 && n.Charges[0].Units.Set {
		t.Errorf("outside a billing section a bare number is not units: %+v", n.Charges)
	}
}

// TestHeaderDeadlineWords: a goals header's date after "due", "target" or an
// event ("annual review 05/2027") is inherited as the goals' timeframe; a date
// the goals were updated, set or reviewed on is not.
func TestHeaderDeadlineWords(t *testing.T) {
	for _, tc := range []struct {
		header string
		want   string
	}{
		{"IEP goals (annual review 05/2027):", "review 05/2027"},
		{"IEP goals - due 05/2027:", "due 05/2027"},
		{"Goals (next review 6/30):", "review 6/30"},
		{"Goals (updated 10/12/24):", ""},
		{"Goals (reviewed 10/12/24):", ""},
		{"Goals (set at eval 9/3/24):", ""},
	} {
		n := Parse(tc.header+"\n- Pt will follow 2-step directions with 80% accuracy.\n", nil)
		if len(n.Goals) != 1 {
			t.Errorf("%q: goals = %+v", tc.header, n.Goals)
			continue
		}
		if g := n.Goals[0]; g.Timeframe != tc.want || g.Inherited != (tc.want != "") {
			t.Errorf("%q: timeframe %q (inherited %v), want %q", tc.header, g.Timeframe, g.Inherited, tc.want)
		}
	}
}

// TestTotalAfterCharges: "Billing: 97140-GO x1, …, 97760-GO x1 — 40 min total timed"
// states the total timed minutes; the 40 minutes are not the last code's. A
// service head with a description the code table does not name keeps its
// minutes ("97760 orthotic mgmt 15': …").
func TestTotalAfterCharges(t *testing.T) {
	text := "O:\n• 97760 orthotic mgmt 15': fabricated thumb orthosis; instructed wear schedule.\n" +
		"Billing: 97140-GO x1, 97110-GO x1, 97760-GO x1 — 40 min total timed\n"
	n := Parse(text, nil)
	if !n.Totals.Timed.Set || n.Totals.Timed.Value != 40 {
		t.Errorf("totals = %+v, want 40 timed", n.Totals)
	}
	for _, c := range n.Charges {
		if c.Minutes.Set {
			t.Errorf("charge %s has minutes %+v, want none", c.Code, c.Minutes)
		}
	}
	if len(n.Services) != 1 || n.Services[0].Minutes.Value != 15 ||
		text[n.Services[0].Activity.Start:n.Services[0].Activity.End] != "fabricated thumb orthosis; instructed wear schedule." {
		t.Errorf("services = %+v, want 97760 15 min with its activity", n.Services)
	}
	// The label first still reads the same; a code before "total" is not minutes.
	for _, l := range []string{"Total timed 40 min", "97530 x2 total"} {
		n := Parse(l+"\n", nil)
		if l == "97530 x2 total" && n.Totals.Timed.Set {
			t.Errorf("%q: totals %+v, want none", l, n.Totals)
		}
		if l != "97530 x2 total" && n.Totals.Timed.Value != 40 {
			t.Errorf("%q: totals %+v", l, n.Totals)
		}
	}
}
