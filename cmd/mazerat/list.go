package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/mazerat/mazerat/agent"
	"github.com/mazerat/mazerat/scenarios"
)

func scenariosCmd(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("scenarios", "", "List the built-in scenarios. Any command that takes a SCENARIO accepts\ntheir names; their sources are in the repository's scenarios/ directory.", stderr)
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q", pos[0])
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tSIZE\tSTYLE\tCONTROL\tEVENTS\tDESCRIPTION")
	for _, name := range scenarios.Names() {
		sc, err := scenarios.Load(name)
		if err != nil {
			return fmt.Errorf("built-in %s: %w", name, err)
		}
		if name == scenarios.Default {
			name += " (default)"
		}
		fmt.Fprintf(tw, "%s\t%dx%d\t%s\t%s\t%d\t%s\n", name, sc.Maze.W, sc.Maze.H, sc.Maze.Style, sc.Control, len(sc.Events), firstSentence(sc.Description, 70))
	}
	return tw.Flush()
}

func agentsCmd(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("agents", "", "List the agents and their parameters (set them with --set agent.NAME=VALUE).", stderr)
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q", pos[0])
	}
	for _, s := range agent.Specs() {
		def := ""
		if s.Name == defaultAgent {
			def = " (default)"
		}
		fmt.Fprintf(stdout, "%s%s\n    %s\n", s.Name, def, s.Help)
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		for _, p := range s.Params {
			fmt.Fprintf(tw, "    agent.%s=%s\t%s\n", p.Name, p.Default, p.Help)
		}
		tw.Flush()
		fmt.Fprintln(stdout)
	}
	return nil
}

// firstSentence shortens text to its first sentence, at most n runes.
func firstSentence(text string, n int) string {
	text = strings.Join(strings.Fields(text), " ")
	if i := strings.Index(text, ". "); i >= 0 {
		text = text[:i+1]
	}
	if r := []rune(text); len(r) > n {
		text = string(r[:n-1]) + "…"
	}
	return text
}
