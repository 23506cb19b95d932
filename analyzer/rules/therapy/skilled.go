package therapy

import (
	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/note"
)

// NoSkilledIntervention flags 97530 documentation with no sign of the therapist's skill.
var NoSkilledIntervention = &analyzer.Rule{
	ID:       "97530/no-skilled-intervention",
	Severity: analyzer.Warning,
	Doc: `Flags CPT 97530 billed when neither the text attributed to it nor the Assessment shows ` +
		`the therapist's skill: cueing (VCs, TCs), an assist level (CGA, min A, SBA, HOH), feedback, ` +
		`facilitation, progression or grading, or modification of the task. Medicare covers therapy ` +
		`only when the skills of a therapist are needed (Jimmo v. Sebelius: the test is the need for ` +
		`skilled care, not improvement); a list of tasks the patient did, with nothing the therapist ` +
		`did, reads as unskilled practice.`,
	Source: "CMS Medicare Benefit Policy Manual ch. 15 §220.2 (reasonable and necessary skilled services), §220.3 (treatment notes); Jimmo v. Sebelius settlement (2013)",
	Run:    runNoSkilledIntervention,
}

func runNoSkilledIntervention(pass *analyzer.Pass) {
	n := pass.Note
	t, ok := find97530(n)
	if !ok {
		return
	}
	m := pass.Lexicon.Terms.Matcher(classSkilled)
	for _, s := range t.services {
		sc := newScan(n.Text, serviceText(n.Text, s))
		if sc.any(m) || sc.progression(m) {
			return
		}
	}
	for _, sec := range n.Sections {
		if sec.Kind == note.SectionAssessment && newScan(n.Text, sec.Body).any(m) {
			return
		}
	}
	r := reportRange(n.Text, t)
	pass.Report(analyzer.Diagnostic{Start: r.Start, End: r.End,
		Message: "97530 documentation shows no skilled intervention: add what you provided — cueing (VCs/TCs for …), assist level " +
			"(CGA, min A), feedback, facilitation, or how you progressed or modified the task. " +
			"Without it the session reads as practice the patient could do without a therapist."})
}
