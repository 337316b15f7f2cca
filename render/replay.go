package render

import (
	"fmt"
	"time"

	"github.com/mazerat/mazerat/lab"
)

// A replay App shows a recorded lifetime (mazerat replay): the lifetime
// is rebuilt from the recording at any step (lab.Recording.At), so the
// agent's memory and every overlay are as they were then. Playing ticks
// the replayed lifetime forward, each action checked against the record;
// a timeline under the board shows where the replay stands, marks the
// interventions made by hand, and scrubs when dragged. The board cannot
// be changed in a replay.

// replayState is what a replay App adds to an App.
type replayState struct {
	rec      *lab.Recording
	marks    []int64 // steps with interventions
	dragging bool
	target   int64         // the step the pointer is on while dragging
	seekCost time.Duration // how long the last seek took (0 without a clock)
}

// timelineHeight is the height of the timeline strip, at scale 1.
const timelineHeight = 50

// NewReplayApp opens an App on recording rec at step at, playing at the
// speed of o unless o.Paused.
func NewReplayApp(rec *lab.Recording, at int64, o Options) (*App, error) {
	l, err := rec.At(at)
	if err != nil {
		return nil, err
	}
	a, err := NewAppFor(l, o)
	if err != nil {
		return nil, err
	}
	a.replay = &replayState{rec: rec, marks: rec.Interventions(), target: at}
	return a, nil
}

// Replaying reports whether the App shows a recording.
func (a *App) Replaying() bool { return a.replay != nil }

// GoTo shows the recorded lifetime at the start of step (clamped to the
// recording). Forward seeks within a keyframe interval step on from where
// the replay stands; others rebuild from the nearest keyframe.
func (a *App) GoTo(step int64) error {
	r := a.replay
	if r == nil {
		return fmt.Errorf("render: GoTo on an App that is not a replay")
	}
	step = min(max(step, r.rec.First()), r.rec.Last())
	var start time.Duration
	if a.clock != nil {
		start = a.clock()
	}
	cur := a.life.World().StepCount()
	if a.life.World().InStep() {
		cur = -1 // mid-step: rebuild
	}
	if cur >= 0 && step >= cur && step-cur <= lab.DefaultKeyEvery {
		for a.life.World().StepCount() < step {
			if err := a.life.Step(); err != nil {
				a.fail(err)
				return err
			}
		}
		a.attach(a.life)
	} else {
		l, err := r.rec.At(step)
		if err != nil {
			a.fail(err)
			return err
		}
		a.attach(l)
	}
	a.lastErr = nil
	if a.clock != nil {
		r.seekCost = a.clock() - start
	}
	r.target = step
	return nil
}

// seekBy moves the replay by d steps.
func (a *App) seekBy(d int64) {
	if a.replay == nil {
		return
	}
	a.paused = true
	cur := a.life.World().StepCount()
	if err := a.GoTo(cur + d); err != nil {
		a.Notify("seek: "+err.Error(), true)
	}
}

// replayPointer handles the mouse in a replay: the timeline scrubs; the
// board cannot be changed.
func (a *App) replayPointer(m Mouse, l layout) {
	r := a.replay
	p := Point{m.X, m.Y}
	a.mouse = p
	tl := l.timeline
	if m.Pressed && !a.help {
		switch {
		case m.In && tl.Contains(p):
			r.dragging = true
			a.paused = true
		case m.In && l.board.Contains(p):
			a.Notify("a replay cannot be changed: K saves a checkpoint here to continue it with mazerat watch --resume", true)
		}
	}
	if !r.dragging {
		return
	}
	a.rev++
	r.target = a.timelineStep(l, p.X)
	// Live scrubbing while seeks are quick; otherwise on release.
	live := a.clock != nil && r.seekCost < 40*time.Millisecond
	if (m.Released || !m.Down) || live && r.target != a.life.World().StepCount() {
		if err := a.GoTo(r.target); err != nil {
			a.Notify("seek: "+err.Error(), true)
		}
	}
	if m.Released || !m.Down {
		r.dragging = false
	}
}

// timelineTrack returns the x span of the timeline's track.
func timelineTrack(l layout) (x0, x1 float32) {
	pad := 14 * l.s
	return l.timeline.X + pad, l.timeline.Right() - pad
}

// timelineStep returns the step under pixel x of the timeline.
func (a *App) timelineStep(l layout, x float32) int64 {
	first, last := a.replay.rec.First(), a.replay.rec.Last()
	x0, x1 := timelineTrack(l)
	f := min(max((x-x0)/max(x1-x0, 1), 0), 1)
	return first + int64(float64(f)*float64(last-first)+0.5)
}

// timelineX returns the pixel x of step on the timeline.
func timelineX(l layout, first, last, step int64) float32 {
	x0, x1 := timelineTrack(l)
	if last <= first {
		return x0
	}
	return x0 + (x1-x0)*float32(float64(step-first)/float64(last-first))
}

// timelineVersion names what the timeline shows.
func (a *App) timelineVersion() uint64 {
	r := a.replay
	var h hasher
	h.add(uint64(a.life.World().StepCount()), uint64(r.target), b2u(r.dragging), b2u(a.paused),
		uint64(a.speed), b2u(a.life.Done()), uint64(len(r.marks)))
	return h.sum()
}

// drawTimeline draws the replay's timeline: where the replay stands in
// the recording, the interventions, and the step being dragged to.
func (a *App) drawTimeline(c Canvas, l layout) {
	r := a.replay
	fonts := c.Fonts()
	s := l.s
	tl := l.timeline
	c.FillRect(tl, colBackground)
	first, last := r.rec.First(), r.rec.Last()
	step := a.life.World().StepCount()
	state := "playing " + speedLabel(speeds[a.speed])
	switch {
	case a.life.Done():
		state = "end of the recording"
	case a.paused:
		state = "paused"
	}
	labels := []string{
		fmt.Sprintf("replay · step %s of %s–%s · %s", thousands(step), thousands(first), thousands(last), state),
		fmt.Sprintf("step %s of %s–%s · %s", thousands(step), thousands(first), thousands(last), state),
		fmt.Sprintf("step %s of %s–%s", thousands(step), thousands(first), thousands(last)),
		"step " + thousands(step),
	}
	if r.dragging && r.target != step {
		labels = []string{fmt.Sprintf("replay · to step %s (release to jump)", thousands(r.target)),
			fmt.Sprintf("to step %s (release to jump)", thousands(r.target)), "to step " + thousands(r.target)}
	}
	label := labels[len(labels)-1]
	for _, t := range labels {
		if fonts.Width(t, FontBody) <= tl.W*0.6 {
			label = t
			break
		}
	}
	c.Text(tl.X+14*s, tl.Y+2*s, label, FontBody, colText)
	hint := "← → a step · [ ] 100 steps · drag to scrub"
	hw := fonts.Width(hint, FontSmall)
	if hw < tl.W*0.38 {
		c.Text(tl.Right()-14*s-hw, tl.Y+4*s, hint, FontSmall, colTextDim)
	}
	x0, x1 := timelineTrack(l)
	y := tl.Y + fonts.Height(FontBody) + 16*s
	c.FillRect(Rect{x0, y - 2*s, x1 - x0, 4 * s}, colPanelLine)
	cx := timelineX(l, first, last, step)
	c.FillRect(Rect{x0, y - 2*s, cx - x0, 4 * s}, colPlan)
	for _, m := range r.marks {
		mx := timelineX(l, first, last, m)
		c.FillRect(Rect{mx - max(1, s), y - 8*s, 2 * max(1, s), 16 * s}, colSurpris)
	}
	c.Circle(cx, y, 6*s, colTextHead)
	if r.dragging {
		tx := timelineX(l, first, last, r.target)
		c.Ring(tx, y, 8*s, 2*s, colPaused)
	}
}

// speedLabel names a speed multiplier.
func speedLabel(v int) string {
	if v == 0 {
		return "fastest"
	}
	return fmt.Sprintf("%dx", v)
}
