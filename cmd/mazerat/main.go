package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// Exit codes.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
)

// usageError is a mistake in how the command was called: it exits 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{fmt.Sprintf(format, args...)}
}

// command is one subcommand.
type command struct {
	name, args, short string
	run               func(args []string, stdout, stderr io.Writer) error
}

var commands []command

func init() {
	commands = []command{
		{"watch", "[SCENARIO] [flags]", "open the window and watch the rat learn", watchCmd},
		{"run", "[SCENARIO] [flags]", "live a lifetime headless and write its results", runCmd},
		{"check", "FILE...", "check scenario files and report every error", checkCmd},
		{"new", "--gen dfs|kruskal|prim --size WxH [flags]", "generate a maze scenario", newCmd},
		{"replay", "FILE [flags]", "replay a recorded lifetime with its memory, or verify it", replayCmd},
		{"sweep", "SPEC.yaml [flags]", "run many lifetimes across seeds and parameters", sweepCmd},
		{"merge", "DIR... --out DIR", "combine the outputs of sweep shards", mergeCmd},
		{"repro", "NAME|all [flags]", "reproduce a classic result and compare", reproCmd},
		{"serve", "[--addr HOST:PORT] [flags]", "serve worlds to agents in other processes (gRPC)", serveCmd},
		{"scenarios", "", "list the built-in scenarios", scenariosCmd},
		{"agents", "", "list the agents and their parameters", agentsCmd},
		{"help", "[COMMAND]", "show help", nil},
	}
}

// run is the whole command, testable: it returns the exit code.
func run(args []string, stdout, stderr io.Writer) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "mazerat: internal error: %v; please report it with this trace:\n%s", r, debug.Stack())
			code = exitFailure
		}
	}()
	if len(args) == 0 {
		return report(stderr, "", bareCmd(stdout, stderr))
	}
	name := args[0]
	switch name {
	case "help", "-h", "-help", "--help":
		if len(args) > 1 {
			if c, ok := lookup(args[1]); ok && c.run != nil {
				// Asked-for help goes to standard output (it can be paged
				// or searched); help after a mistake goes to stderr.
				return report(stderr, c.name, c.run([]string{"-h"}, stdout, stdout))
			}
			fmt.Fprintf(stderr, "mazerat: no command %q\n", args[1])
			usage(stderr)
			return exitUsage
		}
		usage(stdout)
		return exitOK
	}
	c, ok := lookup(name)
	if !ok || c.run == nil {
		if strings.HasPrefix(name, "-") {
			fmt.Fprintf(stderr, "mazerat: flags come after a command: mazerat run %s ...\n", name)
		} else {
			fmt.Fprintf(stderr, "mazerat: unknown command %q\n", name)
		}
		usage(stderr)
		return exitUsage
	}
	return report(stderr, c.name, c.run(args[1:], stdout, stderr))
}

func lookup(name string) (command, bool) {
	for _, c := range commands {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

// report prints err and returns the exit code it calls for.
func report(stderr io.Writer, cmd string, err error) int {
	if err == nil {
		return exitOK
	}
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	prefix := "mazerat"
	if cmd != "" {
		prefix += " " + cmd
	}
	var ue *usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(stderr, "%s: %v\n", prefix, err)
		fmt.Fprintf(stderr, "Run 'mazerat help %s' for usage.\n", cmd)
		return exitUsage
	}
	var fe failedError
	if errors.As(err, &fe) {
		return exitFailure // already reported in full
	}
	fmt.Fprintf(stderr, "%s: %v\n", prefix, err)
	return exitFailure
}

// failedError means the command already printed what went wrong.
type failedError struct{}

func (failedError) Error() string { return "failed" }

func usage(w io.Writer) {
	fmt.Fprintln(w, "mazerat: a robotic rat that learns a physical maze for its whole life")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Usage:")
	fmt.Fprintln(w, "  mazerat                      the window on the default scenario")
	for _, c := range commands {
		fmt.Fprintf(w, "  mazerat %-9s %-20s %s\n", c.name, c.args, c.short)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "SCENARIO is a built-in name (mazerat scenarios) or a .maze file. Run 'mazerat help COMMAND' for a command's flags.")
}
