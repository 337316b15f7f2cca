package lab

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/mazerat/mazerat/agent"
	"github.com/mazerat/mazerat/sim"
	"github.com/mazerat/mazerat/world"
)

// Config says which lifetime to live: a scenario, an agent, parameters,
// a seed and a length.
type Config struct {
	Scenario *world.Scenario
	// Agent names a registered agent (agent.Register).
	Agent string
	// AgentSpec, if set, builds the agent instead of the registry: an
	// agent of your own, registered or not, given by its constructor. Its
	// Name is the agent's name in the outputs (Agent must be empty or the
	// same); its parameters are set under "agent." as for any agent. A
	// lifetime whose agent is not registered resumes from a checkpoint with
	// ResumeCheckpointWith.
	AgentSpec *agent.Spec
	// Set holds --set parameters by key: scenario settings by their
	// front-matter path ("sensors.rays"), agent parameters under "agent.".
	Set map[string]string
	// Seed is the lifetime's seed when SeedSet; otherwise the scenario's.
	Seed    uint64
	SeedSet bool
	// The length: exactly one of Steps and Trials is positive.
	Steps  int64
	Trials int
	// SampleEvery is the step interval of the reward curve (default 100).
	SampleEvery int64
	// StopAtCriterion ends the lifetime early, once three trials in a row
	// had a path ratio of at most RecoveredRatio (the length is then a
	// limit).
	StopAtCriterion bool
	// Probes asks for probe trials with learning frozen (probe.go).
	Probes Probes
}

// Lifetime is the loop every front end uses, headless or windowed: one
// world, one agent, one unbroken stream, and its metrics. Step and Tick
// give the same lifetime; Tick exists so a window can animate a step.
type Lifetime struct {
	cfg    Config
	sc     *world.Scenario
	seed   uint64
	world  *sim.World
	agent  agent.Agent
	params map[string]string // every agent parameter, defaults filled in
	obs    sim.Observation

	trials    []TrialRow
	curve     []CurvePoint
	events    []EventRow
	nextEvent int // events in world.Applied() already turned into rows
	surprises int64

	sampleEvery int64 // steps between curve samples; doubles when the curve is full
	goodRun     int   // trials in a row with path ratio ≤ RecoveredRatio

	// The body's path through the trial under way and through the last
	// finished one, for maze.png and the window.
	path, lastPath trace

	rec    *recorder // the recording being made, if any
	replay *replay   // the recording being replayed, if any

	birth   world.Cell  // the cell the body was born in (aligns agents' own frames)
	aligned alignedView // View's buffers
	belief  beliefScore // the agent's belief of where it is, scored

	// The agent's own metrics (agent.MetricReporter) and the compute it
	// spends: cumulative backups and search nodes as it reports them, and
	// the time inside Act.
	reporter     agent.MetricReporter // nil for agents that report nothing
	metricBuf    []agent.Metric
	metricNames  []string
	backupsAt    int // index of "backups" in the agent's metrics, -1 if absent
	searchAt     int // index of "search_nodes", -1 if absent
	agentNanos   int64
	trialCompute compute   // the compute counters when the trial under way began
	curveMetrics []float64 // the curve's metrics, a row of len(metricNames) per point

	failer agent.Failer // the agent, if its learning can fail (checked after every Act)

	// The world configurations met at a trial's start, in the order first
	// met, and the one the trial under way began in (retention.go).
	configs     []layout
	trialConfig int // number (from 1) of the trial under way's configuration; 0 not yet known
	cfgTrial    int // the trial trialConfig is for

	// What builds copies of the agent for probe trials, and the probes so
	// far (probe.go).
	spec   agent.Spec
	env    agent.Env
	probes []ProbeRow
}

// ScenarioFor applies the scenario keys of set to a copy of sc and
// validates the result. Errors name the flag: `--set key=value: ...`.
func ScenarioFor(sc *world.Scenario, set map[string]string) (*world.Scenario, error) {
	sc = sc.Clone()
	var errs []string
	for _, k := range slices.Sorted(maps.Keys(set)) {
		if strings.HasPrefix(k, "agent.") {
			continue
		}
		if err := sc.Set(k, set[k]); err != nil {
			errs = append(errs, fmt.Sprintf("--set %s=%s: %v", k, set[k], err))
		}
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("%s", strings.Join(errs, "\n"))
	}
	if err := sc.Validate(); err != nil {
		return nil, fmt.Errorf("with the --set values: %w", err)
	}
	return sc, nil
}

// NewLifetime builds the world and the agent of cfg.
func NewLifetime(cfg Config) (*Lifetime, error) {
	if cfg.Scenario == nil {
		return nil, fmt.Errorf("lab: no scenario")
	}
	if (cfg.Steps > 0) == (cfg.Trials > 0) {
		return nil, fmt.Errorf("lab: give exactly one length, steps or trials (got steps %d, trials %d)", cfg.Steps, cfg.Trials)
	}
	if cfg.SampleEvery <= 0 {
		cfg.SampleEvery = 100
	}
	sc, err := ScenarioFor(cfg.Scenario, cfg.Set)
	if err != nil {
		return nil, err
	}
	seed := sc.Seed
	if cfg.SeedSet {
		seed = cfg.Seed
	}
	w, err := sim.New(sc, seed)
	if err != nil {
		return nil, err
	}
	spec, err := agentSpec(&cfg)
	if err != nil {
		return nil, err
	}
	env := agent.Env{Obs: w.ObservationSpec(), Act: w.ActionSpec(), Seed: seed}
	a, err := spec.Build(env, cfg.Set)
	if err != nil {
		return nil, err
	}
	p, err := spec.Resolve(cfg.Set)
	if err != nil {
		return nil, err
	}
	params := p.Map()
	l := &Lifetime{cfg: cfg, sc: sc, seed: seed, world: w, agent: a, params: params, obs: w.Observation(), sampleEvery: cfg.SampleEvery, birth: w.Cell(), spec: spec, env: env}
	if err := l.checkProbes(); err != nil {
		return nil, err
	}
	l.initMetrics()
	l.initBelief()
	l.failer, _ = a.(agent.Failer)
	// The curve's memory is taken at birth: it never grows past
	// maxCurvePoints, and a lifetime's heap stays flat.
	l.curve = make([]CurvePoint, 0, maxCurvePoints)
	l.curveMetrics = make([]float64, maxCurvePoints*len(l.metricNames))
	l.collectEvents()
	l.startPath()
	return l, nil
}

// agentSpec returns the spec that builds cfg's agent: AgentSpec, or the
// registry's spec of Agent. cfg.Agent is set to the agent's name.
func agentSpec(cfg *Config) (agent.Spec, error) {
	if s := cfg.AgentSpec; s != nil {
		if cfg.Agent != "" && cfg.Agent != s.Name {
			return agent.Spec{}, fmt.Errorf("lab: Config names agent %q and gives the spec of %q; give one of them", cfg.Agent, s.Name)
		}
		cfg.Agent = s.Name
		return *s, nil
	}
	s, ok := agent.Lookup(cfg.Agent)
	if !ok {
		return agent.Spec{}, fmt.Errorf("unknown agent %q, expected one of %s", cfg.Agent, strings.Join(agent.Names(), ", "))
	}
	return s, nil
}

// World returns the world (ground truth, for drawing and measuring).
func (l *Lifetime) World() *sim.World { return l.world }

// Agent returns the agent.
func (l *Lifetime) Agent() agent.Agent { return l.agent }

// Scenario returns the scenario as lived (after --set).
func (l *Lifetime) Scenario() *world.Scenario { return l.sc }

// Seed returns the lifetime's seed.
func (l *Lifetime) Seed() uint64 { return l.seed }

// Config returns the configuration the lifetime was built with.
func (l *Lifetime) Config() Config { return l.cfg }

// AgentParams returns the agent's parameters, defaults filled in.
func (l *Lifetime) AgentParams() map[string]string { return maps.Clone(l.params) }

// Trials returns a row per finished trial (do not change it).
func (l *Lifetime) Trials() []TrialRow { return l.trials }

// Curve returns the cumulative-reward curve sampled so far.
func (l *Lifetime) Curve() []CurvePoint { return l.curve }

// Events returns a row per world event so far, with the recovery measured
// after it (do not change it).
func (l *Lifetime) Events() []EventRow { return l.events }

// Surprises returns the agent's surprises so far (0 for agents that have
// no model).
func (l *Lifetime) Surprises() int64 { return l.surprises }

// Done reports whether the lifetime reached its length.
func (l *Lifetime) Done() bool {
	if l.cfg.StopAtCriterion && l.goodRun >= 3 {
		return true
	}
	if l.cfg.Steps > 0 {
		return l.world.StepCount() >= l.cfg.Steps
	}
	return len(l.trials) >= l.cfg.Trials
}

// Progress returns how far the lifetime is and its length, in steps or
// trials.
func (l *Lifetime) Progress() (done, total int64) {
	if l.cfg.Steps > 0 {
		return l.world.StepCount(), l.cfg.Steps
	}
	return int64(len(l.trials)), int64(l.cfg.Trials)
}

// Step runs one whole agent step.
func (l *Lifetime) Step() error {
	if !l.world.InStep() {
		if err := l.begin(); err != nil {
			return err
		}
	}
	for {
		if l.replay != nil {
			if err := l.replayEdits(true); err != nil {
				return err
			}
		}
		if l.world.Tick() {
			break
		}
	}
	return l.endStep()
}

// Tick advances one physics tick, asking the agent for an action when no
// step is under way.
func (l *Lifetime) Tick() error {
	if !l.world.InStep() {
		if err := l.begin(); err != nil {
			return err
		}
	}
	if l.replay != nil {
		if err := l.replayEdits(true); err != nil {
			return err
		}
	}
	if l.world.Tick() {
		return l.endStep()
	}
	return nil
}

func (l *Lifetime) begin() error {
	if l.replay != nil {
		if err := l.replayEdits(false); err != nil {
			return err
		}
	}
	if l.world.Trial() != l.cfgTrial {
		l.noteConfig()
	}
	t0 := time.Now()
	a := l.agent.Act(l.obs)
	l.agentNanos += int64(time.Since(t0))
	l.scoreBelief()
	if l.failer != nil {
		if err := l.failer.Failure(); err != nil {
			return fmt.Errorf("agent %s failed: %w", l.cfg.Agent, err)
		}
	}
	if err := l.world.ActionSpec().Validate(a); err != nil {
		return fmt.Errorf("agent %s at step %d: %w", l.cfg.Agent, l.world.StepCount(), err)
	}
	if l.replay != nil {
		if err := l.replayCheck(a); err != nil {
			return err
		}
	}
	if l.rec != nil {
		l.rec.add(a)
	}
	l.world.Begin(a)
	return nil
}

// surpriser is implemented by agents that count their surprises.
type surpriser interface{ Surprises() int64 }

func (l *Lifetime) endStep() error {
	l.obs = l.world.Observation()
	if l.cfg.Trials > 0 && l.world.Stuck() {
		// A lifetime measured in trials would never end.
		return fmt.Errorf("%s: %w", l.sc.Source, l.world.StuckError())
	}
	if s, ok := l.agent.(surpriser); ok {
		l.surprises = s.Surprises()
	}
	if tr, ok := l.world.TrialEnded(); ok {
		row := rowOf(tr, l.sc)
		now := l.compute()
		row.Backups, row.SearchNodes = now.backups-l.trialCompute.backups, now.searchNodes-l.trialCompute.searchNodes
		row.AgentSeconds = float64(now.nanos-l.trialCompute.nanos) / 1e9
		l.trialCompute = now
		l.endBeliefTrial(&row)
		row.Config = l.trialConfig
		l.trials = append(l.trials, row)
		l.updateRecovery()
		if r := l.trials[len(l.trials)-1].PathRatio; r <= RecoveredRatio {
			l.goodRun++
		} else {
			l.goodRun = 0
		}
		l.endPath(tr)
	} else {
		l.recordPath()
	}
	l.collectEvents()
	l.sample()
	if err := l.probe(); err != nil {
		return err
	}
	if r := l.rec; r != nil && r.due(l.world.StepCount()) {
		return l.keyframe()
	}
	return nil
}

// sample adds a point to the reward curve when one is due.
func (l *Lifetime) sample() {
	if step := l.world.StepCount(); step%l.sampleEvery == 0 {
		if len(l.curve) == maxCurvePoints {
			// Keep memory flat over any lifetime: drop every other sample
			// and sample half as often.
			k := len(l.metricNames)
			for i := 0; i < len(l.curve)/2; i++ {
				l.curve[i] = l.curve[2*i+1]
				if k > 0 {
					row := l.curveMetrics[i*k : (i+1)*k]
					copy(row, l.curve[i].Metrics)
					l.curve[i].Metrics = row
				}
			}
			l.curve = l.curve[:len(l.curve)/2]
			l.sampleEvery *= 2
			if step%l.sampleEvery != 0 {
				return
			}
		}
		l.curve = append(l.curve, CurvePoint{Step: step, CumReward: l.world.TotalReward(), Trials: len(l.trials), Surprises: l.surprises, Metrics: l.sampleMetrics()})
	}
}

// maxCurvePoints bounds the reward curve kept in memory.
const maxCurvePoints = 4096

// PathPoint is a position of the body in world coordinates (metres, y up).
type PathPoint struct{ X, Y float64 }

// LastTrialPath returns the body's path through the last finished trial,
// from its start to the cheese (nil before the first cheese; do not change
// it). The body's pose is taken at the end of every step, or of every
// 2^k-th step in a trial longer than maxPathPoints steps.
func (l *Lifetime) LastTrialPath() []PathPoint { return l.lastPath.pts }

// TrialPath returns the body's path through the trial under way so far (do
// not change it).
func (l *Lifetime) TrialPath() []PathPoint { return l.path.pts }

// startPath begins the path of a new trial where the body stands.
func (l *Lifetime) startPath() {
	x, y, _ := l.world.Pose()
	l.path.reset(PathPoint{x, y})
}

// recordPath adds the body's pose after a step of the trial under way.
func (l *Lifetime) recordPath() {
	if l.path.due() {
		x, y, _ := l.world.Pose()
		l.path.add(PathPoint{x, y})
	}
}

// endPath closes the trial's path at the cheese it ended on and begins the
// next trial's. With return_to_start the experimenter's hand has already
// carried the body back, so the eaten cell's centre stands for where it
// ate; otherwise the body is still there.
func (l *Lifetime) endPath(tr sim.TrialRecord) {
	x, y, _ := l.world.Pose()
	if l.sc.OnCheese == world.ReturnToStart {
		x, y = l.world.CellCentre(tr.EndCell)
	}
	l.path.pts = append(l.path.pts, PathPoint{x, y})
	l.path, l.lastPath = l.lastPath, l.path
	l.startPath()
}

// maxPathPoints bounds a trace.
const maxPathPoints = 4096

// trace is the path of one trial with memory bounded however long the
// trial lasts: point i stands for step i*stride of the trial, and the
// stride doubles (dropping every other point) whenever the trace is full.
type trace struct {
	pts    []PathPoint
	steps  int64 // steps since the trial began
	stride int64
}

// reset starts a trace at p, reusing its memory.
func (t *trace) reset(p PathPoint) {
	t.pts = append(t.pts[:0], p)
	t.steps, t.stride = 0, 1
}

// due counts a step and reports whether its point belongs in the trace;
// if so the caller must add it.
func (t *trace) due() bool {
	t.steps++
	if t.steps%t.stride != 0 {
		return false
	}
	if len(t.pts) < maxPathPoints {
		return true
	}
	n := 0
	for i := 0; i < len(t.pts); i += 2 {
		t.pts[n] = t.pts[i]
		n++
	}
	t.pts = t.pts[:n]
	t.stride *= 2
	return t.steps%t.stride == 0
}

// add appends the point of a due step.
func (t *trace) add(p PathPoint) { t.pts = append(t.pts, p) }

// collectEvents turns newly applied world events into event rows.
func (l *Lifetime) collectEvents() {
	applied := l.world.Applied()
	cur := l.world.CurrentTrial()
	for ; l.nextEvent < len(applied); l.nextEvent++ {
		e := applied[l.nextEvent]
		// An event at the very start of a trial (at_trial, or at birth)
		// changes that whole trial; otherwise the next one is the first
		// to start in the changed world.
		first := e.Trial + 1
		if e.Trial == cur.Trial && e.Step == cur.StartStep {
			first = e.Trial
		}
		l.events = append(l.events, EventRow{
			Index: e.Index, Step: e.Step, Trial: e.Trial,
			What:            describe(e.Event),
			RecoveryTrials:  -1,
			RecoverySteps:   -1,
			RelocaliseSteps: -1,
			firstTrialAfter: first,
		})
		l.watchCarry(len(l.events)-1, e.Event)
	}
}

// updateRecovery checks, after each trial, whether the rat has recovered
// from each world event: three trials in a row with path ratio ≤ 1.1,
// counted from the first trial that began after the event. The count
// stops at the next world event: the three trials must all begin before
// the first trial of the next event that changes a later trial (events
// that change the same trial share one window). An event whose window
// closes without recovery is marked Unrecovered: the rat never recovered
// from it before the next one.
func (l *Lifetime) updateRecovery() {
	n := len(l.trials)
	if n == 0 {
		return
	}
	latest := l.trials[n-1].Trial
	for i := range l.events {
		e := &l.events[i]
		if e.RecoveryTrials >= 0 || e.Unrecovered {
			continue
		}
		if n >= 3 {
			last := l.trials[n-3:]
			if last[0].Trial >= e.firstTrialAfter && allGood(last) {
				// Recovered when the first of the three good trials began.
				e.RecoveryTrials = last[0].Trial - e.firstTrialAfter
				e.RecoverySteps = last[0].StartStep - e.Step
				continue
			}
		}
		if latest >= l.windowEnd(i)-1 {
			// The last trial of the window has ended without recovery:
			// no later trial counts for this event.
			e.Unrecovered = true
		}
	}
}

// windowEnd returns the first trial outside event row i's recovery
// window: the first trial after the next event that changes a later trial
// than row i does (math.MaxInt while there is none).
func (l *Lifetime) windowEnd(i int) int {
	for _, f := range l.events[i+1:] {
		if f.firstTrialAfter > l.events[i].firstTrialAfter {
			return f.firstTrialAfter
		}
	}
	return math.MaxInt
}

// allGood reports whether every trial has a path ratio ≤ RecoveredRatio.
func allGood(rows []TrialRow) bool {
	for _, t := range rows {
		if !(t.PathRatio <= RecoveredRatio) {
			return false
		}
	}
	return true
}

// RecoveredRatio is the path ratio at or below which a trial counts as
// good for the recovery measure.
const RecoveredRatio = 1.1

func describe(e world.Event) string {
	var parts []string
	if len(e.Open) > 0 {
		parts = append(parts, "open "+string(e.Open))
	}
	if len(e.Close) > 0 {
		parts = append(parts, "close "+string(e.Close))
	}
	if e.Cheese != nil {
		parts = append(parts, fmt.Sprintf("cheese %v", e.Cheese))
	}
	if e.Reward != nil {
		parts = append(parts, "reward")
	}
	for _, w := range e.Walls {
		verb := "remove wall"
		if w.Add {
			verb = "add wall"
		}
		parts = append(parts, fmt.Sprintf("%s %v %v", verb, w.Cell, w.Side))
	}
	if e.Rat != nil {
		parts = append(parts, fmt.Sprintf("rat to %v", *e.Rat))
	}
	if e.Maze != nil {
		parts = append(parts, "maze "+e.Maze.Name)
	}
	if e.Probe > 0 {
		parts = append(parts, fmt.Sprintf("probe of %d steps", e.Probe))
	}
	for _, it := range e.Items {
		if d := describe(it); d != "" {
			parts = append(parts, d)
		}
	}
	return strings.Join(parts, "; ")
}

// TrialRow is one line of trials.csv.
type TrialRow struct {
	Trial     int
	StartStep int64
	EndStep   int64
	Steps     int64
	Ticks     int64
	Moves     int
	Optimal   int
	PathRatio float64 // NaN when optimal is 0
	Reward    float64
	Bumps     int

	// The compute the agent spent in the trial: backups and search nodes
	// as it counts them (0 for agents that report none), and seconds inside
	// its Act (the one figure that depends on the machine).
	Backups      int64
	SearchNodes  int64
	AgentSeconds float64

	// How well the agent knew where it was (NaN for an agent that keeps
	// no belief): the share of the trial's steps whose believed place was
	// wrong, and the largest distance between believed and true position.
	Lost      float64
	PoseError float64
	// How the trial ended when not at cheese, where it began, the first
	// region the rat entered ("" for none) and the ticks it spent in each
	// of the scenario's regions.
	TimedOut, Probe, Stranded bool
	StartCell                 world.Cell
	FirstRegion               string
	RegionTicks               []int64
	// Config is the number of the world configuration the trial began in
	// (1 = the world at birth, then in the order first met; see
	// Lifetime.ConfigIDs).
	Config int
}

func rowOf(t sim.TrialRecord, sc *world.Scenario) TrialRow {
	r := TrialRow{
		Trial: t.Trial, StartStep: t.StartStep, EndStep: t.EndStep, Steps: t.Steps(), Ticks: t.Ticks(),
		Moves: t.Moves, Optimal: t.Optimal, PathRatio: t.PathRatio(), Reward: t.Reward, Bumps: t.Bumps,
		TimedOut: t.TimedOut, Probe: t.Probe, Stranded: t.Stranded, StartCell: t.StartCell,
	}
	if n := len(sc.Regions); n > 0 {
		r.RegionTicks = slices.Clone(t.RegionTicks[:n])
		if t.FirstRegion >= 0 && int(t.FirstRegion) < n {
			r.FirstRegion = sc.Regions[t.FirstRegion].Name
		}
	}
	return r
}

// RegionNames returns the names of the scenario's regions, in order: the
// ticks_in_ columns of trials.csv.
func RegionNames(sc *world.Scenario) []string {
	names := make([]string, len(sc.Regions))
	for i, r := range sc.Regions {
		names[i] = r.Name
	}
	return names
}

// CurvePoint is one sample of the lifetime's cumulative reward.
type CurvePoint struct {
	Step      int64
	CumReward float64
	Trials    int
	Surprises int64
	Metrics   []float64 // the agent's metrics then, in MetricNames order (nil if it reports none)
}

// EventRow is one world event and how long the rat took to recover from it.
type EventRow struct {
	Index          int   // in the scenario's schedule; -1 for an intervention
	Step           int64 // when it took effect
	Trial          int   // the trial under way then
	What           string
	RecoveryTrials int   // trials after the event until three good trials in a row began; -1 not yet
	RecoverySteps  int64 // steps from the event to the start of those trials; -1 not yet
	// Unrecovered: the next world event came before the rat recovered
	// (the recovery is counted only up to the next event).
	Unrecovered bool

	// For an event that carried the rat, and an agent that keeps a belief
	// of where it is: the steps until that belief was right again (for
	// RelocalisedRun steps in a row); -1 not yet.
	Carried         bool
	RelocaliseSteps int64

	firstTrialAfter int
}

// medianPathRatio returns the median path ratio of the last n trials (NaN
// when there are none with a known ratio).
func medianPathRatio(rows []TrialRow, n int) float64 { return Median(LastPathRatios(rows, n)) }

// LastPathRatios returns the known path ratios of the last n trials.
func LastPathRatios(rows []TrialRow, n int) []float64 {
	if len(rows) > n {
		rows = rows[len(rows)-n:]
	}
	var r []float64
	for _, t := range rows {
		if !math.IsNaN(t.PathRatio) {
			r = append(r, t.PathRatio)
		}
	}
	return r
}
