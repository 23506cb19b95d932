package therapy

import (
	"strings"

	"github.com/soaplint/soaplint/analyzer"
)

// NotOneOnOne flags group or concurrent wording for 97530 time.
var NotOneOnOne = &analyzer.Rule{
	ID:       "97530/not-one-on-one",
	Severity: analyzer.Error,
	Doc: `Flags group or concurrent-treatment wording in the text attributed to CPT 97530 ("group of ` +
		`3", "concurrent w/ another resident", "while PT treated another pt"). 97530 is a timed, ` +
		`one-on-one code: time spent with two or more patients at once is group therapy, billed as ` +
		`97150 (untimed, one unit per session), and Medicare Part B bills concurrent therapy as group. ` +
		`Not flagged: "group home", "muscle groups", a walking group in the history, a declined or ` +
		`cancelled group ("No group today"), or a separate 97150 session followed by one-on-one time.`,
	Source: "AMA CPT descriptors 97530 and 97150; CMS Medicare Benefit Policy Manual ch. 15 §230.0 (group and concurrent therapy)",
	Run:    runNotOneOnOne,
}

func runNotOneOnOne(pass *analyzer.Pass) {
	n := pass.Note
	t, ok := find97530(n)
	if !ok {
		return
	}
	m := pass.Lexicon.Terms.Matcher(classGroup)
	for _, s := range t.services {
		sc := newScan(n.Text, serviceText(n.Text, s))
		for _, x := range sc.affirmed(m) {
			if strings.Contains(sentence(n.Text, x.Start), "97150") {
				continue // the group part is a separate 97150 session
			}
			pass.Report(analyzer.Diagnostic{Start: x.Start, End: x.End,
				Message: "97530 time is documented as group or concurrent (\"" + n.Text[x.Start:x.End] + "\"): 97530 is one-on-one. " +
					"Time with two or more patients at once is group therapy, 97150 (untimed, 1 unit); bill only the documented 1:1 minutes as 97530."})
			break
		}
	}
}

// sentence returns the sentence of text around off: from the previous '.', ';'
// or line break to the next.
func sentence(text string, off int) string {
	start := strings.LastIndexAny(text[:off], ".;\n") + 1
	end := strings.IndexAny(text[off:], ".;\n")
	if end < 0 {
		end = len(text)
	} else {
		end += off
	}
	return text[start:end]
}
