package agent

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
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

var registry []Spec // filled by init functions of this package only, read-only afterwards

// register adds an agent kind; agents of this package call it from init.
func register(s Spec) {
	for _, r := range registry {
		if r.Name == s.Name {
			panic("agent: " + s.Name + " registered twice")
		}
	}
	registry = append(registry, s)
	slices.SortFunc(registry, func(a, b Spec) int { return strings.Compare(a.Name, b.Name) })
}

// Specs returns every registered agent kind, sorted by name.
func Specs() []Spec { return slices.Clone(registry) }

// Names returns the names of the registered agents, sorted.
func Names() []string {
	names := make([]string, len(registry))
	for i, s := range registry {
		names[i] = s.Name
	}
	return names
}

// Lookup returns the spec of the named agent.
func Lookup(name string) (Spec, bool) {
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
	p := Params{agent: name, values: make(map[string]string, len(spec.Params))}
	for _, d := range spec.Params {
		p.values[d.Name] = d.Default
	}
	keys := make([]string, 0, len(set))
	for k := range set {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		n, ok := strings.CutPrefix(k, "agent.")
		if !ok {
			continue
		}
		if _, known := p.values[n]; !known {
			return nil, fmt.Errorf("agent %s has no parameter %q, expected one of %s", name, k, paramList(spec))
		}
		p.values[n] = set[k]
	}
	return spec.New(env, p)
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
