// Package lab runs experiments: the lifetime loop shared by the command
// line and the window (Lifetime), trial metrics and world-event recovery,
// run outputs (trials.csv, reward.csv, events.csv, summary.json, a
// learning-curve PNG, the maze with the last trial's path), written
// atomically.
//
// Start with Run(ctx, Config{...}, Options{Out: dir}); front ends that
// animate a lifetime build a Lifetime with NewLifetime and call Tick.
// Config names a registered agent, or gives an agent of your own by its
// constructor (AgentSpec, ExampleRun); such a lifetime checkpoints (when
// the agent is agent.Stateful), records and replays like any other.
package lab
