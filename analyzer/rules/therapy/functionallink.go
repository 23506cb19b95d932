package therapy

import (
	"github.com/soaplint/soaplint/analyzer"
)

// NoFunctionalLink flags 97530 documentation not tied to a functional task, ADL or goal.
var NoFunctionalLink = &analyzer.Rule{
	ID:       "97530/no-functional-link",
	Severity: analyzer.Warning,
	Doc: `Flags CPT 97530 (therapeutic activities) billed without tying the activity to a ` +
		`functional task, an ADL or a goal of the plan of care. 97530 pays for dynamic activities ` +
		`"to improve functional performance", and Medicare expects each intervention in the daily ` +
		`note to relate to the plan's functional goals. Only the text attributed to 97530 counts: a ` +
		`task mentioned in the Subjective or Plan, or on another code's line, does not link the 97530 ` +
		`time to function. Exercise text explicitly tied to a goal ("toward LTG #1") is linked (and is ` +
		`judged by 97530/exercise-only instead).`,
	Source: "AMA CPT descriptor 97530; CMS Medicare Benefit Policy Manual ch. 15 §220.1.2, §220.3",
	Run:    runNoFunctionalLink,
	Learns: classFunctional,
}

func runNoFunctionalLink(pass *analyzer.Pass) {
	n := pass.Note
	t, ok := find97530(n)
	if !ok {
		return
	}
	terms := pass.Lexicon.Terms
	if len(t.services) == 0 {
		r := reportRange(n.Text, t)
		pass.Report(analyzer.Diagnostic{Start: r.Start, End: r.End,
			Message: "97530 is billed but no therapeutic-activity text is documented for it: describe the functional task practised " +
				"(e.g. \"car transfer from low seat\", \"standing at sink for grooming\") or the goal it works toward."})
		return
	}
	for _, s := range t.services {
		sc := newScan(n.Text, serviceText(n.Text, s))
		if sc.any(terms.Matcher(classFunctional)) || sc.any(terms.Matcher(classGoalRef)) {
			continue
		}
		r := trim(n.Text, s.Line)
		if r.Empty() {
			r = serviceText(n.Text, s)
		}
		pass.Report(analyzer.Diagnostic{Start: r.Start, End: r.End,
			Message: "97530 activity is not tied to a functional task, ADL or goal: say what the activity trains the patient to do " +
				"(e.g. \"dynamic standing balance at sink for grooming\", \"toward STG #2: tub transfer\"). " +
				"Without it the time reads as exercise, not therapeutic activity."})
	}
}
