package lab

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
)

// RunMany lives every lifetime of cfgs on up to workers goroutines (0: one
// per CPU) and returns their results in the order of cfgs, whatever the
// number of workers. Lifetimes share nothing, so each result is the same
// as a lone Run of its configuration. It stops at the first error (or
// when ctx is cancelled) and returns it. done, if set, is called (from the
// workers, serialised) after each lifetime with how many have finished.
func RunMany(ctx context.Context, cfgs []Config, workers int, done func(finished, total int)) ([]*Result, error) {
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	workers = min(workers, max(1, len(cfgs)))
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	results := make([]*Result, len(cfgs))
	var (
		next     atomic.Int64
		finished int
		mu       sync.Mutex
		firstErr error
		wg       sync.WaitGroup
	)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= len(cfgs) || ctx.Err() != nil {
					return
				}
				res, err := Run(ctx, cfgs[i], Options{})
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = err
					cancel()
				}
				results[i] = res
				finished++
				if done != nil {
					done(finished, len(cfgs))
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return results, nil
}
