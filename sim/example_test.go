package sim_test

import (
	"fmt"

	"github.com/mazerat/mazerat/scenarios"
	"github.com/mazerat/mazerat/sim"
	"github.com/mazerat/mazerat/world"
)

// Stepping a world in your own loop: no agent, no lab, just the body. The
// loop here drives the moves body of the Dyna maze east until a wall stops
// it, then north (a left turn at every wall), and prints what happened.
func Example_ownLoop() {
	sc, err := scenarios.Load("dyna-maze") // or world.Load("my.maze")
	if err != nil {
		panic(err)
	}
	if err := sc.Set("control", "moves"); err != nil {
		panic(err)
	}
	w, err := sim.New(sc, 1) // the seed fixes the whole lifetime
	if err != nil {
		panic(err)
	}
	obs := w.Observation() // the observation that begins step 0
	fmt.Println("rays:", w.ObservationSpec().Rays, "places:", w.ObservationSpec().NumPlaces)
	dir := world.East
	for range 40 {
		from := obs.Place
		obs = w.Step(sim.Action{Move: dir})
		if obs.Place == from { // a wall: turn left
			dir = (dir + 3) % 4
		}
		if obs.Ate {
			fmt.Println("ate at step", obs.Step)
		}
	}
	fmt.Println("steps:", w.StepCount(), "trial:", w.Trial(), "reward:", w.TotalReward())
	// Output:
	// rays: 9 places: 54
	// ate at step 27
	// steps: 40 trial: 2 reward: 1
}
