//go:build !headless

// Package window is the desktop window: an Ebitengine game around a
// render.App. It turns keys and the mouse into render.Commands, calls
// App.Update at 60 ticks a second, and draws App.Draw through an
// Ebitengine canvas. Everything the window shows and does lives in the
// App; this package only connects it to a screen.
//
// Ebitengine opens the display when it is initialised, so this package
// exists only in builds without the headless tag, and a program that
// imports it needs a display (see internal/display).
package window

import (
	"fmt"
	"image"
	"image/color"
	"io"
	"os"
	"slices"
	"time"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/inpututil"

	"github.com/mazerat/mazerat/assets"
	"github.com/mazerat/mazerat/internal/atomicfile"
	"github.com/mazerat/mazerat/internal/cputime"
	"github.com/mazerat/mazerat/render"
)

// SimBudget is the most wall time a frame spends simulating at high
// speeds, so that drawing and input keep their share of the 16.7 ms a
// frame has at 60 frames a second.
const SimBudget = 9 * time.Millisecond

// Options say how the window runs.
type Options struct {
	// Title is the window's title.
	Title string
	// Screenshot, if set, makes the window write its picture to this
	// file once the lifetime has lived AfterTicks ticks, and close.
	Screenshot string
	AfterTicks int64
	// MeasureFrames, if positive, makes the window time that many frames
	// as in use, then as many changing one pixel, with vsync off, print the
	// figures to Report and close (see measurement).
	MeasureFrames int
	// Report receives messages meant for the terminal (nil: discarded).
	Report io.Writer
	// OnClose is called once when the window is closed, by its close
	// button, the quit key or a signal on Stop, before Run returns. A
	// non-nil error is shown in the window and the window stays open,
	// unless it is being closed for the second time or by a signal (then
	// Run returns the error).
	OnClose func(*render.App) error
	// Stop, if not nil, closes the window as the quit key does when a
	// signal arrives on it (watch passes SIGINT and SIGTERM), so that a
	// lifetime stopped from the terminal or by a scheduler is saved.
	Stop <-chan os.Signal
}

// Scale returns the device scale factor of the monitor (1 on ordinary
// screens): the App's and the canvas's text and lines are drawn at it.
func Scale() float32 {
	s := ebiten.Monitor().DeviceScaleFactor()
	if !(s > 0) {
		return 1
	}
	return float32(s)
}

// Run opens the window on app and returns when it closes.
func Run(app *render.App, scale float32, o Options) error {
	if o.Report == nil {
		o.Report = io.Discard
	}
	g := &game{app: app, o: o, scale: scale, c: newCanvas(scale), start: time.Now()}
	app.SetClock(func() time.Duration { return time.Since(g.start) }, SimBudget)
	w, h := render.DefaultWidth, render.DefaultHeight
	if mw, mh := ebiten.Monitor().Size(); mw > 0 && mh > 0 {
		w, h = min(w, mw*9/10), min(h, mh*9/10)
	}
	ebiten.SetWindowSize(w, h)
	ebiten.SetWindowSizeLimits(480, 320, -1, -1)
	ebiten.SetWindowTitle(o.Title)
	if icons, err := assets.Icons(); err == nil {
		ebiten.SetWindowIcon(icons) // a no-op where the system takes icons from the application bundle (macOS)
	}
	ebiten.SetWindowResizingMode(ebiten.WindowResizingModeEnabled)
	ebiten.SetWindowClosingHandled(true)
	ebiten.SetScreenClearedEveryFrame(false)
	ebiten.SetTPS(render.FramesPerSecond)
	if o.MeasureFrames > 0 {
		g.meas.n = o.MeasureFrames
		ebiten.SetVsyncEnabled(false)
		ebiten.SetTPS(ebiten.SyncWithFPS)
	}
	err := ebiten.RunGame(g)
	if g.err != nil {
		return g.err
	}
	return err
}

// game is the ebiten.Game around an App.
type game struct {
	app   *render.App
	o     Options
	scale float32
	c     *canvas
	start time.Time
	w, h  int

	keys  []ebiten.Key
	chars []rune
	cmd   render.Command

	shotPath  string // a picture to take in the next Draw
	shotFinal bool   // close after writing it
	shot      *image.RGBA
	closing   bool
	closeErr  bool // OnClose failed once already
	err       error

	meas measurement
}

// keyNames are the keys read by key code; everything that types a
// character is read as that character.
var keyNames = map[ebiten.Key]render.Key{
	ebiten.KeySpace:      "space",
	ebiten.KeyEscape:     "esc",
	ebiten.KeyTab:        "tab",
	ebiten.KeyArrowRight: "right",
	ebiten.KeyArrowLeft:  "left",
	ebiten.KeyF12:        "f12",
	ebiten.KeyEnter:      "enter",
}

// Key repeat for the keys read by code (characters repeat as the system
// types them): the arrows step on while held, after a pause.
const (
	repeatDelay = 24 // frames before a held arrow repeats
	repeatEvery = 3  // frames between repeats: 20 a second
)

// repeats reports whether key k, held for d frames, acts this frame.
func repeats(k ebiten.Key, d int) bool {
	if d == 1 {
		return true
	}
	arrow := k == ebiten.KeyArrowRight || k == ebiten.KeyArrowLeft
	return arrow && d > repeatDelay && (d-repeatDelay)%repeatEvery == 0
}

func (g *game) Update() error {
	if g.shot != nil {
		if err := g.writeShot(); err != nil && g.shotFinal {
			g.err = err
			return ebiten.Termination
		}
		if g.shotFinal {
			return g.close()
		}
	}
	if g.o.MeasureFrames > 0 && g.meas.done() {
		fmt.Fprintf(g.o.Report, "%s; the lifetime ran %.0f ticks/s\n", g.meas.report(g.w, g.h), g.app.TicksPerSecond())
		return g.close()
	}
	if ebiten.IsWindowBeingClosed() {
		return g.close()
	}
	select {
	case sig := <-g.o.Stop:
		fmt.Fprintf(g.o.Report, "mazerat: %v: closing the window as Q does\n", sig)
		return g.stop(sig)
	default:
	}
	cmd := &g.cmd
	cmd.Keys = cmd.Keys[:0]
	g.keys = inpututil.AppendPressedKeys(g.keys[:0])
	for _, k := range g.keys {
		if name, ok := keyNames[k]; ok && repeats(k, inpututil.KeyPressDuration(k)) {
			cmd.Keys = append(cmd.Keys, name)
		}
	}
	g.chars = ebiten.AppendInputChars(g.chars[:0])
	for _, r := range g.chars {
		if r > ' ' {
			cmd.Keys = append(cmd.Keys, render.Key(string(r)))
		}
	}
	x, y := ebiten.CursorPosition()
	cmd.Mouse = render.Mouse{
		X: float32(x), Y: float32(y),
		In:       x >= 0 && y >= 0 && x < g.w && y < g.h,
		Down:     ebiten.IsMouseButtonPressed(ebiten.MouseButtonLeft),
		Pressed:  inpututil.IsMouseButtonJustPressed(ebiten.MouseButtonLeft),
		Released: inpututil.IsMouseButtonJustReleased(ebiten.MouseButtonLeft),
	}
	cmd.Width, cmd.Height = g.w, g.h
	cmd.Now = time.Since(g.start)
	res := g.app.Update(*cmd)
	if res.Screenshot != "" {
		g.shotPath, g.shotFinal = res.Screenshot, false
	}
	if life := g.app.Lifetime(); g.o.Screenshot != "" && g.shotPath == "" && (life.World().TickCount() >= g.o.AfterTicks || life.Done()) {
		g.shotPath, g.shotFinal = g.o.Screenshot, true
	}
	if g.o.Screenshot != "" && g.app.Err() != nil {
		g.err = g.app.Err()
		return ebiten.Termination
	}
	if res.Quit {
		return g.close()
	}
	return nil
}

// close runs OnClose once and ends the game (or, if OnClose failed for
// the first time, shows why and stays open).
func (g *game) close() error {
	if g.closing {
		return ebiten.Termination
	}
	if g.o.OnClose != nil {
		if err := g.o.OnClose(g.app); err != nil && !g.closeErr {
			g.closeErr = true
			g.app.Notify(err.Error()+" (close again to quit anyway)", true)
			return nil
		}
	}
	g.closing = true
	return ebiten.Termination
}

// Interrupted is what Run returns when a signal on Options.Stop closed
// the window and OnClose succeeded.
type Interrupted struct{ Signal os.Signal }

func (e Interrupted) Error() string { return fmt.Sprintf("interrupted (%v)", e.Signal) }

// stop closes the window for a signal: as close does, but an OnClose
// error ends Run instead of keeping the window open.
func (g *game) stop(sig os.Signal) error {
	g.err = Interrupted{sig}
	if !g.closing && g.o.OnClose != nil {
		if err := g.o.OnClose(g.app); err != nil {
			g.err = err
		}
	}
	g.closing = true
	return ebiten.Termination
}

func (g *game) Draw(screen *ebiten.Image) {
	g.meas.frameStart()
	g.c.begin(screen)
	if g.meas.floor() {
		g.c.FillRect(render.Rect{W: 1, H: 1}, color.NRGBA{R: uint8(g.meas.frames), A: 255})
	} else {
		g.app.Draw(g.c)
	}
	g.c.end()
	g.meas.frameDrawn()
	if g.shotPath != "" && g.shot == nil {
		b := screen.Bounds()
		img := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
		screen.ReadPixels(img.Pix)
		g.shot = img
	}
}

func (g *game) Layout(outW, outH int) (int, int) {
	g.w = max(1, int(float32(outW)*g.scale+0.5))
	g.h = max(1, int(float32(outH)*g.scale+0.5))
	return g.w, g.h
}

// writeShot writes the picture taken in the last Draw.
func (g *game) writeShot() error {
	img, path := g.shot, g.shotPath
	g.shot, g.shotPath = nil, ""
	b, err := render.EncodePNG(img)
	if err == nil {
		// Key screenshots go to fresh names (App picks them); --screenshot
		// names its file, which is replaced.
		err = atomicfile.WriteFile(path, b)
	}
	if err != nil {
		g.app.Notify("screenshot: "+err.Error(), true)
		return fmt.Errorf("screenshot %s: %w", path, err)
	}
	g.app.Notify("screenshot saved to "+path, false)
	if g.shotFinal {
		fmt.Fprintf(g.o.Report, "mazerat: wrote %s at tick %d, step %d\n", path,
			g.app.Lifetime().World().TickCount(), g.app.Lifetime().World().StepCount())
	}
	return nil
}

// measurement times frames for --measure-frames: after a warm-up, blocks
// of frames that draw the scene as in use alternate with blocks of frames
// that change a single pixel, which cost what presenting any frame costs
// on this machine (Ebitengine's copy of its screen and the X server's),
// until each kind has n frames counted. The scene's own share is the
// difference of the two kinds' CPU time per frame. CPU time is the whole
// process's, every thread, the software rasteriser's included; the first
// frames of each block are not counted, since a GL driver finishes a
// frame's work during the next. Alternating blocks, not two long phases,
// keep a shared machine's changing load out of the difference.
type measurement struct {
	n       int // frames of each kind to count
	frames  int // frames drawn so far
	cpu     [2]time.Duration
	walls   [2][]time.Duration
	draws   []time.Duration
	last    time.Time
	lastCPU time.Duration
	drawAt  time.Time
}

const (
	warmup     = 30 // frames before counting: the atlas fills, the window settles
	blockLen   = 12 // frames per block
	blockSkip  = 3  // frames at the start of a block not counted
	kindScene  = 0
	kindFloor  = 1
	kindWarmup = -1
)

// kind returns what frame number f is: warm-up, scene or floor, and
// whether it is counted.
func (m *measurement) kind(f int) (int, bool) {
	i := f - warmup
	if i < 0 {
		return kindWarmup, false
	}
	return (i / blockLen) % 2, i%blockLen >= blockSkip
}

// floor reports whether this frame only presents.
func (m *measurement) floor() bool {
	k, _ := m.kind(m.frames)
	return m.n > 0 && k == kindFloor
}

func (m *measurement) frameStart() { m.drawAt = time.Now() }

func (m *measurement) frameDrawn() {
	if m.n == 0 || m.done() {
		return
	}
	now, cpu := time.Now(), cputime.Process()
	if k, counted := m.kind(m.frames); counted && len(m.walls[k]) < m.n {
		m.walls[k] = append(m.walls[k], now.Sub(m.last))
		m.cpu[k] += cpu - m.lastCPU
		if k == kindScene {
			m.draws = append(m.draws, now.Sub(m.drawAt))
		}
	}
	m.last, m.lastCPU = now, cpu
	m.frames++
}

func (m *measurement) done() bool { return len(m.walls[0]) >= m.n && len(m.walls[1]) >= m.n }

func (m *measurement) report(w, h int) string {
	per := func(d time.Duration) float64 { return ms(d / time.Duration(m.n)) }
	scene, floor := per(m.cpu[kindScene]), per(m.cpu[kindFloor])
	return fmt.Sprintf("frames: %d at %dx%d: %.2f ms CPU per frame drawing the scene, %.2f ms presenting a one-pixel change; "+
		"the scene's own share %.2f ms (every thread, software GL included). Wall median %.2f ms (p95 %.2f); building the scene and its draw calls median %.2f ms",
		m.n, w, h, scene, floor, scene-floor, ms(quantile(m.walls[kindScene], 0.5)), ms(quantile(m.walls[kindScene], 0.95)), ms(quantile(m.draws, 0.5)))
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func quantile(ds []time.Duration, q float64) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[min(len(s)-1, int(q*float64(len(s))))]
}
