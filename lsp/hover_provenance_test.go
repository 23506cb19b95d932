package lsp

import (
	"strings"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/soaplint/soaplint/analyzer"
	"github.com/soaplint/soaplint/analyzer/rules/billing"
	"github.com/soaplint/soaplint/lexicon"
)

// A code's hover says what each reference figure rests on.
func TestHoverShowsProvenance(t *testing.T) {
	h := newHarness(t, Options{})
	h.initialize("", nil, false)
	text := "DOS: 03/02/2026\nBilling:\n97530-GP x2\n97140-GP x1\n"
	h.open(docURI, text)
	h.waitPub(docURI, 1)
	var hov protocol.Hover
	h.mustCall(protocol.MethodTextDocumentHover, map[string]any{
		"textDocument": map[string]any{"uri": docURI}, "position": map[string]any{"line": 2, "character": 2},
	}, &hov)
	for _, want := range []string{
		"| CY2026 | 1.05 (unverified) | $33.4009 (secondary) |",
		"at most 6 unit(s) per day (this MUE is unverified: verify against the current quarter's CMS file)",
		"Billed with 97140 the same day: the pair is bundled",
		"code-pair edit from secondary sources (WebPT blog; cloned.cbdvillage.co.uk Q&A on CPT 97161), not a CMS file; column order unconfirmed",
	} {
		if !strings.Contains(hov.Contents.Value, want) {
			t.Errorf("hover lacks %q:\n%s", want, hov.Contents.Value)
		}
	}
}

// Options.Lexicon (soaplint lsp --data) is the base the server lints and hovers with.
func TestServerUsesBaseLexicon(t *testing.T) {
	mue, errs := lexicon.ParseMUE(strings.NewReader("HCPCS/CPT Code,Practitioner Services MUE Values,MUE Adjudication Indicator,MUE Rationale\n97530,4,3 Date of Service Edit: Clinical,Clinical: Data\n"), "MCR_MUE_PractitionerServices_Eff_04-01-2026.csv")
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	h := newHarness(t, Options{Rules: []*analyzer.Rule{billing.ExceedsMUE}, Lexicon: lexicon.Default().With(lexicon.Extra{MUE: mue})})
	h.initialize("", nil, false)
	h.open(docURI, "DOS: 05/04/2026\nBilling:\n97530-GP x5\n")
	p := h.waitPub(docURI, 1)
	found := false
	for _, d := range p.Diagnostics {
		if d.Code == "units/exceeds-mue" {
			found = d.Severity == protocol.DiagnosticSeverityWarning && strings.Contains(d.Message, "MUE value from the CMS file MCR_MUE_PractitionerServices_Eff_04-01-2026.csv, 2026Q2")
		}
	}
	if !found {
		t.Errorf("diagnostics %+v; want a units/exceeds-mue warning from the pack's MUE of 4", p.Diagnostics)
	}
}
