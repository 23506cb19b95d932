package analyzer

// RunWorkers is Run with the rules spread over a given number of goroutines,
// for tests that compare it with the one-goroutine run.
var RunWorkers = run
