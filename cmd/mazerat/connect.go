package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/mazerat/mazerat/lab"
	"github.com/mazerat/mazerat/serve"
)

// connectFlags are watch's flags for following a served world.
type connectFlags struct {
	addr  string
	world uint64
}

func (c *connectFlags) add(fs *flag.FlagSet) {
	fs.StringVar(&c.addr, "connect", "", "follow a world of the mazerat serve at `ADDR` (HOST:PORT or unix:PATH) while its client drives it")
	fs.Uint64Var(&c.world, "world", 0, "with --connect: the world's `ID` (default: the oldest alive)")
}

// check refuses what cannot go with --connect.
func (c *connectFlags) check(fs *flag.FlagSet, pos []string) error {
	if c.addr == "" {
		if flagSet(fs, "world") {
			return usagef("--world goes with --connect ADDR")
		}
		return nil
	}
	for _, name := range []string{"agent", "seed", "set", "resume", "record"} {
		if flagSet(fs, name) {
			return usagef("--%s cannot be given with --connect: the served world fixes its lifetime", name)
		}
	}
	if len(pos) > 0 {
		return usagef("a SCENARIO cannot be given with --connect: the served world fixes it")
	}
	return nil
}

// follow returns the lifetime of the served world --connect names. Its
// steps come from the server as the world's client takes them; when they
// stop coming, stderr hears why.
func (c *connectFlags) follow(stderr io.Writer) (*lab.Lifetime, error) {
	return serve.Follow(context.Background(), c.addr, c.world, func(err error) {
		fmt.Fprintf(stderr, "mazerat watch: %v\n", err)
	})
}
