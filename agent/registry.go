package agent

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// Param documents one parameter an agent accepts under "agent.".
type Param struct {
	Name    string // without the "agent." prefix, e.g. "planning"
	Default string
	Help    string
}

// Spec describes an agent kind in the registry.
type Spec struct {
	Name   string
	Help   string
	Params []Param
	// New builds an agent for env with the parameters (every declared
	// parameter is present, defaults filled in).
	New func(env Env, p Params) (Agent, error)
}

// The registry: every agent kind that can be built by name, sorted by
// name. Register may be called at any time (usually from init), so it is
// guarded; reading it is cheap.
var (
	registryMu sync.RWMutex
	registry   []Spec
)

// Register adds an agent kind to the registry, so that it can be built by
// name everywhere a built-in agent can: agent.New, lab.Config.Agent,
// sweeps, checkpoints and recordings. Call it from the init function of
// the package that defines the agent (the built-in agents do so in
// builtin.go), as database/sql drivers register themselves.
//
// Register panics, naming the spec, if the name is empty or holds
// characters other than lower-case letters, digits, '-' and '_', if the
// name is taken, if New is nil, or if two parameters share a name: these
// are mistakes in the program, not in its input.
func Register(s Spec) {
	if err := s.check(); err != nil {
		panic("agent.Register: " + err.Error())
	}
	registryMu.Lock()
	defer registryMu.Unlock()
	for _, r := range registry {
		if r.Name == s.Name {
			panic("agent.Register: " + s.Name + " registered twice")
		}
	}
	s.Params = slices.Clone(s.Params)
	registry = append(registry, s)
	slices.SortFunc(registry, func(a, b Spec) int { return strings.Compare(a.Name, b.Name) })
}

// check reports what makes s unusable.
func (s Spec) check() error {
	if s.Name == "" {
		return fmt.Errorf("an agent needs a name")
	}
	for _, r := range s.Name {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return fmt.Errorf("agent name %q: expected lower-case letters, digits, '-' and '_'", s.Name)
		}
	}
	if s.New == nil {
		return fmt.Errorf("agent %s has no New function", s.Name)
	}
	for i, p := range s.Params {
		if p.Name == "" || strings.HasPrefix(p.Name, "agent.") {
			return fmt.Errorf("agent %s: parameter %d is named %q, expected a name without the agent. prefix", s.Name, i, p.Name)
		}
		for _, q := range s.Params[:i] {
			if q.Name == p.Name {
				return fmt.Errorf("agent %s: parameter %q declared twice", s.Name, p.Name)
			}
		}
	}
	return nil
}

// Specs returns every registered agent kind, sorted by name.
func Specs() []Spec {
	registryMu.RLock()
	defer registryMu.RUnlock()
	return slices.Clone(registry)
}

// Names returns the names of the registered agents, sorted.
func Names() []string {
	registryMu.RLock()
	defer registryMu.RUnlock()
	names := make([]string, len(registry))
	for i, s := range registry {
		names[i] = s.Name
	}
	return names
}

// Lookup returns the spec of the named agent.
func Lookup(name string) (Spec, bool) {
	registryMu.RLock()
	defer registryMu.RUnlock()
	for _, s := range registry {
		if s.Name == name {
			return s, true
		}
	}
	return Spec{}, false
}

// New builds the named agent. set holds parameters by their full key
// ("agent.planning"); keys without the "agent." prefix are ignored (they
// belong to the scenario). An unknown agent or parameter is an error that
// names it and lists what is known.
func New(name string, env Env, set map[string]string) (Agent, error) {
	spec, ok := Lookup(name)
	if !ok {
		return nil, fmt.Errorf("unknown agent %q, expected one of %s", name, strings.Join(Names(), ", "))
	}
	return spec.Build(env, set)
}

// Build builds an agent of this kind, registered or not, as New does for
// a registered one: every declared parameter present, defaults filled in,
// the "agent." keys of set applied, an unknown parameter an error that
// names it.
func (s Spec) Build(env Env, set map[string]string) (Agent, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	p, err := s.Resolve(set)
	if err != nil {
		return nil, err
	}
	return s.New(env, p)
}

// Resolve returns the parameters an agent of this kind is built with from
// set: its defaults, overridden by set's "agent." keys.
func (s Spec) Resolve(set map[string]string) (Params, error) {
	p := Params{agent: s.Name, values: make(map[string]string, len(s.Params))}
	for _, d := range s.Params {
		p.values[d.Name] = d.Default
	}
	for _, k := range slices.Sorted(maps.Keys(set)) {
		n, ok := strings.CutPrefix(k, "agent.")
		if !ok {
			continue
		}
		if _, known := p.values[n]; !known {
			return Params{}, fmt.Errorf("agent %s has no parameter %q, expected one of %s", s.Name, k, paramList(s))
		}
		p.values[n] = set[k]
	}
	return p, nil
}

func paramList(s Spec) string {
	if len(s.Params) == 0 {
		return "(none)"
	}
	names := make([]string, len(s.Params))
	for i, d := range s.Params {
		names[i] = "agent." + d.Name
	}
	return strings.Join(names, ", ")
}

// Params holds an agent's parameters as text, read with typed getters that
// say which parameter and value were wrong and what was expected.
type Params struct {
	agent  string
	values map[string]string
}

// String returns the value of a parameter as given.
func (p Params) String(name string) string { return p.values[name] }

// Int reads an integer parameter in [lo, hi].
func (p Params) Int(name string, lo, hi int) (int, error) {
	v := p.values[name]
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < lo || n > hi {
		return 0, fmt.Errorf("agent.%s=%s: expected an integer in %d..%d", name, v, lo, hi)
	}
	return n, nil
}

// Float reads a finite number in [lo, hi].
func (p Params) Float(name string, lo, hi float64) (float64, error) {
	v := p.values[name]
	x, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil || !(x >= lo && x <= hi) {
		return 0, fmt.Errorf("agent.%s=%s: expected a number in %g..%g", name, v, lo, hi)
	}
	return x, nil
}

// Bool reads true or false.
func (p Params) Bool(name string) (bool, error) {
	switch v := p.values[name]; v {
	case "true":
		return true, nil
	case "false":
		return false, nil
	default:
		return false, fmt.Errorf("agent.%s=%s: expected true or false", name, v)
	}
}

// Map returns every parameter as "agent.name" → value (for run summaries).
func (p Params) Map() map[string]string {
	m := make(map[string]string, len(p.values))
	for k, v := range p.values {
		m["agent."+k] = v
	}
	return m
}
