package render

import "slices"

// configurer is what a world offers when it can name the configuration it
// stands in: its layout, doors and cheese spots, as a stable hash
// (sim.World.ConfigID). The window needs only that equal configurations
// have equal ids; the interface keeps the App drawing a world that names
// none.
type configurer interface {
	ConfigID() uint64
}

// worldLog follows the configurations the world has stood in, so the
// window can say which one it is in ("world #3") and mark a return to
// one met before.
type worldLog struct {
	ids      []uint64 // configurations met, in the order first met
	current  int      // index in ids of the one the world stands in; -1 unknown
	returned bool     // the world came back to the current one after leaving it
	returns  int      // how many returns so far
}

func newWorldLog() worldLog { return worldLog{current: -1} }

// see records that the world stands in configuration id.
func (w *worldLog) see(id uint64) {
	i := slices.Index(w.ids, id)
	switch {
	case i < 0:
		w.ids = append(w.ids, id)
		w.current, w.returned = len(w.ids)-1, false
	case i != w.current:
		w.returned = w.current >= 0
		if w.returned {
			w.returns++
		}
		w.current = i
	}
}

// again reports whether the world stands in a configuration it had left
// and came back to.
func (w *worldLog) again() bool { return w.current >= 0 && w.returned }

// configKnown reports whether the App knows which configuration the
// world stands in.
func (a *App) configKnown() bool { return a.worlds.current >= 0 }

// trackConfiguration asks the world which configuration it stands in
// (when it can say) and records it.
func (a *App) trackConfiguration() {
	if a.configOf == nil {
		return
	}
	if id, ok := a.configOf(); ok {
		a.worlds.see(id)
	}
}

// worldConfiguration is the App's default configOf: the world's own id,
// if sim.World offers one.
func (a *App) worldConfiguration() (uint64, bool) {
	if c, ok := any(a.life.World()).(configurer); ok {
		return c.ConfigID(), true
	}
	return 0, false
}
