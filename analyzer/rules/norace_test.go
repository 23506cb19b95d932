//go:build !race

package rules_test

import "time"

// runBudget bounds one analyzer.Run in the hostile-input tests: a hang or a
// superlinear path fails the test instead of stalling CI (see race_test.go).
const runBudget = 20 * time.Second
