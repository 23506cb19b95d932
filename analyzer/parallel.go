package analyzer

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
)

// parallelFrom is the note size from which a note's rules run on more than one
// goroutine. Below it (every real visit note) the goroutines cost more than
// they save, and a batch already runs one note per core.
const parallelFrom = 1 << 20

// workersFor is how many goroutines run the rules of a note of size bytes.
func workersFor(size int) int {
	if size < parallelFrom {
		return 1
	}
	return min(runtime.GOMAXPROCS(0), 4)
}

// runAll calls run(0) … run(n-1) on up to workers goroutines, each index once,
// and waits for them. It stops handing out indexes once ctx is done and then
// returns ctx.Err().
func runAll(ctx context.Context, n, workers int, run func(int)) error {
	if workers <= 1 || n <= 1 {
		for i := range n {
			if err := ctx.Err(); err != nil {
				return err
			}
			run(i)
		}
		return ctx.Err()
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(workers, n) {
		wg.Go(func() {
			for ctx.Err() == nil {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				run(i)
			}
		})
	}
	wg.Wait()
	return ctx.Err()
}
