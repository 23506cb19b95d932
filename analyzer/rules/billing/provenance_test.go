package billing

import (
	"context"
	"strings"
	"testing"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/lexicon"
)

// lintWith runs rule over text with lex, through the engine (which applies the
// severity ceiling a rule sets).
func lintWith(t *testing.T, rule *analyzer.Rule, lex *lexicon.Lexicon, sev map[string]analyzer.Severity, text string) []analyzer.Diagnostic {
	t.Helper()
	res, err := analyzer.Run(context.Background(), text, []*analyzer.Rule{rule}, analyzer.Config{Lexicon: lex, Severity: sev})
	if err != nil {
		t.Fatal(err)
	}
	return res.Diagnostics
}

const ptpCMS = "CPT codes, descriptions and other data only are copyright 2025 American Medical Association.\n" +
	"Column 1\tColumn 2\t*=in existence prior to 1996\tEffective Date\tDeletion Date *=no data\tModifier 0=not allowed 1=allowed 9=not applicable\tPTP Edit Rationale\n" +
	"97530\t97116\t\t20200101\t*\t1\tMisuse of column two code with column one code\n" +
	"97530\t97112\t\t20200101\t*\t9\tMisuse of column two code with column one code\n" +
	"97530\t97110\t\t20200101\t20250101\t1\tMisuse of column two code with column one code\n"

func cmsLexicon(t *testing.T) *lexicon.Lexicon {
	t.Helper()
	ed, errs := lexicon.ParseEdits(strings.NewReader(ptpCMS), "ccipra-v321r0-f1.txt")
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	mue, errs := lexicon.ParseMUE(strings.NewReader("HCPCS/CPT Code,Practitioner Services MUE Values,MUE Adjudication Indicator,MUE Rationale\n97530,6,3 Date of Service Edit: Clinical,Clinical: Data\n"), "MCR_MUE_PractitionerServices_Eff_04-01-2026.csv")
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	return lexicon.Default().With(lexicon.Extra{Edits: ed, MUE: mue})
}

func TestFiftyNineNeededByStatus(t *testing.T) {
	builtin := lexicon.Default()
	pair := func(dos, codes string) string {
		return "DOS: " + dos + "\nBilling: " + codes + "\n"
	}
	// The 97530–97116 pair was deleted in April 2020: no finding today from the built-in table.
	if ds := lintWith(t, FiftyNineNeeded, builtin, nil, pair("03/02/2026", "97530-GP x2, 97116-GP x1")); len(ds) != 0 {
		t.Errorf("built-in pair 97530 with 97116 in 2026: %+v", ds)
	}
	// In February 2020 the unverified row applies, as an info at most — even
	// when the configuration raises the rule to error.
	ds := lintWith(t, FiftyNineNeeded, builtin, map[string]analyzer.Severity{"modifier/59-needed": analyzer.Error}, pair("02/03/2020", "97530-GP x2, 97116-GP x1"))
	if len(ds) != 1 || ds[0].Severity != analyzer.Info || !strings.Contains(ds[0].Message, "verify against the current quarter's CMS file") {
		t.Errorf("built-in pair 97530 with 97116 in 2020: %+v", ds)
	}
	// A secondary row: the rule's severity, and the message names the sources.
	ds = lintWith(t, FiftyNineNeeded, builtin, nil, pair("03/02/2026", "97161-GP x1, 97140-GP x1"))
	if len(ds) != 1 || ds[0].Severity != analyzer.Warning || !strings.Contains(ds[0].Message, "secondary sources (APTA; EliteCME)") || !strings.Contains(ds[0].Message, "column order unconfirmed") {
		t.Errorf("97161/97140: %+v", ds)
	}
	// From a CMS file: a warning naming the file and quarter.
	cms := cmsLexicon(t)
	ds = lintWith(t, FiftyNineNeeded, cms, nil, pair("05/04/2026", "97530-GP x2, 97116-GP x1"))
	if len(ds) != 1 || ds[0].Severity != analyzer.Warning || !strings.HasSuffix(ds[0].Message, "(code-pair edit from the CMS file ccipra-v321r0-f1.txt, 2026Q2)") {
		t.Errorf("CMS pair 97530 with 97116: %+v", ds)
	}
	// Modifier indicator 9: no edit. Deleted before the date of service: none.
	for _, codes := range []string{"97530-GP x2, 97112-GP x1", "97530-GP x2, 97110-GP x1"} {
		if ds := lintWith(t, FiftyNineNeeded, cms, nil, pair("05/04/2026", codes)); len(ds) != 0 {
			t.Errorf("%s: %+v", codes, ds)
		}
	}
	// The deleted edit still applies before its deletion date.
	if ds := lintWith(t, FiftyNineNeeded, cms, nil, pair("12/30/2024", "97530-GP x2, 97110-GP x1")); len(ds) != 1 {
		t.Errorf("97530/97110 before its deletion: %+v", ds)
	}
}

func TestExceedsMUEByStatus(t *testing.T) {
	text := "DOS: 05/04/2026\nBilling: 97530-GP x7\n"
	ds := lintWith(t, ExceedsMUE, lexicon.Default(), nil, text)
	if len(ds) != 1 || ds[0].Severity != analyzer.Info || !strings.Contains(ds[0].Message, "MUE value is unverified") {
		t.Errorf("built-in MUE: %+v", ds)
	}
	ds = lintWith(t, ExceedsMUE, cmsLexicon(t), nil, text)
	if len(ds) != 1 || ds[0].Severity != analyzer.Warning || !strings.HasSuffix(ds[0].Message, "(MUE value from the CMS file MCR_MUE_PractitionerServices_Eff_04-01-2026.csv, 2026Q2)") {
		t.Errorf("CMS MUE: %+v", ds)
	}
}
