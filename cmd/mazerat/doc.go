// Mazerat lives a robotic rat in a 2D physics maze and lets a learning
// agent drive it for its whole life: one unbroken stream of experience,
// never reset, through a world that may change under it.
//
// Usage:
//
//	mazerat                      the window on the default scenario
//	mazerat watch   [SCENARIO] [--agent A] [--seed N] [--set k=v]... [--resume FILE] [--record FILE]
//	mazerat watch   --connect ADDR [--world ID]
//	mazerat run     [SCENARIO] [--agent A] [--seed N] [--steps N | --trials N] [--out DIR [--force]] [--set k=v]...
//	                [--checkpoint-every N] [--record FILE [--record-every N]] [--snapshot FILE.png]
//	mazerat run     --resume DIR [--steps N | --trials N] [--checkpoint-every N] [--record FILE]
//	mazerat replay  FILE [--at STEP] [--verify]
//	mazerat check   FILE...
//	mazerat new     --gen dfs|kruskal|prim --size WxH [--braid F] [--seed N] [--style thin|blocks] [-o FILE [--force]]
//	mazerat convert MAP.tmx [-o FILE.maze [--force]]
//	mazerat sweep   SPEC.yaml [--workers N] [--shard I/N] [--out DIR] [--dry-run]
//	mazerat merge   DIR... --out DIR
//	mazerat repro   NAME... | all [--seeds N] [--workers N] [--out DIR] [--short]
//	mazerat serve   [--addr HOST:PORT | --unix PATH] [--dir DIR] [--max-worlds N] [--max-message BYTES] [--workers N]
//	mazerat scenarios
//	mazerat agents
//	mazerat help    [COMMAND]
//
// SCENARIO is a .maze file, a Tiled map (.tmx) or the name of a built-in
// scenario (mazerat scenarios lists them); it defaults to theseus. Flags
// may stand before or after it. Every command takes -h, and mazerat help
// COMMAND prints a command's flags to standard output.
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
// trials, cumulative reward, speed, the first trial, the median path ratio
// (moves / optimal) of the last five trials, the compute the agent spent
// (backups, search nodes, seconds inside the agent), how well it knew where
// it was (agents that find their own place), the recovery after each world
// event, and a hash of the body's trajectory. The same scenario, agent,
// parameters and seed always give the same lifetime and the same hash.
//
//	--agent A    the agent (default dyna; mazerat agents lists them)
//	--seed N     the lifetime's seed (default: the scenario's seed)
//	--steps N    length in agent steps
//	--trials N   length in trials; give one of --steps and --trials; with
//	             neither the run lasts 10000 steps
//	--set k=v    repeatable: a scenario setting by its front-matter key
//	             (control=moves, sensors.place=false, trial.max_steps=500)
//	             or an agent parameter under agent. (agent.planning=50)
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
// With --out, the files are trials.csv (one row per trial: its steps,
// moves, optimal and path ratio from where it began, reward, bumps,
// compute, belief, timeouts, probes, regions, the world configuration it
// began in), reward.csv, events.csv (each world event and the recovery
// after it, counted up to the next event), metrics.csv (the agent's own
// metrics along the lifetime), retention.csv and retention.png (the first
// trial of every visit to every world configuration: re-meeting costs and
// transfer), summary.json, learning.png, maze.png and snapshot.png, and
// with probes probes.csv. The README lists them; docs/lifetimes.md
// describes the recovery in events.csv, retention.csv and probes.csv
// column by column. Each file is written whole or not at all.
//
// A progress bar shows on standard error when it is a terminal; piped or
// redirected output carries no escape codes. Ctrl-C or SIGTERM stops the
// run and still writes the results of the part that ran (with --out, a
// checkpoint too, and the command that continues it), with exit status 1.
//
// # Lifetimes across sessions
//
// A lifetime can outlast the process that lives it. With --checkpoint-every
// N and --out DIR, run writes DIR/checkpoint.mazerat every N steps, at the
// end and when stopped: the whole lifetime (world, doors, cheese, event
// clock, trial counters, the agent's memory, every random stream, the
// metrics so far). Each write replaces the previous checkpoint atomically.
//
// mazerat run --resume DIR continues that lifetime in DIR: --steps and
// --trials count from birth, so a 600-step run resumed with --steps 1200
// ends exactly where a straight 1200-step run ends (the same trajectory
// hash, the same trials.csv). The scenario, agent, seed and --set values
// come from the checkpoint and cannot be given again.
//
// --record FILE records the lifetime compactly: keyframes (checkpoints)
// every --record-every steps and a digest of each action between them.
// mazerat replay FILE opens the window on it with a timeline and every
// overlay as it was; replay --verify replays it headless and checks every
// step. FILE is never overwritten without --force.
//
// Checkpoints and recordings share a header: the magic "MAZERAT", the kind,
// a format version, the content's length and its SHA-256. A file of another
// kind, of a newer or an older version, truncated or corrupted is refused
// with an error naming the file and the problem. docs/lifetimes.md
// describes the format.
//
// # Experiments at scale
//
// mazerat sweep SPEC.yaml runs many lifetimes across seeds, agents and
// parameters on --workers cores and summarises them with confidence
// intervals and plots; a sweep started again skips its finished runs. With
// --shard I/N each machine runs a slice and mazerat merge combines the
// slices into the same bytes one machine would write (docs/sweeps.md, with
// a Slurm example). mazerat repro reproduces the classic results (Sutton &
// Barto's Dyna mazes, Shannon's Theseus, latent learning, Tolman's detour,
// the radial arm maze, the T-maze, the Morris water maze) and this project's own (compute scaling, the rat's
// own map, foraging, plasticity), each with its verdicts
// (docs/experiments.md); it exits 1 when a verdict fails.
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
