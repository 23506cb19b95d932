package billing

import (
	"strings"
	"testing"
	"time"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/note"
	"github.com/soaplint/soaplint/analyzer/rules/internal/ruletest"
)

const med, com = analyzer.Medicare, analyzer.Commercial

func TestDisciplineMissing(t *testing.T) {
	text := "Discipline: OT\nBilling: 97530 x2, 97535-GO x1\n"
	b := ruletest.NewNote(t, text).Charge("97530 x2", 2, -1).Charge("97535-GO x1", 1, -1)
	b.Note.Header.Discipline = note.OT
	ruletest.Check(t, DisciplineMissing, med, b.Note, []ruletest.Finding{{
		At:      "97530",
		Message: "97530 has no therapy modifier: Medicare requires GP, GO or GN on every therapy code; add GO for occupational therapy",
		Fixed:   "Discipline: OT\nBilling: 97530-GO x2, 97535-GO x1\n",
	}})
	// Discipline unknown: still a finding, but no fix to guess.
	b.Note.Header.Discipline = note.DisciplineUnknown
	ruletest.Check(t, DisciplineMissing, med, b.Note, []ruletest.Finding{{
		At:      "97530",
		Message: "97530 has no therapy modifier: Medicare requires GP, GO or GN on every therapy code; add the one for the discipline of the plan of care",
	}})
	// ... unless the signer's credentials say.
	b.Note.Signature = &note.Signature{Credentials: []string{"PT", "DPT"}}
	ruletest.Check(t, DisciplineMissing, med, b.Note, []ruletest.Finding{{
		At:      "97530",
		Message: "97530 has no therapy modifier: Medicare requires GP, GO or GN on every therapy code; add GP for physical therapy",
		Fixed:   "Discipline: OT\nBilling: 97530-GP x2, 97535-GO x1\n",
	}})
	// Commercial payers do not require it (the rule is medicare-only).
	if DisciplineMissing.AppliesTo(com) {
		t.Error("discipline-missing applies to commercial")
	}
}

func TestDisciplineMismatch(t *testing.T) {
	text := "Billing: 97110-GO x2, 97112-GP x1\n"
	b := ruletest.NewNote(t, text).Charge("97110-GO x2", 2, -1).Charge("97112-GP x1", 1, -1)
	b.Note.Header.Discipline = note.PT
	ruletest.Check(t, DisciplineMismatch, com, b.Note, []ruletest.Finding{{
		At:      "GO",
		Message: "97110 carries GO (occupational therapy), but this is a PT note: use GP",
		Fixed:   "Billing: 97110-GP x2, 97112-GP x1\n",
	}})
	b.Note.Header.Discipline = note.DisciplineUnknown // nothing to compare with
	ruletest.Check(t, DisciplineMismatch, com, b.Note, nil)
	b2 := ruletest.NewNote(t, "Billing: 92526-GN x1\n").Charge("92526-GN x1", 1, -1)
	b2.Note.Header.Discipline = note.SLP
	ruletest.Check(t, DisciplineMismatch, med, b2.Note, nil)
}

func TestFiftyNineNeeded(t *testing.T) {
	text := "DOS 03/04/2025\nBilling: 97140-GP x1, 97530-GP x2\n"
	b := ruletest.NewNote(t, text).Charge("97140-GP x1", 1, -1).Charge("97530-GP x2", 2, -1)
	b.Note.Header.DateOfService = time.Date(2025, 3, 4, 0, 0, 0, 0, time.UTC)
	ruletest.Check(t, FiftyNineNeeded, med, b.Note, []ruletest.Finding{{
		At:      "97140",
		Message: "97530 and 97140 billed the same day are a bundled code pair (NCCI edit, column 1 97530, column 2 97140): 97140 is paid only for a separate, distinct interval marked with modifier 59 or XU; document the separate intervals and add the modifier to 97140, or bill one code (code-pair edit from secondary sources (WebPT blog; cloned.cbdvillage.co.uk Q&A on CPT 97161), not a CMS file; column order unconfirmed)",
	}})
	// Before the edit took effect.
	b.Note.Header.DateOfService = time.Date(2019, 6, 1, 0, 0, 0, 0, time.UTC)
	ruletest.Check(t, FiftyNineNeeded, med, b.Note, nil)
	// With 59 or an X modifier on either code.
	for _, mod := range []string{"59", "XU", "XS"} {
		txt := "Billing: 97140-" + mod + "-GP x1, 97530-GP x2\n"
		b2 := ruletest.NewNote(t, txt).Charge("97140-"+mod+"-GP x1", 1, -1).Charge("97530-GP x2", 2, -1)
		ruletest.Check(t, FiftyNineNeeded, med, b2.Note, nil)
	}
	// Not a pair.
	b3 := ruletest.NewNote(t, "Billing: 97110 x2, 97140 x1, 97530 x1, 97535 x1\n").Charge("97110 x2", 2, -1).Charge("97140 x1", 1, -1)
	ruletest.Check(t, FiftyNineNeeded, med, b3.Note, nil)
}

func TestFiftyNineUnsupported(t *testing.T) {
	text := "Manual: CPA mobs interspersed between functional trials\nBilling: 97140-59-GP x1, 97530-GP x1\n"
	b := ruletest.NewNote(t, text).Service("97140", "Manual", -1).Charge("97140-59-GP x1", 1, -1).Charge("97530-GP x1", 1, -1)
	ruletest.Check(t, FiftyNineUnsupported, med, b.Note, []ruletest.Finding{{
		At:      "59",
		Message: `97140-59 says 97140 was a separate, distinct service, but the note documents no separate interval for it (no start–stop time of its own, no "separate interval"): document when it was done, or remove the modifier`,
	}})
	// Its own clock interval, not overlapping the other code's.
	text2 := "Manual 97140 10:00-10:12 mobs\nTherAct 97530 10:12-10:40 lifting\nBilling: 97140-59-GP x1, 97530-GP x2\n"
	b2 := ruletest.NewNote(t, text2).Service("97140", "Manual", 12, "10:00-10:12").Service("97530", "TherAct", 28, "10:12-10:40").
		Charge("97140-59-GP x1", 1, -1).Charge("97530-GP x2", 2, -1)
	ruletest.Check(t, FiftyNineUnsupported, med, b2.Note, nil)
	// An interval inside the other code's interval documents nothing distinct.
	text3 := "Manual 97140 10:05-10:12 mobs\nTherAct 97530 10:00-10:40 lifting\nBilling: 97140-59-GP x1, 97530-GP x2\n"
	b3 := ruletest.NewNote(t, text3).Service("97140", "Manual", 7, "10:05-10:12").Service("97530", "TherAct", 40, "10:00-10:40").
		Charge("97140-59-GP x1", 1, -1).Charge("97530-GP x2", 2, -1)
	ruletest.Check(t, FiftyNineUnsupported, med, b3.Note, []ruletest.Finding{{
		At:      "59",
		Message: `97140-59 says 97140 was a separate, distinct service, but the note documents no separate interval for it (no start–stop time of its own, no "separate interval"): document when it was done, or remove the modifier`,
	}})
	// Stated in words; a negated statement does not count.
	b4 := ruletest.NewNote(t, "Manual: mobs in a separate interval before exercise\nBilling: 97140-XU x1\n").Service("97140", "Manual", -1).Charge("97140-XU x1", 1, -1)
	ruletest.Check(t, FiftyNineUnsupported, med, b4.Note, nil)
	b5 := ruletest.NewNote(t, "Manual: mobs, not in a separate interval\nBilling: 97140-XU x1\n").Service("97140", "Manual", -1).Charge("97140-XU x1", 1, -1)
	if got := len(ruletest.Run(FiftyNineUnsupported, med, b5.Note)); got != 1 {
		t.Errorf("negated separate interval: %d findings, want 1", got)
	}
}

func TestAssistantCQCO(t *testing.T) {
	text := "Billing: 97110-GP x2, 97140-GP-CQ x1, 97164-GP x1\nSigned: J. Doe, PTA\n"
	b := ruletest.NewNote(t, text).Charge("97110-GP x2", 2, -1).Charge("97140-GP-CQ x1", 1, -1).Charge("97164-GP x1", 1, -1)
	b.Note.Signature = &note.Signature{Name: "J. Doe", Credentials: []string{"PTA"}, Assistant: true, Range: b.At("J. Doe, PTA", 0)}
	ruletest.Check(t, AssistantCQCO, med, b.Note, []ruletest.Finding{{
		At:      "97110",
		Message: "97110 lacks CQ: the note is signed by a physical therapist assistant (PTA), and Medicare requires CQ on services an assistant furnishes in whole or in part (paid at 85%)",
		Fixed:   "Billing: 97110-GP-CQ x2, 97140-GP-CQ x1, 97164-GP x1\nSigned: J. Doe, PTA\n",
	}})
	b2 := ruletest.NewNote(t, "Billing: 97535-GO x2\n").Charge("97535-GO x2", 2, -1)
	b2.Note.Signature = &note.Signature{Credentials: []string{"COTA/L"}, Assistant: true}
	if ds := ruletest.Run(AssistantCQCO, med, b2.Note); len(ds) != 1 || !strings.Contains(ds[0].Message, "lacks CO") {
		t.Errorf("COTA note: %+v", ds)
	}
	b2.Note.Signature = &note.Signature{Credentials: []string{"OTR/L"}}
	ruletest.Check(t, AssistantCQCO, med, b2.Note, nil)
	if AssistantCQCO.AppliesTo(com) {
		t.Error("assistant-cq-co applies to commercial")
	}
}

func TestExceedsMUE(t *testing.T) {
	b := ruletest.NewNote(t, "Billing: 97530-GP x7, 97112-GP x1\n").Charge("97530-GP x7", 7, -1).Charge("97112-GP x1", 1, -1)
	ruletest.Check(t, ExceedsMUE, com, b.Note, []ruletest.Finding{{
		At:      "x7",
		Message: "97530 billed x7 on one date of service, above its medically unlikely edit (MUE) of 6 units: units over 6 are denied automatically unless appealed with documentation of medical necessity (MUE value is unverified: verify against the current quarter's CMS file)",
	}})
	b2 := ruletest.NewNote(t, "Billing: 97530-GP x6\n").Charge("97530-GP x6", 6, -1)
	ruletest.Check(t, ExceedsMUE, med, b2.Note, nil)
	// Units of one code on two lines add up.
	b3 := ruletest.NewNote(t, "Billing: 97530 x4; 97530 x3\n").Charge("97530 x4", 4, -1).Charge("97530 x3", 3, -1)
	if got := len(ruletest.Run(ExceedsMUE, med, b3.Note)); got != 1 {
		t.Errorf("split lines: %d findings, want 1", got)
	}
}
