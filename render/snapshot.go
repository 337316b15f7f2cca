package render

import (
	"bytes"
	"image"
	"image/png"

	"github.com/mazerat/mazerat/lab"
	"github.com/mazerat/mazerat/world"
)

// SnapshotOptions say how a snapshot is drawn.
type SnapshotOptions struct {
	Width, Height int      // pixels (DefaultOptions' window size when 0)
	Overlays      Overlays // the overlays drawn
	Scale         float32  // text and line scale (1 when 0)
}

// Default window and snapshot size, in pixels at scale 1.
const (
	DefaultWidth  = 1280
	DefaultHeight = 800
)

// Snapshot draws the picture the window would show of lifetime l as it
// stands, with the given overlays, in software: no display needed. The
// sweep of the lifetime's last step shows at full strength and the trail
// is the body's path through the trial under way.
func Snapshot(l *lab.Lifetime, o SnapshotOptions) (*image.RGBA, error) {
	if o.Width <= 0 || o.Height <= 0 {
		o.Width, o.Height = DefaultWidth, DefaultHeight
	}
	if !(o.Scale > 0) {
		o.Scale = 1
	}
	opt := DefaultOptions()
	opt.Overlays, opt.Scale, opt.Paused = o.Overlays, o.Scale, true
	a, err := NewAppFor(l, opt)
	if err != nil {
		return nil, err
	}
	a.paused = l.Done() // a finished run says so; one cut short shows as paused
	a.w, a.h = o.Width, o.Height
	c := NewSoftCanvas(o.Width, o.Height, o.Scale)
	a.Draw(c)
	return c.Image(), nil
}

// EncodePNG returns img as PNG bytes.
func EncodePNG(img image.Image) ([]byte, error) {
	var b bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&b, img); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// FileStem is how files about a scenario are named (screenshots, saved
// mazes, snapshots): its file's base name without the extension, or its
// name in lower case with dashes ("theseus", "dfs-30x30-braid-0-5-seed-1").
func FileStem(sc *world.Scenario) string { return scenarioSlug(sc) }
