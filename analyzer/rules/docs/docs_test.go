package docs

import (
	"strings"
	"testing"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/note"
	"github.com/soaplint/soaplint/analyzer/rules/internal/ruletest"
)

func TestVaguePhrase(t *testing.T) {
	text := "A: Pt tolerated tx well. Tolerated progression to green TB rows without increase in sx.\n" +
		"TherEx: see flowsheet.\nP: Continue per POC. Pt doing well; as above.\nPMH: CAD as above, HTN.\nPlan: Same as above\n"
	ds := ruletest.Run(VaguePhrase, analyzer.Medicare, &note.Note{Text: text})
	var got []string
	for _, d := range ds {
		got = append(got, text[d.Start:d.End])
	}
	want := []string{"Pt tolerated tx well", "see flowsheet", "Continue per POC", "Pt doing well", "as above", "Same as above"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("found %q, want %q", got, want)
	}
	if !strings.Contains(ds[0].Message, "pain or symptom change") || !strings.Contains(ds[2].Message, "next step") {
		t.Errorf("messages lack a hint: %q / %q", ds[0].Message, ds[2].Message)
	}
}

func TestCheckICD10(t *testing.T) {
	for _, tc := range []struct {
		code, problem, suggest string
	}{
		{"M17.11", "", ""},
		{"G20.A1", "", ""},
		{"S06.2X9S", "", ""},
		{"M80.08XD", "", ""},
		{"F82", "", ""},
		{"T12", "", ""},
		{"M5416", "", ""},
		{"169.351", "it starts with '1'; codes start with a letter", "I69.351"},
		{"MI8.11", "the second character is 'I'; it must be a digit", "M18.11"},
		{"S83.241DD", "it has 8 characters; ICD-10-CM codes have at most 7 (3 before the dot, up to 4 after)", ""},
		{"M1.11", "the category before the dot must have 3 characters, not 2", ""},
		{"M17.", "nothing follows the dot", ""},
		{"722.10", "it looks like an ICD-9-CM code (digits only); claims need the ICD-10-CM code, which starts with a letter", ""},
		{"M17.1-1", "'-' after the dot is not a letter or digit", ""},
	} {
		p, s := checkICD10(tc.code)
		if p != tc.problem || s != tc.suggest {
			t.Errorf("checkICD10(%q) = %q, %q; want %q, %q", tc.code, p, s, tc.problem, tc.suggest)
		}
	}
	for _, s := range []string{"C6", "L5", "L4-5", "L4-S1", "C4-C5", "L3-5"} {
		if !spinalLevel(s) {
			t.Errorf("spinalLevel(%q) = false", s)
		}
	}
	for _, s := range []string{"M17.11", "I69.351", "F82", "C61"} {
		if spinalLevel(s) {
			t.Errorf("spinalLevel(%q) = true", s)
		}
	}
}

func TestInvalidICD10(t *testing.T) {
	text := "Dx: 169.351 Hemiplegia; L4-5 disc; G20.A1 Parkinson's\n"
	n := &note.Note{Text: text, ICDCodes: []note.ICDCode{
		{Code: "169.351", Range: ruletest.At(t, text, "169.351")},
		{Code: "L4-5", Range: ruletest.At(t, text, "L4-5")},
		{Code: "G20.A1", Range: ruletest.At(t, text, "G20.A1")},
	}}
	ds := ruletest.Run(InvalidICD10, analyzer.Medicare, n)
	if len(ds) != 1 {
		t.Fatalf("got %d findings, want 1", len(ds))
	}
	if text[ds[0].Start:ds[0].End] != "169.351" || !strings.Contains(ds[0].Message, "Did you mean I69.351?") {
		t.Errorf("finding %q at %q", ds[0].Message, text[ds[0].Start:ds[0].End])
	}
	if got := ruletest.Apply(text, ds[0].Fixes[0].Edits); !strings.HasPrefix(got, "Dx: I69.351 Hemiplegia") {
		t.Errorf("fixed: %q", got)
	}
}

// sections builds a section for each header line given ("S:", "## Plan").
func sections(t *testing.T, text string, hs ...struct {
	kind note.SectionKind
	head string
}) []note.Section {
	var out []note.Section
	for i, h := range hs {
		r := ruletest.At(t, text, h.head)
		end := len(text)
		if i+1 < len(hs) {
			end = ruletest.At(t, text, hs[i+1].head).Start
		}
		title := strings.Trim(h.head, "#*: ")
		out = append(out, note.Section{Kind: h.kind, Title: title, Header: r, Body: note.Range{Start: r.End, End: end}})
	}
	return out
}

type hdr = struct {
	kind note.SectionKind
	head string
}

func TestMissingSection(t *testing.T) {
	text := "Pt: A.\n\nS: Pain 2/10.\n\nO:\nTherEx 97110 20 min.\n\nP: 2x/wk.\n\nCharges: 97110-GP x2\nSigned: A B, PT\n"
	n := &note.Note{Text: text, Charges: []note.Charge{{Code: "97112"}}, Sections: sections(t, text,
		hdr{note.SectionSubjective, "S:"}, hdr{note.SectionObjective, "O:"}, hdr{note.SectionPlan, "P:"}, hdr{note.SectionBilling, "Charges:"})}
	ds := ruletest.Run(MissingSection, analyzer.Medicare, n)
	if len(ds) != 1 {
		t.Fatalf("got %d findings, want 1", len(ds))
	}
	d := ds[0]
	if text[d.Start:d.End] != "P:" || !strings.Contains(d.Message, "no Assessment section") {
		t.Errorf("finding %q at %q", d.Message, text[d.Start:d.End])
	}
	want := strings.Replace(text, "\nP: 2x/wk.", "\nA: <response to treatment, progress toward goals, why skilled care is still needed>\n\nP: 2x/wk.", 1)
	if got := ruletest.Apply(text, d.Fixes[0].Edits); got != want {
		t.Errorf("fixed:\n%s\nwant:\n%s", got, want)
	}

	// Markdown headers, missing Plan (the last one): appended after Assessment.
	text = "## Subjective\nok\n\n## Objective\nbike\n\n## Assessment\nbetter\n\n## Goals\n- walk\n"
	n = &note.Note{Text: text, Header: note.Header{Payer: "BCBS"}, Sections: sections(t, text,
		hdr{note.SectionSubjective, "## Subjective"}, hdr{note.SectionObjective, "## Objective"},
		hdr{note.SectionAssessment, "## Assessment"}, hdr{note.SectionGoals, "## Goals"})}
	ds = ruletest.Run(MissingSection, analyzer.Medicare, n)
	if len(ds) != 1 {
		t.Fatalf("markdown: got %d findings, want 1", len(ds))
	}
	want = strings.Replace(text, "better\n", "better\n\n## Plan\n<frequency, what you will progress or add next visit>\n", 1)
	if got := ruletest.Apply(text, ds[0].Fixes[0].Edits); got != want {
		t.Errorf("fixed:\n%s\nwant:\n%s", got, want)
	}

	// Complete notes, a combined Assessment/Plan header and narrative reports are left alone.
	billed := []note.Charge{{Code: "97110"}}
	for _, tc := range []struct {
		text    string
		hs      []hdr
		charges []note.Charge
	}{
		{"S: a\nO: b\nA: c\nP: d\n", []hdr{{note.SectionSubjective, "S:"}, {note.SectionObjective, "O:"}, {note.SectionAssessment, "A:"}, {note.SectionPlan, "P:"}}, billed},
		{"SUBJECTIVE: a\nOBJECTIVE: b\nASSESSMENT AND PLAN: c\n", []hdr{{note.SectionSubjective, "SUBJECTIVE:"}, {note.SectionObjective, "OBJECTIVE:"}, {note.SectionAssessment, "ASSESSMENT AND PLAN:"}}, billed},
		{"SUBJECTIVE: a\nPHYSICAL EXAMINATION: b\nASSESSMENT: c\nPLAN: d\n", []hdr{{note.SectionSubjective, "SUBJECTIVE:"}, {note.SectionOther, "PHYSICAL EXAMINATION:"}, {note.SectionAssessment, "ASSESSMENT:"}, {note.SectionPlan, "PLAN:"}}, billed},
		// A narrative report (nothing billed, no payer) is not checked.
		{"SUBJECTIVE: a\nASSESSMENT: b\nPLAN: c\n", []hdr{{note.SectionSubjective, "SUBJECTIVE:"}, {note.SectionAssessment, "ASSESSMENT:"}, {note.SectionPlan, "PLAN:"}}, nil},
	} {
		if ds := ruletest.Run(MissingSection, analyzer.Medicare, &note.Note{Text: tc.text, Sections: sections(t, tc.text, tc.hs...), Charges: tc.charges}); len(ds) != 0 {
			t.Errorf("%q: %q", tc.text, ds[0].Message)
		}
	}
}

func TestMissingSignature(t *testing.T) {
	billed := []note.Charge{{Code: "97110"}}
	for _, tc := range []struct {
		name, text string
		sig        *note.Signature
		want       string // message fragment; "" means no finding
	}{
		{"credentialed", "Signed: Ana Sorensen, PT", &note.Signature{Name: "Ana Sorensen", Credentials: []string{"PT"}}, ""},
		{"none", "Charges: 97110 x1\n", nil, "not signed"},
		{"blank", "Signed: ______", &note.Signature{Name: "______"}, "blank"},
		{"no credentials", "Electronically signed by Tasha Greene 04/29/2025", &note.Signature{Name: "Tasha Greene"}, "\"Tasha Greene\" has no credentials"},
		{"initial", "— Jamie R.", &note.Signature{Name: "Jamie R."}, "first name and initial"},
	} {
		n := &note.Note{Text: tc.text, Charges: billed, Signature: tc.sig}
		if tc.sig != nil {
			n.Signature.Range = note.Range{Start: 0, End: len(tc.text)}
		}
		ds := ruletest.Run(MissingSignature, analyzer.Medicare, n)
		switch {
		case tc.want == "" && len(ds) > 0:
			t.Errorf("%s: unexpected %q", tc.name, ds[0].Message)
		case tc.want != "" && (len(ds) != 1 || !strings.Contains(ds[0].Message, tc.want)):
			t.Errorf("%s: got %+v, want one finding containing %q", tc.name, ds, tc.want)
		}
	}
	// A narrative report that bills nothing and names no payer is not checked.
	if ds := ruletest.Run(MissingSignature, analyzer.Medicare, &note.Note{Text: "HISTORY: fell.\n"}); len(ds) != 0 {
		t.Errorf("narrative: %q", ds[0].Message)
	}
	// The credentials fix goes right after the name.
	text := "Electronically signed by Tasha Greene 04/29/2025"
	n := &note.Note{Text: text, Charges: billed, Signature: &note.Signature{Name: "Tasha Greene", Range: note.Range{End: len(text)}}}
	ds := ruletest.Run(MissingSignature, analyzer.Medicare, n)
	if got := ruletest.Apply(text, ds[0].Fixes[0].Edits); got != "Electronically signed by Tasha Greene, <credentials> 04/29/2025" {
		t.Errorf("fixed: %q", got)
	}
}
