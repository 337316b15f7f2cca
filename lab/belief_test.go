package lab

import (
	"math"
	"testing"

	"github.com/mazerat/mazerat/agent"
	"github.com/mazerat/mazerat/world"
)

// TestFrameAlignment: an agent's own lattice, born in its middle place,
// lies on the maze with its origin on the birth cell; places off the maze
// map to -1, and metres shift by whole cells.
func TestFrameAlignment(t *testing.T) {
	m := world.NewMaze(world.ThinWalls, 5, 5)
	const cell = 0.5
	v := agent.View{OwnFrame: true, W: 9, H: 9, Origin: 4*9 + 4}
	for i, tc := range []struct {
		birth world.Cell
		own   int
		want  int
	}{
		{world.Cell{Row: 0, Col: 0}, 4*9 + 4, 0},
		{world.Cell{Row: 0, Col: 0}, 4*9 + 5, 1},
		{world.Cell{Row: 0, Col: 0}, 5*9 + 4, 5},
		{world.Cell{Row: 0, Col: 0}, 3*9 + 4, -1}, // north of the maze
		{world.Cell{Row: 2, Col: 3}, 4*9 + 4, 2*5 + 3},
		{world.Cell{Row: 2, Col: 3}, 2*9 + 1, 0},
		{world.Cell{Row: 2, Col: 3}, 2*9 + 3, 2},
		{world.Cell{Row: 4, Col: 4}, 0*9 + 0, 0},
		{world.Cell{Row: 4, Col: 4}, -1, -1},
	} {
		f := frameOf(v, m, tc.birth, cell)
		if got := f.place(tc.own, m); got != tc.want {
			t.Errorf("%d: born in %v, own place %d is maze cell %d, want %d", i, tc.birth, tc.own, got, tc.want)
		}
	}
	// The centre of the origin place is the centre of the birth cell.
	f := frameOf(v, m, world.Cell{Row: 1, Col: 3}, cell)
	ox, oy := (4+0.5)*cell, (9-4-0.5)*cell
	p := f.pose(agent.Pose{Known: true, Place: v.Origin, X: ox, Y: oy}, m)
	if wx, wy := (3+0.5)*cell, (5-1-0.5)*cell; math.Abs(p.X-wx) > 1e-12 || math.Abs(p.Y-wy) > 1e-12 || p.Place != 1*5+3 {
		t.Errorf("origin's centre on the maze: %+v, want (%v, %v) in cell 8", p, wx, wy)
	}
	// A lattice that is the maze's own is left alone.
	if got := frameOf(agent.View{W: 5, H: 5}, m, world.Cell{}, cell).place(7, m); got != 7 {
		t.Errorf("a maze-lattice place 7 became %d", got)
	}
}

// TestBeliefScores: the lab scores a belief where there is one. An agent
// without one leaves lost and pose_error empty; dyna with the place sensor
// is never lost; dyna without it, carried mid-trial (the kidnapped
// scenario), is lost for a few steps of that trial and relocalised well
// within 50.
func TestBeliefScores(t *testing.T) {
	wf, err := NewLifetime(Config{Scenario: load(t, "theseus"), Agent: "wallfollow", Trials: 2})
	if err != nil {
		t.Fatal(err)
	}
	live(t, wf)
	for _, r := range wf.Trials() {
		if !math.IsNaN(r.Lost) || !math.IsNaN(r.PoseError) {
			t.Errorf("wallfollow trial %d: lost %v, pose error %v, want NaN (no belief)", r.Trial, r.Lost, r.PoseError)
		}
	}
	if s := wf.Summary(0); s.Belief != nil || wf.Belief().Known {
		t.Errorf("wallfollow has a belief summary %+v", s.Belief)
	}

	on, err := NewLifetime(Config{Scenario: load(t, "theseus"), Agent: "dyna", Trials: 3})
	if err != nil {
		t.Fatal(err)
	}
	live(t, on)
	for _, r := range on.Trials() {
		if r.Lost != 0 || !(r.PoseError >= 0 && r.PoseError < 0.25*math.Sqrt2) {
			t.Errorf("dyna with the place sensor, trial %d: lost %v, pose error %v; want 0 and within its cell", r.Trial, r.Lost, r.PoseError)
		}
	}

	off, err := NewLifetime(Config{Scenario: load(t, "kidnapped"), Agent: "dyna", Steps: 4800})
	if err != nil {
		t.Fatal(err)
	}
	live(t, off)
	var carry *EventRow
	for i := range off.Events() {
		if e := &off.Events()[i]; e.Carried {
			carry = e
		}
	}
	if carry == nil {
		t.Fatal("the kidnapped scenario's carry is not among the events")
	}
	if carry.RelocaliseSteps < 0 || carry.RelocaliseSteps > 50 {
		t.Errorf("relocalised %d steps after the carry, want 0..50", carry.RelocaliseSteps)
	}
	sum := off.Summary(0).Belief
	if sum == nil || sum.CarryEvents != 1 || sum.Relocalised != 1 || sum.Relocalise == nil || *sum.Relocalise != float64(carry.RelocaliseSteps) {
		t.Errorf("summary belief %+v, want one carry, relocalised after %d steps", sum, carry.RelocaliseSteps)
	}
	found := false
	for _, r := range off.Trials() {
		if math.IsNaN(r.Lost) || r.Lost < 0 || r.Lost > 1 {
			t.Fatalf("trial %d: lost %v, want a share", r.Trial, r.Lost)
		}
		if r.StartStep <= carry.Step && carry.Step <= r.EndStep {
			found = true
			if r.Lost == 0 {
				t.Errorf("the trial of the carry: lost %v, want some of its steps lost", r.Lost)
			}
		}
	}
	if !found {
		t.Errorf("the trial of the carry (step %d) did not end by step %d", carry.Step, off.World().StepCount())
	}
}
