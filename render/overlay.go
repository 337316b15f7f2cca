package render

import (
	"fmt"
	"image/color"
	"strings"
)

// Overlays is a set of layers drawn over the maze, each toggled by a key.
type Overlays uint16

// The overlays: what the rat senses and what its agent remembers.
const (
	OverlayValue     Overlays = 1 << iota // value heat map over places
	OverlayGreedy                         // the greedy option at each place, as arrows
	OverlayVisits                         // how often each place was visited
	OverlayBeliefs                        // believed walls against true walls, disagreements in red
	OverlayPlan                           // the path the agent intends to follow
	OverlaySweep                          // places the last planning sweep changed, fading over a second
	OverlaySurprises                      // where the model was wrong
	OverlayRays                           // the ray fan and touches of the last observation
	OverlayTrail                          // the body's recent path
	OverlayPose                           // where the agent believes it is: a ghost rat
	numOverlays               = 10

	// OverlaysAll has every overlay on.
	OverlaysAll Overlays = 1<<numOverlays - 1
	// OverlaysDefault is what the window shows at first: the senses, the
	// value map and what planning does, without the busier layers.
	OverlaysDefault = OverlayValue | OverlayPlan | OverlaySweep | OverlaySurprises | OverlayRays | OverlayTrail | OverlayPose
)

// overlayInfo names an overlay, its key and its legend colour.
type overlayInfo struct {
	o      Overlays
	name   string // for --overlays
	key    Key
	label  string
	colour color.NRGBA
	memory bool // drawn from the agent's View (empty for agents without memory)
}

var overlayTable = []overlayInfo{
	{OverlayValue, "value", "v", "value map (colour by rank)", valueStops[3], true},
	{OverlayGreedy, "greedy", "g", "greedy arrows", colGreedy, true},
	{OverlayVisits, "visits", "c", "visit counts", colVisits, true},
	{OverlayBeliefs, "beliefs", "b", "believed walls (wrong: red)", colBelief, true},
	{OverlayPlan, "plan", "p", "planned path", colPlan, true},
	{OverlaySweep, "sweep", "w", "planning sweep", colSweep, true},
	{OverlaySurprises, "surprises", "s", "surprises", colSurpris, true},
	{OverlayRays, "rays", "r", "rays and touch", colRay, false},
	{OverlayTrail, "trail", "t", "trail", colTrail, false},
	{OverlayPose, "pose", "o", "believed pose (ghost rat)", colGhost, true},
}

// Has reports whether every overlay of o2 is in o.
func (o Overlays) Has(o2 Overlays) bool { return o&o2 == o2 }

// String lists the overlays by name, as ParseOverlays reads them.
func (o Overlays) String() string {
	switch o {
	case 0:
		return "none"
	case OverlaysAll:
		return "all"
	}
	var names []string
	for _, info := range overlayTable {
		if o.Has(info.o) {
			names = append(names, info.name)
		}
	}
	return strings.Join(names, ",")
}

// OverlayNames returns the names ParseOverlays accepts.
func OverlayNames() []string {
	names := []string{"all", "none", "default"}
	for _, info := range overlayTable {
		names = append(names, info.name)
	}
	return names
}

// ParseOverlays reads a comma-separated list of overlay names, or "all",
// "none" or "default".
func ParseOverlays(s string) (Overlays, error) {
	var o Overlays
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(strings.ToLower(part))
		switch part {
		case "all":
			o |= OverlaysAll
			continue
		case "none", "":
			continue
		case "default":
			o |= OverlaysDefault
			continue
		}
		found := false
		for _, info := range overlayTable {
			if info.name == part {
				o |= info.o
				found = true
			}
		}
		if !found {
			return 0, fmt.Errorf("unknown overlay %q, expected a comma-separated list of %s", part, strings.Join(OverlayNames(), ", "))
		}
	}
	return o, nil
}
