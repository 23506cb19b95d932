// Package docs holds soaplint's doc/* rules: sections, signatures, diagnosis codes and boilerplate.
package docs

import "github.com/soaplint/soaplint/analyzer"

// Rules returns this family's rules.
func Rules() []*analyzer.Rule {
	return nil
}
