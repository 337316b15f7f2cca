// Package agent holds the learning agents behind one interface, Agent, and
// the registry that builds them by name with "agent.*" parameters
// (`--agent dyna --set agent.planning=50`).
//
// An agent sees only sim.Observation values and the specs in its Env,
// never the simulator's ground truth; it imports sim for those types only,
// never cp. View is the read-only snapshot of its memory that the window
// and the lab draw.
//
// The default agent, dyna, starts in dyna.go (the agent and its planner);
// one placeModel (dynamodel.go) holds a map and all that was learned on
// it, and dyna holds up to agent.maps of them, one per world it has met,
// switching between them when the world contradicts the map in use
// widely (dynamaps.go; without the place sensor, by the relocaliser's
// rival poses on every map, dynaremap.go). Its map is dynamap.go, the wheels
// controller dynactl.go, moving cheese dynafood.go, and, without the place
// sensor, its own localisation dynaloc.go (a Kalman-tracked pose, the scan
// scored against the map, relocalisation by rival hypotheses); it reports
// its belief through Localiser and View.Pose. dynaq is the book's Dyna-Q
// and Q-learning.
//
// An agent of your own: implement Agent (and Stateful, for checkpoints
// and recordings), then either Register its Spec from an init function, so
// that it is built by name everywhere a built-in agent is, or hand the
// Spec to lab.Config.AgentSpec. Package agent/agenttest holds it to the
// same conformance suite the built-in agents pass. ExampleRegister shows
// the whole of it; the built-in agents register themselves the same way
// (builtin.go).
//
// Non-learning agents for baselines and plumbing: random (uniform random
// actions) and wallfollow (the right-hand rule from rays and touch).
//
// stream is the function-approximation learner: stream Q(λ) after
// Elsayed, Vasan & Mahmood (2024) on a LayerNorm network fed the raw
// sensor vector, learning one step at a time with no replay (stream.go;
// the network and its hand-derived gradients in streamnet.go; the
// plasticity diagnostics in streamdiag.go, the mitigations in
// streamplastic.go, the one-step model for planning in streammodel.go).
// Its learning can fail (a diverging network): it implements Failer, and
// the lab stops the lifetime with the error. See docs/plasticity.md.
package agent
