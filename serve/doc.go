// Package serve serves worlds to agents in other processes: the gRPC
// service of proto/mazerat/v1/worlds.proto (generated code in servepb),
// behind `mazerat serve`, for the Python client in python/mazerat and any
// other.
//
// A served world is a lab.Lifetime whose agent is its client: the lab
// lives it as it lives any lifetime (metrics, outputs, checkpoints,
// recordings), the actions come over the network. A client's Session
// stream owns the worlds it creates; when the stream ends, however it
// ends, they are closed (recordings sealed) and freed. A step call steps
// many worlds at once on Options.Workers goroutines. Episodes are
// stretches of the one lifetime: a trial's end is a LAST step with
// discount 0, an episode that ran CreateRequest.max_episode_steps a LAST
// step with discount 1 (truncated), and a reset begins a new episode where
// the rat stands, or with new_lifetime a new lifetime.
//
// Watch streams a world's checkpoint and then its actions to a follower;
// Follow is the follower `mazerat watch --connect` shows in the window.
//
// Start with New(Options{...}).Register(grpcServer); docs/serve.md is the
// manual of the protocol, its limits and the Python client.
package serve
