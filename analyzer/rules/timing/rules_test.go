package timing

import (
	"testing"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/note"
	"github.com/soaplint/soaplint/analyzer/rules/internal/ruletest"
)

const med, com = analyzer.Medicare, analyzer.Commercial

func TestUnitsMismatchMedicareRemainder(t *testing.T) {
	text := "Payer: Medicare\n\nTherEx 97110 30 min\nManual 97140 5 min\n\nBilling: 97110-GP x2, 97140-GP x1\n"
	b := ruletest.NewNote(t, text).Service("97110", "TherEx", 30).Service("97140", "Manual", 5).
		Charge("97110-GP x2", 2, -1).Charge("97140-GP x1", 1, -1)
	ruletest.Check(t, UnitsMismatch, med, b.Note, []ruletest.Finding{{
		At:      "97140",
		Message: "97140 billed x1, but 5 min of 97140 within 35 timed minutes supports no unit under Medicare's 8-minute rule (97110 x2)",
		Fixed:   "Payer: Medicare\n\nTherEx 97110 30 min\nManual 97140 5 min\n\nBilling: 97110-GP x2\n",
		Kind:    "suggestion", // removing a charge is a billing decision
	}})
	ruletest.Check(t, UnderEightMinutes, med, b.Note, []ruletest.Finding{{
		At:      "97140",
		Message: "97140 billed with only 5 min documented; under Medicare's 8-minute rule the day's 35 timed minutes leave no unit for it: remove the charge or document the missing minutes",
	}})
	// Commercial: 30 → 2, 5 → 0: the same 97140 charge is wrong, 97110 is fine.
	ruletest.Check(t, UnitsMismatch, com, b.Note, []ruletest.Finding{{
		At:      "97140",
		Message: "97140 billed x1, but 5 min of 97140 supports no unit when each code is counted on its own (a unit at 8, 23, 38 … min)",
		Fixed:   "Payer: Medicare\n\nTherEx 97110 30 min\nManual 97140 5 min\n\nBilling: 97110-GP x2\n",
		Kind:    "suggestion", // removing a charge is a billing decision
	}})
}

func TestLeftoverUnitIsLegitimate(t *testing.T) {
	// CMS example: 33 min 97110 + 7 min 97140 = 40 min → 97110 x2 + 97140 x1.
	text := "TherEx 97110 33 min\nManual 97140 7 min\nBilling: 97110 x2, 97140 x1\n"
	b := ruletest.NewNote(t, text).Service("97110", "TherEx", 33).Service("97140", "Manual", 7).
		Charge("97110 x2", 2, -1).Charge("97140 x1", 1, -1)
	ruletest.Check(t, UnitsMismatch, med, b.Note, nil)
	ruletest.Check(t, UnderEightMinutes, med, b.Note, nil)
	// Commercial counts 97140 alone: 7 min earns nothing.
	ruletest.Check(t, UnderEightMinutes, com, b.Note, []ruletest.Finding{{
		At:      "97140",
		Message: "97140 billed with only 7 min documented; a timed code needs at least 8 minutes for a unit: remove the charge or document the missing minutes",
	}})
}

func TestUnitsMismatchThreeCodes(t *testing.T) {
	// 13 + 12 + 11 = 36 → 2 units under Medicare; each earns 1 commercially.
	text := "TherEx 13 min. NMR 12 min. TherAct 11 min.\nBilling: 97110 x1, 97112 x1, 97530 x1\n"
	b := ruletest.NewNote(t, text).Service("97110", "TherEx", 13).Service("97112", "NMR", 12).Service("97530", "TherAct", 11).
		Charge("97110 x1", 1, -1).Charge("97112 x1", 1, -1).Charge("97530 x1", 1, -1)
	ruletest.Check(t, UnitsMismatch, com, b.Note, nil)
	ruletest.Check(t, UnitsMismatch, med, b.Note, []ruletest.Finding{{
		At:      "97530",
		Message: "97530 billed x1, but 11 min of 97530 within 36 timed minutes supports no unit under Medicare's 8-minute rule (97110 x1, 97112 x1)",
		Fixed:   "TherEx 13 min. NMR 12 min. TherAct 11 min.\nBilling: 97110 x1, 97112 x1\n",
		Kind:    "suggestion",
	}})
	ruletest.Check(t, UnderEightMinutes, med, b.Note, nil) // 11 min is not under 8
}

func TestUnitsMismatchSingleCodeAndUnknownMinutes(t *testing.T) {
	text := "TherAct 40 min\nBilling: 97530 x2\n"
	b := ruletest.NewNote(t, text).Service("97530", "TherAct", 40).Charge("97530 x2", 2, -1)
	ruletest.Check(t, UnitsMismatch, med, b.Note, []ruletest.Finding{{
		At:      "97530",
		Message: "97530 billed x2, but 40 timed minutes support 3 units under Medicare's 8-minute rule",
		Fixed:   "TherAct 40 min\nBilling: 97530 x3\n",
		Kind:    "safe", // one right count
	}})
	// No minutes anywhere: units cannot be judged (missing-timed-minutes' job).
	b2 := ruletest.NewNote(t, "Billing: 97530 x2\n").Charge("97530 x2", 2, -1)
	ruletest.Check(t, UnitsMismatch, med, b2.Note, nil)
	// Billing-line minutes count when the documentation gives none.
	b3 := ruletest.NewNote(t, "Billing: 97530 x2 (45 min)\n").Charge("97530 x2 (45 min)", 2, 45)
	ruletest.Check(t, UnitsMismatch, com, b3.Note, []ruletest.Finding{{
		At:      "97530",
		Message: "97530 billed x2, but 45 min of 97530 supports 3 units when each code is counted on its own (a unit at 8, 23, 38 … min)",
		Fixed:   "Billing: 97530 x3 (45 min)\n",
	}})
}

func TestMissingStartStop(t *testing.T) {
	text := "PT Daily Note\nPayer: Medicare\n\nS: ok\nTherEx 97110 25 min\nBilling: 97110 x2\n"
	b := ruletest.NewNote(t, text).Service("97110", "TherEx", 25).Charge("97110 x2", 2, -1)
	ruletest.Check(t, MissingStartStop, med, b.Note, []ruletest.Finding{{
		At:      "97110",
		Message: "Timed code 97110 billed, but the note has no start and stop time: add the session's time in and time out (or a clock interval for each code) so the billed minutes can be checked",
		Fixed:   "PT Daily Note\nPayer: Medicare\nTime in: __:__  Time out: __:__\n\nS: ok\nTherEx 97110 25 min\nBilling: 97110 x2\n",
	}})
	// A per-code interval is enough.
	b2 := ruletest.NewNote(t, "TherEx 97110 9:00-9:25\nBilling: 97110 x2\n").Service("97110", "TherEx", -1, "9:00-9:25").Charge("97110 x2", 2, -1)
	ruletest.Check(t, MissingStartStop, med, b2.Note, nil)
	// An invalid time is present, not missing.
	b3 := ruletest.NewNote(t, "Time in: 10:02 Time out: 10:75\nBilling: 97110 x2\n").Charge("97110 x2", 2, -1)
	b3.Note.Times = append(b3.Note.Times, b3.Clock("10:02", 9), b3.Clock("10:75", 25))
	b3.Note.Times[1].Valid = false
	ruletest.Check(t, MissingStartStop, med, b3.Note, nil)
	// Untimed codes need no times.
	b4 := ruletest.NewNote(t, "Billing: 92526-GN x1\n").Charge("92526-GN x1", 1, -1)
	ruletest.Check(t, MissingStartStop, med, b4.Note, nil)
	// No billing at all.
	ruletest.Check(t, MissingStartStop, med, ruletest.NewNote(t, "S: pt walked\n").Note, nil)
}

func TestMissingTimedMinutes(t *testing.T) {
	text := "Session 10:00-10:40\nTherAct: lifting\nBilling: 97530 x2\n"
	b := ruletest.NewNote(t, text).Session("10:00-10:40").Service("97530", "TherAct", -1).Charge("97530 x2", 2, -1)
	ruletest.Check(t, MissingTimedMinutes, med, b.Note, []ruletest.Finding{{
		At:      "97530",
		Message: "97530 billed without minutes: the note gives no minutes for it and no total timed minutes or total treatment time. Record each timed code's minutes, or the total timed minutes and total treatment time, so the units can be checked",
		Fixed:   "Session 10:00-10:40\nTherAct: lifting\nBilling: 97530 x2\nTotal timed minutes: __   Total treatment time: 40\n",
	}})
	// Both totals stated: enough even without per-code minutes.
	b2 := ruletest.NewNote(t, "Billing: 97530 x2\nTotal timed 30 treatment 30\n").Charge("97530 x2", 2, -1).Totals(30, 30)
	ruletest.Check(t, MissingTimedMinutes, med, b2.Note, nil)
	// Per-code minutes without totals: derivable.
	b3 := ruletest.NewNote(t, "TherAct 30 min\nBilling: 97530 x2\n").Service("97530", "TherAct", 30).Charge("97530 x2", 2, -1)
	ruletest.Check(t, MissingTimedMinutes, med, b3.Note, nil)
	// Only one total: the line is completed in place.
	b4 := ruletest.NewNote(t, "Billing: 97530 x2\nTotal treatment time: 30\n").Charge("97530 x2", 2, -1).Totals(-1, 30)
	ruletest.Check(t, MissingTimedMinutes, med, b4.Note, []ruletest.Finding{{
		At:      "97530",
		Message: "97530 billed without minutes: the note gives no minutes for it and no total timed minutes. Record each timed code's minutes, or the total timed minutes and total treatment time, so the units can be checked",
		Fixed:   "Billing: 97530 x2\nTotal timed minutes: __   Total treatment time: 30\n",
	}})
}

func TestMinutesExceedSession(t *testing.T) {
	text := "Session 10:00-10:40\nTherEx 25 min\nNMR 23 min\nBilling: 97110 x2, 97112 x1\n"
	b := ruletest.NewNote(t, text).Session("10:00-10:40").Service("97110", "TherEx", 25).Service("97112", "NMR", 23).
		Charge("97110 x2", 2, -1).Charge("97112 x1", 1, -1)
	ruletest.Check(t, MinutesExceedSession, med, b.Note, []ruletest.Finding{{
		At:      "10:00-10:40",
		Message: "Minutes documented per code add up to 48 (97110 25 + 97112 23), more than the 40-minute session (10:00–10:40): correct the minutes or the start and stop times",
	}})
	// Stated total timed minutes below the per-code sum; the untimed code is not timed.
	text2 := "TherEx 22 min\nNMR 20 min\nHot pack 10 min\nBilling: 97110 x2, 97112 x1, 97010 x1\nTotal timed 40 / total 52\n"
	b2 := ruletest.NewNote(t, text2).Service("97110", "TherEx", 22).Service("97112", "NMR", 20).Service("97010", "Hot pack", 10).
		Charge("97110 x2", 2, -1).Charge("97112 x1", 1, -1).Charge("97010 x1", 1, -1).Totals(40, 52)
	ruletest.Check(t, MinutesExceedSession, med, b2.Note, []ruletest.Finding{{
		At:      "Total",
		Message: "Timed minutes documented per code add up to 42 (97110 22 + 97112 20), more than the stated total timed minutes (40): correct the minutes or the total",
	}})
	// An invalid session is not compared.
	b3 := ruletest.NewNote(t, "Session 10:40-10:00\nTherEx 25 min\nBilling: 97110 x2\n").Session("10:40-10:00").Service("97110", "TherEx", 25).Charge("97110 x2", 2, -1)
	ruletest.Check(t, MinutesExceedSession, med, b3.Note, nil)
}

func TestInvalidTime(t *testing.T) {
	b := ruletest.NewNote(t, "Time in 14:15 / out 13:40\nBilling: 97110 x1\n").Session("14:15 / out 13:40").Charge("97110 x1", 1, -1)
	// session() cut at "-": rebuild the interval by hand.
	b.Note.Times = nil
	iv := note.Interval{Start: b.Clock("14:15", 8), Stop: b.Clock("13:40", 20), Range: note.Range{Start: 8, End: 25}}
	b.Note.Session = &iv
	b.Note.Times = []note.ClockTime{iv.Start, iv.Stop}
	ruletest.Check(t, InvalidTime, med, b.Note, []ruletest.Finding{{At: "14:15 / out 13:40", Message: "Stop time 13:40 is before start time 14:15: correct the times so the visit's minutes can be checked"}})

	b2 := ruletest.NewNote(t, "Time out: 10:75\nBilling: 97110 x1\n").Charge("97110 x1", 1, -1)
	ct := b2.Clock("10:75", 10)
	b2.Note.Times = []note.ClockTime{ct}
	ruletest.Check(t, InvalidTime, med, b2.Note, []ruletest.Finding{{At: "10:75", Message: `"10:75" is not a real clock time: correct it so the visit's minutes can be checked`}})

	// Noon crossing without am/pm is fine.
	b3 := ruletest.NewNote(t, "Session 12:50-1:42\nBilling: 97110 x1\n").Session("12:50-1:42").Charge("97110 x1", 1, -1)
	ruletest.Check(t, InvalidTime, med, b3.Note, nil)
	// A note with no billing and no services is not checked.
	b4 := ruletest.NewNote(t, "Seen at 10:75\n")
	b4.Note.Times = []note.ClockTime{b4.Clock("10:75", 8)}
	ruletest.Check(t, InvalidTime, med, b4.Note, nil)
}

func TestOverlappingCodes(t *testing.T) {
	text := "97530 9:05-9:31 reach\n97535 9:25-9:48 dressing\nBilling: 97530 x2, 97535 x1\n"
	b := ruletest.NewNote(t, text).Service("97530", "97530", 26, "9:05-9:31").Service("97535", "97535 9", 23, "9:25-9:48").
		Charge("97530 x2", 2, -1).Charge("97535 x1", 1, -1)
	ruletest.Check(t, OverlappingCodes, med, b.Note, []ruletest.Finding{{
		At:      "9:25-9:48",
		Message: "97535 9:25–9:48 overlaps 97530 9:05–9:31 by 6 minutes: the same minutes cannot be billed under two timed codes; split the time between the codes",
	}})
	// Abutting intervals do not overlap.
	text2 := "97530 9:05-9:25 reach\n97535 9:25-9:48 dressing\nBilling: 97530 x1, 97535 x2\n"
	b2 := ruletest.NewNote(t, text2).Service("97530", "97530", 20, "9:05-9:25").Service("97535", "97535 9", 23, "9:25-9:48").
		Charge("97530 x1", 1, -1).Charge("97535 x2", 2, -1)
	ruletest.Check(t, OverlappingCodes, med, b2.Note, nil)
}
