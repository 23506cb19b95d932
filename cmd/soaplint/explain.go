package main

import (
	"context"
	"fmt"
)

func runExplain(ctx context.Context, args []string, e *env) int {
	fmt.Fprintln(e.Stderr, "soaplint: not built yet")
	return 2
}
