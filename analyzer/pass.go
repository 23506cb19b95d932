package analyzer

import (
	"github.com/soaplint/soaplint/analyzer/note"
	"github.com/soaplint/soaplint/lexicon"
)

// NewPass returns a pass that runs rule over an already-parsed note and hands each
// diagnostic to report as the rule reports it (Rule and Severity unset, no
// directives applied, no disable fix appended). It lets tests and tools run one
// rule over a hand-built note; Run is the entry point for linting text.
func NewPass(n *note.Note, profile Profile, lex *lexicon.Lexicon, rule *Rule, report func(Diagnostic)) *Pass {
	return &Pass{Note: n, Profile: profile, Lexicon: lex, Rule: rule, report: report}
}
