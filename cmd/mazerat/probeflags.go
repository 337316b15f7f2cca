package main

import (
	"flag"
	"strconv"
	"strings"

	"github.com/mazerat/mazerat/lab"
)

// probeFlags are run's flags for probe trials with learning frozen
// (lab.Probes).
type probeFlags struct {
	every   int64
	at      string
	configs string
	steps   int64
}

func (p *probeFlags) add(fs *flag.FlagSet) {
	fs.Int64Var(&p.every, "probe-every", 0, "every `N` steps, probe the agent with learning frozen: a copy of it lives one trial and is thrown away (writes probes.csv; needs an agent that saves its memory)")
	fs.StringVar(&p.at, "probe-at", "", "probe after these steps, a comma-separated `LIST` such as 30000,60000")
	fs.StringVar(&p.configs, "probe-configs", "current", "which world configurations a probe tries: current, or all (every one met so far: the forgetting matrix)")
	fs.Int64Var(&p.steps, "probe-steps", lab.DefaultProbeSteps, "a probe trial ends after `N` steps without cheese")
}

// probes returns the probes the flags ask for; misuse is a usage error
// naming the flag and value.
func (p *probeFlags) probes(fs *flag.FlagSet) (lab.Probes, error) {
	var out lab.Probes
	if flagSet(fs, "probe-every") && p.every <= 0 {
		return out, usagef("--probe-every %d: expected a positive number of steps", p.every)
	}
	out.Every = p.every
	if p.at != "" {
		for _, f := range strings.Split(p.at, ",") {
			s, err := strconv.ParseInt(strings.TrimSpace(f), 10, 64)
			if err != nil || s <= 0 {
				return out, usagef("--probe-at %s: %q is not a positive step; expected a comma-separated list of steps such as 30000,60000", p.at, f)
			}
			out.At = append(out.At, s)
		}
	}
	switch p.configs {
	case "current":
	case "all":
		out.All = true
	default:
		return out, usagef("--probe-configs %s: expected current or all", p.configs)
	}
	if p.steps <= 0 {
		return out, usagef("--probe-steps %d: expected a positive number of steps", p.steps)
	}
	out.Steps = p.steps
	if !out.Enabled() {
		for _, name := range []string{"probe-configs", "probe-steps"} {
			if flagSet(fs, name) {
				return out, usagef("--%s needs --probe-every or --probe-at: it says how to probe, they say when", name)
			}
		}
	}
	return out, nil
}

// anySet reports whether any probe flag was given.
func (p *probeFlags) anySet(fs *flag.FlagSet) string {
	for _, name := range []string{"probe-every", "probe-at", "probe-configs", "probe-steps"} {
		if flagSet(fs, name) {
			return name
		}
	}
	return ""
}
