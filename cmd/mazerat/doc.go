// Mazerat lives a robotic rat in a 2D physics maze and lets a learning
// agent drive it for its whole life: one unbroken stream of experience,
// never reset, through a world that may change under it.
//
// Usage:
//
//	mazerat                      the window on the default scenario
//	mazerat watch [SCENARIO] [--agent A] [--seed N] [--set k=v]...
//	mazerat run   [SCENARIO] [--agent A] [--seed N] [--steps N | --trials N] [--out DIR [--force]] [--set k=v]...
//	              [--checkpoint-every N] [--record FILE [--record-every N]]
//	mazerat run   --resume DIR [--steps N | --trials N] [--checkpoint-every N] [--record FILE]
//	mazerat check FILE...
//	mazerat new   --gen dfs|kruskal|prim --size WxH [--braid F] [--seed N] [--style thin|blocks] [-o FILE [--force]]
//	mazerat convert MAP.tmx [-o FILE.maze [--force]]
//	mazerat serve [--addr HOST:PORT | --unix PATH] [--dir DIR] [--max-worlds N] [--max-message BYTES] [--workers N]
//	mazerat watch --connect ADDR [--world ID]
//	mazerat scenarios
//	mazerat agents
//	mazerat help [COMMAND]
//
// SCENARIO is a .maze file, a Tiled map (.tmx) or the name of a built-in
// scenario (mazerat scenarios lists them); it defaults to theseus. Flags
// may stand before or after it. Every command takes -h.
//
// # The window
//
// mazerat with no arguments, and mazerat watch, open the window on a
// lifetime (docs/window.md): the maze, the rat and what its agent has
// learned, live, with keys for the overlays and the speed and a mouse that
// changes the world. K saves a checkpoint of the whole lifetime; Q,
// closing the window, Ctrl-C and SIGTERM save one too and say how to
// continue it (watch --resume FILE); after a signal watch exits 1.
// --record FILE records the session for mazerat replay FILE, which opens
// the window on it with a timeline. Without a display (or when the X
// server refuses the connection) a windowed mazerat hands over to the
// headless build beside it, which says so and, with no arguments, lives the
// default scenario headless as mazerat run does. A binary built with -tags
// headless (which also builds with CGO_ENABLED=0 and runs on machines
// without a display) never has a window; it has every other command.
//
// # Headless runs
//
// mazerat run lives one lifetime and prints a summary to standard output:
// the scenario, the agent and all its parameters, the seed, steps, ticks,
// trials, cumulative reward, ticks and steps per second, the first trial's
// steps and moves, the median path ratio (moves / optimal) of the last five
// trials, the recovery after each world event, and a hash of the body's
// trajectory. The same scenario, agent, parameters and seed always give the
// same lifetime and the same hash.
//
//	--agent A    the agent (default dyna; mazerat agents lists them)
//	--seed N     the lifetime's seed (default: the scenario's seed)
//	--steps N    length in agent steps
//	--trials N   length in trials (cheeses eaten); give one of --steps and
//	             --trials; with neither the run lasts 10000 steps
//	--set k=v    repeatable: a scenario setting by its front-matter key
//	             (control=moves, sensors.rays=16, reward.cheese=0) or an
//	             agent parameter under agent. (agent.planning=50)
//	--out DIR    write the run's files to DIR, created if missing
//	--force      overwrite the files of an earlier run in DIR; without it a
//	             DIR that holds them is refused
//	--quiet      no progress bar
//	--probe-every N, --probe-at LIST
//	             probe trials with learning frozen every N steps and after
//	             the listed steps: a copy of the agent, built from its saved
//	             memory, lives one trial and is thrown away (probes.csv)
//	--probe-configs current|all
//	             probe the current world configuration, or every one met
//	             so far (the forgetting matrix)
//	--probe-steps N
//	             a probe trial ends after N steps without cheese (2000)
//
// With --out, the files are trials.csv (one row per trial: trial,
// start_step, end_step, steps, ticks, moves, optimal, path_ratio, reward,
// bumps, ..., config), reward.csv (cumulative reward along the lifetime),
// events.csv (each world event and the recovery after it, counted up to the
// next event), summary.json (the configuration, totals, learning figures,
// retention and timing), learning.png (moves per trial against the
// optimal), maze.png (the maze with the body's path through the last
// trial), metrics.csv, retention.csv and retention.png (the first trial of
// every visit to every world configuration: re-meeting costs and
// transfer), and with probes probes.csv. Each file is written whole or not
// at all.
//
// A progress bar shows on standard error when it is a terminal; piped or
// redirected output carries no escape codes. An interrupt (Ctrl-C) stops
// the run and still writes the results of the part that ran, with exit
// status 1.
//
// # Lifetimes across sessions
//
// A lifetime can outlast the process that lives it. With --checkpoint-every
// N and --out DIR, run writes DIR/checkpoint.mazerat every N steps, at the
// end and when interrupted: the whole lifetime (world, doors, cheese, event
// clock, trial counters, the agent's model, values, planner queue and
// exploration state, every random stream, the metrics so far). Each write
// replaces the previous checkpoint atomically, so a crash mid-write leaves
// the previous one whole.
//
// mazerat run --resume DIR continues that lifetime in DIR: --steps and
// --trials count from birth, so a 600-step run resumed with --steps 1200
// ends exactly where a straight 1200-step run ends (the same trajectory
// hash, the same trials.csv). Its outputs in DIR are rewritten from birth.
// The scenario, agent, seed and --set values come from the checkpoint and
// cannot be given again. A resumed run keeps checkpointing (every 10000
// steps unless --checkpoint-every says otherwise).
//
// --record FILE records the lifetime compactly for mazerat replay: the
// agent's actions, the interventions made by hand, and a keyframe (a
// checkpoint) every --record-every steps (default 2000). FILE is never
// overwritten without --force. A recording whose process died opens up to
// its last keyframe.
//
// Checkpoints and recordings share a header: the magic "MAZERAT", the kind,
// a format version, the content's length and its SHA-256. A file of another
// kind, of a newer version, truncated or corrupted is refused with an error
// naming the file and the problem. docs/lifetimes.md describes the format.
//
// # Authoring
//
// mazerat check reads each FILE (a .maze file, or a built-in name when no
// such file exists, labelled "(built-in)") and prints "FILE: ok (WxH style,
// control, door groups, events)" or every error as file:line:col: what is
// wrong and what was expected.
//
// mazerat new generates a maze with a depth-first, Kruskal or Prim
// spanning tree, optionally braided (a fraction of dead ends opened into
// loops), and prints it as a .maze file, or writes it to -o FILE, which it
// never overwrites without --force. The same flags give the same maze.
//
// mazerat convert reads a Tiled map (.tmx) and prints the .maze scenario
// it makes, or writes it to -o FILE, never over an existing file without
// --force. run, watch, check and sweeps read .tmx files directly; convert
// gives a file to go on editing as text.
//
// The .maze format and the conventions of Tiled maps are described in
// docs/scenario-format.md.
//
// # Served worlds
//
// mazerat serve runs a gRPC server (proto/mazerat/v1/worlds.proto) whose
// clients, in other processes, create worlds from a scenario, settings and
// a seed and drive them step by step: an agent in Python (python/mazerat)
// or any language gRPC speaks. It listens on 127.0.0.1:50051 unless --addr
// or --unix says otherwise, prints "listening on ADDR" when ready, and
// frees a client's worlds when its session ends. --dir names the only
// directory whose files clients may write and read (outputs, checkpoints,
// recordings). mazerat watch --connect ADDR shows one of its worlds in the
// window while its client drives it. docs/serve.md describes the protocol,
// the Python client and the limits.
//
// # Exit status
//
// 0 on success; 1 when the command failed (a scenario with errors, a file
// that cannot be written, an interrupted run); 2 for a usage error (an
// unknown command or flag, a bad flag value), with a hint on standard error.
package main
