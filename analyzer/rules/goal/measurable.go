package goal

import (
	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/nlp"
	"github.com/soaplint/soaplint/analyzer/note"
	"github.com/soaplint/soaplint/analyzer/rules/internal/ruleutil"
)

// NotMeasurable flags a goal with no measurable criterion.
var NotMeasurable = &analyzer.Rule{
	ID:       "goal/not-measurable",
	Severity: analyzer.Warning,
	Doc: "A goal must say how its achievement will be measured: a number (distance, time, " +
		"repetitions, weight, trials such as 3/3, a percentage or accuracy) or an assist or cue " +
		"level (independent, mod I, SBA, CGA, min/mod/max A, min cues). \"Pt will be able to use R " +
		"hand for ADLs\" cannot be judged met or unmet. The timeframe (\"STG (3 wks)\") is not a " +
		"criterion: it says when, not how much.",
	Source: "CMS Medicare Benefit Policy Manual ch. 15 §220.1.2 (goals should be measurable and " +
		"pertain to identified functional impairments); §220.3 (progress reports against goals); " +
		"APTA Defensible Documentation.",
	Run:     runNotMeasurable,
	Scoring: analyzer.Scoring{PerLine: true},
}

func runNotMeasurable(pass *analyzer.Pass) {
	goals(pass, func(g note.Goal, facts nlp.Facts) {
		// A template with blanks ("___ steps at ___ (assist level)") is not
		// measurable until they are filled, whatever its other words.
		if blanks := ruleutil.Placeholders(pass.Note.Text[g.Range.Start:g.Range.End]); len(blanks) > 0 {
			pass.Reportf(g.Range, nil,
				"Goal is a template with blanks left (%q): it cannot be judged met or unmet until they are filled with a number or an assist level.",
				pass.Note.Text[g.Range.Start+blanks[0].Start:g.Range.Start+blanks[0].End])
			return
		}
		if facts.Measurable {
			return
		}
		pass.Reportf(g.Range, nil,
			"Goal has no measurable criterion: add a number (distance, time, repetitions, trials, %%) "+
				"or an assist level (mod I, SBA, CGA, min A); the timeframe alone does not measure it.")
	})
}
