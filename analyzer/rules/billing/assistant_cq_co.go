package billing

import (
	"strings"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/note"
)

// AssistantCQCO flags Medicare codes furnished by a therapy assistant without CQ/CO.
var AssistantCQCO = &analyzer.Rule{
	ID:       "modifier/assistant-cq-co",
	Severity: analyzer.Warning,
	Doc:      `Under the medicare profile, flags therapy codes in a note signed by a physical therapist assistant (PTA) that lack modifier CQ, or by an occupational therapy assistant (OTA, COTA) that lack CO. Since 2022 Medicare pays services furnished in whole or in part by an assistant at 85% of the fee schedule, and the modifier is how the claim says so; omitting it is an overpayment. Evaluations, which assistants cannot perform, are not checked. The fix appends the modifier.`,
	Source:   "Medicare Claims Processing Manual (Pub. 100-04) ch. 5 §20.1 (CQ and CO modifiers); 42 CFR 410.59(a)(4), 410.60(a)(4); CY2020 PFS final rule (de minimis standard)",
	Profiles: []analyzer.Profile{analyzer.Medicare},
	Run:      runAssistantCQCO,
}

func runAssistantCQCO(pass *analyzer.Pass) {
	n := pass.Note
	if len(n.Charges) == 0 || n.Signature == nil || !n.Signature.Assistant {
		return
	}
	mod, who := assistantModifier(n)
	if mod == "" {
		return
	}
	for _, ch := range n.Charges {
		if !therapyCode(pass, ch.Code) || evaluation(ch.Code) || ch.HasModifier(mod) {
			continue
		}
		if d, ok := disciplineModifier(ch); ok && disciplineOf[d.Value] == note.SLP {
			continue // no assistant modifier for SLP services
		}
		pass.Reportf(chargeRange(ch), insertModifier(n, ch, mod, "Add modifier "+mod, analyzer.Suggestion), // CQ/CO cuts payment: whether the assistant took part is the biller's call
			"%s lacks %s: the note is signed by %s, and Medicare requires %s on services an assistant furnishes in whole or in part (paid at 85%%)",
			ch.Code, mod, who, mod)
	}
}

// assistantModifier is CQ for a PTA, CO for an OTA/COTA, and a description of the signer.
func assistantModifier(n *note.Note) (mod, who string) {
	for _, c := range n.Signature.Credentials {
		u := strings.ToUpper(c)
		switch {
		case strings.Contains(u, "PTA"):
			return "CQ", "a physical therapist assistant (" + c + ")"
		case strings.Contains(u, "OTA"):
			return "CO", "an occupational therapy assistant (" + c + ")"
		}
	}
	switch discipline(n) {
	case note.PT:
		return "CQ", "a physical therapist assistant"
	case note.OT:
		return "CO", "an occupational therapy assistant"
	}
	return "", ""
}

// evaluation reports whether code is a PT/OT evaluation or re-evaluation.
func evaluation(code string) bool {
	return code >= "97161" && code <= "97168"
}
