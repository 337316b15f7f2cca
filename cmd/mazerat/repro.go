package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/mazerat/mazerat/internal/cputime"
	"github.com/mazerat/mazerat/lab/repro"
)

func reproCmd(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("repro", "NAME... | all [--seeds N] [--workers N] [--out DIR] [--short]",
		"Reproduce classic results and print their tables: measure, ours, published,\nband, verdict. With --out, also NAME.txt, NAME.csv (the curves), NAME.png\nand NAME.svg. Exits 1 if any verdict fails. all runs every reproduction\nbut those marked \"not in all\" (too long for it). Reproductions:\n  "+strings.Join(reproList(), "\n  "), stderr)
	seeds := fs.Int("seeds", 0, "lifetimes per configuration (default: the reproduction's own, usually 20)")
	workers := fs.Int("workers", 0, "lifetimes run at once (default: one per CPU)")
	out := fs.String("out", "", "directory for tables, curves and plots")
	short := fs.Bool("short", false, "a reduced run (fewer seeds), for a quick look")
	quiet := fs.Bool("quiet", false, "no progress bar even on a terminal")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return usagef("expected a NAME (or several, or all), one of: %s", strings.Join(repro.Names(), ", "))
	}
	if *seeds < 0 {
		return usagef("--seeds %d: expected a positive number", *seeds)
	}
	if *workers < 0 {
		return usagef("--workers %d: expected a positive number", *workers)
	}
	var todo []repro.Experiment
	for _, name := range pos {
		if name == "all" {
			if len(pos) > 1 {
				return usagef("all and names given together: %s", strings.Join(pos, " "))
			}
			todo = repro.All()
			break
		}
		r, ok := repro.Lookup(name)
		if !ok {
			return usagef("no reproduction %q, expected one of: all, %s", name, strings.Join(repro.Names(), ", "))
		}
		todo = append(todo, r)
	}
	ctx, stop := stopContext()
	defer stop()
	failed := 0
	start, startCPU := time.Now(), cputime.Process()
	for i, r := range todo {
		if i > 0 {
			fmt.Fprintln(stdout)
		}
		bar := newProgress(stderr, !*quiet, r.Name+" lifetimes")
		began, cpu := time.Now(), cputime.Process()
		rep, err := r.Run(ctx, repro.Options{Seeds: *seeds, Workers: *workers, Short: *short,
			Progress: func(done, total int) { bar.update(int64(done), int64(total)) }})
		bar.finish()
		if err != nil {
			if ctx.Err() != nil {
				stoppedRepro(stderr, todo[:i], todo[i:], *out, fs)
				return failedError{}
			}
			return err
		}
		rep.WriteTable(stdout)
		fmt.Fprintf(stdout, "  (%s)\n", tookLine(time.Since(began), cputime.Process()-cpu))
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
		fmt.Fprintf(stdout, "\n%d reproductions in %s, %d with a failed verdict\n", len(todo), tookLine(time.Since(start), cputime.Process()-startCPU), failed)
	}
	if *out != "" {
		fmt.Fprintf(stdout, "tables, curves and plots in %s\n", *out)
	}
	if failed > 0 {
		return failedError{}
	}
	return nil
}

// tookLine says how long a piece of work took: wall time, and the CPU time
// of the whole process when the system reports it (on a shared machine the
// CPU time is the steadier figure).
func tookLine(wall, cpu time.Duration) string {
	if cpu <= 0 {
		return fmt.Sprintf("%.0f s", wall.Seconds())
	}
	return fmt.Sprintf("%.0f s, %.0f s of CPU", wall.Seconds(), cpu.Seconds())
}

func reproList() []string {
	var l []string
	for _, r := range repro.All() {
		l = append(l, fmt.Sprintf("%-16s %s", r.Name, r.Title))
	}
	for _, r := range repro.Apart() {
		l = append(l, fmt.Sprintf("%-16s %s", r.Name, r.Title))
	}
	return l
}

// stoppedRepro says, after a signal, which reproductions finished (their
// tables are printed, and written if out) and the command that does the
// rest, with the flags that were given.
func stoppedRepro(stderr io.Writer, done, rest []repro.Experiment, out string, fs *flag.FlagSet) {
	names := func(rs []repro.Experiment) []string {
		var n []string
		for _, r := range rs {
			n = append(n, r.Name)
		}
		return n
	}
	fmt.Fprintf(stderr, "mazerat repro: stopped during %s", rest[0].Name)
	if len(done) > 0 {
		fmt.Fprintf(stderr, "; finished: %s", strings.Join(names(done), ", "))
		if out != "" {
			fmt.Fprintf(stderr, " (written to %s)", out)
		}
	}
	fmt.Fprintln(stderr)
	cmd := append([]string{"mazerat", "repro"}, names(rest)...)
	fs.Visit(func(f *flag.Flag) { cmd = append(cmd, "--"+f.Name+"="+f.Value.String()) })
	fmt.Fprintf(stderr, "mazerat repro: the rest: %s\n", strings.Join(cmd, " "))
}
