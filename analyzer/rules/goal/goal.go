// Package goal holds soaplint's goal/* rules: functional, measurable, time-bound goals.
package goal

import "github.com/soaplint/soaplint/analyzer"

// Rules returns this family's rules.
func Rules() []*analyzer.Rule {
	return nil
}
