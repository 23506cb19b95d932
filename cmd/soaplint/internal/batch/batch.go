// Package batch runs the linter over a stream of inputs on all cores with bounded
// memory, handing results back in input order whatever the scheduling.
package batch

import (
	"context"
	"iter"
	"sync"
)

// Run lints every input with the given number of workers and calls emit for each
// result in input order. At most window inputs (a small multiple of workers) are
// read, linted or waiting to be emitted at any time, so memory stays bounded
// however many notes there are. If emit fails, Run stops reading inputs and
// returns that error. Run returns when all its goroutines have finished.
func Run[T any](ctx context.Context, inputs iter.Seq[Input], workers int,
	lint func(context.Context, *Input) T,
	emit func(T) error) error {
	workers = max(workers, 1)
	window := 4 * workers
	parent := ctx
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	type job struct {
		seq int
		in  Input
	}
	type result struct {
		seq int
		v   T
	}
	jobs := make(chan job)
	results := make(chan result, window) // never blocks: at most window jobs in flight
	tokens := make(chan struct{}, window)

	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // producer: owns jobs
		defer wg.Done()
		defer close(jobs)
		seq := 0
		for in := range inputs {
			select {
			case tokens <- struct{}{}:
			case <-ctx.Done():
				return
			}
			select {
			case jobs <- job{seq, in}:
			case <-ctx.Done():
				return
			}
			seq++
		}
	}()
	var workersWG sync.WaitGroup
	for range workers {
		workersWG.Add(1)
		go func() {
			defer workersWG.Done()
			for j := range jobs {
				results <- result{j.seq, lint(ctx, &j.in)}
			}
		}()
	}
	go func() { workersWG.Wait(); close(results) }()

	var emitErr error
	pending := map[int]T{}
	next := 0
	for r := range results {
		pending[r.seq] = r.v
		for {
			n, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			if emitErr == nil {
				if emitErr = emit(n); emitErr != nil {
					cancel()
				}
			}
			<-tokens
		}
	}
	wg.Wait()
	if emitErr != nil {
		return emitErr
	}
	return parent.Err()
}
