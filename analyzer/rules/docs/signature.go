package docs

import (
	"strings"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/note"
)

// MissingSignature flags a therapy note with no signature carrying credentials.
var MissingSignature = &analyzer.Rule{
	ID:       "doc/missing-signature",
	Severity: analyzer.Warning,
	Doc: `Flags a therapy note with no signature that carries the clinician's credentials (PT, DPT, ` +
		`PTA, OT, OTR/L, OTA, COTA, SLP, CCC-SLP …): no signature line at all, a blank "Signed: ____", ` +
		`a name without credentials, or a first name and initial. Medicare requires every service ` +
		`to be authenticated by the clinician who provided it, with credentials, and the credential ` +
		`decides which modifiers (CQ/CO) and supervision rules apply; an unsigned note does not ` +
		`support the claim. Narrative reports that bill nothing and name no payer are not checked.`,
	Source: "CMS Medicare Program Integrity Manual ch. 3 §3.3.2.4 (signature requirements); CMS Medicare Benefit Policy Manual ch. 15 §220.3",
	Run:    runMissingSignature,
}

func runMissingSignature(pass *analyzer.Pass) {
	n := pass.Note
	if !isTherapyNote(n) {
		return
	}
	sig := n.Signature
	if sig != nil && (len(sig.Credentials) > 0 || sig.UnknownCredentials) {
		return // an unknown credential-shaped token: unsure, so quiet
	}
	const example = " (e.g. \"Signed: Jane Doe, PT, DPT\")"
	if sig == nil {
		end := trim(n.Text, note.Range{End: len(n.Text)}).End
		start := lineStart(n.Text, end)
		if end == 0 {
			start = 0
		}
		pass.Report(analyzer.Diagnostic{Start: start, End: end,
			Message: "The note is not signed: add a signature with your name and credentials" + example + "; an unsigned note does not support the claim.",
			Fixes: []analyzer.Fix{{Title: "Add a signature line", Edits: []analyzer.TextEdit{{Start: end, End: end,
				NewText: "\nSigned: <name>, <credentials: PT, PTA, OTR/L, COTA, CCC-SLP …>"}}}}})
		return
	}
	r := trim(n.Text, sig.Range)
	name := strings.Trim(sig.Name, " _-.,")
	switch {
	case name == "":
		pass.Report(analyzer.Diagnostic{Start: r.Start, End: r.End,
			Message: "The signature line is blank: sign with your name and credentials" + example + "."})
	default:
		msg := "The signature \"" + sig.Name + "\" has no credentials: add them (PT, DPT, PTA, OTR/L, COTA, CCC-SLP …)"
		if initialOnly(name) {
			msg = "The signature \"" + sig.Name + "\" is a first name and initial with no credentials: sign with your full name and credentials" + example
		}
		var fixes []analyzer.Fix
		if i := strings.Index(n.Text[r.Start:r.End], sig.Name); i >= 0 && sig.Name != "" {
			at := r.Start + i + len(sig.Name)
			fixes = append(fixes, analyzer.Fix{Title: "Add credentials", Edits: []analyzer.TextEdit{{Start: at, End: at, NewText: ", <credentials>"}}})
		}
		pass.Report(analyzer.Diagnostic{Start: r.Start, End: r.End, Message: msg + ".", Fixes: fixes})
	}
}

// initialOnly reports whether name is a first name and an initial ("Jamie R.").
func initialOnly(name string) bool {
	f := strings.Fields(name)
	if len(f) != 2 {
		return false
	}
	last := strings.TrimSuffix(f[1], ".")
	return len(last) == 1
}
