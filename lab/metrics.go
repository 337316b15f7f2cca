package lab

import (
	"bytes"
	"encoding/csv"
	"math"
	"strconv"

	"github.com/mazerat/mazerat/agent"
)

// compute is what an agent has spent since birth.
type compute struct {
	backups, searchNodes int64
	nanos                int64 // inside Act
}

// initMetrics finds out whether the agent reports metrics, and which of
// them are the compute counters.
func (l *Lifetime) initMetrics() {
	l.backupsAt, l.searchAt = -1, -1
	r, ok := l.agent.(agent.MetricReporter)
	if !ok {
		return
	}
	l.reporter = r
	l.metricBuf = r.Metrics(l.metricBuf[:0])
	l.metricNames = make([]string, len(l.metricBuf))
	for i, m := range l.metricBuf {
		l.metricNames[i] = m.Name
		switch m.Name {
		case "backups":
			l.backupsAt = i
		case "search_nodes":
			l.searchAt = i
		}
	}
}

// MetricNames returns the names of the agent's metrics (nil for an agent
// that reports none), in the order of CurvePoint.Metrics.
func (l *Lifetime) MetricNames() []string { return l.metricNames }

// Metrics returns the agent's metrics now (nil for an agent that reports
// none). The slice is reused by the next call.
func (l *Lifetime) Metrics() []agent.Metric {
	if l.reporter == nil {
		return nil
	}
	l.metricBuf = l.reporter.Metrics(l.metricBuf[:0])
	return l.metricBuf
}

// sampleMetrics returns the metrics' values for the curve's next point,
// in that point's row of curveMetrics.
func (l *Lifetime) sampleMetrics() []float64 {
	k := len(l.metricNames)
	if k == 0 {
		return nil
	}
	ms := l.Metrics()
	i := len(l.curve)
	row := l.curveMetrics[i*k : (i+1)*k]
	for j := range row {
		row[j] = 0
		if j < len(ms) {
			row[j] = ms[j].Value
		}
	}
	return row
}

// compute returns the compute the agent has spent since birth.
func (l *Lifetime) compute() compute {
	c := compute{nanos: l.agentNanos}
	if l.backupsAt < 0 && l.searchAt < 0 {
		return c
	}
	ms := l.Metrics()
	if l.backupsAt >= 0 && l.backupsAt < len(ms) {
		c.backups = int64(ms[l.backupsAt].Value)
	}
	if l.searchAt >= 0 && l.searchAt < len(ms) {
		c.searchNodes = int64(ms[l.searchAt].Value)
	}
	return c
}

// AgentSeconds returns the time spent inside the agent's Act since birth
// (in this process: a resumed lifetime counts from its checkpoint's
// figure).
func (l *Lifetime) AgentSeconds() float64 { return float64(l.agentNanos) / 1e9 }

// MetricsCSV returns metrics.csv: the step, then one column per metric,
// one row per sample of the reward curve (only the step for an agent
// that reports no metrics).
func MetricsCSV(names []string, points []CurvePoint) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write(append([]string{"step"}, names...))
	rec := make([]string, len(names)+1)
	for _, p := range points {
		rec[0] = strconv.FormatInt(p.Step, 10)
		for i := range names {
			rec[i+1] = ""
			if i < len(p.Metrics) {
				rec[i+1] = FormatFloat(p.Metrics[i])
			}
		}
		w.Write(rec)
	}
	w.Flush()
	return b.Bytes()
}

// metricsMap returns the metrics as a name → value map for summary.json.
func metricsMap(ms []agent.Metric) map[string]float64 {
	if len(ms) == 0 {
		return nil
	}
	out := make(map[string]float64, len(ms))
	for _, m := range ms {
		if !math.IsNaN(m.Value) && !math.IsInf(m.Value, 0) { // JSON has no NaN
			out[m.Name] = m.Value
		}
	}
	return out
}
