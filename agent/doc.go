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
// it, so that an agent can hold several. Its map is dynamap.go, the wheels
// controller dynactl.go, moving cheese dynafood.go, and, without the place
// sensor, its own localisation dynaloc.go (a Kalman-tracked pose, the scan
// scored against the map, relocalisation by rival hypotheses); it reports
// its belief through Localiser and View.Pose. dynaq is the book's Dyna-Q
// and Q-learning.
//
// Non-learning agents for baselines and plumbing: random (uniform random
// actions) and wallfollow (the right-hand rule from rays and touch).
package agent
