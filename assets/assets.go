// Package assets holds the files the window is made of, embedded in the
// binary: the Go fonts its text is set in (fonts/, with their licence),
// the sprites of the rat and the cheese (sprites/), and the window's icon
// in several sizes (icon/).
//
// The sprites were first drawn from the shapes mazerat used to draw them
// with, and are the source now: edit the PNG files. What stays drawn in
// code is what a picture cannot do as well (render/sprites.go says why
// for each): the rat's tail, which sways with the ticks and stops at
// walls, and its shadow, which falls the same way whichever way the rat
// faces.
//
// The package imports nothing of mazerat; render decodes what it needs.
package assets

import (
	"bytes"
	"embed"
	"fmt"
	"image"
	"image/png"
	"io/fs"
	"slices"
)

//go:embed fonts/*.ttf fonts/LICENSE sprites/*.png icon/*.png
var files embed.FS

// Font returns the TrueType file of the regular (bold false) or bold Go
// font.
func Font(bold bool) []byte {
	name := "fonts/Go-Regular.ttf"
	if bold {
		name = "fonts/Go-Bold.ttf"
	}
	return mustRead(name)
}

// Sprite returns the decoded sprite called name ("rat", "cheese").
func Sprite(name string) (image.Image, error) {
	return decode("sprites/" + name + ".png")
}

// Icons returns the window's icon in every size it comes in, smallest
// first.
func Icons() ([]image.Image, error) {
	names, err := fs.Glob(files, "icon/*.png")
	if err != nil {
		return nil, err
	}
	var out []image.Image
	for _, n := range names {
		img, err := decode(n)
		if err != nil {
			return nil, err
		}
		out = append(out, img)
	}
	slices.SortFunc(out, func(a, b image.Image) int { return a.Bounds().Dx() - b.Bounds().Dx() })
	return out, nil
}

func decode(name string) (image.Image, error) {
	data, err := files.ReadFile(name)
	if err != nil {
		return nil, err
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("assets: %s: %w", name, err)
	}
	return img, nil
}

// mustRead returns an embedded file; the files are fixed at build time,
// so a missing one is a programmer's error.
func mustRead(name string) []byte {
	data, err := files.ReadFile(name)
	if err != nil {
		panic("assets: " + err.Error())
	}
	return data
}
