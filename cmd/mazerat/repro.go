package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/mazerat/mazerat/lab/repro"
)

func reproCmd(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("repro", "NAME|all [--seeds N] [--workers N] [--out DIR] [--short]",
		"Reproduce a classic result and print the table: measure, ours, published,\nband, verdict. With --out, also NAME.txt, NAME.csv (the curves), NAME.png\nand NAME.svg. Exits 1 if any verdict fails. Reproductions:\n  "+strings.Join(reproList(), "\n  "), stderr)
	seeds := fs.Int("seeds", 0, "lifetimes per configuration (default: the reproduction's own, usually 20)")
	workers := fs.Int("workers", 0, "lifetimes run at once (default: one per CPU)")
	out := fs.String("out", "", "directory for tables, curves and plots")
	short := fs.Bool("short", false, "a reduced run (fewer seeds), for a quick look")
	quiet := fs.Bool("quiet", false, "no progress bar even on a terminal")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("expected one NAME (or all), one of: %s", strings.Join(repro.Names(), ", "))
	}
	if *seeds < 0 {
		return usagef("--seeds %d: expected a positive number", *seeds)
	}
	if *workers < 0 {
		return usagef("--workers %d: expected a positive number", *workers)
	}
	var todo []repro.Experiment
	if pos[0] == "all" {
		todo = repro.All()
	} else {
		r, ok := repro.Lookup(pos[0])
		if !ok {
			return usagef("no reproduction %q, expected one of: all, %s", pos[0], strings.Join(repro.Names(), ", "))
		}
		todo = []repro.Experiment{r}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	failed := 0
	start := time.Now()
	for i, r := range todo {
		if i > 0 {
			fmt.Fprintln(stdout)
		}
		bar := newProgress(stderr, !*quiet, r.Name+" lifetimes")
		rep, err := r.Run(ctx, repro.Options{Seeds: *seeds, Workers: *workers, Short: *short,
			Progress: func(done, total int) { bar.update(int64(done), int64(total)) }})
		bar.finish()
		if err != nil {
			if errors.Is(err, context.Canceled) {
				return fmt.Errorf("interrupted")
			}
			return err
		}
		rep.WriteTable(stdout)
		if !rep.OK() {
			failed++
		}
		if *out != "" {
			if err := rep.WriteFiles(*out); err != nil {
				return err
			}
		}
	}
	if len(todo) > 1 {
		fmt.Fprintf(stdout, "\n%d reproductions in %.0f s, %d with a failed verdict\n", len(todo), time.Since(start).Seconds(), failed)
	}
	if *out != "" {
		fmt.Fprintf(stdout, "tables, curves and plots in %s\n", *out)
	}
	if failed > 0 {
		return failedError{}
	}
	return nil
}

func reproList() []string {
	var l []string
	for _, r := range repro.All() {
		l = append(l, fmt.Sprintf("%-16s %s", r.Name, r.Title))
	}
	return l
}
