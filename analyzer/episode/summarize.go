package episode

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/note"
)

// headerLines bounds where patient and note-type lines are looked for: the
// header block before the first section, and never past this many lines.
const headerLines = 20

var (
	patientRe  = regexp.MustCompile(`(?i)\b(patient\s*id|patient\s*#|mrn|patient(?:\s+name)?|pt\s+name)\s*[:#]\s*`)
	noteTypeRe = regexp.MustCompile(`(?i)^\W*(?:note\s*type|visit\s*type|type\s+of\s+note)\s*:\s*(.+)$`)
	dateRe     = `(\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2})`
	// "Plan of care 01/06/2025–03/30/2025", "POC 01/06/2025 - 03/30/2025",
	// "certification period 01/06/2025 through 03/30/2025".
	planRangeRe = regexp.MustCompile(`(?i)\b(?:plan\s+of\s+care|poc|cert(?:ification)?(?:\s+period)?)\b[^\n]{0,40}?` + dateRe + `\s*(?:-|–|—|to|through|thru)\s*` + dateRe)
	// "certification period … through 03/30/2025", "POC through 03/30/2025".
	planThroughRe = regexp.MustCompile(`(?i)\b(?:plan\s+of\s+care|poc|cert(?:ification)?(?:\s+period)?)\b[^\n]{0,60}?\b(?:through|thru|until|ends?|ending)\s+` + dateRe)
	// "POC: 8 weeks", "Plan of care 12 wks from 01/07/2025".
	planWeeksRe = regexp.MustCompile(`(?i)\b(?:plan\s+of\s+care|poc)\b\s*(?:duration)?\s*[:=]?\s*(?:x\s*)?(\d{1,2})\s*(weeks?|wks?|days?|months?|mos?)\b(?:\s+from\s+` + dateRe + `)?`)
)

// Summarize reduces a linted note to its episode summary. cfg is the
// configuration the note was linted under (rules off, severities); meta carries
// export fields. The summary holds no note text.
func Summarize(res *analyzer.Result, cfg analyzer.Config, meta Meta) *Summary {
	n := res.Note
	m := n.Mapper()
	s := &Summary{Profile: res.Profile, Discipline: n.Header.Discipline}
	s.Patient = normPatient(meta.Patient)
	if s.Patient == "" {
		s.Patient = patientOf(n)
	}
	if t, ok := parseDate(strings.TrimSpace(meta.Date)); ok {
		s.Date = t
	} else {
		s.Date = n.Header.DateOfService
	}
	if !s.Dated() {
		return s // takes no part in episodes: spare the rest
	}
	anchor := n.Header.DOSRange
	if anchor.Empty() {
		anchor = firstLine(n.Text)
	}
	s.Anchor = spanOf(m, anchor)

	for _, c := range n.Charges {
		at := spanOf(m, note.Range{Start: c.InsertModifierAt, End: c.InsertModifierAt})
		ch := Charge{Units: 1, KX: c.HasModifier("KX"), Line: spanOf(m, c.Line), InsertKX: Point{at.Start, at.Line, at.Col}}
		copy(ch.code[:], c.Code)
		if c.Units.Set {
			ch.Units = int32(min(max(c.Units.Value, 0), 1<<20))
		}
		ch.Group = groupOf(c, s.Discipline)
		if s.Discipline == note.DisciplineUnknown {
			s.Discipline = disciplineOf(c)
		}
		ch.Quiet = analyzer.Suppressed(n, KXModifierMissing.ID, c.Line.Start)
		s.Charges = append(s.Charges, ch)
	}
	s.Billed = len(s.Charges) > 0
	s.Kind = kindOf(n)
	if s.Kind == Unknown && s.Billed {
		s.Kind = Daily
	}
	if s.Kind == Evaluation || s.Kind == ReEvaluation || mentionsRecert(n) {
		s.PlanEnd, s.PlanStated = planEnd(n, s.Date)
		if s.PlanEnd.IsZero() && (s.Kind == Evaluation || s.Kind == ReEvaluation) && !s.Date.IsZero() {
			s.PlanEnd = s.Date.AddDate(0, 0, defaultPlanDays)
		}
	}
	s.Sketch = sketchOf(n)

	for i, r := range Rules() {
		st := ruleState{On: !cfg.Disabled[r.ID] && r.AppliesTo(s.Profile), Severity: int8(r.Severity)}
		if sev, ok := cfg.Severity[r.ID]; ok {
			st.Severity = int8(sev)
		}
		if r != KXModifierMissing && analyzer.Suppressed(n, r.ID, int(s.Anchor.Start)) {
			st.On = false
		}
		s.rules[i] = st
	}
	return s
}

// defaultPlanDays is the longest a Medicare plan of care may run without
// recertification (42 CFR 424.24(c)): the plan's end when none is stated.
const defaultPlanDays = 90

func firstLine(text string) note.Range {
	i := 0
	for i < len(text) && (text[i] == '\n' || text[i] == '\r' || text[i] == ' ') {
		i++
	}
	j := i
	for j < len(text) && text[j] != '\n' && text[j] != '\r' {
		j++
	}
	return note.Range{Start: i, End: j}
}

// headerEnd is the offset where the header block ends: the first section
// header, capped at headerLines lines.
func headerEnd(n *note.Note) int {
	end := len(n.Text)
	if len(n.Sections) > 0 {
		end = n.Sections[0].Header.Start
	}
	if m := n.Mapper(); m.LineCount() > headerLines {
		end = min(end, m.LineStart(headerLines))
	}
	return end
}

// patientOf reads the patient from header lines: a Patient ID or MRN wins over
// a name, since names are spelled differently from note to note.
func patientOf(n *note.Note) string {
	head := n.Text[:headerEnd(n)]
	var id, name string
	for _, loc := range patientRe.FindAllStringSubmatchIndex(head, -1) {
		label := strings.ToLower(head[loc[2]:loc[3]])
		v := fieldValue(head, loc[1])
		if v == "" {
			continue
		}
		if strings.Contains(label, "id") || strings.Contains(label, "#") || label == "mrn" {
			if id == "" {
				id = v
			}
		} else if name == "" {
			name = v
		}
	}
	if id != "" {
		return normPatient(id)
	}
	return normPatient(name)
}

// fieldValue is a header value from i: up to two spaces, a tab, '|' or the line's end.
func fieldValue(s string, i int) string {
	j := i
	for j < len(s) && s[j] != '\n' && s[j] != '\r' && s[j] != '\t' && s[j] != '|' {
		if s[j] == ' ' && j+1 < len(s) && s[j+1] == ' ' {
			break
		}
		j++
	}
	return strings.TrimSpace(strings.Trim(s[i:j], "*_"))
}

func normPatient(s string) string {
	return strings.Clone(strings.ToUpper(strings.Join(strings.Fields(s), " "))) // never keep the note text alive
}

// parseDate reads MM/DD/YYYY or YYYY-MM-DD.
func parseDate(s string) (time.Time, bool) {
	for _, layout := range [...]string{"01/02/2006", "1/2/2006", "2006-01-02", "01/2/2006", "1/02/2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// kindOf reads the note type: a Note type line, then billed evaluation codes,
// then the title.
func kindOf(n *note.Note) Kind {
	head := n.Text[:headerEnd(n)]
	for _, line := range strings.Split(head, "\n") {
		if !containsFold(line, "type") {
			continue // the regexp only on lines that can match
		}
		if m := noteTypeRe.FindStringSubmatch(strings.TrimRight(line, "\r")); m != nil {
			if k := kindWords(m[1]); k != Unknown {
				return k
			}
		}
	}
	for _, c := range n.Charges {
		switch c.Code {
		case "97164", "97168":
			return ReEvaluation
		case "97161", "97162", "97163", "97165", "97166", "97167", "92521", "92522", "92523", "92524":
			return Evaluation
		}
	}
	r := firstLine(n.Text)
	return kindWords(n.Text[r.Start:r.End])
}

// kindWords classifies a note-type value or a title.
func kindWords(s string) Kind {
	w := strings.ToLower(s)
	has := func(subs ...string) bool {
		for _, x := range subs {
			if strings.Contains(w, x) {
				return true
			}
		}
		return false
	}
	switch {
	case has("re-eval", "reeval", "re-exam", "reassessment", "re-assessment", "recert", "re-cert"):
		return ReEvaluation
	case has("discharge"):
		return Discharge
	case has("daily", "treatment note", "visit note", "tx note"):
		return Daily
	case has("progress"):
		return ProgressReport
	case has("evaluation", "eval", "initial"):
		return Evaluation
	}
	return Unknown
}

func groupOf(c note.Charge, d note.Discipline) Group {
	switch {
	case c.HasModifier("GO"):
		return OTGroup
	case c.HasModifier("GP"), c.HasModifier("GN"):
		return PTSLP
	}
	switch d {
	case note.OT:
		return OTGroup
	case note.PT, note.SLP:
		return PTSLP
	}
	return NoGroup
}

func disciplineOf(c note.Charge) note.Discipline {
	switch {
	case c.HasModifier("GP"):
		return note.PT
	case c.HasModifier("GO"):
		return note.OT
	case c.HasModifier("GN"):
		return note.SLP
	}
	return note.DisciplineUnknown
}

// mentionsRecert reports a recertification outside goal lines ("Plan of care
// recertified … through 04/30/2025"), which sets a new plan end. A byte scan,
// not a regular expression: it runs on every note.
func mentionsRecert(n *note.Note) bool {
	t := n.Text
	for i := 0; i+6 <= len(t); i++ {
		if t[i]|0x20 != 'r' || t[i+1]|0x20 != 'e' {
			continue
		}
		j := i + 2
		if j < len(t) && t[j] == '-' {
			j++
		}
		if j+4 <= len(t) && strings.EqualFold(t[j:j+4], "cert") && (i == 0 || !isWordByte(t[i-1])) && !inGoal(n, i) {
			return true
		}
	}
	return false
}

// containsFold reports whether s contains the lower-case ASCII word sub, in any case.
func containsFold(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i]|0x20 == sub[0] && strings.EqualFold(s[i:i+len(sub)], sub) {
			return true
		}
	}
	return false
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func inGoal(n *note.Note, off int) bool {
	for _, g := range n.Goals {
		if g.Line.Contains(off) {
			return true
		}
	}
	return false
}

// planText is the text a plan end may be stated in: everything but goal lines
// (a goal's "(8 wks)" is its own timeframe, not the plan's duration).
func planText(n *note.Note) string {
	if len(n.Goals) == 0 {
		return n.Text
	}
	var b strings.Builder
	last := 0
	for _, g := range n.Goals {
		if g.Line.Start < last {
			continue
		}
		b.WriteString(n.Text[last:g.Line.Start])
		last = g.Line.End
	}
	b.WriteString(n.Text[last:])
	return b.String()
}

// planLines keeps the lines that name a plan of care or a certification, so
// the regular expressions below scan a few lines, not the note.
func planLines(t string) string {
	var b strings.Builder
	for _, line := range strings.SplitAfter(t, "\n") {
		l := strings.ToLower(line)
		if strings.Contains(l, "poc") || strings.Contains(l, "plan of care") || strings.Contains(l, "cert") {
			b.WriteString(line)
		}
	}
	return b.String()
}

// planEnd reads the plan of care's stated end: a date range, a "through" date,
// or a duration from the evaluation (or from the date it names).
func planEnd(n *note.Note, dos time.Time) (time.Time, bool) {
	t := planLines(planText(n))
	if m := planRangeRe.FindStringSubmatch(t); m != nil {
		if end, ok := parseDate(m[2]); ok {
			return end, true
		}
	}
	if m := planThroughRe.FindStringSubmatch(t); m != nil {
		if end, ok := parseDate(m[1]); ok {
			return end, true
		}
	}
	if m := planWeeksRe.FindStringSubmatch(t); m != nil {
		k, _ := strconv.Atoi(m[1])
		from := dos
		if m[3] != "" {
			if f, ok := parseDate(m[3]); ok {
				from = f
			}
		}
		if from.IsZero() || k <= 0 {
			return time.Time{}, false
		}
		switch u := strings.ToLower(m[2]); {
		case strings.HasPrefix(u, "w"):
			return from.AddDate(0, 0, 7*k), true
		case strings.HasPrefix(u, "d"):
			return from.AddDate(0, 0, k), true
		default:
			return from.AddDate(0, k, 0), true
		}
	}
	return time.Time{}, false
}

// Identity is the patient and date a note would take part in episodes with
// (both set, or the note takes no part): cheap, for callers deciding whether a
// note needs the episode pass at all.
func Identity(n *note.Note, meta Meta) (patient string, date time.Time) {
	patient = normPatient(meta.Patient)
	if patient == "" {
		patient = patientOf(n)
	}
	date = n.Header.DateOfService
	if t, ok := parseDate(strings.TrimSpace(meta.Date)); ok {
		date = t
	}
	return patient, date
}
