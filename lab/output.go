package lab

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math"
	"slices"
	"strconv"
)

// Names of the files a run writes in its output directory.
const (
	TrialsFile  = "trials.csv"
	RewardFile  = "reward.csv"
	EventsFile  = "events.csv"
	SummaryFile = "summary.json"
	LearningPNG = "learning.png"
	MazePNG     = "maze.png"
	MetricsFile = "metrics.csv"
)

// OutputFiles lists every file a run may write, so front ends can refuse
// to overwrite a previous run's results.
var OutputFiles = []string{TrialsFile, RewardFile, EventsFile, SummaryFile, LearningPNG, MazePNG, MetricsFile, RetentionFile, RetentionPNG}

// FormatFloat writes x in the shortest form that reads back to the same
// value; NaN is written as an empty field.
func FormatFloat(x float64) string {
	if math.IsNaN(x) {
		return ""
	}
	return strconv.FormatFloat(x, 'g', -1, 64)
}

// TrialsHeader is the header of trials.csv for a scenario without regions
// (TrialsHeaderFor gives it for any). Every column depends only on the
// configuration and seed but AgentSecondsColumn, which is time measured on
// the machine. After the compute columns come how the trial ended
// (timed_out: it ran its limit of steps, probe trials included; probe;
// stranded: a change left no cheese in reach), where it began, the first
// region the rat entered, the world configuration it began in (config:
// numbered from 1 in the order first met, as in retention.csv), then, per
// region of the scenario, the ticks it spent there (ticks_in_<name>).
var TrialsHeader = []string{"trial", "start_step", "end_step", "steps", "ticks", "moves", "optimal", "path_ratio", "reward", "bumps",
	"backups", "search_nodes", "lost", "pose_error", AgentSecondsColumn, "timed_out", "probe", "stranded", "start_row", "start_col", "first_region", "config"}

// TrialsHeaderFor returns the header of trials.csv for a scenario with the
// given regions.
func TrialsHeaderFor(regions []string) []string {
	h := slices.Clone(TrialsHeader)
	for _, r := range regions {
		h = append(h, RegionColumn(r))
	}
	return h
}

// RegionColumn is the trials.csv column of the ticks spent in a region.
func RegionColumn(region string) string { return "ticks_in_" + region }

// AgentSecondsColumn is trials.csv's column of seconds spent inside the
// agent: the one column that depends on the machine.
const AgentSecondsColumn = "agent_seconds"

// Deterministic returns the bytes of the output file called name without
// what depends on the machine: summary.json without its "timing", and
// trials.csv without its agent_seconds column. Two lives of the same
// configuration and seed give the same Deterministic bytes on any machine
// of one architecture.
func Deterministic(name string, data []byte) []byte {
	switch name {
	case SummaryFile:
		var m map[string]any
		if json.Unmarshal(data, &m) != nil {
			return data
		}
		delete(m, "timing")
		out, _ := json.Marshal(m) // map keys are sorted
		return out
	case TrialsFile:
		recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
		if err != nil || len(recs) == 0 {
			return data
		}
		col := slices.Index(recs[0], AgentSecondsColumn)
		if col < 0 {
			return data
		}
		var b bytes.Buffer
		w := csv.NewWriter(&b)
		for _, r := range recs {
			if col < len(r) {
				r = slices.Delete(r, col, col+1)
			}
			w.Write(r)
		}
		w.Flush()
		return b.Bytes()
	}
	return data
}

// TrialsCSV returns trials.csv for the rows of a scenario with the given
// regions (nil for none).
func TrialsCSV(rows []TrialRow, regions []string) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write(TrialsHeaderFor(regions))
	for _, r := range rows {
		ratio := ""
		if !math.IsNaN(r.PathRatio) {
			ratio = strconv.FormatFloat(r.PathRatio, 'f', 4, 64)
		}
		rec := []string{
			strconv.Itoa(r.Trial), strconv.FormatInt(r.StartStep, 10), strconv.FormatInt(r.EndStep, 10),
			strconv.FormatInt(r.Steps, 10), strconv.FormatInt(r.Ticks, 10), strconv.Itoa(r.Moves),
			strconv.Itoa(r.Optimal), ratio, FormatFloat(r.Reward), strconv.Itoa(r.Bumps),
			strconv.FormatInt(r.Backups, 10), strconv.FormatInt(r.SearchNodes, 10),
			FormatFloat(r.Lost), FormatFloat(r.PoseError),
			strconv.FormatFloat(r.AgentSeconds, 'f', 6, 64),
			flag(r.TimedOut), flag(r.Probe), flag(r.Stranded),
			strconv.Itoa(r.StartCell.Row), strconv.Itoa(r.StartCell.Col), r.FirstRegion, strconv.Itoa(r.Config),
		}
		for i := range regions {
			var n int64
			if i < len(r.RegionTicks) {
				n = r.RegionTicks[i]
			}
			rec = append(rec, strconv.FormatInt(n, 10))
		}
		w.Write(rec)
	}
	w.Flush()
	return b.Bytes()
}

func flag(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

// RewardCSV returns reward.csv: cumulative reward, trials and surprises
// sampled along the lifetime.
func RewardCSV(points []CurvePoint) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write([]string{"step", "cumulative_reward", "trials", "surprises"})
	for _, p := range points {
		w.Write([]string{strconv.FormatInt(p.Step, 10), FormatFloat(p.CumReward), strconv.Itoa(p.Trials), strconv.FormatInt(p.Surprises, 10)})
	}
	w.Flush()
	return b.Bytes()
}

// EventsCSV returns events.csv: every world event and the recovery after
// it. Its recovered column is 1 when the rat recovered before the next
// event, 0 when the next event came first (the recovery columns are then
// empty for good), and empty while the lifetime ended with the event's
// window still open.
func EventsCSV(rows []EventRow) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write([]string{"event", "step", "trial", "what", "recovery_trials", "recovery_steps", "relocalise_steps", "recovered"})
	for _, e := range rows {
		rt, rs, rl, ok := "", "", "", ""
		if e.RecoveryTrials >= 0 {
			rt, rs, ok = strconv.Itoa(e.RecoveryTrials), strconv.FormatInt(e.RecoverySteps, 10), "1"
		}
		if e.Unrecovered {
			ok = "0"
		}
		if e.Carried && e.RelocaliseSteps >= 0 {
			rl = strconv.FormatInt(e.RelocaliseSteps, 10)
		}
		w.Write([]string{strconv.Itoa(e.Index), strconv.FormatInt(e.Step, 10), strconv.Itoa(e.Trial), e.What, rt, rs, rl, ok})
	}
	w.Flush()
	return b.Bytes()
}

// Summary is summary.json: what was run and what came of it. Fields under
// Timing depend on the machine; everything else depends only on the
// configuration and seed.
type Summary struct {
	Scenario       string             `json:"scenario"`
	Source         string             `json:"source"`
	Agent          string             `json:"agent"`
	Params         map[string]string  `json:"params"`
	Set            map[string]string  `json:"set,omitempty"`
	Seed           uint64             `json:"seed"`
	Control        string             `json:"control"`
	Steps          int64              `json:"steps"`
	Ticks          int64              `json:"ticks"`
	Trials         int                `json:"trials"`
	CumReward      float64            `json:"cumulative_reward"`
	RewardRate     float64            `json:"reward_per_1000_steps"` // cumulative reward × 1000 / steps (0 before the first step)
	Surprises      int64              `json:"surprises"`
	Hash           string             `json:"trajectory_hash"`
	FirstTrial     *FirstTrial        `json:"first_trial,omitempty"`
	MedianRatioL5  *float64           `json:"median_path_ratio_last5,omitempty"`
	Events         []EventSummary     `json:"events,omitempty"`
	ModelSize      int                `json:"model_size"`
	Compute        Compute            `json:"compute"`
	Belief         *BeliefSummary     `json:"belief,omitempty"`
	Retention      *RetentionSummary  `json:"retention,omitempty"`
	Probes         int                `json:"probe_trials,omitempty"` // probe trials taken (probes.csv)
	Metrics        map[string]float64 `json:"metrics,omitempty"`
	Timing         Timing             `json:"timing"`
	StoppedEarly   bool               `json:"stopped_early,omitempty"`
	StopReasonText string             `json:"stop_reason,omitempty"`
}

// FirstTrial is how the first trial went: the exploration run.
type FirstTrial struct {
	Steps   int64 `json:"steps"`
	Moves   int   `json:"moves"`
	Optimal int   `json:"optimal"`
}

// EventSummary is a world event and the recovery after it.
type EventSummary struct {
	Step           int64  `json:"step"`
	Trial          int    `json:"trial"`
	What           string `json:"what"`
	RecoveryTrials *int   `json:"recovery_trials"`
	RecoverySteps  *int64 `json:"recovery_steps"`
	// Recovered: true when the rat recovered before the next event, false
	// when the next event came first, null while the lifetime ended with
	// the event's window still open.
	Recovered *bool `json:"recovered"`
	// For an event that carried the rat, with an agent that keeps a
	// belief: steps until the belief was right again (null: not yet).
	RelocaliseSteps *int64 `json:"relocalise_steps,omitempty"`
}

// Compute is what the agent spent over the lifetime, as it counts it:
// value backups and search nodes (see agent.MetricReporter). The time it
// took is Timing.AgentSeconds.
type Compute struct {
	Backups     int64 `json:"backups"`
	SearchNodes int64 `json:"search_nodes"`
}

// Timing is the part of a summary that depends on the machine.
type Timing struct {
	WallSeconds    float64 `json:"wall_seconds"`
	TicksPerSecond float64 `json:"ticks_per_second"`
	StepsPerSecond float64 `json:"steps_per_second"`
	AgentSeconds   float64 `json:"agent_seconds"` // inside the agent's Act, since birth
}

// JSON returns the summary as indented JSON with a final newline.
func (s *Summary) JSON() []byte {
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		panic(err) // a Summary always marshals: no NaN can reach it
	}
	return append(b, '\n')
}
