// Package world is the scenario as data: the maze (cells, walls, door
// groups, start and cheese), the rat's and sensors' settings, the event
// schedule, the .maze text format, validation with file:line:col errors,
// maze generators and the shortest-path oracle.
//
// It is pure Go and imports no physics, agent or renderer: everything else
// in mazerat is built from a *Scenario.
//
// Start with Load (a file) or Parse (text), then Validate; both also read
// Tiled maps (.tmx, through go-tiled; tiled.go gives the conventions).
// DefaultScenario and the generators build scenarios in code; Print writes
// one back so that Parse(Print(s)) equals s. Oracle answers the fewest moves between cells
// for any door state.
//
// Coordinates: row 0 is the top row of the layout as written, column 0 the
// left column. A place index is row*W + col.
package world
