package lab

import (
	"bytes"
	"encoding/gob"
	"errors"
	"fmt"
	"maps"
	"os"
	"slices"

	"github.com/mazerat/mazerat/agent"
	"github.com/mazerat/mazerat/internal/atomicfile"
	"github.com/mazerat/mazerat/sim"
	"github.com/mazerat/mazerat/world"
)

// A checkpoint is the whole lifetime at a step boundary: how it was born
// (the scenario's text, agent, --set values, seed, length), the world's
// state, the agent's memory, every random stream, and the metrics so far.
// Loading it gives a Lifetime that continues exactly as the saved one
// would have.
const (
	checkpointKind    = "checkpoint"
	checkpointVersion = 3
	// CheckpointFile is the name of a run's checkpoint in its --out.
	CheckpointFile = "checkpoint.mazerat"
)

// checkpoint is the content of a checkpoint file (gob). Maps are kept as
// sorted pairs so that one lifetime always gives the same bytes.
type checkpoint struct {
	ScenarioSource string
	ScenarioText   []byte
	Agent          string
	Set            [][2]string
	Seed           uint64
	SeedSet        bool
	Steps          int64
	Trials         int
	SampleEvery    int64
	StopAtCrit     bool

	World *sim.Snapshot
	Brain []byte // agent.Stateful's state

	TrialRows       []TrialRow
	Curve           []CurvePoint
	Events          []EventRow
	EventFirstAfter []int // EventRow.firstTrialAfter, by row
	NextEvent       int
	Surprises       int64
	SampleEveryNow  int64
	GoodRun         int
	Path, LastPath  traceState

	// The compute spent: time inside Act since birth, and the counters
	// when the trial under way began.
	AgentNanos                            int64
	TrialBackups, TrialSearch, TrialNanos int64

	// The score of the agent's belief of where it is so far.
	Belief beliefState

	// The world configurations met at trials' starts, and the trial under
	// way's (retention.go).
	Configs               []layout
	TrialConfig, CfgTrial int

	// The probes asked for and those taken so far (probe.go).
	Probes    Probes
	ProbeRows []ProbeRow
}

type traceState struct {
	Pts           []PathPoint
	Steps, Stride int64
}

// valid reports whether a trace is one a lifetime can continue: a
// positive stride, or the empty trace of a trial not finished yet.
func (t traceState) valid() bool {
	return len(t.Pts) <= maxPathPoints+1 && (t.Stride > 0 || (t.Stride == 0 && len(t.Pts) == 0 && t.Steps == 0))
}

// ErrMidStep is returned when a checkpoint is asked for while a step is
// under way (a window animating ticks): finish the step first.
var ErrMidStep = errors.New("a checkpoint can only be taken between steps; finish the step first")

// Checkpoint returns the lifetime as the bytes of a checkpoint file.
func (l *Lifetime) Checkpoint() ([]byte, error) {
	content, err := l.checkpointContent()
	if err != nil {
		return nil, err
	}
	return seal(checkpointKind, checkpointVersion, content), nil
}

func (l *Lifetime) checkpointContent() ([]byte, error) {
	if l.world.InStep() {
		return nil, ErrMidStep
	}
	st, ok := l.agent.(agent.Stateful)
	if !ok {
		return nil, fmt.Errorf("agent %s cannot save its memory, so its lifetime cannot be checkpointed", l.cfg.Agent)
	}
	brain, err := st.MarshalState()
	if err != nil {
		return nil, fmt.Errorf("saving agent %s: %w", l.cfg.Agent, err)
	}
	snap, err := l.world.Snapshot()
	if err != nil {
		return nil, err
	}
	var text bytes.Buffer
	if err := world.Print(&text, l.cfg.Scenario); err != nil {
		return nil, err
	}
	c := checkpoint{
		ScenarioSource: l.cfg.Scenario.Source, ScenarioText: text.Bytes(),
		Agent: l.cfg.Agent, Seed: l.cfg.Seed, SeedSet: l.cfg.SeedSet,
		Steps: l.cfg.Steps, Trials: l.cfg.Trials, SampleEvery: l.cfg.SampleEvery, StopAtCrit: l.cfg.StopAtCriterion,
		World: snap, Brain: brain,
		TrialRows: l.trials, Curve: l.curve, Events: l.events,
		NextEvent: l.nextEvent, Surprises: l.surprises, SampleEveryNow: l.sampleEvery, GoodRun: l.goodRun,
		Path:       traceState{l.path.pts, l.path.steps, l.path.stride},
		LastPath:   traceState{l.lastPath.pts, l.lastPath.steps, l.lastPath.stride},
		AgentNanos: l.agentNanos, TrialBackups: l.trialCompute.backups, TrialSearch: l.trialCompute.searchNodes, TrialNanos: l.trialCompute.nanos,
		Belief:  l.belief.state(),
		Configs: l.configs, TrialConfig: l.trialConfig, CfgTrial: l.cfgTrial,
		Probes: l.cfg.Probes, ProbeRows: l.probes,
	}
	for _, k := range slices.Sorted(maps.Keys(l.cfg.Set)) {
		c.Set = append(c.Set, [2]string{k, l.cfg.Set[k]})
	}
	for _, e := range l.events {
		c.EventFirstAfter = append(c.EventFirstAfter, e.firstTrialAfter)
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(&c); err != nil {
		return nil, fmt.Errorf("encoding the checkpoint: %w", err)
	}
	return buf.Bytes(), nil
}

// SaveCheckpoint writes the lifetime's checkpoint to path atomically: a
// crash while writing leaves the previous file at path whole.
func (l *Lifetime) SaveCheckpoint(path string) error {
	data, err := l.Checkpoint()
	if err != nil {
		return fmt.Errorf("checkpoint %s: %w", path, err)
	}
	return atomicfile.WriteFile(path, data)
}

// LoadCheckpoint reads the checkpoint file at path and returns its
// lifetime, ready to continue. Every problem — not a mazerat file, another
// kind, a newer version, truncation, corruption, a state that does not fit
// its scenario — is an error naming path.
func LoadCheckpoint(path string) (*Lifetime, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	l, err := ResumeCheckpoint(data)
	if err != nil {
		return nil, &FileError{Path: path, Err: err}
	}
	return l, nil
}

// ResumeCheckpoint is LoadCheckpoint on the bytes of a file. The agent is
// rebuilt by its name from the registry.
func ResumeCheckpoint(data []byte) (*Lifetime, error) {
	return ResumeCheckpointWith(data, nil)
}

// ResumeCheckpointWith is ResumeCheckpoint for a lifetime whose agent was
// given by Config.AgentSpec: spec rebuilds it (nil: the registry does).
// spec's name must be the checkpoint's agent.
func ResumeCheckpointWith(data []byte, spec *agent.Spec) (*Lifetime, error) {
	content, err := unseal(data, checkpointKind, checkpointVersion)
	if err != nil {
		return nil, err
	}
	return resumeContent(content, spec)
}

// checkpointAgent returns the name of a checkpoint content's agent.
func checkpointAgent(content []byte) (string, error) {
	var c struct{ Agent string }
	if err := gob.NewDecoder(bytes.NewReader(content)).Decode(&c); err != nil {
		return "", fmt.Errorf("%w: the content does not decode: %v", ErrDamaged, err)
	}
	return c.Agent, nil
}

func resumeContent(content []byte, spec *agent.Spec) (l *Lifetime, err error) {
	// The checksum guards against damage; a decoder must still never
	// panic on content that was written wrongly, so a panic here becomes
	// an error rather than a crash.
	defer func() {
		if r := recover(); r != nil {
			l, err = nil, fmt.Errorf("%w: the content does not decode (%v)", ErrDamaged, r)
		}
	}()
	var c checkpoint
	if err := gob.NewDecoder(bytes.NewReader(content)).Decode(&c); err != nil {
		return nil, fmt.Errorf("%w: the content does not decode: %v", ErrDamaged, err)
	}
	if c.World == nil {
		return nil, fmt.Errorf("%w: the checkpoint holds no world", ErrDamaged)
	}
	sc, err := world.Parse(c.ScenarioSource, c.ScenarioText)
	if err != nil {
		return nil, fmt.Errorf("the checkpoint's scenario: %w", err)
	}
	cfg := Config{
		Scenario: sc, Agent: c.Agent, Set: map[string]string{}, Seed: c.Seed, SeedSet: c.SeedSet,
		Steps: c.Steps, Trials: c.Trials, SampleEvery: c.SampleEvery, StopAtCriterion: c.StopAtCrit,
		Probes: c.Probes,
	}
	switch _, registered := agent.Lookup(c.Agent); {
	case spec != nil && spec.Name != c.Agent:
		return nil, fmt.Errorf("the checkpoint's agent is %s, not %s", c.Agent, spec.Name)
	case spec != nil:
		cfg.Agent, cfg.AgentSpec = "", spec
	case !registered:
		return nil, fmt.Errorf("the checkpoint's agent %s is not registered in this program (agent.Register); a program that builds it itself resumes it with lab.ResumeCheckpointWith", c.Agent)
	}
	for _, kv := range c.Set {
		cfg.Set[kv[0]] = kv[1]
	}
	if len(cfg.Set) == 0 {
		cfg.Set = nil
	}
	l, err = NewLifetime(cfg)
	if err != nil {
		return nil, fmt.Errorf("rebuilding the checkpoint's lifetime: %w", err)
	}
	w, err := sim.Restore(l.sc, l.seed, c.World)
	if err != nil {
		return nil, fmt.Errorf("restoring the world: %w", err)
	}
	st, ok := l.agent.(agent.Stateful)
	if !ok {
		return nil, fmt.Errorf("agent %s cannot restore its memory", c.Agent)
	}
	if err := st.UnmarshalState(c.Brain); err != nil {
		return nil, fmt.Errorf("restoring agent %s: %w", c.Agent, err)
	}
	if len(c.EventFirstAfter) != len(c.Events) || c.NextEvent < 0 || c.NextEvent > len(w.Applied()) ||
		c.SampleEveryNow <= 0 || !c.Path.valid() || !c.LastPath.valid() || len(c.Curve) > maxCurvePoints {
		return nil, fmt.Errorf("%w: the metrics do not fit together", ErrDamaged)
	}
	for i := range c.Events {
		c.Events[i].firstTrialAfter = c.EventFirstAfter[i]
	}
	l.world, l.obs = w, w.Observation()
	l.trials, l.events = c.TrialRows, c.Events
	l.curve = append(l.curve[:0], c.Curve...)
	k := len(l.metricNames)
	for i := range l.curve {
		if len(l.curve[i].Metrics) != k {
			return nil, fmt.Errorf("%w: the curve's metrics do not fit the agent's", ErrDamaged)
		}
		if k > 0 {
			row := l.curveMetrics[i*k : (i+1)*k]
			copy(row, l.curve[i].Metrics)
			l.curve[i].Metrics = row
		}
	}
	l.nextEvent, l.surprises, l.sampleEvery, l.goodRun = c.NextEvent, c.Surprises, c.SampleEveryNow, c.GoodRun
	l.path = trace{pts: c.Path.Pts, steps: c.Path.Steps, stride: c.Path.Stride}
	l.lastPath = trace{pts: c.LastPath.Pts, steps: c.LastPath.Steps, stride: c.LastPath.Stride}
	l.agentNanos = c.AgentNanos
	l.trialCompute = compute{backups: c.TrialBackups, searchNodes: c.TrialSearch, nanos: c.TrialNanos}
	for _, p := range c.Belief.Pending {
		if p.Event < 0 || p.Event >= len(l.events) {
			return nil, fmt.Errorf("%w: the belief's score does not fit the events", ErrDamaged)
		}
	}
	l.belief.restore(c.Belief)
	if c.TrialConfig < 0 || c.TrialConfig > len(c.Configs) {
		return nil, fmt.Errorf("%w: the trial's configuration does not fit the configurations met", ErrDamaged)
	}
	l.configs, l.trialConfig, l.cfgTrial = c.Configs, c.TrialConfig, c.CfgTrial
	l.probes = c.ProbeRows
	return l, nil
}

// SetLength changes how long the lifetime lives: a resumed lifetime may
// be given a longer length than it was born with. The length counts from
// birth.
func (l *Lifetime) SetLength(steps int64, trials int) error {
	if (steps > 0) == (trials > 0) {
		return fmt.Errorf("give exactly one length, steps or trials (got steps %d, trials %d)", steps, trials)
	}
	l.cfg.Steps, l.cfg.Trials = steps, trials
	return nil
}

// FinishStep ticks the step under way, if any, to its end, so that the
// lifetime stands at a step boundary (where checkpoints are taken).
func (l *Lifetime) FinishStep() error {
	if !l.world.InStep() {
		return nil
	}
	return l.Step()
}
