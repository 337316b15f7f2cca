package main

import (
	"io"
	"math"
	"strings"

	"github.com/mazerat/mazerat/lab"
	"github.com/mazerat/mazerat/scenarios"
)

// parseWatch reads watch's flags and checks the lifetime they name, so
// that a build with or without a window treats a mistaken call alike.
// The lifetime has no end: the window lives it until it is closed.
func parseWatch(args []string, stderr io.Writer) (lab.Config, error) {
	fs := newFlags("watch", "[SCENARIO] [--agent A] [--seed N] [--set k=v]...",
		"Open the window on SCENARIO (default "+scenarios.Default+") and watch the rat learn.", stderr)
	lf := addLifeFlags(fs)
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return lab.Config{}, err
	}
	if len(pos) > 1 {
		return lab.Config{}, usagef("one SCENARIO at most, got %d: %s", len(pos), strings.Join(pos, " "))
	}
	cfg, err := lf.config(fs, pos)
	if err != nil {
		return lab.Config{}, err
	}
	cfg.Steps = math.MaxInt64
	return cfg, checkConfig(cfg)
}
