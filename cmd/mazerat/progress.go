package main

import (
	"io"
	"os"

	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"
	"golang.org/x/term"
)

// progress is a progress bar on a terminal, and nothing at all when the
// output is a pipe or a file (or when turned off), so logs stay clean.
type progress struct {
	p   *mpb.Progress
	bar *mpb.Bar
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

func newProgress(w io.Writer, enabled bool, title string) *progress {
	if !enabled || !isTerminal(w) {
		return &progress{}
	}
	p := mpb.New(mpb.WithOutput(w), mpb.WithWidth(40))
	bar := p.AddBar(0,
		mpb.PrependDecorators(decor.Name(title+" ", decor.WCSyncSpaceR), decor.CountersNoUnit("%d / %d")),
		mpb.AppendDecorators(decor.Percentage(decor.WCSyncSpace), decor.Name(" "), decor.AverageETA(decor.ET_STYLE_GO)),
	)
	return &progress{p: p, bar: bar}
}

// update reports done of total (the lab's progress callback).
func (pr *progress) update(done, total int64) {
	if pr.bar == nil {
		return
	}
	pr.bar.SetTotal(total, false)
	pr.bar.SetCurrent(done)
}

// finish completes the bar and waits until it is drawn.
func (pr *progress) finish() {
	if pr.bar == nil {
		return
	}
	if !pr.bar.Completed() {
		pr.bar.SetTotal(-1, true)
	}
	pr.p.Wait()
}
