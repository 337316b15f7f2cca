package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/mazerat/mazerat/internal/atomicfile"
	"github.com/mazerat/mazerat/world"
)

func newCmd(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("new", "--gen dfs|kruskal|prim --size WxH [--braid F] [--seed N] [--style thin|blocks] [-o FILE]",
		"Generate a maze scenario and print it (or write it to FILE). The same flags\nalways give the same maze.", stderr)
	def := world.DefaultGenConfig()
	gen := fs.String("gen", def.Algorithm, "algorithm: "+strings.Join(world.Algorithms(), ", "))
	size := fs.String("size", fmt.Sprintf("%dx%d", def.W, def.H), "width x height in cells")
	braid := fs.Float64("braid", 0, "fraction of dead ends to open into loops, 0..1")
	seed := fs.Uint64("seed", def.Seed, "seed of the layout")
	style := fs.String("style", "thin", "thin (walls between cells) or blocks (walls are cells)")
	out := fs.String("o", "", "write to FILE instead of standard output")
	force := fs.Bool("force", false, "overwrite FILE if it exists")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q; write to a file with -o FILE", pos[0])
	}
	cfg := world.GenConfig{Algorithm: *gen, Braid: *braid, Seed: *seed}
	w, h, ok := parseSize(*size)
	if !ok {
		return usagef("--size %s: expected WIDTHxHEIGHT, e.g. 12x12", *size)
	}
	cfg.W, cfg.H = w, h
	switch *style {
	case "thin":
		cfg.Style = world.ThinWalls
	case "blocks":
		cfg.Style = world.Blocks
	default:
		return usagef("--style %s: expected thin or blocks", *style)
	}
	if err := cfg.Validate(); err != nil {
		return usagef("%s", inFlagWords(err))
	}
	sc, err := world.Generate(cfg)
	if err != nil {
		return err
	}
	text := world.Format(sc)
	if *out == "" {
		_, err := stdout.Write(text)
		return err
	}
	write := atomicfile.WriteNew
	if *force {
		write = atomicfile.WriteFile
	}
	if err := write(*out, text); err != nil {
		if errors.Is(err, os.ErrExist) {
			return fmt.Errorf("%s already exists; pass --force to overwrite it", *out)
		}
		return err
	}
	fmt.Fprintf(stderr, "wrote %s (%s)\n", *out, sc.Name)
	return nil
}

// inFlagWords says GenConfig's complaints in the words of new's flags:
// --gen for the algorithm, --size for the width and height, --braid.
func inFlagWords(err error) string {
	lines := strings.Split(err.Error(), "\n")
	for i, l := range lines {
		for _, r := range [][2]string{{"Algorithm ", "--gen "}, {"W ", "--size: a width of "}, {"H ", "--size: a height of "}, {"Braid ", "--braid "}, {"Style ", "--style "}} {
			if rest, ok := strings.CutPrefix(l, r[0]); ok {
				lines[i] = r[1] + rest
				break
			}
		}
	}
	return strings.Join(lines, "\n")
}

// parseSize reads "WxH".
func parseSize(s string) (w, h int, ok bool) {
	a, b, found := strings.Cut(strings.ToLower(s), "x")
	if !found {
		return 0, 0, false
	}
	w, err1 := strconv.Atoi(a)
	h, err2 := strconv.Atoi(b)
	return w, h, err1 == nil && err2 == nil
}
