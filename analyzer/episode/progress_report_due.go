package episode

import "github.com/soaplint/soaplint/analyzer"

// ProgressReportDue flags daily notes from treatment day 10 of a reporting
// period that has no progress report yet.
var ProgressReportDue = &analyzer.Rule{
	ID:       "episode/progress-report-due",
	Severity: analyzer.Warning,
	Doc:      `Flags a daily note written on treatment day 10 or later of a reporting period that has had no progress report. Medicare requires a progress report, written by the clinician, at least once every 10 treatment days. Per discipline, a reporting period starts on the evaluation, a re-evaluation or a progress report (that day is treatment day 1, and a progress report is also the last day of the period it closes); each date with a billed treatment note counts as one treatment day. Services in the days after the report fell due are at risk of denial. The rule reads every note of the patient (the same Patient ID/MRN, or a JSONL patient_id, with a date of service) in the run or workspace folder; notes before the first evaluation in view start no count, so a partial export stays quiet.`,
	Source:   "Medicare Benefit Policy Manual (Pub. 100-02) ch. 15 §220.3.D (progress report at least once every 10 treatment days)",
	Profiles: []analyzer.Profile{analyzer.Medicare},
}
