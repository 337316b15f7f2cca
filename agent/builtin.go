package agent

// The built-in agents, registered as any agent of your own would be
// (Register), from this one table.
func init() {
	for _, s := range builtins() {
		Register(s)
	}
}

func builtins() []Spec {
	dynaq := []Param{
		{"planning", "5", "planning updates per step (the book's n)"},
		{"alpha", "0.1", "step size"},
		{"gamma", "0.95", "discount"},
		{"epsilon", "0.1", "probability of a random action"},
		{"kappa", "0", "Dyna-Q+ exploration bonus: planning reward r + kappa*sqrt(tau)"},
	}
	return []Spec{
		{
			Name: "dyna",
			Help: "model-based continual learner: a map from rays and touch, a learned model of places, prioritized sweeping with K backups per step, exploration that survives change, a map of each world it meets (recalled on a return); without the place sensor it finds its own place from rays, compass and odometry",
			Params: []Param{
				{"planning", "25", "backups per step (K); 0 makes it model-free Q-learning on the same places"},
				{"alpha", "0.5", "step size of the update from real experience"},
				{"gamma", "0.99", "discount per option"},
				{"epsilon", "0", "probability of a random option"},
				{"optimism", "0.3", "value assumed for a place never visited"},
				{"kappa", "0.002", "the chance that a wall opened since it was last seen grows as kappa*sqrt(options since), in a maze of 100 edges"},
				{"maps", "8", "maps of different worlds kept at most (1..64): when the world contradicts the map in use widely it recalls a stored map that fits or starts a new one, forgetting the least recently used; 1 keeps one map rewritten as the world changes. Without the place sensor the relocaliser decides, weighing each stored map and a new one as poses"},
			},
			New: newDyna,
		},
		{
			Name:   "dynaq",
			Help:   "tabular Dyna-Q exactly as in Sutton & Barto (2018) §8.2: ε-greedy, a deterministic model, n uniform random planning updates; kappa > 0 makes it Dyna-Q+ (§8.3). Needs moves control and the place sensor",
			Params: dynaq,
			New:    func(env Env, p Params) (Agent, error) { return newDynaQ("dynaq", env, p, true) },
		},
		{
			Name: "qlearn",
			Help: "tabular one-step Q-learning (Dyna-Q with n = 0), ε-greedy. Needs moves control and the place sensor",
			// Dyna-Q's step size, discount and exploration, without planning.
			Params: dynaq[1:4],
			New:    func(env Env, p Params) (Agent, error) { return newDynaQ("qlearn", env, p, false) },
		},
		{
			Name: "random",
			Help: "uniform random actions: a random move each step in moves control; in wheels control a random wheel pair held for a random number of steps",
			Params: []Param{
				{"hold", "5", "wheels control: the mean number of steps a random wheel pair is held (1..1000); each pair is held for a uniform 1..2*hold-1 steps"},
			},
			New: newRandom,
		},
		{
			Name: "wallfollow",
			Help: "the right-hand rule from rays and touch (compass where it helps; no place, no map): cell by cell in moves control, a continuous wall follower on the rays in wheels control (best with the compass)",
			Params: []Param{
				{"side", "right", "the hand kept on the wall: right or left"},
				{"speed", "0.6", "wheels control: forward command while following (0.1..1)"},
				{"distance", "0.45", "wheels control: distance kept from the wall, in cells, body centre to wall face (0.3..0.7); 0.45 is the middle of a thin-wall corridor, 0.5 of a block one"},
				{"steer", "5", "wheels control: turn rate per radian of heading error, rad/s (0.5..50)"},
			},
			New: newWallfollow,
		},
		streamSpec(),
	}
}
