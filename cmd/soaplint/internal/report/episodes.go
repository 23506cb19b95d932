package report

import "path/filepath"

// Episodes is the report's per-patient timeline section: each patient's
// visits with the reporting period, plan of care and KX running total the
// episode rules judged them on, and the notes they flagged.
type Episodes struct {
	Patients []EpisodePatient
	// Estimate says how running totals were priced (RVU × conversion factor).
	Estimate string
}

// EpisodePatient is one patient's timeline.
type EpisodePatient struct {
	Patient string // the patient key the notes share (ID, MRN or name)
	Visits  []EpisodeVisit
	Flagged int // visits with an episode finding
}

// EpisodeVisit is one row of a timeline, ready to render.
type EpisodeVisit struct {
	Date       string // MM/DD/YYYY
	Label      string // the note: path or path#id
	Link       string // file: URL, or ""
	Discipline string
	Type       string
	Day        string // treatment day of the reporting period, "" when none
	PlanEnd    string
	KXTotal    string // "$1,234.56 (PT+SLP)", "" when not counted
	Rules      []string
}

// FileLink is the file: URL of path at line that the report's tables use.
func FileLink(path string, line int) string {
	return fileURL(filepath.Abs, path, line)
}
