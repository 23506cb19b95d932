package docs

import (
	"strings"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/note"
	"github.com/soaplint/soaplint/analyzer/rules/internal/ruleutil"
)

// UnfilledPlaceholder flags template blanks left in a note.
var UnfilledPlaceholder = &analyzer.Rule{
	ID:       "doc/unfilled-placeholder",
	Severity: analyzer.Error,
	Doc: `Flags template blanks left in the note: underscore blanks ("___ steps", "Time in: __:__", ` +
		`"pain ≤ ___/10"), angle-bracket slots ("<credentials>", "<frequency, what you will ` +
		`progress>"), "{n}"-style template slots ("{assist}") and "[insert …]" prompts. Templates ` +
		`— an EHR's, a colleague's, or one soaplint offers as a suggestion — save typing, but a ` +
		`signed note with a blank in it is an incomplete record: a reviewer cannot read a goal, a ` +
		`time or a credential that was never written, and the service it supports is open to ` +
		`denial. One finding per blank. Look-alikes stay silent: a Markdown rule (a line of only ` +
		`underscores), __bold__ text, snake_case words, comparisons ("pain <3/10", "HR < 100"), ` +
		`HTML tags and e-mail or web addresses in angle brackets, and braces around ordinary words ` +
		`("{see above}"). A blank signature line is doc/missing-signature's finding, not this rule's. There is no fix: only the author knows what belongs in the blank.`,
	Source:  "Medicare Benefit Policy Manual (Pub. 100-02) ch. 15 §220.3 (documentation requirements); Medicare Program Integrity Manual (Pub. 100-08) ch. 3 §3.3.2.4 (signature requirements)",
	Run:     runUnfilledPlaceholder,
	Scoring: analyzer.Scoring{PerLine: true},
}

func runUnfilledPlaceholder(pass *analyzer.Pass) {
	n := pass.Note
	text := n.Text
	// A blank signature line ("Signed: ______") is doc/missing-signature's
	// finding ("the signature line is blank"); one problem, one finding.
	var blankSig note.Range
	if sig := n.Signature; sig != nil && strings.Trim(sig.Name, " _-.,") == "" {
		blankSig = sig.Range
	}
	for _, p := range ruleutil.Placeholders(text) {
		if !blankSig.Empty() && p.Start >= blankSig.Start && p.End <= blankSig.End {
			continue
		}
		pass.Report(analyzer.Diagnostic{Start: p.Start, End: p.End,
			Message: "Unfilled template blank " + quoteBlank(text[p.Start:p.End]) + ": write what belongs here, or delete it, before the note is signed; a note with blanks is an incomplete record"})
	}
}

func quoteBlank(s string) string {
	if len(s) > 60 {
		s = s[:57] + "…"
	}
	return `"` + s + `"`
}
