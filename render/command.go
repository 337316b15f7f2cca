package render

import (
	"strings"
	"time"
)

// Command is the input of one frame, as data: what the front end saw
// since the last frame. The window builds one from Ebitengine's input
// every tick; tests write them by hand.
type Command struct {
	// Keys pressed this frame, in order (see Key).
	Keys []Key
	// Mouse is the pointer in canvas pixels.
	Mouse Mouse
	// Width and Height are the canvas size in pixels; zero keeps the
	// last size. Picking needs them.
	Width, Height int
	// Now is a monotonic time for the ticks-per-second readout only; it
	// never changes what the simulation does.
	Now time.Duration
}

// Mouse is the pointer's state in a frame.
type Mouse struct {
	X, Y     float32
	In       bool // the pointer is over the canvas
	Down     bool // the left button is held
	Pressed  bool // the left button went down this frame
	Released bool // the left button went up this frame
}

// Key names a key by what it types: "a".."z", "0".."9", "+", "-", "=",
// "?", ".", or one of "space", "esc", "tab", "right", "left", "f12".
type Key string

// action is what a key does.
type action uint8

const (
	actPause action = iota + 1
	actStep
	actFaster
	actSlower
	actSpeed // arg: index into speeds
	actOverlay
	actAllOverlays
	actHelp
	actTab     // the panel's next section, when it shows one at a time
	actMetrics // the next page of the agent's metric charts
	actScreenshot
	actSave
	actCheckpoint
	actBack // replay: a step back
	actJump // replay: arg steps forward or back
	actEscape
	actQuit
)

// binding ties keys to an action; the help panel lists them in this order.
type binding struct {
	keys  []Key
	act   action
	arg   int
	group string
	help  string
	// replay marks keys that only a replay has.
	replay bool
}

// speeds are the speed multipliers: ticks per frame at 60 frames a
// second. The last, 0, is as fast as the machine allows.
var speeds = []int{1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 0}

// defaultSpeed is the index of 1x.
const defaultSpeed = 0

var bindings = buildBindings()

func buildBindings() []binding {
	bs := []binding{
		{keys: []Key{"space"}, act: actPause, group: "Simulation", help: "pause / resume"},
		{keys: []Key{"right", "."}, act: actStep, group: "Simulation", help: "one step (pauses)"},
		{keys: []Key{"+", "="}, act: actFaster, group: "Simulation", help: "faster"},
		{keys: []Key{"-"}, act: actSlower, group: "Simulation", help: "slower"},
	}
	for i := 0; i < 9; i++ {
		bs = append(bs, binding{keys: []Key{Key(rune('1' + i))}, act: actSpeed, arg: i, group: "Simulation"})
	}
	bs = append(bs, binding{keys: []Key{"0"}, act: actSpeed, arg: len(speeds) - 1, group: "Simulation", help: "1-9: 1x to 256x, 0: fastest"})
	for i, info := range overlayTable {
		bs = append(bs, binding{keys: []Key{info.key}, act: actOverlay, arg: i, group: "Overlays", help: info.label})
	}
	bs = append(bs,
		binding{keys: []Key{"a"}, act: actAllOverlays, group: "Overlays", help: "all overlays on / off"},
		binding{keys: []Key{"left", ","}, act: actBack, group: "Replay", help: "a step back (pauses)", replay: true},
		binding{keys: []Key{"["}, act: actJump, arg: -100, group: "Replay", help: "100 steps back", replay: true},
		binding{keys: []Key{"]"}, act: actJump, arg: 100, group: "Replay", help: "100 steps forward", replay: true},
		binding{keys: []Key{"h", "?"}, act: actHelp, group: "Window", help: "this help"},
		binding{keys: []Key{"tab"}, act: actTab, group: "Window", help: "the panel's next section (small windows)"},
		binding{keys: []Key{"n"}, act: actMetrics, group: "Window", help: "the next page of the agent's metrics"},
		binding{keys: []Key{"f12", "i"}, act: actScreenshot, group: "Window", help: "screenshot to PNG"},
		binding{keys: []Key{"m"}, act: actSave, group: "Window", help: "save the maze as a .maze file"},
		binding{keys: []Key{"k"}, act: actCheckpoint, group: "Window", help: "save a checkpoint of the whole lifetime"},
		binding{keys: []Key{"esc"}, act: actEscape, group: "Window", help: "close help, drop what is held"},
		binding{keys: []Key{"q"}, act: actQuit, group: "Window", help: "quit"},
	)
	return bs
}

// lookupKey returns the binding of k.
func lookupKey(k Key) (binding, bool) {
	k = Key(strings.ToLower(string(k)))
	for _, b := range bindings {
		for _, bk := range b.keys {
			if bk == k {
				return b, true
			}
		}
	}
	return binding{}, false
}

// replayMouseHelp describes the mouse in a replay.
var replayMouseHelp = [][2]string{
	{"drag on the timeline", "scrub to any step"},
	{"click the timeline", "jump to that step"},
	{"click the board", "nothing: a replay cannot be changed"},
}

// mouseHelp describes the mouse for the help panel.
var mouseHelp = [][2]string{
	{"click a wall", "remove it, or put one on an open edge"},
	{"click a door", "open or close its whole group"},
	{"drag the cheese", "move it to another cell"},
	{"drag the rat", "carry it to another cell"},
}
