package agent

import (
	"strings"
	"testing"
)

// TestRegisterRefuses: Register panics, naming the mistake, on a spec no
// program should register.
func TestRegisterRefuses(t *testing.T) {
	ok := func(Env, Params) (Agent, error) { return nil, nil }
	for i, c := range []struct {
		spec Spec
		want string
	}{
		{Spec{Name: "", New: ok}, "needs a name"},
		{Spec{Name: "My Agent", New: ok}, `"My Agent"`},
		{Spec{Name: "nonew"}, "no New"},
		{Spec{Name: "twice", New: ok, Params: []Param{{Name: "a"}, {Name: "a"}}}, `"a" declared twice`},
		{Spec{Name: "prefixed", New: ok, Params: []Param{{Name: "agent.a"}}}, "without the agent. prefix"},
		{Spec{Name: "random", New: ok}, "random registered twice"},
	} {
		func() {
			defer func() {
				r := recover()
				if s, _ := r.(string); !strings.Contains(s, c.want) {
					t.Errorf("%d: Register(%q) panicked with %v, want a message naming %q", i, c.spec.Name, r, c.want)
				}
			}()
			Register(c.spec)
		}()
	}
	if _, ok := Lookup("twice"); ok {
		t.Errorf("a refused spec was registered")
	}
}

// TestSpecBuild: an unregistered spec builds like a registered one:
// defaults filled in, agent.* keys applied, unknown ones refused.
func TestSpecBuild(t *testing.T) {
	var got Params
	s := Spec{Name: "mine", Params: []Param{{"speed", "1", ""}}, New: func(_ Env, p Params) (Agent, error) {
		got = p
		return nil, nil
	}}
	if _, err := s.Build(Env{}, map[string]string{"sensors.rays": "4"}); err != nil || got.String("speed") != "1" {
		t.Errorf("defaults: err %v, speed %q; want 1", err, got.String("speed"))
	}
	if _, err := s.Build(Env{}, map[string]string{"agent.speed": "2"}); err != nil || got.String("speed") != "2" {
		t.Errorf("set: err %v, speed %q; want 2", err, got.String("speed"))
	}
	if _, err := s.Build(Env{}, map[string]string{"agent.sped": "2"}); err == nil || !strings.Contains(err.Error(), "agent.sped") {
		t.Errorf("unknown parameter: %v, want an error naming agent.sped", err)
	}
	if _, err := (Spec{Name: "bad name", New: s.New}).Build(Env{}, nil); err == nil {
		t.Errorf("a spec with a bad name built")
	}
}
