package lab

import (
	"context"
	"runtime"

	"golang.org/x/sync/errgroup"
)

// Workers returns how many workers to use for n jobs when asked for
// asked (0 or less: one per CPU): at least one, at most n.
func Workers(asked, n int) int {
	if asked <= 0 {
		asked = runtime.NumCPU()
	}
	return max(1, min(asked, n))
}

// ForEach calls fn for every job 0..n-1, in order of starting, on up to
// workers goroutines at once (see Workers), and tells each call which
// worker (0..workers-1) runs it, so that callers can keep per-worker
// state such as a progress bar. It is the one worker pool of the lab's
// parallel work (reproductions, sweeps). The first error cancels the
// context the other calls were given, no job starts after it, and
// ForEach returns it once every started call has returned.
func ForEach(ctx context.Context, n, workers int, fn func(ctx context.Context, worker, job int) error) error {
	workers = Workers(workers, n)
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(workers)
	free := make(chan int, workers)
	for w := range workers {
		free <- w
	}
	for job := range n {
		if ctx.Err() != nil {
			break
		}
		g.Go(func() error {
			// SetLimit keeps at most workers calls running, and each gives
			// its worker back before its slot frees: there is always one.
			w := <-free
			defer func() { free <- w }()
			if ctx.Err() != nil {
				return nil
			}
			return fn(ctx, w, job)
		})
	}
	return g.Wait()
}
