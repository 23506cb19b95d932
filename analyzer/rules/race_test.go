//go:build race

package rules_test

import "time"

// runBudget bounds one analyzer.Run in the hostile-input tests. It is a hang
// guard, not a performance target (those live in the benchmarks). The race
// detector slows the engine five- to tenfold, so race builds get 120 s where
// plain builds get 20 s (norace_test.go).
const runBudget = 120 * time.Second
