package world

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// A setting is one front-matter key. The same table serves the parser
// (every scalar in the front matter is set through it), `--set key=value`
// on the command line and the printer, so the three never disagree.
type setting struct {
	key  string
	help string
	set  func(s *Scenario, v string) error
	get  func(s *Scenario) string
}

// settings lists every scalar key, in the order the printer writes them.
// Door groups ("doors.a") and events are handled beside it.
var settings = []setting{
	{"name", "a short title", func(s *Scenario, v string) error {
		if len(v) > 200 {
			return fmt.Errorf("name is %d characters long, expected at most 200", len(v))
		}
		s.Name = v
		return nil
	}, func(s *Scenario) string { return s.Name }},
	{"description", "free text for people", func(s *Scenario, v string) error {
		if len(v) > 10000 {
			return fmt.Errorf("description is %d characters long, expected at most 10000", len(v))
		}
		s.Description = v
		return nil
	}, func(s *Scenario) string { return s.Description }},
	floatSetting("cell", "metres per cell", 0.05, 10, func(s *Scenario) *float64 { return &s.Cell }),
	floatSetting("wall_width", "thickness of walls in metres", 0.001, 1, func(s *Scenario) *float64 { return &s.WallWidth }),
	{"seed", "the lifetime's seed (a non-negative integer)", func(s *Scenario, v string) error {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			return fmt.Errorf("%q is not a seed, expected a non-negative integer", v)
		}
		s.Seed = n
		return nil
	}, func(s *Scenario) string { return strconv.FormatUint(s.Seed, 10) }},
	{"control", "wheels or moves", func(s *Scenario, v string) error {
		switch v {
		case "wheels":
			s.Control = Wheels
		case "moves":
			s.Control = Moves
		default:
			return fmt.Errorf("%q is not a control mode, expected wheels or moves", v)
		}
		return nil
	}, func(s *Scenario) string { return s.Control.String() }},
	intSetting("control_every", "ticks per agent step in wheels control", 1, 600, func(s *Scenario) *int { return &s.ControlEvery }),
	intSetting("ticks_per_second", "physics rate", 10, 1000, func(s *Scenario) *int { return &s.TicksPerSecond }),
	floatSetting("rat.radius", "the body's radius in metres", 0.005, 5, func(s *Scenario) *float64 { return &s.Rat.Radius }),
	floatSetting("rat.max_speed", "speed at full wheel command, m/s", 0.01, 20, func(s *Scenario) *float64 { return &s.Rat.MaxSpeed }),
	intSetting("sensors.rays", "number of range rays (0 turns them off)", 0, 64, func(s *Scenario) *int { return &s.Sensors.Rays }),
	floatSetting("sensors.fov_deg", "field of view of the rays, degrees", 1, 360, func(s *Scenario) *float64 { return &s.Sensors.FOVDeg }),
	floatSetting("sensors.range", "ray range in metres", 0.01, 100, func(s *Scenario) *float64 { return &s.Sensors.Range }),
	boolSetting("sensors.touch", func(s *Scenario) *bool { return &s.Sensors.Touch }),
	boolSetting("sensors.compass", func(s *Scenario) *bool { return &s.Sensors.Compass }),
	boolSetting("sensors.odometry", func(s *Scenario) *bool { return &s.Sensors.Odometry }),
	floatSetting("sensors.odometry_noise", "standard deviation of odometry noise", 0, 10, func(s *Scenario) *float64 { return &s.Sensors.OdometryNoise }),
	boolSetting("sensors.place", func(s *Scenario) *bool { return &s.Sensors.Place }),
	boolSetting("sensors.reward", func(s *Scenario) *bool { return &s.Sensors.Reward }),
	floatSetting("reward.cheese", "reward for eating cheese", -1e6, 1e6, func(s *Scenario) *float64 { return &s.Reward.Cheese }),
	floatSetting("reward.step", "reward every step", -1e6, 1e6, func(s *Scenario) *float64 { return &s.Reward.Step }),
	floatSetting("reward.bump", "reward for a step that touched a wall", -1e6, 1e6, func(s *Scenario) *float64 { return &s.Reward.Bump }),
	{"on_cheese", "return_to_start, respawn or stay", func(s *Scenario, v string) error {
		switch v {
		case "return_to_start":
			s.OnCheese = ReturnToStart
		case "respawn":
			s.OnCheese = Respawn
		case "stay":
			s.OnCheese = Stay
		default:
			return fmt.Errorf("%q is not an on_cheese rule, expected return_to_start, respawn or stay", v)
		}
		return nil
	}, func(s *Scenario) string { return s.OnCheese.String() }},
	{"rearm", "when eaten cheese comes back: at_once, other, all_eaten or never", func(s *Scenario, v string) error {
		switch v {
		case "at_once":
			s.Rearm = AtOnce
		case "other":
			s.Rearm = Other
		case "all_eaten":
			s.Rearm = AllEaten
		case "never":
			s.Rearm = Never
		default:
			return fmt.Errorf("%q is not a rearm rule, expected at_once, other, all_eaten or never", v)
		}
		return nil
	}, func(s *Scenario) string { return s.Rearm.String() }},
	{"trial.max_steps", "steps after which a trial ends without reward (0: no limit)", func(s *Scenario, v string) error {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return fmt.Errorf("%q is not an integer, expected an integer in 0..%d", v, MaxStep)
		}
		if n < 0 || n > MaxStep {
			return fmt.Errorf("%d is out of range, expected an integer in 0..%d", n, MaxStep)
		}
		s.MaxSteps = n
		return nil
	}, func(s *Scenario) string { return strconv.FormatInt(s.MaxSteps, 10) }},
	{"start_order", "how trials take the starts: cycle or random", func(s *Scenario, v string) error {
		switch v {
		case "cycle":
			s.StartOrder = InTurn
		case "random":
			s.StartOrder = AtRandom
		default:
			return fmt.Errorf("%q is not an order, expected cycle or random", v)
		}
		return nil
	}, func(s *Scenario) string { return s.StartOrder.String() }},
}

// listKeys are the front-matter keys that hold lists or mappings: they are
// written in the scenario file, not with --set.
var listKeys = [][2]string{
	{"starts", "a list of cells [[row, col], ...] where trials begin"},
	{"goals", "a list of {cell: [row, col], reward: R}: cheese with its own reward"},
	{"regions", "a mapping of names to lists of cells or rectangles [r1, c1, r2, c2]"},
	{"mazes", "a mapping of names to maze texts that maze events switch to"},
	{"events", "a list of events (see docs/scenario-format.md)"},
}

// ListKeys returns the front-matter keys that take a list or a mapping
// (written in the scenario file; --set cannot set them), with a short help
// text each.
func ListKeys() [][2]string { return listKeys }

func floatSetting(key, help string, lo, hi float64, field func(*Scenario) *float64) setting {
	return setting{key, help, func(s *Scenario, v string) error {
		x, err := ParseFloat(v)
		if err != nil {
			return fmt.Errorf("%q is not a number, expected a number in %g..%g", v, lo, hi)
		}
		if x < lo || x > hi {
			return fmt.Errorf("%s is out of range, expected a number in %g..%g", v, lo, hi)
		}
		*field(s) = x
		return nil
	}, func(s *Scenario) string { return FormatFloat(*field(s)) }}
}

func intSetting(key, help string, lo, hi int, field func(*Scenario) *int) setting {
	return setting{key, help, func(s *Scenario, v string) error {
		n, err := strconv.Atoi(v)
		if err != nil {
			return fmt.Errorf("%q is not an integer, expected an integer in %d..%d", v, lo, hi)
		}
		if n < lo || n > hi {
			return fmt.Errorf("%d is out of range, expected an integer in %d..%d", n, lo, hi)
		}
		*field(s) = n
		return nil
	}, func(s *Scenario) string { return strconv.Itoa(*field(s)) }}
}

func boolSetting(key string, field func(*Scenario) *bool) setting {
	return setting{key, "true or false", func(s *Scenario, v string) error {
		switch v {
		case "true":
			*field(s) = true
		case "false":
			*field(s) = false
		default:
			return fmt.Errorf("%q is not a boolean, expected true or false", v)
		}
		return nil
	}, func(s *Scenario) string { return strconv.FormatBool(*field(s)) }}
}

// ParseFloat reads a finite decimal number. NaN and infinities are refused.
func ParseFloat(v string) (float64, error) {
	x, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
		return 0, fmt.Errorf("%q is not a finite number", v)
	}
	return x, nil
}

// FormatFloat writes x in the shortest form that reads back to the same
// value.
func FormatFloat(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// Keys returns every key Set accepts, with a short help text each, in the
// printer's order. Door groups are "doors.<letter>".
func Keys() [][2]string {
	out := make([][2]string, 0, len(settings)+1)
	for _, st := range settings {
		out = append(out, [2]string{st.key, st.help})
	}
	out = append(out, [2]string{"doors.<letter>", "open or closed"})
	return out
}

// Set changes the setting named by its front-matter key path, as
// `--set key=value` does. The error says what was expected; it does not
// name a file (the caller adds where the value came from).
func (s *Scenario) Set(key, value string) error {
	if letter, ok := strings.CutPrefix(key, "doors."); ok {
		if len(letter) != 1 || letter[0] < 'a' || letter[0] > 'z' {
			return fmt.Errorf("unknown door group %q, expected a letter a..z", letter)
		}
		switch value {
		case "open":
			s.Doors = s.Doors.With(letter[0], true)
		case "closed":
			s.Doors = s.Doors.With(letter[0], false)
		default:
			return fmt.Errorf("%q is not a door state, expected open or closed", value)
		}
		s.Declared = s.Declared.With(letter[0], true)
		return nil
	}
	for _, st := range settings {
		if st.key == key {
			return st.set(s, value)
		}
	}
	for _, lk := range listKeys {
		if lk[0] == key {
			return fmt.Errorf("%s takes %s, which --set cannot give (it sets single values), expected %s in the scenario's front matter", key, lk[1], key)
		}
	}
	return fmt.Errorf("unknown key %q, expected one of %s (or, in the front matter only, %s)", key, knownKeys(), listKeyNames())
}

func listKeyNames() string {
	names := make([]string, len(listKeys))
	for i, lk := range listKeys {
		names[i] = lk[0]
	}
	return strings.Join(names, ", ")
}

// Get returns the value of a setting as text, the form Set reads.
func (s *Scenario) Get(key string) (string, bool) {
	if letter, ok := strings.CutPrefix(key, "doors."); ok && len(letter) == 1 {
		if !s.Declared.Open(letter[0]) {
			return "", false
		}
		if s.Doors.Open(letter[0]) {
			return "open", true
		}
		return "closed", true
	}
	for _, st := range settings {
		if st.key == key {
			return st.get(s), true
		}
	}
	return "", false
}

// IsKey reports whether key names a scalar setting (not a door group).
func IsKey(key string) bool {
	for _, st := range settings {
		if st.key == key {
			return true
		}
	}
	return false
}

func knownKeys() string {
	keys := make([]string, 0, len(settings)+2)
	for _, st := range settings {
		keys = append(keys, st.key)
	}
	keys = append(keys, "doors.<letter>")
	return strings.Join(keys, ", ")
}
