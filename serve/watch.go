package serve

import (
	"context"
	"fmt"
	"sync"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"

	"github.com/mazerat/mazerat/agent"
	"github.com/mazerat/mazerat/lab"
	"github.com/mazerat/mazerat/serve/servepb"
	"github.com/mazerat/mazerat/sim"
	"github.com/mazerat/mazerat/world"
)

// watchBuffer is how many steps a watcher may fall behind the world it
// follows before it is dropped.
const watchBuffer = 1 << 16

// watcher is one Watch stream following a world: the world's steps are
// queued for it, and the stream sends them in batches.
type watcher struct {
	mu      sync.Mutex
	wake    chan struct{} // a signal that there is something to send
	actions []float64     // queued actions, from step `from`
	from    int64
	view    *servepb.View // the client's view after the last queued step
	hash    uint64        // the world's hash after it
	wheels  bool
	err     error // set when the watch ends
}

// push queues the action of the step just lived (called with the
// world's lock held).
func (wt *watcher) push(a sim.Action, c world.Control, v *agent.View, w *sim.World) {
	wt.mu.Lock()
	defer wt.mu.Unlock()
	if wt.err != nil {
		return
	}
	if len(wt.actions) >= 2*watchBuffer {
		wt.err = status.Errorf(codes.ResourceExhausted, "the watcher fell %d steps behind the world; watch again", watchBuffer)
	} else if c == world.Moves {
		wt.actions = append(wt.actions, float64(a.Move))
	} else {
		wt.actions = append(wt.actions, a.Left, a.Right)
	}
	wt.hash = w.Hash()
	if v.Value != nil || v.Plan != nil {
		wt.view = &servepb.View{Value: append([]float64(nil), v.Value...)}
		for _, p := range v.Plan {
			wt.view.Plan = append(wt.view.Plan, int32(p))
		}
	}
	wt.signal()
}

func (wt *watcher) signal() {
	select {
	case wt.wake <- struct{}{}:
	default:
	}
}

// end stops the watch with err.
func (wt *watcher) end(err error) {
	wt.mu.Lock()
	defer wt.mu.Unlock()
	if wt.err == nil {
		wt.err = err
	}
	wt.signal()
}

// take returns what is queued and empties the queue.
func (wt *watcher) take() (*servepb.WatchEvent, error) {
	wt.mu.Lock()
	defer wt.mu.Unlock()
	if len(wt.actions) == 0 {
		return nil, wt.err
	}
	ev := &servepb.WatchEvent{Step: wt.from, Actions: wt.actions, View: wt.view, Hash: wt.hash}
	per := int64(1)
	if wt.wheels {
		per = 2
	}
	wt.from += int64(len(wt.actions)) / per
	wt.actions, wt.view = nil, nil
	return ev, nil
}

// Watch streams one world's lifetime: its checkpoint, then its steps as
// they are lived, until the world closes or the watcher leaves.
func (s *Server) Watch(r *servepb.WatchRequest, stream servepb.Worlds_WatchServer) error {
	s.mu.Lock()
	w := s.worlds[r.GetWorld()]
	if r.GetWorld() == 0 {
		for id, x := range s.worlds {
			if w == nil || id < w.id {
				w = x
			}
		}
	}
	s.mu.Unlock()
	if w == nil {
		if r.GetWorld() == 0 {
			return status.Errorf(codes.NotFound, "no world is alive on this server yet; start a client first")
		}
		return status.Errorf(codes.NotFound, "world %d is not alive on this server", r.GetWorld())
	}
	wt := &watcher{wake: make(chan struct{}, 1), wheels: w.act.Control == world.Wheels}
	w.mu.Lock()
	data, err := w.life.Checkpoint()
	if err == nil {
		wt.from = w.life.World().StepCount()
		w.watchers = append(w.watchers, wt)
	}
	name := w.agent.name
	w.mu.Unlock()
	if err != nil {
		return status.Errorf(codes.Internal, "world %d: %v", w.id, err)
	}
	defer func() {
		w.mu.Lock()
		w.watchers = slicesDelete(w.watchers, wt)
		w.mu.Unlock()
	}()
	if err := stream.Send(&servepb.WatchEvent{Checkpoint: data, Agent: name, Step: wt.from}); err != nil {
		return err
	}
	for {
		select {
		case <-stream.Context().Done():
			return nil
		case <-wt.wake:
		}
		for {
			ev, err := wt.take()
			if err != nil {
				if _, ok := status.FromError(err); ok {
					return err
				}
				return status.Error(codes.Unavailable, err.Error())
			}
			if ev == nil {
				break
			}
			if err := stream.Send(ev); err != nil {
				return err
			}
		}
	}
}

func slicesDelete(ws []*watcher, w *watcher) []*watcher {
	for i, x := range ws {
		if x == w {
			return append(ws[:i], ws[i+1:]...)
		}
	}
	return ws
}

// Follow connects to a server and returns a lifetime that follows one of
// its worlds (0: the oldest alive) as its client drives it: the world's
// checkpoint, lived on with the actions the server streams. Step and Tick
// on it wait for the next action; the agent's View is the driving
// client's, if it sends one. Interventions made on the follower (a window
// edit) change only its copy, and the next hash check then stops it with
// an error. When following stops (the world closed, the server gone, a
// departure), report (if set) is called once with why, and the body stands
// still from then on. Cancel ctx to stop following.
func Follow(ctx context.Context, addr string, id uint64, report func(error)) (*lab.Lifetime, error) {
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithDefaultCallOptions(grpc.MaxCallRecvMsgSize(1<<30)))
	if err != nil {
		return nil, fmt.Errorf("--connect %s: %w", addr, err)
	}
	stream, err := servepb.NewWorldsClient(conn).Watch(ctx, &servepb.WatchRequest{World: id})
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("--connect %s: %w", addr, err)
	}
	first, err := stream.Recv()
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("--connect %s: %s", addr, status.Convert(err).Message())
	}
	f := &follower{events: make(chan *servepb.WatchEvent, 64), report: report}
	spec := &agent.Spec{Name: first.GetAgent(), New: func(env agent.Env, _ agent.Params) (agent.Agent, error) {
		f.places, f.w, f.h, f.moves = env.Obs.PlaceW*env.Obs.PlaceH, env.Obs.PlaceW, env.Obs.PlaceH, env.Act.Control == world.Moves
		f.view.Name = first.GetAgent()
		return f, nil
	}}
	l, err := lab.ResumeCheckpointWith(first.GetCheckpoint(), spec)
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("--connect %s: the world's checkpoint: %w", addr, err)
	}
	if err := l.SetLength(1<<62, 0); err != nil {
		conn.Close()
		return nil, err
	}
	f.life = l
	go func() {
		defer conn.Close()
		defer close(f.events)
		for {
			ev, err := stream.Recv()
			if err != nil {
				f.setErr(fmt.Errorf("the served world ended: %s", status.Convert(err).Message()))
				return
			}
			select {
			case f.events <- ev:
			case <-ctx.Done():
				return
			}
		}
	}()
	return l, nil
}

// follower is the agent of a followed world: it acts as the served
// world's client did, step by step.
type follower struct {
	events   chan *servepb.WatchEvent
	life     *lab.Lifetime
	pending  []float64
	next     int64 // the step pending[0] is for
	places   int
	w, h     int
	moves    bool
	view     agent.View
	lastHash uint64
	hashAt   int64 // the step after which lastHash holds

	report func(error)
	mu     sync.Mutex
	err    error
}

func (f *follower) setErr(err error) {
	f.mu.Lock()
	first := f.err == nil
	if first {
		f.err = err
	}
	f.mu.Unlock()
	if first && f.report != nil {
		f.report(err)
	}
}

// Err returns why following stopped, if it did.
func (f *follower) Err() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.err
}

// Act returns the served client's action for this step, waiting for it.
// Once following has stopped, the body stands still in wheels control
// (0, 0) and moves north in moves control (into a wall or not: the world
// is no longer the served one), and Err says why.
func (f *follower) Act(obs sim.Observation) sim.Action {
	f.check(obs.Step)
	if f.Err() != nil {
		return sim.Action{Move: world.North}
	}
	for len(f.pending) == 0 {
		ev, ok := <-f.events
		if !ok {
			return sim.Action{}
		}
		if ev.Step != obs.Step {
			f.setErr(fmt.Errorf("the served world sent step %d while the follower is at step %d", ev.Step, obs.Step))
			return sim.Action{}
		}
		f.pending = ev.GetActions()
		f.lastHash, f.hashAt = ev.GetHash(), ev.Step+int64(len(ev.GetActions()))
		if !f.moves {
			f.hashAt = ev.Step + int64(len(ev.GetActions())/2)
		}
		if v := ev.GetView(); v != nil {
			f.setView(v)
		}
	}
	var a sim.Action
	if f.moves {
		a.Move, f.pending = world.Side(int(f.pending[0])&3), f.pending[1:]
	} else if len(f.pending) >= 2 {
		a.Left, a.Right, f.pending = f.pending[0], f.pending[1], f.pending[2:]
	}
	return a
}

// check compares the follower's world with the served one's after a batch.
func (f *follower) check(step int64) {
	if f.hashAt == 0 || step != f.hashAt {
		return
	}
	if h := f.life.World().Hash(); h != f.lastHash {
		f.setErr(fmt.Errorf("the follower departs from the served world at step %d (a change made in the window?)", step))
	}
}

func (f *follower) setView(v *servepb.View) {
	f.view = agent.View{Name: f.view.Name}
	if len(v.Value) == f.places {
		f.view.Places, f.view.W, f.view.H = f.places, f.w, f.h
		f.view.Value = v.Value
	}
	for _, p := range v.Plan {
		if p >= 0 && int(p) < f.places {
			f.view.Plan = append(f.view.Plan, int(p))
		}
	}
}

func (f *follower) View() agent.View { return f.view }

// UnmarshalState takes the served client's state, which is nothing.
func (f *follower) UnmarshalState([]byte) error { return nil }

// MarshalState refuses: a follower's lifetime is the served world's.
func (f *follower) MarshalState() ([]byte, error) {
	return nil, fmt.Errorf("a followed world is checkpointed by its server (the client's save request), not by a follower")
}

// FollowErr returns why a lifetime made by Follow stopped following its
// served world (nil while it follows, or for any other lifetime).
func FollowErr(l *lab.Lifetime) error {
	if f, ok := l.Agent().(*follower); ok {
		return f.Err()
	}
	return nil
}
