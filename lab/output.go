package lab

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
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
var OutputFiles = []string{TrialsFile, RewardFile, EventsFile, SummaryFile, LearningPNG, MazePNG, MetricsFile}

// WriteFileAtomic writes data to path so that a reader (or a crash) sees
// either the old file or the whole new one: a temporary file in the same
// directory, synced, then renamed over path, then the directory synced.
func WriteFileAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	// CreateTemp makes the file private; results are for sharing.
	err = f.Chmod(0o644)
	if err == nil {
		_, err = f.Write(data)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync() // best effort: not every file system can sync a directory
		d.Close()
	}
	return nil
}

// formatFloat writes x in the shortest form that reads back to the same
// value; NaN is written as an empty field.
func formatFloat(x float64) string {
	if math.IsNaN(x) {
		return ""
	}
	return strconv.FormatFloat(x, 'g', -1, 64)
}

// TrialsHeader is the header of trials.csv. Every column depends only on
// the configuration and seed but the last, AgentSecondsColumn, which is
// time measured on the machine.
var TrialsHeader = []string{"trial", "start_step", "end_step", "steps", "ticks", "moves", "optimal", "path_ratio", "reward", "bumps",
	"backups", "search_nodes", "lost", "pose_error", AgentSecondsColumn}

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

// TrialsCSV returns trials.csv for the rows.
func TrialsCSV(rows []TrialRow) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write(TrialsHeader)
	for _, r := range rows {
		ratio := ""
		if !math.IsNaN(r.PathRatio) {
			ratio = strconv.FormatFloat(r.PathRatio, 'f', 4, 64)
		}
		w.Write([]string{
			strconv.Itoa(r.Trial), strconv.FormatInt(r.StartStep, 10), strconv.FormatInt(r.EndStep, 10),
			strconv.FormatInt(r.Steps, 10), strconv.FormatInt(r.Ticks, 10), strconv.Itoa(r.Moves),
			strconv.Itoa(r.Optimal), ratio, formatFloat(r.Reward), strconv.Itoa(r.Bumps),
			strconv.FormatInt(r.Backups, 10), strconv.FormatInt(r.SearchNodes, 10),
			formatFloat(r.Lost), formatFloat(r.PoseError),
			strconv.FormatFloat(r.AgentSeconds, 'f', 6, 64),
		})
	}
	w.Flush()
	return b.Bytes()
}

// RewardCSV returns reward.csv: cumulative reward, trials and surprises
// sampled along the lifetime.
func RewardCSV(points []CurvePoint) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write([]string{"step", "cumulative_reward", "trials", "surprises"})
	for _, p := range points {
		w.Write([]string{strconv.FormatInt(p.Step, 10), formatFloat(p.CumReward), strconv.Itoa(p.Trials), strconv.FormatInt(p.Surprises, 10)})
	}
	w.Flush()
	return b.Bytes()
}

// EventsCSV returns events.csv: every world event and the recovery after it.
func EventsCSV(rows []EventRow) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write([]string{"event", "step", "trial", "what", "recovery_trials", "recovery_steps", "relocalise_steps"})
	for _, e := range rows {
		rt, rs, rl := "", "", ""
		if e.RecoveryTrials >= 0 {
			rt, rs = strconv.Itoa(e.RecoveryTrials), strconv.FormatInt(e.RecoverySteps, 10)
		}
		if e.Carried && e.RelocaliseSteps >= 0 {
			rl = strconv.FormatInt(e.RelocaliseSteps, 10)
		}
		w.Write([]string{strconv.Itoa(e.Index), strconv.FormatInt(e.Step, 10), strconv.Itoa(e.Trial), e.What, rt, rs, rl})
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
	Surprises      int64              `json:"surprises"`
	Hash           string             `json:"trajectory_hash"`
	FirstTrial     *FirstTrial        `json:"first_trial,omitempty"`
	MedianRatioL5  *float64           `json:"median_path_ratio_last5,omitempty"`
	Events         []EventSummary     `json:"events,omitempty"`
	ModelSize      int                `json:"model_size"`
	Compute        Compute            `json:"compute"`
	Belief         *BeliefSummary     `json:"belief,omitempty"`
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

// WriteNewFile writes data to dir/stem+ext, or stem-2, stem-3 ... the first
// name that is free, never replacing a file: the data is written to a
// temporary file first and hard-linked to the name, which fails if the
// name is taken (or, where links are not supported, created exclusively).
// It returns the path written. Saved mazes and snapshots use it: nothing
// the user has is replaced.
func WriteNewFile(dir, stem, ext string, data []byte) (string, error) {
	if dir == "" {
		dir = "." // not os.CreateTemp's default, the system's temporary directory
	}
	name := func(i int) string {
		if i == 1 {
			return filepath.Join(dir, stem+ext)
		}
		return filepath.Join(dir, fmt.Sprintf("%s-%d%s", stem, i, ext))
	}
	const tries = 10000
	f, err := os.CreateTemp(dir, "."+stem+ext+".tmp-*")
	if err == nil {
		tmp := f.Name()
		defer os.Remove(tmp)
		err = f.Chmod(0o644)
		if err == nil {
			_, err = f.Write(data)
		}
		if err == nil {
			err = f.Sync()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return "", fmt.Errorf("writing %s%s in %s: %w", stem, ext, dir, err)
		}
		for i := 1; i <= tries; i++ {
			p := name(i)
			lerr := os.Link(tmp, p)
			if lerr == nil {
				return p, nil
			}
			if !errors.Is(lerr, fs.ErrExist) {
				break // no hard links here: create the file exclusively
			}
		}
	}
	for i := 1; i <= tries; i++ {
		p := name(i)
		f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", fmt.Errorf("writing %s%s in %s: %w", stem, ext, dir, err)
		}
		_, err = f.Write(data)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(p)
			return "", fmt.Errorf("writing %s: %w", p, err)
		}
		return p, nil
	}
	return "", fmt.Errorf("no free name for %s%s in %s", stem, ext, dir)
}
