package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/mazerat/mazerat/scenarios"
	"github.com/mazerat/mazerat/world"
)

func convertCmd(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("convert", "MAP.tmx [-o FILE.maze] [--force]",
		"Convert a Tiled map (.tmx) to a .maze scenario and print it (or write it to\nFILE). The map's conventions are in docs/scenario-format.md (Tiled maps);\nrun, watch, check and sweeps also read .tmx files directly. A .maze file\nis printed in canonical form.", stderr)
	out := fs.String("o", "", "write to FILE instead of standard output")
	force := fs.Bool("force", false, "overwrite FILE if it exists")
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
		var el world.ErrorList
		if errors.As(err, &el) {
			for _, e := range el {
				fmt.Fprintln(stderr, e)
			}
			fmt.Fprintf(stderr, "%s: %d problem%s\n", pos[0], len(el), plural(len(el)))
			return failedError{}
		}
		return err
	}
	text := world.Format(sc)
	if *out == "" {
		_, err := stdout.Write(text)
		return err
	}
	if err := writeOutput(*out, *force, text); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "wrote %s (%s)\n", *out, describeScenario(sc))
	return nil
}
