package serve

import (
	"context"
	"encoding/binary"
	"math"
	"math/rand/v2"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/test/bufconn"

	"github.com/mazerat/mazerat/agent"
	"github.com/mazerat/mazerat/lab"
	"github.com/mazerat/mazerat/scenarios"
	"github.com/mazerat/mazerat/serve/servepb"
	"github.com/mazerat/mazerat/sim"
	"github.com/mazerat/mazerat/world"
)

// start runs a server on an in-memory listener and returns it with a
// client connection.
func start(t *testing.T, opt Options) (*Server, *grpc.ClientConn) {
	t.Helper()
	lis := bufconn.Listen(1 << 20)
	srv := New(opt)
	g := grpc.NewServer()
	srv.Register(g)
	go g.Serve(lis)
	t.Cleanup(g.Stop)
	conn, err := grpc.NewClient("passthrough:///bufnet",
		grpc.WithContextDialer(func(ctx context.Context, _ string) (net.Conn, error) { return lis.DialContext(ctx) }),
		grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return srv, conn
}

// session is a test client's stream.
type tsession struct {
	t      *testing.T
	stream servepb.Worlds_SessionClient
	cancel context.CancelFunc
}

func open(t *testing.T, conn *grpc.ClientConn) *tsession {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	st, err := servepb.NewWorldsClient(conn).Session(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cancel)
	return &tsession{t, st, cancel}
}

// call sends a request and returns the response (an error response too).
func (s *tsession) call(r *servepb.Request) *servepb.Response {
	s.t.Helper()
	if err := s.stream.Send(r); err != nil {
		s.t.Fatal(err)
	}
	resp, err := s.stream.Recv()
	if err != nil {
		s.t.Fatal(err)
	}
	return resp
}

func (s *tsession) create(c *servepb.CreateRequest) *servepb.CreateResponse {
	s.t.Helper()
	r := s.call(&servepb.Request{Payload: &servepb.Request_Create{Create: c}})
	if e := r.GetError(); e != nil {
		s.t.Fatalf("create %v: %s", c, e.Message)
	}
	return r.GetCreate()
}

func (s *tsession) step(ids []uint64, acts *servepb.Tensor) *servepb.StepResponse {
	s.t.Helper()
	r := s.call(&servepb.Request{Payload: &servepb.Request_Step{Step: &servepb.StepRequest{Worlds: ids, Actions: acts}}})
	if e := r.GetError(); e != nil {
		s.t.Fatalf("step: %s", e.Message)
	}
	return r.GetStep()
}

func moves(ms ...int64) *servepb.Tensor {
	t := &servepb.Tensor{Dtype: servepb.DataType_INT64, Shape: []int32{int32(len(ms))}}
	for _, m := range ms {
		t.Data = binary.LittleEndian.AppendUint64(t.Data, uint64(m))
	}
	return t
}

func wheels(lr ...float64) *servepb.Tensor {
	t := &servepb.Tensor{Dtype: servepb.DataType_FLOAT64, Shape: []int32{int32(len(lr) / 2), 2}}
	for _, x := range lr {
		t.Data = putF64(t.Data, x)
	}
	return t
}

func seed(s uint64) *uint64 { return &s }

// TestSpecs: the specs name, shape and bound what the world senses and
// accepts, in both control modes; the first observation fits them.
func TestSpecs(t *testing.T) {
	_, conn := start(t, Options{})
	s := open(t, conn)
	for i, c := range []struct {
		scenario, control string
		names             string
		action            *servepb.TensorSpec
	}{
		{"dyna-maze", "moves", "rays touch touch_angle compass odometry place reward", &servepb.TensorSpec{Name: "move", Dtype: servepb.DataType_INT64, Min: 0, Max: 3}},
		{"theseus", "wheels", "rays touch touch_angle compass odometry place reward", &servepb.TensorSpec{Name: "wheels", Shape: []int32{2}, Dtype: servepb.DataType_FLOAT64, Min: -1, Max: 1}},
	} {
		r := s.create(&servepb.CreateRequest{Scenario: c.scenario, Settings: map[string]string{"control": c.control}})
		sp := r.GetSpecs()
		var names []string
		for _, o := range sp.GetObservations() {
			names = append(names, o.GetName())
		}
		if got := strings.Join(names, " "); got != c.names {
			t.Errorf("%d: observations %q, want %q", i, got, c.names)
		}
		a := sp.GetAction()
		if a.GetName() != c.action.Name || a.GetDtype() != c.action.Dtype || a.GetMin() != c.action.Min || a.GetMax() != c.action.Max || len(a.GetShape()) != len(c.action.Shape) {
			t.Errorf("%d: action spec %v, want %v", i, a, c.action)
		}
		if sp.GetControl() != c.control {
			t.Errorf("%d: control %q, want %q", i, sp.GetControl(), c.control)
		}
		first := r.GetFirst()
		if first.GetStepType()[0] != servepb.StepType_FIRST || len(first.GetObservations()) != len(names) {
			t.Errorf("%d: first step type %v with %d observations", i, first.GetStepType(), len(first.GetObservations()))
		}
		rays := first.GetObservations()[0]
		if n := sp.GetObservations()[0].GetShape()[0]; len(rays.GetData()) != 8*int(n) || rays.GetShape()[0] != 1 {
			t.Errorf("%d: rays tensor %v with %d bytes, want shape [1, %d]", i, rays.GetShape(), len(rays.GetData()), n)
		}
	}
}

// scripted replays a list of actions: the Go side of the determinism test.
type scripted struct {
	acts []sim.Action
	i    int
}

func (a *scripted) Act(sim.Observation) sim.Action { a.i++; return a.acts[a.i-1] }
func (a *scripted) View() agent.View               { return agent.View{Name: "scripted"} }

// TestServedEqualsGo: a served lifetime given a list of actions equals the
// same lifetime stepped in Go with those actions, in both control modes:
// every observation, reward and the final hash.
func TestServedEqualsGo(t *testing.T) {
	_, conn := start(t, Options{})
	s := open(t, conn)
	for _, control := range []string{"moves", "wheels"} {
		const n = 300
		acts := make([]sim.Action, n)
		for i := range acts {
			acts[i] = sim.Action{Move: world.Side(i * 7 % 5 % 4), Left: math.Sin(float64(i)), Right: math.Cos(float64(i) / 3)}
		}
		sc, err := scenarios.Load("dyna-maze")
		if err != nil {
			t.Fatal(err)
		}
		l, err := lab.NewLifetime(lab.Config{Scenario: sc, Set: map[string]string{"control": control}, Seed: 11, SeedSet: true, Steps: n,
			AgentSpec: &agent.Spec{Name: "scripted", New: func(agent.Env, agent.Params) (agent.Agent, error) { return &scripted{acts: acts}, nil }}})
		if err != nil {
			t.Fatal(err)
		}
		r := s.create(&servepb.CreateRequest{Scenario: "dyna-maze", Settings: map[string]string{"control": control}, Seed: seed(11)})
		id := r.GetWorld()
		var reward float64
		for i, a := range acts {
			var tensor *servepb.Tensor
			if control == "moves" {
				tensor = moves(int64(a.Move))
			} else {
				tensor = wheels(a.Left, a.Right)
			}
			got := s.step([]uint64{id}, tensor)
			if err := l.Step(); err != nil {
				t.Fatal(err)
			}
			w := l.World()
			obs := w.Observation()
			want := observationFields(w.ObservationSpec())
			for fi, f := range want {
				if d := f.put(nil, &obs); string(d) != string(got.GetObservations()[fi].GetData()) {
					t.Fatalf("%s step %d: %s differs from the Go lifetime's", control, i, f.spec.Name)
				}
			}
			if got.GetReward()[0] != w.LastReward() || got.GetStep()[0] != w.StepCount() {
				t.Fatalf("%s step %d: reward %v step %v, Go %v %v", control, i, got.GetReward()[0], got.GetStep()[0], w.LastReward(), w.StepCount())
			}
			reward += got.GetReward()[0]
		}
		if reward != l.World().TotalReward() {
			t.Errorf("%s: served reward %v, Go %v", control, reward, l.World().TotalReward())
		}
	}
}

// TestEpisodes: a trial's end is LAST with discount 0; max_episode_steps
// truncates (LAST, discount 1) without touching the world; the next step
// goes on (MID) and reset begins an episode (FIRST) where the rat stands.
func TestEpisodes(t *testing.T) {
	_, conn := start(t, Options{})
	s := open(t, conn)
	r := s.create(&servepb.CreateRequest{Scenario: "dyna-maze", Settings: map[string]string{"control": "moves"}, MaxEpisodeSteps: 7, Seed: seed(3)})
	id := r.GetWorld()
	var truncs, ends int
	since := 0
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 20000 && ends < 2; i++ {
		got := s.step([]uint64{id}, moves(rng.Int64N(4)))
		since++
		kind, disc, trunc := got.GetStepType()[0], got.GetDiscount()[0], got.GetTruncated()[0]
		switch {
		case kind == servepb.StepType_LAST && trunc:
			truncs++
			if since != 7 || disc != 1 {
				t.Fatalf("step %d: truncated after %d steps with discount %v, want 7 and 1", i, since, disc)
			}
			since = 0
		case kind == servepb.StepType_LAST:
			ends++
			if disc != 0 || got.GetReward()[0] <= 0 {
				t.Fatalf("step %d: trial end with discount %v reward %v", i, disc, got.GetReward()[0])
			}
			since = 0
		case kind != servepb.StepType_MID || disc != 1:
			t.Fatalf("step %d: %v discount %v, want MID 1", i, kind, disc)
		}
	}
	if truncs == 0 || ends == 0 {
		t.Fatalf("%d truncations, %d trial ends", truncs, ends)
	}
	before := s.step([]uint64{id}, moves(0)).GetStep()[0]
	rs := s.call(&servepb.Request{Payload: &servepb.Request_Reset_{Reset_: &servepb.ResetRequest{Worlds: []uint64{id}}}}).GetReset_()
	if rs.GetStepType()[0] != servepb.StepType_FIRST || rs.GetStep()[0] != before {
		t.Errorf("reset: %v at step %d, want FIRST at step %d (the lifetime goes on)", rs.GetStepType()[0], rs.GetStep()[0], before)
	}
	rs = s.call(&servepb.Request{Payload: &servepb.Request_Reset_{Reset_: &servepb.ResetRequest{Worlds: []uint64{id}, NewLifetime: true, Seed: seed(3)}}}).GetReset_()
	if rs.GetStep()[0] != 0 || string(rs.GetObservations()[0].GetData()) != string(r.GetFirst().GetObservations()[0].GetData()) {
		t.Errorf("reset to a new lifetime of seed 3: step %d, first rays equal to the birth's: %v", rs.GetStep()[0],
			string(rs.GetObservations()[0].GetData()) == string(r.GetFirst().GetObservations()[0].GetData()))
	}
}

// TestBadInput: every mistake gets its gRPC code and a message naming it;
// the session goes on after each.
func TestBadInput(t *testing.T) {
	_, conn := start(t, Options{MaxWorlds: 3})
	s := open(t, conn)
	good := s.create(&servepb.CreateRequest{Scenario: "dyna-maze", Settings: map[string]string{"control": "moves"}}).GetWorld()
	wh := s.create(&servepb.CreateRequest{Scenario: "theseus"}).GetWorld()
	create := func(c *servepb.CreateRequest) *servepb.Request {
		return &servepb.Request{Payload: &servepb.Request_Create{Create: c}}
	}
	step := func(ids []uint64, a *servepb.Tensor) *servepb.Request {
		return &servepb.Request{Payload: &servepb.Request_Step{Step: &servepb.StepRequest{Worlds: ids, Actions: a}}}
	}
	nan := wheels(math.NaN(), 0)
	for i, c := range []struct {
		req  *servepb.Request
		code codes.Code
		want string
	}{
		{create(&servepb.CreateRequest{Scenario: "no-such-maze"}), codes.NotFound, `"no-such-maze"`},
		{create(&servepb.CreateRequest{}), codes.InvalidArgument, "no scenario"},
		{create(&servepb.CreateRequest{Scenario: "mine.maze", ScenarioText: "---\nname: x\ncontrol: jump\n---\n#####\n#S.G#\n#####\n"}), codes.InvalidArgument, "mine.maze:3:"},
		{create(&servepb.CreateRequest{Scenario: "dyna-maze", Settings: map[string]string{"sensors.rays": "-3"}}), codes.InvalidArgument, "sensors.rays"},
		{create(&servepb.CreateRequest{Scenario: "dyna-maze", Settings: map[string]string{"agent.planning": "3"}}), codes.InvalidArgument, "agent.planning"},
		{create(&servepb.CreateRequest{Scenario: "dyna-maze", Agent: "Bad Name"}), codes.InvalidArgument, "Bad Name"},
		{create(&servepb.CreateRequest{Scenario: "dyna-maze", Record: "x.mazerec"}), codes.FailedPrecondition, "--dir"},
		{create(&servepb.CreateRequest{Resume: "../x"}), codes.FailedPrecondition, "--dir"},
		{step([]uint64{good}, moves(4)), codes.InvalidArgument, "move 4"},
		{step([]uint64{good}, moves(-1)), codes.InvalidArgument, "move -1"},
		{step([]uint64{good}, wheels(0.5, 0.5)), codes.InvalidArgument, "INT64 or INT32"},
		{step([]uint64{good}, moves(1, 2)), codes.InvalidArgument, "shape [2]"},
		{step([]uint64{good}, nil), codes.InvalidArgument, "no actions"},
		{step([]uint64{wh}, wheels(1.5, 0)), codes.InvalidArgument, "out of range"},
		{step([]uint64{wh}, nan), codes.InvalidArgument, "out of range"},
		{step([]uint64{wh}, moves(1)), codes.InvalidArgument, "FLOAT64"},
		{step([]uint64{good, wh}, moves(1, 1)), codes.InvalidArgument, "one action spec"},
		{step([]uint64{good, good}, moves(1, 1)), codes.InvalidArgument, "named twice"},
		{step([]uint64{99}, moves(1)), codes.NotFound, "world 99"},
		{step(nil, moves()), codes.InvalidArgument, "no worlds"},
		{&servepb.Request{}, codes.InvalidArgument, "empty request"},
		{&servepb.Request{Payload: &servepb.Request_Save{Save: &servepb.SaveRequest{World: good, Out: "o"}}}, codes.FailedPrecondition, "--dir"},
	} {
		r := s.call(c.req)
		e := r.GetError()
		if e == nil || codes.Code(e.GetCode()) != c.code || !strings.Contains(e.GetMessage(), c.want) {
			t.Errorf("%d: %v, want %v naming %q", i, e, c.code, c.want)
		}
	}
	// The limit of worlds, then calls after close.
	third := s.create(&servepb.CreateRequest{Scenario: "dyna-maze"}).GetWorld()
	if e := s.call(create(&servepb.CreateRequest{Scenario: "dyna-maze"})).GetError(); e == nil || codes.Code(e.Code) != codes.ResourceExhausted {
		t.Errorf("a fourth world of at most 3: %v, want RESOURCE_EXHAUSTED", e)
	}
	if e := s.call(&servepb.Request{Payload: &servepb.Request_Close{Close: &servepb.CloseRequest{Worlds: []uint64{third}}}}).GetError(); e != nil {
		t.Fatal(e)
	}
	if e := s.call(step([]uint64{third}, moves(1))).GetError(); e == nil || codes.Code(e.Code) != codes.NotFound {
		t.Errorf("a step after close: %v, want NOT_FOUND", e)
	}
	if got := s.step([]uint64{good}, moves(1)); got.GetStep()[0] != 1 {
		t.Errorf("after every mistake the good world is at step %d, want 1", got.GetStep()[0])
	}
}

// TestVanish: a client that disappears mid-stream leaves no world behind;
// another session's worlds stay.
func TestVanish(t *testing.T) {
	srv, conn := start(t, Options{})
	keep := open(t, conn)
	keep.create(&servepb.CreateRequest{Scenario: "dyna-maze"})
	s := open(t, conn)
	var ids []uint64
	for range 5 {
		ids = append(ids, s.create(&servepb.CreateRequest{Scenario: "theseus"}).GetWorld())
	}
	s.step(ids, wheels(1, 1, 1, 1, 1, 1, 1, 1, 1, 1))
	if err := s.stream.Send(&servepb.Request{Payload: &servepb.Request_Step{Step: &servepb.StepRequest{Worlds: ids, Actions: wheels(1, 1, 1, 1, 1, 1, 1, 1, 1, 1)}}}); err != nil {
		t.Fatal(err)
	}
	s.cancel() // gone mid-stream, a request unanswered
	deadline := time.Now().Add(5 * time.Second)
	for srv.Worlds() != 1 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := srv.Worlds(); n != 1 {
		t.Errorf("%d worlds alive after the client vanished, want the other session's 1", n)
	}
}

// TestStepMany: worlds stepped together (on several goroutines) live the
// lifetimes they live stepped alone.
func TestStepMany(t *testing.T) {
	_, conn := start(t, Options{Workers: 4})
	s := open(t, conn)
	const n = 16
	var ids []uint64
	for i := range n {
		ids = append(ids, s.create(&servepb.CreateRequest{Scenario: "theseus", Seed: seed(uint64(i))}).GetWorld())
	}
	alone := s.create(&servepb.CreateRequest{Scenario: "theseus", Seed: seed(5)}).GetWorld()
	var last, lastAlone *servepb.StepResponse
	for k := range 100 {
		var lr []float64
		for i := range n {
			lr = append(lr, math.Sin(float64(k+i)), math.Cos(float64(k*i)))
		}
		last = s.step(ids, wheels(lr...))
		lastAlone = s.step([]uint64{alone}, wheels(lr[10], lr[11]))
	}
	rays := last.GetObservations()[0]
	per := len(rays.GetData()) / n
	if string(rays.GetData()[5*per:6*per]) != string(lastAlone.GetObservations()[0].GetData()) {
		t.Errorf("world of seed 5 stepped among 16 senses otherwise than stepped alone")
	}
}

// TestSaveResumeRecord: a served world saves its outputs and a checkpoint
// under --dir; a world resumed from it continues the lifetime exactly; a
// recording of it replays (its actions played back); nothing is written
// twice or outside --dir.
func TestSaveResumeRecord(t *testing.T) {
	dir := t.TempDir()
	_, conn := start(t, Options{Dir: dir})
	s := open(t, conn)
	id := s.create(&servepb.CreateRequest{Scenario: "dyna-maze", Settings: map[string]string{"control": "moves"}, Seed: seed(2), Agent: "pyq", Record: "life.mazerec"}).GetWorld()
	for i := range 200 {
		s.step([]uint64{id}, moves(int64(i*3%4)))
	}
	save := &servepb.Request{Payload: &servepb.Request_Save{Save: &servepb.SaveRequest{World: id, Out: "run", Checkpoint: "ck.mazerat"}}}
	if e := s.call(save).GetError(); e != nil {
		t.Fatal(e.Message)
	}
	if e := s.call(save).GetError(); e == nil || codes.Code(e.Code) != codes.AlreadyExists {
		t.Errorf("saving over existing files: %v, want ALREADY_EXISTS", e)
	}
	escape := &servepb.Request{Payload: &servepb.Request_Save{Save: &servepb.SaveRequest{World: id, Checkpoint: "../ck.mazerat"}}}
	if e := s.call(escape).GetError(); e == nil || codes.Code(e.Code) != codes.InvalidArgument {
		t.Errorf("a checkpoint outside --dir: %v, want INVALID_ARGUMENT", e)
	}
	for _, f := range lab.OutputFiles {
		if _, err := os.Stat(filepath.Join(dir, "run", f)); err != nil {
			t.Errorf("output %s: %v", f, err)
		}
	}
	var tail []*servepb.StepResponse
	for i := range 50 {
		tail = append(tail, s.step([]uint64{id}, moves(int64(i%4))))
	}
	if e := s.call(&servepb.Request{Payload: &servepb.Request_Create{Create: &servepb.CreateRequest{Resume: "ck.mazerat"}}}).GetError(); e == nil || !strings.Contains(e.Message, "pyq") {
		t.Errorf("resuming pyq's checkpoint as the default agent: %v, want an error naming pyq", e)
	}
	r := s.create(&servepb.CreateRequest{Resume: "ck.mazerat", Agent: "pyq"})
	if r.GetFirst().GetStep()[0] != 200 {
		t.Fatalf("resumed at step %d, want 200", r.GetFirst().GetStep()[0])
	}
	for i := range 50 {
		got := s.step([]uint64{r.GetWorld()}, moves(int64(i%4)))
		if string(got.GetObservations()[0].GetData()) != string(tail[i].GetObservations()[0].GetData()) || got.GetStep()[0] != tail[i].GetStep()[0] {
			t.Fatalf("resumed step %d departs from the original", 200+i)
		}
	}
	if e := s.call(&servepb.Request{Payload: &servepb.Request_Close{Close: &servepb.CloseRequest{Worlds: []uint64{id}}}}).GetError(); e != nil {
		t.Fatal(e.Message)
	}
	rec, err := lab.OpenRecording(filepath.Join(dir, "life.mazerec"))
	if err != nil {
		t.Fatal(err)
	}
	if rec.Last() != 250 {
		t.Errorf("the recording reaches step %d, want 250", rec.Last())
	}
	l, err := rec.At(100)
	if err != nil {
		t.Fatal(err)
	}
	for l.World().StepCount() < rec.Last() {
		if err := l.Step(); err != nil {
			t.Fatal(err)
		}
	}
	if got, want := l.World().StepCount(), int64(250); got != want {
		t.Errorf("replayed to step %d, want %d", got, want)
	}
}

// TestFollow: a follower (watch --connect) lives the served world's
// lifetime step for step, with the client's view.
func TestFollow(t *testing.T) {
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := New(Options{})
	g := grpc.NewServer()
	srv.Register(g)
	go g.Serve(lis)
	t.Cleanup(g.Stop)
	conn, err := grpc.NewClient(lis.Addr().String(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	s := open(t, conn)
	id := s.create(&servepb.CreateRequest{Scenario: "theseus", Seed: seed(4)}).GetWorld()
	s.step([]uint64{id}, wheels(1, 0.5))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	reported := make(chan error, 1)
	l, err := Follow(ctx, lis.Addr().String(), 0, func(err error) { reported <- err })
	if err != nil {
		t.Fatal(err)
	}
	if l.World().StepCount() != 1 {
		t.Fatalf("the follower starts at step %d, want 1", l.World().StepCount())
	}
	values := make([]float64, 25)
	values[3] = 0.7
	var hash uint64
	for k := range 60 {
		r := s.call(&servepb.Request{Payload: &servepb.Request_Step{Step: &servepb.StepRequest{Worlds: []uint64{id},
			Actions: wheels(math.Sin(float64(k)), 0.8), Views: []*servepb.View{{Value: values, Plan: []int32{0, 1}}}}}})
		if e := r.GetError(); e != nil {
			t.Fatal(e.Message)
		}
	}
	srv.mu.Lock()
	w := srv.worlds[id]
	srv.mu.Unlock()
	w.mu.Lock()
	hash = w.life.World().Hash()
	w.mu.Unlock()
	for l.World().StepCount() < 61 {
		if err := l.Step(); err != nil {
			t.Fatal(err)
		}
	}
	if l.World().Hash() != hash {
		t.Errorf("the follower's world at step 61 differs from the served one")
	}
	if v := l.Agent().View(); len(v.Value) != 25 || v.Value[3] != 0.7 || len(v.Plan) != 2 {
		t.Errorf("the follower's view %+v, want the client's", v)
	}
	if err := FollowErr(l); err != nil {
		t.Errorf("FollowErr: %v", err)
	}
	// The world closes: the follower says so once, and lives on without it.
	if e := s.call(&servepb.Request{Payload: &servepb.Request_Close{Close: &servepb.CloseRequest{Worlds: []uint64{id}}}}).GetError(); e != nil {
		t.Fatal(e.Message)
	}
	select {
	case err := <-reported:
		if !strings.Contains(err.Error(), "closed") {
			t.Errorf("reported %v, want the world's closing", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the follower did not report the world's end")
	}
	for range 3 {
		if err := l.Step(); err != nil {
			t.Fatal(err)
		}
	}
	if FollowErr(l) == nil {
		t.Errorf("FollowErr is nil after the world closed")
	}
}
