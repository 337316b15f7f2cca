package main

import (
	"io"

	"github.com/mazerat/mazerat/scenarios"
	"github.com/mazerat/mazerat/world"
)

func convertCmd(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("convert", "MAP.tmx [-o FILE.maze] [--force]",
		"Convert a Tiled map (.tmx) to a .maze scenario and print it (or write it to\nFILE). The map's conventions are in docs/scenario-format.md (Tiled maps);\nrun, watch, check and sweeps also read .tmx files directly. A .maze file\nis printed in canonical form.", stderr)
	out := addOutputFlags(fs)
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	switch {
	case len(pos) == 0:
		return usagef("no MAP given, expected a Tiled .tmx file")
	case len(pos) > 1:
		return usagef("unexpected argument %q; convert takes one MAP (write to a file with -o FILE)", pos[1])
	}
	sc, err := scenarios.LoadFile(pos[0])
	if err != nil {
		if printProblems(stderr, pos[0], err) {
			return failedError{}
		}
		return err
	}
	return out.write(stdout, stderr, world.Format(sc), describeScenario(sc))
}
