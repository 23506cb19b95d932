// Package billing holds soaplint's modifier/* and units/* rules: discipline modifiers, code-pair edits, assistant modifiers and MUEs.
package billing

import "github.com/soaplint/soaplint/analyzer"

// Rules returns this family's rules.
func Rules() []*analyzer.Rule {
	return nil
}
