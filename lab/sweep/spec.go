package sweep

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/token"

	"github.com/mazerat/mazerat/agent"
	"github.com/mazerat/mazerat/internal/yamlpos"
	"github.com/mazerat/mazerat/scenarios"
	"github.com/mazerat/mazerat/world"
)

// Spec is a sweep as its spec file gives it: a scenario, agents, a
// length, seeds, fixed parameters and a grid of varied ones. Set and Grid
// are sorted by key, so that two spec files that say the same thing in a
// different order or layout are the same sweep (the same Hash).
type Spec struct {
	File string // the spec file ("" when read back from an output directory)
	Raw  []byte // the spec file's text as written

	Scenario     string // as written in the spec: a built-in name or a path
	ScenarioFile string // the scenario's file name without directories
	ScenarioText string // the scenario's text: part of the sweep's identity
	Agents       []string
	Steps        int64 // the length of every lifetime: exactly one of
	Trials       int   // Steps and Trials is positive
	Seeds        []uint64
	Set          []KeyValue // fixed parameters, sorted by key
	Grid         []Axis     // varied parameters, sorted by key

	sc  *world.Scenario      // parsed from ScenarioText
	pos map[string]world.Pos // where things stand in File, for messages
}

// KeyValue is one fixed --set parameter of a sweep.
type KeyValue struct{ Key, Value string }

// Axis is one varied parameter of a sweep and its values, in the order
// the spec lists them.
type Axis struct {
	Key    string
	Values []string
}

// Bounds on a spec: a spec is input a user may get wrong by orders of
// magnitude, and every run is planned in memory.
const (
	maxSpecBytes    = 64 << 10
	maxSpecNesting  = 10
	maxSweepSeeds   = 100_000
	maxAxisValues   = 1000
	maxSweepRuns    = 1_000_000
	maxSweepSteps   = 1_000_000_000
	maxSweepTrials  = 1_000_000
	maxSpecProblems = 50
)

// LoadSpec reads a sweep spec file. A relative scenario path in it is
// taken from the spec file's directory.
func LoadSpec(path string) (*Spec, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseSpec(path, data)
}

// ParseSpec reads a sweep spec; name is the spec file's path (for
// messages and to find a scenario given as a relative path). The error,
// if any, is a world.ErrorList with every problem found, each naming
// file:line:col and what was expected. It checks the spec's shape and
// every value it can check alone; Plan.Check then builds each
// configuration.
func ParseSpec(name string, data []byte) (*Spec, error) {
	p := &specParser{file: name, spec: &Spec{File: name, Raw: slices.Clone(data), pos: map[string]world.Pos{}}}
	p.parse(data)
	if len(p.errs) > 0 {
		errs := p.errs.Err().(world.ErrorList)
		return nil, append(errs, p.scenarioErrs...)
	}
	return p.spec, nil
}

type specParser struct {
	file         string
	spec         *Spec
	errs         world.ErrorList
	scenarioErrs world.ErrorList // the scenario file's own problems, after the spec's
}

func (p *specParser) addf(pos world.Pos, format string, args ...any) {
	if len(p.errs) == maxSpecProblems {
		p.errs = append(p.errs, &world.Error{File: p.file, Msg: fmt.Sprintf("more than %d problems, stopped reporting", maxSpecProblems)})
	}
	if len(p.errs) > maxSpecProblems {
		return
	}
	p.errs = append(p.errs, &world.Error{File: p.file, Line: pos.Line, Col: pos.Col, Msg: fmt.Sprintf(format, args...)})
}

// specKeys are the keys of a spec, in the order messages list them.
var specKeys = []string{"scenario", "agents", "steps", "trials", "seeds", "set", "grid"}

// specEntry is a top-level entry of the spec, kept until every entry has
// been seen: the meaning of a set or grid key depends on the agents.
type specEntry struct {
	key   string
	kpos  world.Pos
	value ast.Node
}

var specTop = world.Pos{Line: 1, Col: 1}

func (p *specParser) parse(data []byte) {
	if len(data) > maxSpecBytes {
		p.addf(specTop, "the spec is %d bytes, expected at most %d", len(data), maxSpecBytes)
		return
	}
	if !utf8.Valid(data) {
		p.addf(specTop, "the spec is not UTF-8 text, expected a YAML file")
		return
	}
	data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	body, ok := p.yaml(data)
	if !ok {
		return
	}
	values, ok := p.mapping(body, "the spec", "a mapping such as scenario: blocking-maze")
	if !ok {
		return
	}
	entries := map[string]specEntry{}
	for _, mv := range values {
		key, kpos, ok := p.key(mv)
		if !ok {
			continue
		}
		if first, dup := entries[key]; dup {
			p.addf(kpos, "the key %q is given twice (first at %d:%d), expected each key once", key, first.kpos.Line, first.kpos.Col)
			continue
		}
		if !slices.Contains(specKeys, key) {
			hint := ""
			if world.IsKey(key) || strings.HasPrefix(key, "agent.") {
				hint = fmt.Sprintf(" (a parameter belongs under set: or grid:, e.g. set: {%s: ...})", key)
			}
			p.addf(kpos, "unknown key %q, expected one of %s%s", key, strings.Join(specKeys, ", "), hint)
			continue
		}
		entries[key] = specEntry{key, kpos, mv.Value}
	}
	s := p.spec
	if e, ok := entries["scenario"]; ok {
		p.scenario(e)
	} else {
		p.addf(specTop, "no scenario, expected scenario: NAME (a built-in, see mazerat scenarios) or a .maze path")
	}
	if e, ok := entries["agents"]; ok {
		p.agents(e)
	} else {
		p.addf(specTop, "no agents, expected agents: [dyna, dynaq] (see mazerat agents)")
	}
	steps, hasSteps := entries["steps"]
	trials, hasTrials := entries["trials"]
	switch {
	case hasSteps && hasTrials:
		second := trials
		if specPosBefore(trials.kpos, steps.kpos) {
			second = steps
		}
		p.addf(second.kpos, "both steps and trials are given, expected one length for every lifetime")
	case hasSteps:
		if n, ok := p.integer(steps.value, "steps", 1, maxSweepSteps); ok {
			s.Steps = n
		}
	case hasTrials:
		if n, ok := p.integer(trials.value, "trials", 1, maxSweepTrials); ok {
			s.Trials = int(n)
		}
	default:
		p.addf(specTop, "no length, expected steps: N or trials: N")
	}
	if e, ok := entries["seeds"]; ok {
		p.seeds(e)
	} else {
		p.addf(specTop, "no seeds, expected seeds: N (seeds 1..N) or a list such as seeds: [3, 7, 11]")
	}
	setKeys := map[string]world.Pos{}
	if e, ok := entries["set"]; ok {
		p.set(e, setKeys)
	}
	if e, ok := entries["grid"]; ok {
		p.grid(e, setKeys)
	}
	if len(p.errs) == 0 {
		runs := len(s.Seeds) * len(s.Agents)
		for _, a := range s.Grid {
			runs *= len(a.Values)
			if runs > maxSweepRuns {
				break
			}
		}
		if runs > maxSweepRuns {
			p.addf(specTop, "the sweep has more than %d runs, expected at most that many (split it into several specs)", maxSweepRuns)
		}
	}
}

func specPosBefore(a, b world.Pos) bool { return a.Line < b.Line || a.Line == b.Line && a.Col < b.Col }

// specLimits bound go-yaml's work on a spec (see yamlpos.Limits).
var specLimits = yamlpos.Limits{Nesting: maxSpecNesting, Keys: 1000}

// yaml parses the spec into its one document's body. The spec is
// untrusted input: yamlpos bounds the parser's work and turns a panic
// inside it into an error. Duplicate keys are reported by the spec's
// reader, with both places.
func (p *specParser) yaml(src []byte) (body ast.Node, ok bool) {
	body, err := yamlpos.Parse(string(src), specLimits)
	if err != nil {
		var deep *yamlpos.TooDeepError
		var keys *yamlpos.TooManyKeysError
		var syn *yamlpos.SyntaxError
		var extra *yamlpos.ExtraError
		switch {
		case errors.As(err, &deep):
			p.addf(specTokPos(deep.Token), "the spec nests lists and mappings more than %d deep here, expected keys with plain values or lists", deep.Limit)
		case errors.As(err, &keys):
			p.addf(specTokPos(keys.Token), "a mapping with more than %d keys, expected at most %d", keys.Limit, keys.Limit)
		case errors.As(err, &extra) && extra.Directive:
			p.addf(specNodePos(extra.Node), "a YAML directive, expected one mapping")
		case errors.As(err, &extra):
			p.addf(specNodePos(extra.Node), "a second YAML document, expected one mapping")
		case errors.As(err, &syn):
			p.addf(specTokPos(syn.Token), "the spec is not valid YAML: %s", syn.Msg)
		default:
			p.addf(specTop, "the spec is not valid YAML: %v", err)
		}
		return nil, false
	}
	if body == nil {
		p.addf(specTop, "the spec is empty, expected a mapping such as scenario: blocking-maze")
		return nil, false
	}
	return body, true
}

func specTokPos(tk *token.Token) world.Pos { return world.Pos(yamlpos.Reader{}.Token(tk)) }

// specNodePos returns where a node begins.
func specNodePos(n ast.Node) world.Pos { return world.Pos(yamlpos.Reader{}.Node(n)) }

// specKind names the kind of a YAML node for messages, in the words the
// scenario reader uses.
func specKind(n ast.Node) string { return yamlpos.Describe(n) }

func (p *specParser) mapping(n ast.Node, what, expected string) ([]*ast.MappingValueNode, bool) {
	switch n := n.(type) {
	case *ast.MappingNode:
		return n.Values, true
	case *ast.MappingValueNode:
		return []*ast.MappingValueNode{n}, true
	}
	p.addf(specNodePos(n), "%s is %s, expected %s", what, specKind(n), expected)
	return nil, false
}

// scalar returns the text of a plain value: every value is read as text,
// as on the command line (--set agent.epsilon=0.10 keeps "0.10").
func (p *specParser) scalar(n ast.Node, what, expected string) (string, world.Pos, bool) {
	pos := specNodePos(n)
	text, null, ok := yamlpos.Scalar(n, false)
	switch {
	case ok:
		return text, pos, true
	case null:
		p.addf(pos, "%s has no value, expected %s", what, expected)
	default:
		p.addf(pos, "%s is %s, expected %s", what, specKind(n), expected)
	}
	return "", pos, false
}

func (p *specParser) key(mv *ast.MappingValueNode) (string, world.Pos, bool) {
	pos := specNodePos(mv.Key)
	if k, ok := yamlpos.Key(mv); ok {
		return k, pos, true
	}
	p.addf(pos, "a key that is not a plain name, expected a name such as scenario")
	return "", pos, false
}

// list returns the items of a list; a single scalar stands for a list of
// one when single is true.
func (p *specParser) list(n ast.Node, what, expected string, single bool) ([]ast.Node, bool) {
	switch n := n.(type) {
	case *ast.AnchorNode, *ast.AliasNode, *ast.TagNode:
	case *ast.SequenceNode:
		if len(n.Values) == 0 {
			p.addf(specNodePos(n), "%s is an empty list, expected %s", what, expected)
			return nil, false
		}
		return n.Values, true
	case ast.ScalarNode:
		if _, null := n.(*ast.NullNode); single && !null {
			return []ast.Node{n}, true
		}
	}
	p.addf(specNodePos(n), "%s is %s, expected %s", what, specKind(n), expected)
	return nil, false
}

func (p *specParser) integer(n ast.Node, what string, lo, hi int64) (int64, bool) {
	expected := fmt.Sprintf("a whole number in %d..%d", lo, hi)
	text, pos, ok := p.scalar(n, what, expected)
	if !ok {
		return 0, false
	}
	v, err := strconv.ParseInt(text, 10, 64)
	if err != nil || v < lo || v > hi {
		p.addf(pos, "%s %s, expected %s", what, text, expected)
		return 0, false
	}
	return v, true
}

// scenario resolves the scenario: a built-in name, or a path taken from
// the spec file's directory. Its text becomes part of the sweep.
func (p *specParser) scenario(e specEntry) {
	const expected = "a built-in scenario name (see mazerat scenarios) or a .maze path relative to the spec"
	name, pos, ok := p.scalar(e.value, "scenario", expected)
	if !ok {
		return
	}
	s := p.spec
	s.Scenario = name
	s.pos["scenario"] = pos
	if text, builtin := scenarios.Source(name); builtin && !strings.ContainsAny(name, `/\`) {
		s.ScenarioFile, s.ScenarioText = name+".maze", string(text)
	} else {
		path := name
		if !filepath.IsAbs(path) {
			path = filepath.Join(filepath.Dir(p.file), path)
		}
		st, err := os.Stat(path)
		switch {
		case err != nil && !strings.ContainsAny(name, `/\`) && filepath.Ext(name) != ".maze":
			p.addf(pos, "scenario %q is neither a built-in scenario nor a file, expected one of %s or a .maze path relative to the spec", name, strings.Join(scenarios.Names(), ", "))
			return
		case err != nil:
			p.addf(pos, "scenario %s: %v", name, specPathErr(err))
			return
		case !st.Mode().IsRegular() || st.Size() > world.MaxFileBytes:
			p.addf(pos, "scenario %s is not a .maze file of at most %d bytes", name, world.MaxFileBytes)
			return
		}
		text, err := os.ReadFile(path)
		if err != nil {
			p.addf(pos, "scenario %s: %v", name, specPathErr(err))
			return
		}
		// Parsed here under its path, so that its own errors point into it
		// and the mazes its events name are found beside it.
		full, err := world.ParseFiles(path, text, scenarios.Files{})
		if err != nil {
			p.addf(pos, "scenario %s has errors (listed below)", name)
			var el world.ErrorList
			if errors.As(err, &el) {
				p.scenarioErrs = el
			} else {
				p.scenarioErrs = world.ErrorList{{File: path, Msg: err.Error()}}
			}
			return
		}
		s.ScenarioFile, s.ScenarioText = filepath.Base(path), string(text)
		if len(full.Mazes) > 0 {
			// The sweep's copy of the scenario must stand alone: its mazes
			// go inline (mazes:), so every worker and the merge read the
			// same text.
			s.ScenarioText = string(world.Format(full))
		}
	}
	if len(s.ScenarioText) > 0 && s.sc == nil {
		if full, err := world.ParseFiles(s.ScenarioFile, []byte(s.ScenarioText), scenarios.Files{}); err == nil && len(full.Mazes) > 0 {
			s.ScenarioText = string(world.Format(full)) // a built-in naming other built-ins
		}
	}
	sc, err := world.Parse(s.ScenarioFile, []byte(s.ScenarioText))
	if err != nil {
		p.addf(pos, "scenario %s: %v", name, err)
		return
	}
	s.sc = sc
}

func specPathErr(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func (p *specParser) agents(e specEntry) {
	const expected = "a list of agent names such as [dyna, dynaq] (see mazerat agents)"
	items, ok := p.list(e.value, "agents", expected, true)
	if !ok {
		return
	}
	seen := map[string]world.Pos{}
	for _, it := range items {
		name, pos, ok := p.scalar(it, "an agent", expected)
		if !ok {
			continue
		}
		if _, known := agent.Lookup(name); !known {
			p.addf(pos, "unknown agent %q, expected one of %s", name, strings.Join(agent.Names(), ", "))
			continue
		}
		if first, dup := seen[name]; dup {
			p.addf(pos, "the agent %s is listed twice (first at %d:%d), expected each agent once", name, first.Line, first.Col)
			continue
		}
		seen[name] = pos
		p.spec.pos["agents/"+name] = pos
		p.spec.Agents = append(p.spec.Agents, name)
	}
}

func (p *specParser) seeds(e specEntry) {
	const expected = "a number of seeds N (seeds 1..N) or a list of seeds such as [3, 7, 11]"
	if _, isList := e.value.(*ast.SequenceNode); !isList {
		n, ok := p.integer(e.value, "seeds", 1, maxSweepSeeds)
		if !ok {
			return
		}
		for s := range uint64(n) {
			p.spec.Seeds = append(p.spec.Seeds, s+1)
		}
		return
	}
	items, ok := p.list(e.value, "seeds", expected, false)
	if !ok {
		return
	}
	if len(items) > maxSweepSeeds {
		p.addf(specNodePos(e.value), "seeds lists %d seeds, expected at most %d", len(items), maxSweepSeeds)
		return
	}
	seen := map[uint64]world.Pos{}
	for _, it := range items {
		text, pos, ok := p.scalar(it, "a seed", "a non-negative whole number")
		if !ok {
			continue
		}
		v, err := strconv.ParseUint(text, 10, 64)
		if err != nil {
			p.addf(pos, "the seed %s is not a non-negative whole number, expected one such as 7", text)
			continue
		}
		if first, dup := seen[v]; dup {
			p.addf(pos, "the seed %d is listed twice (first at %d:%d), expected each seed once", v, first.Line, first.Col)
			continue
		}
		seen[v] = pos
		p.spec.Seeds = append(p.spec.Seeds, v)
	}
}

// paramKey checks a set or grid key: a scenario setting or the parameter
// of at least one of the sweep's agents.
func (p *specParser) paramKey(key string, pos world.Pos, in string) bool {
	switch {
	case key == "seed":
		p.addf(pos, "seed in %s: the lifetimes' seeds come from seeds:, expected another key", in)
		return false
	case strings.HasPrefix(key, "agent."):
		name := strings.TrimPrefix(key, "agent.")
		if len(p.spec.Agents) == 0 {
			return true // the agents are wrong or missing, and said so
		}
		var known []string
		for _, a := range p.spec.Agents {
			if agentHas(a, name) {
				return true
			}
			spec, _ := agent.Lookup(a)
			for _, prm := range spec.Params {
				if k := "agent." + prm.Name; !slices.Contains(known, k) {
					known = append(known, k)
				}
			}
		}
		slices.Sort(known)
		p.addf(pos, "no agent of this sweep (%s) has the parameter %s, expected one of %s", strings.Join(p.spec.Agents, ", "), key, strings.Join(known, ", "))
		return false
	case world.IsKey(key) || strings.HasPrefix(key, "doors."):
		return true
	}
	p.addf(pos, "unknown key %q in %s, expected a scenario setting (such as control, sensors.rays, reward.cheese, doors.a) or an agent parameter (such as agent.planning)", key, in)
	return false
}

// agentHas reports whether the named agent declares parameter name
// (without "agent.").
func agentHas(agentName, name string) bool {
	spec, ok := agent.Lookup(agentName)
	if !ok {
		return false
	}
	for _, prm := range spec.Params {
		if prm.Name == name {
			return true
		}
	}
	return false
}

// paramValue checks a scenario setting's value on its own; agent
// parameters are checked when Plan.Check builds the agents.
func (p *specParser) paramValue(key, value string, pos world.Pos) {
	if strings.HasPrefix(key, "agent.") || p.spec.sc == nil {
		return
	}
	if err := p.spec.sc.Clone().Set(key, value); err != nil {
		p.addf(pos, "%s: %v", key, err)
	}
}

func (p *specParser) set(e specEntry, keys map[string]world.Pos) {
	const expected = "a mapping of parameters such as {agent.epsilon: 0.1, sensors.rays: 16}"
	values, ok := p.mapping(e.value, "set", expected)
	if !ok {
		return
	}
	for _, mv := range values {
		key, kpos, ok := p.key(mv)
		if !ok {
			continue
		}
		if first, dup := keys[key]; dup {
			p.addf(kpos, "the key %q is given twice in set (first at %d:%d), expected each key once", key, first.Line, first.Col)
			continue
		}
		keys[key] = kpos
		if !p.paramKey(key, kpos, "set") {
			continue
		}
		value, vpos, ok := p.scalar(mv.Value, "set "+key, "one value (a list of values belongs under grid:)")
		if !ok {
			continue
		}
		p.paramValue(key, value, vpos)
		p.spec.pos["set/"+key] = vpos
		p.spec.Set = append(p.spec.Set, KeyValue{key, value})
	}
	slices.SortFunc(p.spec.Set, func(a, b KeyValue) int { return strings.Compare(a.Key, b.Key) })
}

func (p *specParser) grid(e specEntry, setKeys map[string]world.Pos) {
	const expected = "a mapping of parameters to lists of values such as {agent.planning: [0, 5, 50]}"
	values, ok := p.mapping(e.value, "grid", expected)
	if !ok {
		return
	}
	seen := map[string]world.Pos{}
	for _, mv := range values {
		key, kpos, ok := p.key(mv)
		if !ok {
			continue
		}
		if first, dup := seen[key]; dup {
			p.addf(kpos, "the key %q is given twice in grid (first at %d:%d), expected each key once", key, first.Line, first.Col)
			continue
		}
		seen[key] = kpos
		if first, dup := setKeys[key]; dup {
			p.addf(kpos, "%s is both fixed in set (at %d:%d) and varied in grid, expected it in one of them", key, first.Line, first.Col)
			continue
		}
		if !p.paramKey(key, kpos, "grid") {
			continue
		}
		items, ok := p.list(mv.Value, "grid "+key, "a non-empty list of values such as [0, 5, 50]", false)
		if !ok {
			continue
		}
		if len(items) > maxAxisValues {
			p.addf(specNodePos(mv.Value), "grid %s lists %d values, expected at most %d", key, len(items), maxAxisValues)
			continue
		}
		ax := Axis{Key: key}
		vseen := map[string]world.Pos{}
		for _, it := range items {
			v, vpos, ok := p.scalar(it, "a value of grid "+key, "one plain value")
			if !ok {
				continue
			}
			if v == "" {
				p.addf(vpos, "a value of grid %s is empty, expected a value such as 5", key)
				continue
			}
			if first, dup := vseen[v]; dup {
				p.addf(vpos, "grid %s lists %s twice (first at %d:%d), expected each value once", key, v, first.Line, first.Col)
				continue
			}
			vseen[v] = vpos
			p.paramValue(key, v, vpos)
			p.spec.pos["grid/"+key+"="+v] = vpos
			ax.Values = append(ax.Values, v)
		}
		p.spec.pos["grid/"+key] = kpos
		p.spec.Grid = append(p.spec.Grid, ax)
	}
	slices.SortFunc(p.spec.Grid, func(a, b Axis) int { return strings.Compare(a.Key, b.Key) })
}

// Length returns the length of every lifetime as text ("3000 steps").
func (s *Spec) Length() string {
	if s.Trials > 0 {
		return fmt.Sprintf("%d trials", s.Trials)
	}
	return fmt.Sprintf("%d steps", s.Steps)
}

// ScenarioName returns the scenario's title.
func (s *Spec) ScenarioName() string {
	if s.sc != nil && s.sc.Name != "" {
		return s.sc.Name
	}
	return strings.TrimSuffix(s.ScenarioFile, ".maze")
}

// canonicalSpec is what a sweep is: stored in sweep.json and hashed. It
// holds the scenario's text, not its path, so the same sweep may be run
// from anywhere.
type canonicalSpec struct {
	ScenarioFile string      `json:"scenario_file"`
	ScenarioText string      `json:"scenario_text"`
	Agents       []string    `json:"agents"`
	Steps        int64       `json:"steps,omitempty"`
	Trials       int         `json:"trials,omitempty"`
	Seeds        []uint64    `json:"seeds"`
	Set          [][2]string `json:"set"`
	Grid         []Axis      `json:"grid"`
}

func (s *Spec) canonical() canonicalSpec {
	c := canonicalSpec{ScenarioFile: s.ScenarioFile, ScenarioText: s.ScenarioText, Agents: s.Agents,
		Steps: s.Steps, Trials: s.Trials, Seeds: s.Seeds, Set: [][2]string{}, Grid: s.Grid}
	for _, kv := range s.Set {
		c.Set = append(c.Set, [2]string{kv.Key, kv.Value})
	}
	if c.Grid == nil {
		c.Grid = []Axis{}
	}
	return c
}

// Hash identifies the sweep: the SHA-256 of its canonical form (the
// scenario's text, agents, length, seeds and parameters; not the spec's
// layout, comments or the scenario's path), in hex.
func (s *Spec) Hash() string {
	b, err := json.Marshal(s.canonical())
	if err != nil {
		panic(err) // plain strings and numbers always marshal
	}
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// MarshalJSON encodes Axis with lower-case names.
func (a Axis) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Key    string   `json:"key"`
		Values []string `json:"values"`
	}{a.Key, a.Values})
}

// UnmarshalJSON decodes what MarshalJSON wrote.
func (a *Axis) UnmarshalJSON(b []byte) error {
	var v struct {
		Key    string   `json:"key"`
		Values []string `json:"values"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	a.Key, a.Values = v.Key, v.Values
	return nil
}

// specFromCanonical rebuilds a spec from its canonical form (as stored in
// an output directory), checking it as a spec file would be checked.
func specFromCanonical(c canonicalSpec, where string) (*Spec, error) {
	s := &Spec{File: where, ScenarioFile: c.ScenarioFile, ScenarioText: c.ScenarioText, Agents: c.Agents,
		Steps: c.Steps, Trials: c.Trials, Seeds: c.Seeds, Grid: c.Grid, pos: map[string]world.Pos{}}
	for _, kv := range c.Set {
		s.Set = append(s.Set, KeyValue{kv[0], kv[1]})
	}
	bad := func(format string, args ...any) (*Spec, error) {
		return nil, fmt.Errorf("%s: %s", where, fmt.Sprintf(format, args...))
	}
	if s.ScenarioFile == "" || len(s.Agents) == 0 || len(s.Seeds) == 0 || (s.Steps > 0) == (s.Trials > 0) {
		return bad("an incomplete sweep (scenario, agents, seeds and one length are required)")
	}
	sc, err := world.Parse(s.ScenarioFile, []byte(s.ScenarioText))
	if err != nil {
		return bad("its scenario: %v", err)
	}
	s.sc = sc
	for _, a := range s.Agents {
		if _, ok := agent.Lookup(a); !ok {
			return bad("unknown agent %q", a)
		}
	}
	for _, ax := range s.Grid {
		if len(ax.Values) == 0 {
			return bad("grid %s has no values", ax.Key)
		}
	}
	s.Scenario = strings.TrimSuffix(s.ScenarioFile, ".maze")
	return s, nil
}
