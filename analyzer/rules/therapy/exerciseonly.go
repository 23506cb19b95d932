package therapy

import (
	"slices"
	"strings"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/note"
)

// ExerciseOnly flags 97530 text that describes only exercise.
var ExerciseOnly = &analyzer.Rule{
	ID:       "97530/exercise-only",
	Severity: analyzer.Error,
	Doc: `Flags text attributed to CPT 97530 (therapeutic activities) that lists only exercise — ` +
		`squats, SLR, theraband, bike, planks, leg press, "strengthening" — with no functional task. ` +
		`97530 is "the use of dynamic activities to improve functional performance"; exercise to ` +
		`develop strength, endurance, range of motion or flexibility is 97110, and a reviewer who ` +
		`finds only exercise under 97530 recodes or denies it. Exercise framed by a task ("step-ups ` +
		`on a 4-inch step to simulate a curb", "squat to retrieve items from a low shelf") is ` +
		`functional. Fixes: re-code to 97110, or name the functional task the activity trains.`,
	Source:  "AMA CPT descriptors 97530 and 97110; CMS Medicare Benefit Policy Manual ch. 15 §220.2, §220.3",
	Run:     runExerciseOnly,
	Learns:  classFunctional,
	Scoring: analyzer.Scoring{PerLine: true},
}

const framingTemplate = " to simulate <functional task: e.g. rising from low sofa>"

func runExerciseOnly(pass *analyzer.Pass) {
	n := pass.Note
	t, ok := find97530(n)
	if !ok {
		return
	}
	terms := pass.Lexicon.Terms
	groups := chargeGroups(n, t)
	type finding struct {
		r     note.Range
		msg   string
		group int
	}
	var found []finding
	described := make([]int, len(groups.services)) // per group
	exercise := make([]int, len(groups.services))
	for i, s := range t.services {
		r := trim(n.Text, s.Activity)
		if r.Empty() {
			continue
		}
		g := groups.of[i]
		described[g]++
		sc := newScan(n.Text, r)
		if sc.anyTask(terms.Matcher(classFunctional), terms.Matcher(classGoalRef)) {
			continue
		}
		ex := sc.affirmed(terms.Matcher(classExercise))
		if len(ex) == 0 {
			continue
		}
		exercise[g]++
		found = append(found, finding{r, "97530 text describes only exercise (" + quoteList(n.Text, ex) +
			") with no functional task: as written this is therapeutic exercise, 97110. " +
			"Name the task the exercise trains (\"to simulate rising from a low sofa\", \"to retrieve items from a low shelf\") or bill 97110.", g})
	}
	recode := make([][]analyzer.TextEdit, len(groups.services)) // built once per group
	for _, f := range found {
		var fixes []analyzer.Fix
		// Re-coding changes the group's charge as a whole, so it is offered only
		// when every described 97530 service billed by that charge is exercise, and
		// only for a group of a plausible size (see maxGroupServices).
		g := f.group
		if exercise[g] == described[g] && len(groups.services[g]) <= maxGroupServices {
			if recode[g] == nil {
				recode[g] = recodeEdits(n, groups.services[g], groups.charges[g], pass.Lexicon.RecodeNames(therAct, "97110"))
			}
			if len(recode[g]) > 0 {
				fixes = append(fixes, analyzer.Fix{Title: "Re-code 97530 to 97110 (therapeutic exercise)", Edits: slices.Clone(recode[g])})
			}
		}
		at := f.r.End
		if n.Text[at-1] == '.' || n.Text[at-1] == ';' || n.Text[at-1] == ',' {
			at--
		}
		fixes = append(fixes, analyzer.Fix{
			Title: "Add functional framing",
			Edits: []analyzer.TextEdit{{Start: at, End: at, NewText: framingTemplate}},
		})
		pass.Report(analyzer.Diagnostic{Start: f.r.Start, End: f.r.End, Message: f.msg, Fixes: fixes})
	}
}

// maxGroupServices bounds the 97530 services one charge group may hold for the
// re-code fix to be offered. A note documents one or a few 97530 services per
// charge; every finding of a group carries the group's whole re-code, so a group
// of thousands (a pasted or generated file) would make the output quadratic.
// Such a group gets only the framing fix: the rule cannot tell what its charge bills.
const maxGroupServices = 8

// groups partitions a note's 97530 services and charges into charge groups.
type groups struct {
	services [][]note.Service // per group
	charges  [][]note.Charge  // per group
	of       []int            // group of each of target.services
}

// chargeGroups splits the 97530 services and charges into the groups whose
// charges bill those services, so a re-code fix edits only its own charge lines.
// A group is a run of services and the charges that follow them, up to the next
// service after a charge; charges written before a note's first service belong
// to its first group. A Subjective section after other SOAP sections starts a
// new note (a file of pasted or exported notes), and no group crosses it. One
// daily note is then one group whichever way it orders services and charges; a
// service line that carries its own charge is a group of its own.
func chargeGroups(n *note.Note, t target) groups {
	type event struct{ pos, svc, ch int } // svc or ch is -1
	evs := make([]event, 0, len(t.services)+len(t.charges))
	for i, s := range t.services {
		pos := s.Line.Start
		if s.Line.Empty() {
			pos = s.CodeRange.Start
		}
		evs = append(evs, event{pos, i, -1})
	}
	for i, c := range t.charges {
		evs = append(evs, event{c.CodeRange.Start, -1, i})
	}
	// On one line the service comes first: its charge follows it.
	slices.SortStableFunc(evs, func(a, b event) int {
		if a.pos != b.pos {
			return a.pos - b.pos
		}
		return b.svc - a.svc
	})
	var bounds []int // where a new note starts
	sawBody := false
	for _, sec := range n.Sections {
		switch sec.Kind {
		case note.SectionSubjective:
			if sawBody {
				bounds = append(bounds, sec.Header.Start)
				sawBody = false
			}
		case note.SectionObjective, note.SectionAssessment, note.SectionPlan,
			note.SectionBilling, note.SectionTreatment, note.SectionGoals:
			sawBody = true
		}
	}
	gs := groups{of: make([]int, len(t.services))}
	cur, hasService, closed := -1, false, false
	open := func() {
		gs.services = append(gs.services, nil)
		gs.charges = append(gs.charges, nil)
		cur, hasService, closed = len(gs.services)-1, false, false
	}
	bi := 0
	for _, ev := range evs {
		for bi < len(bounds) && bounds[bi] <= ev.pos {
			bi++
			cur = -1
		}
		if ev.svc >= 0 {
			if cur < 0 || closed {
				open()
			}
			gs.services[cur] = append(gs.services[cur], t.services[ev.svc])
			gs.of[ev.svc] = cur
			hasService = true
			continue
		}
		if cur < 0 {
			open()
		}
		gs.charges[cur] = append(gs.charges[cur], t.charges[ev.ch])
		closed = hasService
	}
	return gs
}

// recodeEdits changes the group's 97530 charges and service headings to 97110;
// aliasSwaps are the heading names swapped with it (lexicon/data/recode.tsv).
func recodeEdits(n *note.Note, services []note.Service, charges []note.Charge, aliasSwaps [][2]string) []analyzer.TextEdit {
	var edits []analyzer.TextEdit
	seen := map[int]bool{}
	add := func(start, end int, s string) {
		if !seen[start] {
			seen[start] = true
			edits = append(edits, analyzer.TextEdit{Start: start, End: end, NewText: s})
		}
	}
	for _, c := range charges {
		if slice(n.Text, c.CodeRange) == therAct {
			add(c.CodeRange.Start, c.CodeRange.End, "97110")
		}
	}
	for _, s := range services {
		// The heading: from the start of the service line to where the activity begins.
		end := s.Activity.Start
		if end <= s.Line.Start || end > s.Line.End {
			end = s.Line.End
		}
		head := slice(n.Text, note.Range{Start: s.Line.Start, End: end})
		for off := 0; ; {
			i := strings.Index(head[off:], therAct)
			if i < 0 {
				break
			}
			add(s.Line.Start+off+i, s.Line.Start+off+i+len(therAct), "97110")
			off += i + len(therAct)
		}
		// Lower-case ASCII only: strings.ToLower can change the byte length (invalid
		// UTF-8 becomes U+FFFD), and the offsets below index head.
		lower := asciiLowerBytes(head)
		for _, sw := range aliasSwaps {
			i := strings.Index(lower, sw[0])
			if i < 0 {
				continue
			}
			orig := head[i : i+len(sw[0])]
			add(s.Line.Start+i, s.Line.Start+i+len(sw[0]), matchCase(orig, sw[1]))
			break
		}
	}
	slices.SortFunc(edits, func(a, b analyzer.TextEdit) int { return a.Start - b.Start })
	return edits
}

// asciiLowerBytes lower-cases the ASCII letters of s byte by byte, keeping every
// other byte (and so every offset) as it is.
func asciiLowerBytes(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// matchCase writes repl in the case style of orig: ALL CAPS, Title Case or CamelCase
// ("TherAct" → "TherEx") as far as the words line up.
func matchCase(orig, repl string) string {
	if strings.ToUpper(orig) == orig {
		return strings.ToUpper(repl)
	}
	b := []byte(repl)
	for i := 0; i < len(b) && i < len(orig); i++ {
		if c := orig[i]; c >= 'A' && c <= 'Z' && b[i] >= 'a' && b[i] <= 'z' {
			b[i] -= 'a' - 'A'
		}
	}
	return string(b)
}
