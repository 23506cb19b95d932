package therapy

import (
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
	Source: "AMA CPT descriptors 97530 and 97110; CMS Medicare Benefit Policy Manual ch. 15 §220.2, §220.3",
	Run:    runExerciseOnly,
}

const framingTemplate = " to simulate <functional task: e.g. rising from low sofa>"

func runExerciseOnly(pass *analyzer.Pass) {
	n := pass.Note
	t, ok := find97530(n)
	if !ok {
		return
	}
	terms := pass.Lexicon.Terms
	type finding struct {
		r   note.Range
		msg string
	}
	var found []finding
	described := 0
	for _, s := range t.services {
		r := trim(n.Text, s.Activity)
		if r.Empty() {
			continue
		}
		described++
		sc := newScan(n.Text, r)
		if sc.anyTask(terms.Matcher(classFunctional), terms.Matcher(classGoalRef)) {
			continue
		}
		ex := sc.affirmed(terms.Matcher(classExercise))
		if len(ex) == 0 {
			continue
		}
		found = append(found, finding{r, "97530 text describes only exercise (" + quoteList(n.Text, ex) +
			") with no functional task: as written this is therapeutic exercise, 97110. " +
			"Name the task the exercise trains (\"to simulate rising from a low sofa\", \"to retrieve items from a low shelf\") or bill 97110."})
	}
	// Re-coding is offered only when every described 97530 service is exercise,
	// since it changes the charge as a whole.
	recode := len(found) > 0 && len(found) == described
	for _, f := range found {
		var fixes []analyzer.Fix
		if recode {
			if edits := recodeEdits(n, t, pass.Lexicon.RecodeNames(therAct, "97110")); len(edits) > 0 {
				fixes = append(fixes, analyzer.Fix{Title: "Re-code 97530 to 97110 (therapeutic exercise)", Edits: edits})
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

// recodeEdits changes every 97530 charge and every 97530 service heading to 97110;
// aliasSwaps are the heading names swapped with it (lexicon/data/recode.tsv).
func recodeEdits(n *note.Note, t target, aliasSwaps [][2]string) []analyzer.TextEdit {
	var edits []analyzer.TextEdit
	seen := map[int]bool{}
	add := func(start, end int, s string) {
		if !seen[start] {
			seen[start] = true
			edits = append(edits, analyzer.TextEdit{Start: start, End: end, NewText: s})
		}
	}
	for _, c := range t.charges {
		if slice(n.Text, c.CodeRange) == therAct {
			add(c.CodeRange.Start, c.CodeRange.End, "97110")
		}
	}
	for _, s := range t.services {
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
	sortEdits(edits)
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

func sortEdits(e []analyzer.TextEdit) {
	for i := 1; i < len(e); i++ {
		for j := i; j > 0 && e[j].Start < e[j-1].Start; j-- {
			e[j], e[j-1] = e[j-1], e[j]
		}
	}
}
