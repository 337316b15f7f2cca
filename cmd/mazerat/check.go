package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/mazerat/mazerat/scenarios"
	"github.com/mazerat/mazerat/world"
)

func checkCmd(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("check", "FILE...", "Check scenario files (or built-in names) and report every error in each,\nas file:line:col: what is wrong, expected what. Exits 1 if any file has errors.", stderr)
	files, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return usagef("no FILE given, expected one or more .maze files")
	}
	bad := 0
	for _, f := range files {
		var sc *world.Scenario
		var err error
		label := f
		if _, statErr := os.Stat(f); statErr != nil {
			if _, ok := scenarios.Source(f); ok {
				label = f + " (built-in)"
				sc, err = scenarios.Load(f)
			} else {
				sc, err = scenarios.LoadFile(f)
			}
		} else {
			sc, err = scenarios.LoadFile(f)
		}
		if err != nil {
			bad++
			var el world.ErrorList
			if errors.As(err, &el) {
				for _, e := range el {
					fmt.Fprintln(stdout, e)
				}
				fmt.Fprintf(stdout, "%s: %d problem%s\n", label, len(el), plural(len(el)))
			} else {
				fmt.Fprintf(stdout, "%s: %v\n", label, err)
			}
			continue
		}
		fmt.Fprintf(stdout, "%s: ok (%s)\n", label, describeScenario(sc))
	}
	if bad > 0 {
		return failedError{}
	}
	return nil
}

func describeScenario(sc *world.Scenario) string {
	m := sc.Maze
	doors := 0
	for l := byte('a'); l <= 'z'; l++ {
		if sc.Declared.Open(l) {
			doors++
		}
	}
	return fmt.Sprintf("%dx%d %s, %s control, %d door group%s, %d event%s",
		m.W, m.H, m.Style, sc.Control, doors, plural(doors), len(sc.Events), plural(len(sc.Events)))
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
