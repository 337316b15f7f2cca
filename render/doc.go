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
// rings, text, sprites from assets/) with two backends: SoftCanvas, on an
// image.RGBA in software (snapshots, tests, the headless build), and the
// Ebitengine canvas in render/window (the desktop window, built without
// the headless tag). Snapshot draws a lifetime's picture to an image in
// one call.
//
// Where things go: layout.go places the board, the status line under it
// (a replay's timeline between them) and the panel (header, numbers, the
// learning, agent and overlay sections, stacked or under tabs, and a line
// of hints) as disjoint rectangles at any size from 640x400; the board's
// text has fixed places (scene_labels.go) so that no text lands on text.
// The panel makes room for what agents report beyond values: the believed
// pose (a ghost rat), the maps they hold, their own metrics (small charts
// from lab.Lifetime.MetricNames and the curve), and the world's
// configuration (sim.World.ConfigID, numbered; returns marked).
//
// Speed: the board's floor and the value map are mixed into one colour per
// cell and drawn as one grid; the maze with its memory overlays is a
// layer (Canvas.Layer) that changes only when a step ends or the world or
// the overlays do, which the window keeps between frames; the window's
// backend batches every shape, glyph and sprite of a frame into a few
// triangle draws from one texture, keeps the last frame, and redraws only
// regions whose contents changed (Canvas.Region) and, inside them, only
// the 32-pixel tiles whose triangles changed, so a paused window costs
// almost nothing. At high speeds the App refreshes the maze and the
// panel's live parts less often than it simulates (refreshEvery).
//
// Units: the world is in metres with y up; pixels exist only here, behind
// a camera that flips y.
package render
