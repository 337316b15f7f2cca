// Package agent holds the learning agents behind one interface, Agent, and
// the registry that builds them by name with "agent.*" parameters
// (`--agent dyna --set agent.planning=50`).
//
// An agent sees only sim.Observation values and the specs in its Env,
// never the simulator's ground truth; it imports sim for those types only,
// never cp. View is the read-only snapshot of its memory that the window
// and the lab draw.
//
// Non-learning agents for baselines and plumbing: random (uniform random
// actions) and wallfollow (the right-hand rule from rays and touch).
package agent
