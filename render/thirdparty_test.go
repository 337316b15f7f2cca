package render_test

import (
	"testing"

	"github.com/mazerat/mazerat/agent"
	"github.com/mazerat/mazerat/lab"
	"github.com/mazerat/mazerat/render"
	"github.com/mazerat/mazerat/scenarios"
	"github.com/mazerat/mazerat/sim"
	"github.com/mazerat/mazerat/world"
)

// east always moves east: an agent of another package, with a memory of
// one place to draw.
type east struct{ places, w, h int }

func (e *east) Act(sim.Observation) sim.Action { return sim.Action{Move: world.East} }

func (e *east) View() agent.View {
	v := agent.View{Name: "east", Places: e.places, W: e.w, H: e.h, Value: make([]float64, e.places)}
	v.Value[0] = 1
	return v
}

// TestThirdPartyWindow: the window's App lives and draws a lifetime whose
// agent is given by its constructor, as it does a built-in one (the
// window itself runs this App; its own tests run under Xvfb).
func TestThirdPartyWindow(t *testing.T) {
	sc, err := scenarios.Load("dyna-maze")
	if err != nil {
		t.Fatal(err)
	}
	spec := &agent.Spec{Name: "east", New: func(env agent.Env, _ agent.Params) (agent.Agent, error) {
		return &east{env.Obs.NumPlaces, env.Obs.PlaceW, env.Obs.PlaceH}, nil
	}}
	l, err := lab.NewLifetime(lab.Config{Scenario: sc, AgentSpec: spec, Set: map[string]string{"control": "moves"}, Steps: 1 << 40})
	if err != nil {
		t.Fatal(err)
	}
	opt := render.DefaultOptions()
	opt.Speed = 64
	app, err := render.NewAppFor(l, opt)
	if err != nil {
		t.Fatal(err)
	}
	for range 30 {
		app.Update(render.Command{})
	}
	if err := app.Err(); err != nil {
		t.Fatal(err)
	}
	if l.World().StepCount() == 0 {
		t.Errorf("30 frames at 64x lived no step")
	}
	img, err := render.Snapshot(l, render.SnapshotOptions{Width: 320, Height: 200, Overlays: render.OverlayValue})
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 320 || b.Dy() != 200 {
		t.Errorf("snapshot %v, want 320x200", b)
	}
}
