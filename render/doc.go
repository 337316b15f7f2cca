// Package render draws mazerat: the maze, the rat and what its agent
// remembers, for the desktop window and for PNG snapshots.
//
// Start with App: the window's model, without Ebitengine. It owns a
// lab.Lifetime and drives it with Lifetime.Tick (the loop headless runs
// use, so a watched lifetime with a seed is the headless one), and holds
// what the picture shows: pause, speed, overlays, the trail, the fading
// planning sweep, what the mouse points at or holds. It advances by one
// Command per frame: keys and mouse as data, so tests drive it without a
// window. Interventions (click a wall or door, drag the cheese, carry the
// rat) go through lab.Lifetime.Apply: the world validates them and logs
// them as world events at that step, and the lifetime keeps them in its
// recording; invalid ones are refused with a message.
//
// App.Draw is the one scene description. It draws through Canvas, a few
// primitives (rectangles, a heat grid, lines, convex polygons, circles,
// rings, text) with two backends: SoftCanvas, on an image.RGBA in software
// (snapshots, tests, the headless build), and the Ebitengine canvas in
// render/window (the desktop window, built without the headless tag).
// Snapshot draws a lifetime's picture to an image in one call.
//
// Speed: the board's floor, the value heat map and the planning wave are
// mixed into one colour per cell and drawn as one grid; the window's
// backend batches every shape and glyph of a frame into a few triangle
// draws from one texture, keeps the last frame, and redraws only regions
// whose contents changed (Canvas.Region), so a paused window costs almost
// nothing.
//
// Units: the world is in metres with y up; pixels exist only here, behind
// a camera that flips y.
package render
