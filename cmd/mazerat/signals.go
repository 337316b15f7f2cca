package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/mazerat/mazerat/lab"
)

// stopContext is the context of long work: cancelled by an interrupt
// (Ctrl-C) and by SIGTERM (a cluster preempting a job, a service manager
// stopping it) alike, so that every command saves what is finished and
// says how to go on, whichever signal stopped it.
func stopContext() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}

// stoppedRun says what a run stopped by a signal saved and how to go on.
func stoppedRun(stderr io.Writer, res *lab.Result, out string, steps int64, trials int) {
	if out == "" {
		fmt.Fprintf(stderr, "mazerat run: stopped; the summary above covers the part that ran (nothing was saved: give --out DIR to keep a run)\n")
		return
	}
	fmt.Fprintf(stderr, "mazerat run: stopped; the results in %s cover the part that ran\n", out)
	if res == nil || res.Checkpoint == "" {
		fmt.Fprintf(stderr, "mazerat run: this agent cannot save its memory, so the lifetime cannot be resumed\n")
		return
	}
	length := fmt.Sprintf("--steps %d", steps)
	if trials > 0 {
		length = fmt.Sprintf("--trials %d", trials)
	}
	fmt.Fprintf(stderr, "mazerat run: the lifetime is saved in %s; go on with: mazerat run --resume %s %s\n", res.Checkpoint, out, length)
}
