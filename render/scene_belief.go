package render

import (
	"math"

	"github.com/mazerat/mazerat/agent"
	"github.com/mazerat/mazerat/world"
)

// drawGhost draws where the agent believes its body is (View.Pose, on
// the maze's lattice: lab.Lifetime.View aligns an agent's own frame): a
// pale rat at the believed position and heading, joined to the true rat
// by a thin line when they are apart. An agent that knows itself lost
// (Place -1) is drawn fainter. Agents that do not localise themselves
// report no pose and nothing is drawn.
func (a *App) drawGhost(c Canvas, cam camera, v *agent.View, s float32) {
	p := v.Pose
	if !p.Known || math.IsNaN(p.X) || math.IsNaN(p.Y) {
		return
	}
	g := cam.pt(p.X, p.Y)
	x, y, _ := a.life.World().Pose()
	t := cam.pt(x, y)
	r := a.ratPx(cam, s)
	col := colGhost
	if p.Place < 0 {
		col = fade(col, 0.45)
	}
	if dist(g, t) > r {
		c.Line(t.X, t.Y, g.X, g.Y, max(1, 1.2*s), fade(col, 0.8))
	}
	c.Sprite(SpriteRat, g.X, g.Y, ratSpan*r, p.Heading, col)
}

// drawWrongCells outlines the open cells where the agent's believed map
// disagrees with the maze (a believed wall where there is none, or an
// opening where there is a wall), under the walls.
func (a *App) drawWrongCells(c Canvas, cam camera, v *agent.View, s float32) {
	if len(v.Walls) != 4*v.Places {
		return
	}
	w := a.life.World()
	m, doors := w.Maze(), w.Doors()
	cs := cam.cellPx()
	t := max(1.5*s, cs*0.06)
	for p := 0; p < v.Places; p++ {
		cell := m.CellAt(p)
		if !m.Open(cell, doors) || !a.believesWrong(v, cell, p) {
			continue
		}
		r := cellRect(cam, cell).Inset(cs * 0.08)
		c.FillRect(Rect{r.X, r.Y, r.W, t}, colCellBad)
		c.FillRect(Rect{r.X, r.Bottom() - t, r.W, t}, colCellBad)
		c.FillRect(Rect{r.X, r.Y + t, t, r.H - 2*t}, colCellBad)
		c.FillRect(Rect{r.Right() - t, r.Y + t, t, r.H - 2*t}, colCellBad)
	}
}

// believesWrong reports whether any known belief about place p's sides
// disagrees with the maze as it stands.
func (a *App) believesWrong(v *agent.View, cell world.Cell, p int) bool {
	w := a.life.World()
	m, doors := w.Maze(), w.Doors()
	for _, side := range world.Sides {
		b := v.Walls[4*p+int(side)]
		if b != agent.Unknown && (b == agent.Wall) != !m.Passable(cell, side, doors) {
			return true
		}
	}
	return false
}
