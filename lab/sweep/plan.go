package sweep

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/mazerat/mazerat/lab"

	"github.com/mazerat/mazerat/world"
)

// Config is one configuration of a sweep: an agent and one value of
// each grid key it has. Its runs differ only in their seeds.
type Config struct {
	Index int
	Agent string
	// Values holds one value per grid axis of the spec, "" where the
	// agent has no such parameter (it runs without it).
	Values []string
	// Set is every parameter its lifetimes get, fixed and varied, except
	// agent parameters the agent does not have.
	Set map[string]string
}

// Run is one lifetime of a sweep.
type Run struct {
	Index  int    // in the plan's order
	ID     string // stable and readable; the name of its directory
	Config int    // index into Plan.Configs
	Seed   uint64
}

// Plan is every run of a sweep, in a fixed order: agents as the spec
// lists them, then grid combinations (keys sorted, each key's values as
// listed, the last key varying fastest), then seeds as listed. Every
// merged result follows this order, never the order runs finish in.
type Plan struct {
	Spec    *Spec
	Configs []Config
	Runs    []Run
	// Notes say what the plan decided that the spec did not spell out:
	// agents that run without a parameter they do not have.
	Notes []string
}

// paramApplies reports whether the agent takes key: scenario keys apply
// to every agent, agent.* keys to agents that declare them.
func paramApplies(agentName, key string) bool {
	name, ok := strings.CutPrefix(key, "agent.")
	return !ok || agentHas(agentName, name)
}

// Plan lists the sweep's configurations and runs. An agent that lacks a
// set or grid parameter runs without it: a grid key it lacks does not
// multiply its runs, and its column is left empty. Plan says so in Notes.
func (s *Spec) Plan() (*Plan, error) {
	p := &Plan{Spec: s}
	for _, a := range s.Agents {
		fixed := map[string]string{}
		var lacks []string
		for _, kv := range s.Set {
			if paramApplies(a, kv.Key) {
				fixed[kv.Key] = kv.Value
			} else {
				lacks = append(lacks, kv.Key)
			}
		}
		for _, ax := range s.Grid {
			if !paramApplies(a, ax.Key) {
				lacks = append(lacks, ax.Key)
			}
		}
		if len(lacks) > 0 {
			p.Notes = append(p.Notes, fmt.Sprintf("%s has no %s: it runs without, once per combination of the rest, and the column is empty for it", a, strings.Join(lacks, ", ")))
		}
		// An odometer over the axes the agent has (the last fastest).
		var axes []int
		for i, ax := range s.Grid {
			if paramApplies(a, ax.Key) {
				axes = append(axes, i)
			}
		}
		idx := make([]int, len(axes))
		for {
			c := Config{Index: len(p.Configs), Agent: a, Values: make([]string, len(s.Grid)), Set: maps.Clone(fixed)}
			for j, i := range axes {
				v := s.Grid[i].Values[idx[j]]
				c.Values[i], c.Set[s.Grid[i].Key] = v, v
			}
			p.Configs = append(p.Configs, c)
			j := len(idx) - 1
			for ; j >= 0; j-- {
				if idx[j]++; idx[j] < len(s.Grid[axes[j]].Values) {
					break
				}
				idx[j] = 0
			}
			if j < 0 {
				break
			}
		}
	}
	if n := len(p.Configs) * len(s.Seeds); n > maxSweepRuns {
		return nil, fmt.Errorf("%s: the sweep has %d runs, expected at most %d", s.File, n, maxSweepRuns)
	}
	ids := map[string]string{} // lower-cased: case-insensitive file systems
	for _, c := range p.Configs {
		for _, seed := range s.Seeds {
			r := Run{Index: len(p.Runs), Config: c.Index, Seed: seed, ID: sweepRunID(c.Agent, s.Grid, c.Values, seed)}
			if other, dup := ids[strings.ToLower(r.ID)]; dup {
				return nil, fmt.Errorf("%s: two runs would share a directory: %s and %s, expected values that differ in more than letter case", s.File, other, r.ID)
			}
			ids[strings.ToLower(r.ID)] = r.ID
			p.Runs = append(p.Runs, r)
		}
	}
	return p, nil
}

// maxRunIDLen keeps a run's directory name, with the temporary prefix
// and suffix it has while being written, under the usual 255-byte limit.
const maxRunIDLen = 160

// sweepRunID names a run: "agent=dyna,agent.planning=5,seed=3", with the
// grid keys the agent has in sorted order. Characters other than letters,
// digits and ._+-=, become "_", and then (or when the name is too long)
// "~" and 8 hex digits of the SHA-256 of the exact name follow, so that
// distinct runs keep distinct names. A name without "~" is exact.
func sweepRunID(agentName string, grid []Axis, values []string, seed uint64) string {
	var b strings.Builder
	b.WriteString("agent=" + agentName)
	for i, ax := range grid {
		if values[i] != "" {
			b.WriteString("," + ax.Key + "=" + values[i])
		}
	}
	b.WriteString(",seed=" + strconv.FormatUint(seed, 10))
	raw := b.String()
	safe := []byte(raw)
	for i, c := range safe {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("._+-=,", c) >= 0) {
			safe[i] = '_'
		}
	}
	if string(safe) == raw && len(raw) <= maxRunIDLen {
		return raw
	}
	sum := sha256.Sum256([]byte(raw))
	// Non-ASCII bytes became one "_" each, so the name stays ASCII.
	return string(safe[:min(len(safe), maxRunIDLen-9)]) + "~" + hex.EncodeToString(sum[:4])
}

// Label names a configuration for plots and messages: the agent, then
// each grid value it has ("dyna planning=5"; agent. is dropped).
func (p *Plan) Label(c Config) string {
	parts := []string{c.Agent}
	for i, ax := range p.Spec.Grid {
		if c.Values[i] != "" {
			parts = append(parts, strings.TrimPrefix(ax.Key, "agent.")+"="+c.Values[i])
		}
	}
	return strings.Join(parts, " ")
}

// LabConfig returns the lifetime of a run.
func (p *Plan) LabConfig(r Run) lab.Config {
	c := p.Configs[r.Config]
	s := p.Spec
	return lab.Config{Scenario: s.sc, Agent: c.Agent, Set: c.Set, Seed: r.Seed, SeedSet: true, Steps: s.Steps, Trials: s.Trials}
}

// Check builds the world and agent of every configuration once (with the
// first seed), so that a value no agent accepts, or an agent that cannot
// drive this body, is reported before anything runs. Each problem names
// the spec's file:line:col of the value (or agent) at fault.
func (p *Plan) Check() error {
	type problem struct {
		pos   world.Pos
		msg   string
		label string // the first configuration it was seen in, when not a value's fault
		more  int    // further configurations with it
	}
	var probs []*problem
	seen := map[string]*problem{}
	for _, c := range p.Configs {
		r := p.Runs[c.Index*len(p.Spec.Seeds)]
		_, err := lab.NewLifetime(p.LabConfig(r))
		if err == nil {
			continue
		}
		// An agent or scenario reports every bad value, one per line.
		for _, line := range strings.Split(strings.TrimSpace(err.Error()), "\n") {
			line = strings.ReplaceAll(line, "--set ", "")
			pos, valueAt := p.blame(c, line)
			k := fmt.Sprint(pos, line)
			if pr := seen[k]; pr != nil {
				pr.more++
				continue
			}
			pr := &problem{pos: pos, msg: line}
			if !valueAt {
				pr.label = p.Label(c)
			}
			seen[k] = pr
			probs = append(probs, pr)
		}
		if len(probs) >= maxSpecProblems {
			break
		}
	}
	var errs world.ErrorList
	for _, pr := range probs {
		msg := pr.msg
		if pr.label != "" {
			more := ""
			if pr.more > 0 {
				more = fmt.Sprintf(" and %d more configuration%s", pr.more, sweepPlural(pr.more))
			}
			msg = fmt.Sprintf("the configuration %s%s cannot run: %s", pr.label, more, pr.msg)
		}
		errs = append(errs, &world.Error{File: p.Spec.File, Line: pr.pos.Line, Col: pr.pos.Col, Msg: msg})
	}
	return errs.Err()
}

func sweepPlural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// blame finds the spec value a configuration's problem is about (the
// messages of agents and scenario settings name "key=value"); otherwise
// the problem is the agent's, and stands at the agent's entry.
func (p *Plan) blame(c Config, msg string) (pos world.Pos, valueAt bool) {
	for _, k := range slices.Sorted(maps.Keys(c.Set)) {
		if !strings.Contains(msg, k+"="+c.Set[k]) {
			continue
		}
		if pos, ok := p.Spec.pos["grid/"+k+"="+c.Set[k]]; ok {
			return pos, true
		}
		if pos, ok := p.Spec.pos["set/"+k]; ok {
			return pos, true
		}
	}
	return p.Spec.pos["agents/"+c.Agent], false
}

// Shard is the I-th of N disjoint slices of a sweep's runs (1-based). The
// zero Shard is the whole sweep.
type Shard struct{ I, N int }

// ParseShard reads "I/N".
func ParseShard(s string) (Shard, error) {
	is, ns, ok := strings.Cut(s, "/")
	i, err1 := strconv.Atoi(is)
	n, err2 := strconv.Atoi(ns)
	if !ok || err1 != nil || err2 != nil {
		return Shard{}, fmt.Errorf("--shard %s: expected I/N such as 2/8", s)
	}
	if n < 1 || i < 1 || i > n {
		return Shard{}, fmt.Errorf("--shard %s: expected 1 ≤ I ≤ N", s)
	}
	return Shard{i, n}, nil
}

// Whole reports whether the shard is the whole sweep.
func (sh Shard) Whole() bool { return sh.N <= 1 }

func (sh Shard) String() string {
	if sh.Whole() {
		return "1/1"
	}
	return fmt.Sprintf("%d/%d", sh.I, sh.N)
}

// ShardRuns returns the runs of shard sh: run k of the plan (0-based)
// belongs to shard k mod N + 1. Dealing the runs out like cards gives
// every shard the same number of runs (±1) and, since seeds vary
// fastest, a share of every configuration, so slow configurations are
// spread too.
func (p *Plan) ShardRuns(sh Shard) []Run {
	if sh.Whole() {
		return p.Runs
	}
	var out []Run
	for k := sh.I - 1; k < len(p.Runs); k += sh.N {
		out = append(out, p.Runs[k])
	}
	return out
}
