// Package lab lives lifetimes and measures them: the lifetime loop shared
// by the command line, the window and the server (Lifetime), trial
// metrics and world-event recovery, retention across world configurations
// (retention.go) and probe trials with learning frozen (probe.go), the
// agent's own metrics and the compute it spends, run outputs (trials.csv,
// reward.csv, events.csv, metrics.csv, retention.csv, probes.csv,
// summary.json, a learning-curve PNG, a retention PNG, the maze with the
// last trial's path) written atomically, checkpoints and recordings, and the
// statistics and the worker pool that sweeps and reproductions share.
//
// Start with Run(ctx, Config{...}, Options{Out: dir}); front ends that
// animate a lifetime build a Lifetime with NewLifetime and call Tick.
// Config names a registered agent, or gives an agent of your own by its
// constructor (AgentSpec, ExampleRun); such a lifetime checkpoints (when
// the agent is agent.Stateful), records and replays like any other.
// Many lifetimes at once: RunMany, or the packages built on lab, sweep
// (parameter sweeps across seeds and machines) and repro (the classic
// results, checked).
package lab
