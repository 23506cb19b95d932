package billing

import (
	"strings"
	"testing"
	"time"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/note"
)

const med, com = analyzer.Medicare, analyzer.Commercial

func TestDisciplineMissing(t *testing.T) {
	text := "Discipline: OT\nBilling: 97530 x2, 97535-GO x1\n"
	b := newNote(t, text).charge("97530 x2", 2, -1).charge("97535-GO x1", 1, -1)
	b.n.Header.Discipline = note.OT
	check(t, DisciplineMissing, med, b.n, []finding{{
		at:      "97530",
		message: "97530 has no therapy modifier: Medicare requires GP, GO or GN on every therapy code; add GO for occupational therapy",
		fixed:   "Discipline: OT\nBilling: 97530-GO x2, 97535-GO x1\n",
	}})
	// Discipline unknown: still a finding, but no fix to guess.
	b.n.Header.Discipline = note.DisciplineUnknown
	check(t, DisciplineMissing, med, b.n, []finding{{
		at:      "97530",
		message: "97530 has no therapy modifier: Medicare requires GP, GO or GN on every therapy code; add the one for the discipline of the plan of care",
	}})
	// ... unless the signer's credentials say.
	b.n.Signature = &note.Signature{Credentials: []string{"PT", "DPT"}}
	check(t, DisciplineMissing, med, b.n, []finding{{
		at:      "97530",
		message: "97530 has no therapy modifier: Medicare requires GP, GO or GN on every therapy code; add GP for physical therapy",
		fixed:   "Discipline: OT\nBilling: 97530-GP x2, 97535-GO x1\n",
	}})
	// Commercial payers do not require it (the rule is medicare-only).
	if DisciplineMissing.AppliesTo(com) {
		t.Error("discipline-missing applies to commercial")
	}
}

func TestDisciplineMismatch(t *testing.T) {
	text := "Billing: 97110-GO x2, 97112-GP x1\n"
	b := newNote(t, text).charge("97110-GO x2", 2, -1).charge("97112-GP x1", 1, -1)
	b.n.Header.Discipline = note.PT
	check(t, DisciplineMismatch, com, b.n, []finding{{
		at:      "GO",
		message: "97110 carries GO (occupational therapy), but this is a PT note: use GP",
		fixed:   "Billing: 97110-GP x2, 97112-GP x1\n",
	}})
	b.n.Header.Discipline = note.DisciplineUnknown // nothing to compare with
	check(t, DisciplineMismatch, com, b.n, nil)
	b2 := newNote(t, "Billing: 92526-GN x1\n").charge("92526-GN x1", 1, -1)
	b2.n.Header.Discipline = note.SLP
	check(t, DisciplineMismatch, med, b2.n, nil)
}

func TestFiftyNineNeeded(t *testing.T) {
	text := "DOS 03/04/2025\nBilling: 97140-GP x1, 97530-GP x2\n"
	b := newNote(t, text).charge("97140-GP x1", 1, -1).charge("97530-GP x2", 2, -1)
	b.n.Header.DateOfService = time.Date(2025, 3, 4, 0, 0, 0, 0, time.UTC)
	check(t, FiftyNineNeeded, med, b.n, []finding{{
		at:      "97140",
		message: "97530 and 97140 billed the same day are a bundled code pair (NCCI edit, column 1 97530, column 2 97140): 97140 is paid only for a separate, distinct interval marked with modifier 59 or XU; document the separate intervals and add the modifier to 97140, or bill one code",
	}})
	// Before the edit took effect.
	b.n.Header.DateOfService = time.Date(2019, 6, 1, 0, 0, 0, 0, time.UTC)
	check(t, FiftyNineNeeded, med, b.n, nil)
	// With 59 or an X modifier on either code.
	for _, mod := range []string{"59", "XU", "XS"} {
		txt := "Billing: 97140-" + mod + "-GP x1, 97530-GP x2\n"
		b2 := newNote(t, txt).charge("97140-"+mod+"-GP x1", 1, -1).charge("97530-GP x2", 2, -1)
		check(t, FiftyNineNeeded, med, b2.n, nil)
	}
	// Not a pair.
	b3 := newNote(t, "Billing: 97110 x2, 97140 x1, 97530 x1, 97535 x1\n").charge("97110 x2", 2, -1).charge("97140 x1", 1, -1)
	check(t, FiftyNineNeeded, med, b3.n, nil)
}

func TestFiftyNineUnsupported(t *testing.T) {
	text := "Manual: CPA mobs interspersed between functional trials\nBilling: 97140-59-GP x1, 97530-GP x1\n"
	b := newNote(t, text).service("97140", "Manual", -1).charge("97140-59-GP x1", 1, -1).charge("97530-GP x1", 1, -1)
	check(t, FiftyNineUnsupported, med, b.n, []finding{{
		at:      "59",
		message: `97140-59 says 97140 was a separate, distinct service, but the note documents no separate interval for it (no start–stop time of its own, no "separate interval"): document when it was done, or remove the modifier`,
	}})
	// Its own clock interval, not overlapping the other code's.
	text2 := "Manual 97140 10:00-10:12 mobs\nTherAct 97530 10:12-10:40 lifting\nBilling: 97140-59-GP x1, 97530-GP x2\n"
	b2 := newNote(t, text2).service("97140", "Manual", 12, "10:00-10:12").service("97530", "TherAct", 28, "10:12-10:40").
		charge("97140-59-GP x1", 1, -1).charge("97530-GP x2", 2, -1)
	check(t, FiftyNineUnsupported, med, b2.n, nil)
	// An interval inside the other code's interval documents nothing distinct.
	text3 := "Manual 97140 10:05-10:12 mobs\nTherAct 97530 10:00-10:40 lifting\nBilling: 97140-59-GP x1, 97530-GP x2\n"
	b3 := newNote(t, text3).service("97140", "Manual", 7, "10:05-10:12").service("97530", "TherAct", 40, "10:00-10:40").
		charge("97140-59-GP x1", 1, -1).charge("97530-GP x2", 2, -1)
	check(t, FiftyNineUnsupported, med, b3.n, []finding{{
		at:      "59",
		message: `97140-59 says 97140 was a separate, distinct service, but the note documents no separate interval for it (no start–stop time of its own, no "separate interval"): document when it was done, or remove the modifier`,
	}})
	// Stated in words; a negated statement does not count.
	b4 := newNote(t, "Manual: mobs in a separate interval before exercise\nBilling: 97140-XU x1\n").service("97140", "Manual", -1).charge("97140-XU x1", 1, -1)
	check(t, FiftyNineUnsupported, med, b4.n, nil)
	b5 := newNote(t, "Manual: mobs, not in a separate interval\nBilling: 97140-XU x1\n").service("97140", "Manual", -1).charge("97140-XU x1", 1, -1)
	if got := len(runRule(b5.n, FiftyNineUnsupported, med)); got != 1 {
		t.Errorf("negated separate interval: %d findings, want 1", got)
	}
}

func TestAssistantCQCO(t *testing.T) {
	text := "Billing: 97110-GP x2, 97140-GP-CQ x1, 97164-GP x1\nSigned: J. Doe, PTA\n"
	b := newNote(t, text).charge("97110-GP x2", 2, -1).charge("97140-GP-CQ x1", 1, -1).charge("97164-GP x1", 1, -1)
	b.n.Signature = &note.Signature{Name: "J. Doe", Credentials: []string{"PTA"}, Assistant: true, Range: b.at("J. Doe, PTA", 0)}
	check(t, AssistantCQCO, med, b.n, []finding{{
		at:      "97110",
		message: "97110 lacks CQ: the note is signed by a physical therapist assistant (PTA), and Medicare requires CQ on services an assistant furnishes in whole or in part (paid at 85%)",
		fixed:   "Billing: 97110-GP-CQ x2, 97140-GP-CQ x1, 97164-GP x1\nSigned: J. Doe, PTA\n",
	}})
	b2 := newNote(t, "Billing: 97535-GO x2\n").charge("97535-GO x2", 2, -1)
	b2.n.Signature = &note.Signature{Credentials: []string{"COTA/L"}, Assistant: true}
	if ds := runRule(b2.n, AssistantCQCO, med); len(ds) != 1 || !strings.Contains(ds[0].Message, "lacks CO") {
		t.Errorf("COTA note: %+v", ds)
	}
	b2.n.Signature = &note.Signature{Credentials: []string{"OTR/L"}}
	check(t, AssistantCQCO, med, b2.n, nil)
	if AssistantCQCO.AppliesTo(com) {
		t.Error("assistant-cq-co applies to commercial")
	}
}

func TestExceedsMUE(t *testing.T) {
	b := newNote(t, "Billing: 97530-GP x7, 97112-GP x1\n").charge("97530-GP x7", 7, -1).charge("97112-GP x1", 1, -1)
	check(t, ExceedsMUE, com, b.n, []finding{{
		at:      "x7",
		message: "97530 billed x7 on one date of service, above its medically unlikely edit (MUE) of 6 units: units over 6 are denied automatically unless appealed with documentation of medical necessity",
	}})
	b2 := newNote(t, "Billing: 97530-GP x6\n").charge("97530-GP x6", 6, -1)
	check(t, ExceedsMUE, med, b2.n, nil)
	// Units of one code on two lines add up.
	b3 := newNote(t, "Billing: 97530 x4; 97530 x3\n").charge("97530 x4", 4, -1).charge("97530 x3", 3, -1)
	if got := len(runRule(b3.n, ExceedsMUE, med)); got != 1 {
		t.Errorf("split lines: %d findings, want 1", got)
	}
}
