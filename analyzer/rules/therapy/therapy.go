// Package therapy holds soaplint's 97530/* rules: therapeutic activities documentation.
package therapy

import "github.com/soaplint/soaplint/analyzer"

// Rules returns this family's rules.
func Rules() []*analyzer.Rule {
	return nil
}
