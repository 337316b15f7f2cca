package render

import (
	"fmt"
	"image/color"
	"slices"
	"time"

	"github.com/mazerat/mazerat/agent"
	"github.com/mazerat/mazerat/lab"
	"github.com/mazerat/mazerat/world"
)

// Options say how an App starts.
type Options struct {
	// Overlays shown at first (OverlaysDefault in DefaultOptions).
	Overlays Overlays
	// Speed is the speed multiplier: one of Speeds(); 0 is the fastest.
	Speed  int
	Paused bool
	// Dir is where screenshots and saved mazes go ("" is the working
	// directory).
	Dir string
	// Scale is the size of text and lines (1 on ordinary screens).
	Scale float32
	// StopAtTick, if positive, pauses the lifetime when it reaches that
	// many ticks (the window's --after-ticks).
	StopAtTick int64
	// Checkpoint is the file the checkpoint key saves the lifetime to.
	// When empty, the first save picks a new file in Dir named after the
	// scenario and the seed, and later saves of the session reuse it.
	Checkpoint string
}

// DefaultOptions returns how the window starts: real time (1x), the
// default overlays, files in the working directory.
func DefaultOptions() Options {
	return Options{Overlays: OverlaysDefault, Speed: 1, Scale: 1}
}

// Speeds returns the speed multipliers the window offers (0 is the
// fastest the machine allows).
func Speeds() []int { return slices.Clone(speeds) }

// Frame timing: the window runs 60 frames (Updates) a second and 1x is
// one physics tick per frame, so at 1x the simulation runs in real time
// at the default 60 ticks per second.
const (
	FramesPerSecond = 60
	// maxTicksUnclocked bounds a frame at the fastest speed when the App
	// has no clock to govern it (tests, snapshots).
	maxTicksUnclocked = 4096
	// sweepCaptures is how many steps per frame have their planning sweep
	// caught for the wave; at higher speeds only the frame's last is.
	sweepCaptures = 8
	messageFrames = 4 * FramesPerSecond
)

// App is the window's model, without Ebitengine: it owns the lifetime and
// everything the picture shows (pause, speed, overlays, trail, the fading
// sweep, what the mouse holds) and advances by one Command per frame.
// The Ebitengine game only turns input into Commands, calls Update, and
// draws with Draw; tests drive an App with Commands and no window.
//
// An App drives its lifetime through lab.Lifetime.Tick, the same loop as
// headless runs, so a watched lifetime with a seed is the lifetime a
// headless run with that seed lives (as long as nobody intervenes).
type App struct {
	life  *lab.Lifetime
	sc    *world.Scenario
	opt   Options
	fonts *Fonts

	// Speed governor (see SetClock): the wall clock is read only to cap
	// how long a frame may simulate, never to decide what happens.
	clock  func() time.Duration
	budget time.Duration

	frame    int64
	paused   bool
	speed    int // index into speeds
	overlays Overlays
	help     bool
	w, h     int
	tab      panelTab // the panel's section shown when it is tabbed
	// metricPage is which page of the agent's metric charts shows (N).
	metricPage int

	trail      trail
	obsPose    [3]float64 // where the last observation was taken (x, y, heading)
	fade       []float32  // per place: how fresh the last sweep's change is, 1 → 0 over a second
	view       agent.View
	viewStep   int64
	viewTaken  bool
	spots      []world.Cell // the cheese spots now
	seenEvents int          // world events already looked at for cheese moves
	edits      int          // interventions made by hand
	// carried is set when the rat was carried by hand and no step has
	// ended since: the last observation's rays and the agent's plan
	// belong to where it was, and are not drawn.
	carried bool

	hover target
	press target // what the button went down on
	held  target // what is being dragged (tRat or tCheese)
	mouse Point
	msg   message
	rev   uint64 // changes whenever the board's picture does
	// layerRev changes whenever the board's maze layer (drawMaze) does:
	// a new view of the agent's memory, a change to the world, the
	// overlays, what is held.
	layerRev uint64
	lastErr  error

	rateInit  bool
	rateAt    time.Duration
	rateTicks int64
	rate      float64 // ticks per second of wall time, measured
	ticked    int64   // ticks simulated by advance and step (not by seeking a replay)

	oracle world.Oracle

	// shown is what the regions that change with the lifetime show, as of
	// the last refresh (see refreshEvery); refreshed says whether this
	// frame refreshed them all.
	shown     shownVersions
	refreshed bool

	// worlds follows the configurations the world stands in; configOf
	// names the current one (the world's own id when it offers one, see
	// configurer; tests give their own).
	worlds   worldLog
	maps     mapLog // the agent's map switches, for the learning curve
	configOf func() (uint64, bool)

	replay *replayState // nil unless the App shows a recording

	// Scratch memory for drawing (not state: rebuilt every frame), and
	// the known values in order as of sortedRev (see sortValues).
	cells     []color.NRGBA
	sorted    []float64
	sortedRev uint64
	sortedOK  bool
}

// message is a line shown over the board for a few seconds.
type message struct {
	text  string
	err   bool
	until int64 // frame
}

// Result is what a frame asks of the front end.
type Result struct {
	Quit bool
	// Screenshot, if not empty, is a file the front end should write the
	// picture to (and then call Notify). It never names an existing file.
	Screenshot string
}

// NewApp builds the lifetime of cfg and an App around it.
func NewApp(cfg lab.Config, o Options) (*App, error) {
	l, err := lab.NewLifetime(cfg)
	if err != nil {
		return nil, err
	}
	return NewAppFor(l, o)
}

// NewAppFor wraps an existing lifetime (a finished run, for a snapshot).
func NewAppFor(l *lab.Lifetime, o Options) (*App, error) {
	si := slices.Index(speeds, o.Speed)
	if si < 0 {
		return nil, fmt.Errorf("render: speed %d, expected one of %v (0 is the fastest)", o.Speed, speeds)
	}
	if !(o.Scale > 0) {
		o.Scale = 1
	}
	sc := l.Scenario()
	a := &App{
		sc: sc, opt: o, fonts: NewFonts(o.Scale),
		paused: o.Paused, speed: si, overlays: o.Overlays,
		w: 1280, h: 800, worlds: newWorldLog(),
	}
	a.configOf = a.worldConfiguration
	a.attach(l)
	return a, nil
}

// attach makes l the App's lifetime and rebuilds what the picture keeps
// of it: the trail (the path of the trial under way), the pose of the
// last observation, the cheese spots, the agent's memory and the sweep of
// its last step at full strength.
func (a *App) attach(l *lab.Lifetime) {
	sc := a.sc
	a.life = l
	a.spots = slices.Clone(sc.Maze.Cheese)
	a.seenEvents = 0
	a.worlds = newWorldLog()
	a.carried = false
	a.trail = trail{}
	if a.fade == nil {
		a.fade = make([]float32, sc.Maze.NumCells())
	}
	clear(a.fade)
	w := l.World()
	x, y, hd := w.Pose()
	a.obsPose = [3]float64{x, y, hd}
	for _, p := range l.TrialPath() {
		a.trail.add(p.X, p.Y, sc.Cell)
	}
	a.trail.add(x, y, sc.Cell)
	a.trackEvents()
	a.takeView()
	a.catchSweep()
	a.rev++
}

// SetClock gives the App a monotonic clock and the most wall time a frame
// may spend simulating. Only the speed governor reads it: at high speeds a
// frame stops ticking when its budget is spent, so the window stays
// responsive. The lifetime is the same whatever the clock says; only how
// many ticks each frame shows changes.
func (a *App) SetClock(now func() time.Duration, budget time.Duration) {
	a.clock, a.budget = now, budget
}

// Lifetime returns the lifetime the App lives.
func (a *App) Lifetime() *lab.Lifetime { return a.life }

// Paused reports whether the lifetime is paused.
func (a *App) Paused() bool { return a.paused }

// Speed returns the speed multiplier (0: the fastest).
func (a *App) Speed() int { return speeds[a.speed] }

// Overlays returns the overlays shown.
func (a *App) Overlays() Overlays { return a.overlays }

// Help reports whether the help panel is shown.
func (a *App) Help() bool { return a.help }

// Message returns the line shown over the board, if any, and whether it
// reports a refusal or an error.
func (a *App) Message() (string, bool) {
	if a.frame >= a.msg.until {
		return "", false
	}
	return a.msg.text, a.msg.err
}

// TicksPerSecond returns the measured simulation rate (0 until known).
func (a *App) TicksPerSecond() float64 { return a.rate }

// Err returns the error that stopped the lifetime, if any.
func (a *App) Err() error { return a.lastErr }

// Frame returns the number of frames so far.
func (a *App) Frame() int64 { return a.frame }

// Notify shows a message over the board (the front end reports written
// screenshots with it).
func (a *App) Notify(text string, isErr bool) {
	a.msg = message{text: text, err: isErr, until: a.frame + messageFrames}
	a.rev++
}

// Update advances the App by one frame: input first, then the lifetime by
// as many ticks as the speed asks (none when paused).
func (a *App) Update(cmd Command) Result {
	a.frame++
	var res Result
	if cmd.Width > 0 && cmd.Height > 0 && (cmd.Width != a.w || cmd.Height != a.h) {
		a.w, a.h = cmd.Width, cmd.Height
		a.rev++
	}
	input := len(cmd.Keys) > 0 || cmd.Mouse.Pressed || cmd.Mouse.Released || Point{cmd.Mouse.X, cmd.Mouse.Y} != a.mouse
	for _, k := range cmd.Keys {
		a.key(k, &res)
	}
	a.pointer(cmd.Mouse)
	ticks, steps := a.advance()
	if ticks > 0 {
		a.rev++
	}
	a.decay(steps)
	if steps > 0 {
		// Steps past the first few had their views and sweeps skipped:
		// take the frame's last; its sweep shows at full strength.
		if steps > sweepCaptures || !a.overlays.Has(OverlaySweep) {
			a.takeView()
		}
		if a.overlays.Has(OverlaySweep) {
			a.catchSweep()
		}
	}
	a.measure(cmd.Now)
	maze, board := a.refreshEvery()
	all := input || !a.shown.set
	a.refreshed = all || a.frame%maze == 0 && a.frame%board == 0
	if all || a.frame%maze == 0 {
		b := a.shown.board
		a.shown = a.liveVersions()
		a.shown.board = b
	}
	if all || a.frame%board == 0 {
		a.shown.board = a.rev
	}
	return res
}

// advance runs the ticks of one frame and returns how many ran and how
// many steps ended.
func (a *App) advance() (ran, steps int) {
	if a.paused || a.held.kind != tNone || a.lastErr != nil {
		return 0, 0
	}
	n := speeds[a.speed]
	unlimited := n == 0
	if unlimited && a.clock == nil {
		n, unlimited = maxTicksUnclocked, false
	}
	var start time.Duration
	if a.clock != nil {
		start = a.clock()
	}
	for ; unlimited || ran < n; ran++ {
		if a.stopped() {
			break
		}
		ended, err := a.tick(steps < sweepCaptures)
		if err != nil {
			a.fail(err)
			break
		}
		if ended {
			steps++
		}
		if a.clock != nil && ran%16 == 15 && a.clock()-start > a.budget {
			ran++
			break
		}
	}
	return ran, steps
}

// stopped reports whether the lifetime may not tick further.
func (a *App) stopped() bool {
	if a.life.Done() {
		return true
	}
	if a.opt.StopAtTick > 0 && a.life.World().TickCount() >= a.opt.StopAtTick {
		a.paused = true
		return true
	}
	return false
}

// tick advances the lifetime by one tick and keeps the trail, the pose of
// the last observation and (if catch) the sweep of a step that ended. It
// reports whether a step ended.
func (a *App) tick(catch bool) (bool, error) {
	w := a.life.World()
	before := w.StepCount()
	if err := a.life.Tick(); err != nil {
		return false, err
	}
	a.ticked++
	x, y, hd := w.Pose()
	a.trail.add(x, y, a.sc.Cell)
	if w.StepCount() == before {
		return false, nil
	}
	a.obsPose = [3]float64{x, y, hd}
	if a.carried {
		a.carried = false
		a.layerRev++
	}
	a.trackEvents()
	if catch && a.overlays.Has(OverlaySweep) {
		a.takeView()
		a.catchSweep()
	}
	return true, nil
}

// step runs the lifetime to the end of the step under way (or a whole
// new one): single-stepping.
func (a *App) step() {
	for i := 0; i < 1<<20 && !a.stopped(); i++ {
		ended, err := a.tick(true)
		if err != nil {
			a.fail(err)
			return
		}
		if ended {
			break
		}
	}
	a.takeView()
	a.rev++
}

func (a *App) fail(err error) {
	a.lastErr = err
	a.paused = true
	a.Notify("stopped: "+err.Error(), true)
}

// takeView refreshes the snapshot of the agent's memory.
func (a *App) takeView() {
	a.layerRev++
	a.view = a.life.View()
	a.viewStep = a.life.World().StepCount()
	a.maps.see(a.view, len(a.life.Trials())+1)
	a.viewTaken = true
}

// catchSweep lights the places the last planning sweep changed.
func (a *App) catchSweep() {
	for _, p := range a.view.Swept {
		if p >= 0 && p < len(a.fade) {
			a.fade[p] = 1
		}
	}
}

// sweepSteps is how many steps a sweep's mark lasts when steps come
// faster than a frame's share of a second each: at high speeds only the
// last steps' sweeps show, not every place planning ever touched.
const sweepSteps = 10

// decay fades the sweep by a frame's share of a second, or by the frame's
// steps' share of sweepSteps when that is more.
func (a *App) decay(steps int) {
	d := max(float32(1)/FramesPerSecond, float32(steps)/sweepSteps)
	active := false
	for i, f := range a.fade {
		if f > 0 {
			a.fade[i] = max(0, f-d)
			active = true
		}
	}
	if active {
		a.rev++
	}
}

// trackEvents follows the world's events for where the cheese spots are
// and which configuration the world stands in (events are what change
// it).
func (a *App) trackEvents() {
	applied := a.life.World().Applied()
	changed := a.seenEvents < len(applied)
	for ; a.seenEvents < len(applied); a.seenEvents++ {
		if c := applied[a.seenEvents].Event.Cheese; c != nil {
			a.spots = slices.Clone(c)
		}
	}
	if changed {
		a.layerRev++
	}
	if changed || !a.configKnown() && a.seenEvents == 0 {
		a.trackConfiguration()
	}
}

// measure updates the ticks-per-second readout about twice a second. It
// counts the ticks the App simulated, so a replay's seeks (which rebuild
// the lifetime at another step) do not count as speed.
func (a *App) measure(now time.Duration) {
	ticks := a.ticked
	if !a.rateInit {
		a.rateAt, a.rateTicks, a.rateInit = now, ticks, true
		return
	}
	if dt := now - a.rateAt; dt >= time.Second/2 {
		a.rate = float64(ticks-a.rateTicks) / dt.Seconds()
		a.rateAt, a.rateTicks = now, ticks
	}
}

// key performs what key k is bound to.
func (a *App) key(k Key, res *Result) {
	b, ok := lookupKey(k)
	if !ok || b.replay && a.replay == nil {
		return
	}
	a.rev++
	a.layerRev++
	switch b.act {
	case actPause:
		a.paused = !a.paused
	case actStep:
		a.paused = true
		if a.held.kind == tNone && a.lastErr == nil {
			a.step()
		}
	case actFaster:
		a.speed = min(a.speed+1, len(speeds)-1)
	case actSlower:
		a.speed = max(a.speed-1, 0)
	case actSpeed:
		a.speed = b.arg
	case actOverlay:
		a.overlays ^= overlayTable[b.arg].o
		if overlayTable[b.arg].memory && !a.hasMemory() {
			a.Notify(fmt.Sprintf("agent %s keeps no memory to show", a.life.Config().Agent), false)
		}
	case actAllOverlays:
		if a.overlays == OverlaysAll {
			a.overlays = 0
		} else {
			a.overlays = OverlaysAll
		}
	case actHelp:
		a.help = !a.help
	case actTab:
		tabs := shownTabs(len(a.life.MetricNames()) > 0)
		a.tab = tabs[(slices.Index(tabs, a.tab)+1)%len(tabs)]
	case actMetrics:
		if len(a.life.MetricNames()) == 0 {
			a.Notify(fmt.Sprintf("agent %s reports no metrics", a.life.Config().Agent), false)
		}
		a.metricPage++
	case actScreenshot:
		name := fmt.Sprintf("%s-step%d", scenarioSlug(a.sc), a.life.World().StepCount())
		if p, err := freePath(a.opt.Dir, name, ".png"); err != nil {
			a.Notify("screenshot: "+err.Error(), true)
		} else {
			res.Screenshot = p
		}
	case actSave:
		if p, err := a.SaveMaze(); err != nil {
			a.Notify("not saved: "+err.Error(), true)
		} else {
			a.Notify("saved the maze to "+p, false)
		}
	case actEscape:
		switch {
		case a.held.kind != tNone:
			a.held = target{}
		case a.help:
			a.help = false
		}
	case actCheckpoint:
		if p, err := a.SaveCheckpoint(); err != nil {
			a.Notify("checkpoint not saved: "+err.Error(), true)
		} else {
			a.Notify(fmt.Sprintf("saved the lifetime at step %d to %s", a.life.World().StepCount(), p), false)
		}
	case actBack:
		a.seekBy(-1)
	case actJump:
		a.seekBy(int64(b.arg))
	case actQuit:
		res.Quit = true
	}
}

// hasMemory reports whether the agent shows any memory.
func (a *App) hasMemory() bool { return a.view.Places > 0 }

// optimalNow returns the fewest moves from the trial's start cell to the
// nearest cheese as the world stands (-1 when there is no path).
func (a *App) optimalNow() int {
	w := a.life.World()
	return a.oracle.Moves(w.Maze(), w.Doors(), w.CurrentTrial().StartCell, w.Cheese())
}

// SaveCheckpoint saves the whole lifetime (world, agent, random sources,
// metrics) to the App's checkpoint file, atomically, and returns its path.
// A step under way is finished first: checkpoints stand between steps.
func (a *App) SaveCheckpoint() (string, error) {
	if a.lastErr != nil {
		return "", a.lastErr
	}
	for a.life.World().InStep() {
		if _, err := a.tick(false); err != nil {
			a.fail(err)
			return "", err
		}
	}
	a.takeView()
	a.rev++
	if a.opt.Checkpoint == "" {
		name := fmt.Sprintf("%s-seed%d", scenarioSlug(a.sc), a.life.Seed())
		p, err := freePath(a.opt.Dir, name, ".mazerat")
		if err != nil {
			return "", err
		}
		a.opt.Checkpoint = p
	}
	if err := a.life.SaveCheckpoint(a.opt.Checkpoint); err != nil {
		return "", err
	}
	return a.opt.Checkpoint, nil
}

// CheckpointPath returns where the checkpoint key saves ("" until the
// first save picks a file).
func (a *App) CheckpointPath() string { return a.opt.Checkpoint }
