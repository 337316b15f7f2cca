package render

import "github.com/mazerat/mazerat/agent"

// maxMapMarks bounds the map switches the learning curve remembers (the
// oldest are dropped): a lifetime's memory stays bounded however often the
// agent switches.
const maxMapMarks = 512

// mapMark is a switch of the agent's active map (agent.View.Active): the
// trial under way when the window saw it, and the map switched to.
type mapMark struct {
	trial, active int
}

// mapLog follows the agent's active map between views, so the learning
// curve can mark where it switched (as place cells remap).
type mapLog struct {
	marks  []mapMark
	active int
	seen   bool // a view with maps was seen
}

// see records view v, taken during trial.
func (m *mapLog) see(v agent.View, trial int) {
	if v.Maps <= 0 {
		return
	}
	if m.seen && v.Active != m.active {
		if len(m.marks) == maxMapMarks {
			m.marks = append(m.marks[:0], m.marks[1:]...)
		}
		m.marks = append(m.marks, mapMark{trial: trial, active: v.Active})
	}
	m.active, m.seen = v.Active, true
}
