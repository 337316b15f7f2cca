package lab

import (
	"context"
	"sync"
)

// RunMany lives every lifetime of cfgs on up to workers goroutines (0: one
// per CPU) and returns their results in the order of cfgs, whatever the
// number of workers. Lifetimes share nothing, so each result is the same
// as a lone Run of its configuration. It stops at the first error (or
// when ctx is cancelled) and returns it. done, if set, is called (from the
// workers, serialised) after each lifetime with how many have finished.
func RunMany(ctx context.Context, cfgs []Config, workers int, done func(finished, total int)) ([]*Result, error) {
	results := make([]*Result, len(cfgs))
	var (
		mu       sync.Mutex
		finished int
	)
	err := ForEach(ctx, len(cfgs), workers, func(ctx context.Context, _, i int) error {
		res, err := Run(ctx, cfgs[i], Options{})
		if err != nil {
			return err
		}
		results[i] = res
		if done != nil {
			mu.Lock()
			finished++
			done(finished, len(cfgs))
			mu.Unlock()
		}
		return nil
	})
	if err == nil {
		err = ctx.Err()
	}
	if err != nil {
		return nil, err
	}
	return results, nil
}
