// Package sim is the physical world: a cp.Space built from a
// world.Scenario, the rat's body and motors, its sensors, the cheese, the
// event clock, trials and rewards.
//
// Start with New(scenario, seed). A World advances by ticks of fixed
// length (1/ticks_per_second); an agent step spans control_every ticks in
// wheels control, or one motor program (turn, drive to the neighbouring
// cell, or bump and come back) in moves control. Step runs a whole step;
// Begin and Tick run it tick by tick for a window that animates it. Both
// give the same lifetime.
//
// Physics: walls, closed doors and the outline are static boxes; the rat is
// a circle pulled by a kinematic control body through a pivot joint and a
// gear joint whose maximum forces are the wheels' traction (Chipmunk's Tank
// demo), so walls stop it and it slides along them; nothing teleports it
// but the experimenter's hand (returning to the start, interventions). The
// cheese is a sensor shape.
//
// Sensors are read once per step. Rays are cast against the maze's own
// wall boxes by walking the grid (exact and allocation-free; a test checks
// them against cp's SegmentQueryFirst). mazerat's own code allocates
// nothing per tick or step (TestZeroAllocs checks each part); cp itself
// allocates two small objects per shape pair in contact per tick, so a
// tick allocates once while the rat leans on a wall, and a moves-control
// step, which ends against walls more often than not, about 16 times
// (BenchmarkTick, BenchmarkStep).
//
// Determinism: fixed dt, no goroutines inside a world, randomness only
// from named streams of the seed (NewRand), walls added in a fixed order.
// The same scenario and seed give a bit-identical lifetime on one
// architecture. Worlds may be built and stepped on different goroutines.
//
// Observation and Action, with ObservationSpec and ActionSpec, are all an
// agent ever sees of the world; the accessors in state.go are ground truth
// for the lab and the renderer only.
package sim
