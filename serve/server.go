package serve

import (
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"

	"github.com/mazerat/mazerat/lab"
	"github.com/mazerat/mazerat/scenarios"
	"github.com/mazerat/mazerat/serve/servepb"
	"github.com/mazerat/mazerat/sim"
	"github.com/mazerat/mazerat/world"
)

// Version is the protocol version InfoResponse reports.
const Version = "1"

// Options are a server's limits and where it may write.
type Options struct {
	// MaxWorlds bounds the worlds alive at once, over all sessions
	// (default DefaultMaxWorlds).
	MaxWorlds int
	// Dir is the directory whose files clients may name (outputs,
	// checkpoints, recordings); "" refuses every file.
	Dir string
	// Workers is how many goroutines step the worlds of one call (default
	// GOMAXPROCS).
	Workers int
}

// DefaultMaxWorlds is the default of Options.MaxWorlds.
const DefaultMaxWorlds = 1024

// Server serves worlds: the Worlds service of worlds.proto.
type Server struct {
	servepb.UnimplementedWorldsServer
	opt Options

	mu     sync.Mutex
	worlds map[uint64]*served // every live world, by id
	nextID uint64
}

// New returns a server with the given options.
func New(opt Options) *Server {
	if opt.MaxWorlds <= 0 {
		opt.MaxWorlds = DefaultMaxWorlds
	}
	if opt.Workers <= 0 {
		opt.Workers = runtime.GOMAXPROCS(0)
	}
	return &Server{opt: opt, worlds: map[uint64]*served{}}
}

// Register registers the server's service on g.
func (s *Server) Register(g *grpc.Server) { servepb.RegisterWorldsServer(g, s) }

// Worlds returns how many worlds are alive.
func (s *Server) Worlds() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.worlds)
}

// reqError is a failed request: a gRPC code and a message.
type reqError struct {
	code codes.Code
	msg  string
}

func (e *reqError) Error() string { return e.msg }

func errorf(code codes.Code, format string, args ...any) error {
	return &reqError{code, fmt.Sprintf(format, args...)}
}

// session is one client's stream and the worlds it holds.
type session struct {
	srv    *Server
	worlds map[uint64]*served
	// scratch reused by every step call
	acts []sim.Action
	outs []outcome
	errs []error
}

// Session serves one client: requests in, responses out, in order. When
// the stream ends, however it ends, the session's worlds are closed.
func (s *Server) Session(stream servepb.Worlds_SessionServer) error {
	sess := &session{srv: s, worlds: map[uint64]*served{}}
	defer sess.closeAll()
	for {
		req, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		resp, err := sess.handle(req)
		if err != nil {
			var re *reqError
			if !errors.As(err, &re) {
				re = &reqError{codes.Internal, err.Error()}
			}
			resp = &servepb.Response{Payload: &servepb.Response_Error{Error: &servepb.Error{Code: int32(re.code), Message: re.msg}}}
		}
		if err := stream.Send(resp); err != nil {
			return err
		}
	}
}

func (sess *session) handle(req *servepb.Request) (*servepb.Response, error) {
	switch p := req.Payload.(type) {
	case *servepb.Request_Create:
		r, err := sess.create(p.Create)
		return &servepb.Response{Payload: &servepb.Response_Create{Create: r}}, err
	case *servepb.Request_Step:
		r, err := sess.step(p.Step)
		return &servepb.Response{Payload: &servepb.Response_Step{Step: r}}, err
	case *servepb.Request_Reset_:
		r, err := sess.reset(p.Reset_)
		return &servepb.Response{Payload: &servepb.Response_Reset_{Reset_: r}}, err
	case *servepb.Request_Save:
		r, err := sess.save(p.Save)
		return &servepb.Response{Payload: &servepb.Response_Save{Save: r}}, err
	case *servepb.Request_Close:
		err := sess.close(p.Close.GetWorlds())
		return &servepb.Response{Payload: &servepb.Response_Close{Close: &servepb.CloseResponse{}}}, err
	case *servepb.Request_Info:
		return &servepb.Response{Payload: &servepb.Response_Info{Info: sess.srv.info()}}, nil
	default:
		return nil, errorf(codes.InvalidArgument, "an empty request: expected one of create, step, reset, save, close, info")
	}
}

func (s *Server) info() *servepb.InfoResponse {
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := slices.Sorted(maps.Keys(s.worlds))
	return &servepb.InfoResponse{Worlds: int32(len(s.worlds)), MaxWorlds: int32(s.opt.MaxWorlds), Ids: ids, Version: Version}
}

// path returns the file a client names, inside the server's directory.
func (s *Server) path(what, rel string) (string, error) {
	if s.opt.Dir == "" {
		return "", errorf(codes.FailedPrecondition, "%s %q: this server writes and reads no files; start it with --dir DIR", what, rel)
	}
	if !filepath.IsLocal(rel) {
		return "", errorf(codes.InvalidArgument, "%s %q: expected a relative path inside the server's --dir, without ..", what, rel)
	}
	return filepath.Join(s.opt.Dir, rel), nil
}

func (sess *session) create(r *servepb.CreateRequest) (*servepb.CreateResponse, error) {
	srv := sess.srv
	name := r.GetAgent()
	if name == "" {
		name = "client"
	}
	spec := clientSpec(name)
	for k := range r.GetSettings() {
		if strings.HasPrefix(k, "agent.") {
			return nil, errorf(codes.InvalidArgument, "setting %s: a served world's agent is its client, which takes no agent.* settings", k)
		}
	}
	var l *lab.Lifetime
	var err error
	if r.GetResume() != "" {
		if r.GetScenario() != "" || r.GetScenarioText() != "" || len(r.GetSettings()) > 0 || r.Seed != nil {
			return nil, errorf(codes.InvalidArgument, "resume %q: a resumed lifetime fixes its scenario, settings and seed; give none of them", r.GetResume())
		}
		p, err := srv.path("resume", r.GetResume())
		if err != nil {
			return nil, err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, errorf(codes.NotFound, "resume %q: %v", r.GetResume(), err)
		}
		if l, err = lab.ResumeCheckpointWith(data, spec); err != nil {
			return nil, errorf(codes.InvalidArgument, "resume %q: %v", r.GetResume(), err)
		}
		if err := l.SetLength(1<<62, 0); err != nil {
			return nil, err
		}
	} else {
		sc, err := scenarioOf(r)
		if err != nil {
			return nil, err
		}
		if l, err = lab.NewLifetime(lifetimeConfig(sc, r.GetSettings(), r.Seed, name)); err != nil {
			return nil, errorf(codes.InvalidArgument, "%v", err)
		}
	}
	if r.GetMaxEpisodeSteps() < 0 {
		return nil, errorf(codes.InvalidArgument, "max_episode_steps %d: expected 0 (never) or a positive number of steps", r.GetMaxEpisodeSteps())
	}
	var record string
	if r.GetRecord() != "" {
		if record, err = srv.path("record", r.GetRecord()); err != nil {
			return nil, err
		}
		if err := l.Record(record, 0, false); err != nil {
			code := codes.InvalidArgument
			if _, statErr := os.Stat(record); statErr == nil {
				code = codes.AlreadyExists
			}
			return nil, errorf(code, "record %q: %v", r.GetRecord(), err)
		}
	}
	srv.mu.Lock()
	if len(srv.worlds) >= srv.opt.MaxWorlds {
		srv.mu.Unlock()
		l.CloseRecording()
		return nil, errorf(codes.ResourceExhausted, "the server holds its limit of %d worlds (--max-worlds); close some first", srv.opt.MaxWorlds)
	}
	srv.nextID++
	w := newServed(srv.nextID, l, r.GetMaxEpisodeSteps(), record)
	srv.worlds[w.id] = w
	srv.mu.Unlock()
	sess.worlds[w.id] = w
	first := sess.respond([]*served{w}, []outcome{w.first()})
	return &servepb.CreateResponse{World: w.id, Specs: w.specs(), First: first, Scenario: l.Scenario().Name, Seed: l.Seed()}, nil
}

// scenarioOf reads the scenario a create request names.
func scenarioOf(r *servepb.CreateRequest) (*world.Scenario, error) {
	if text := r.GetScenarioText(); text != "" {
		name := r.GetScenario()
		if name == "" {
			name = "client.maze"
		}
		sc, err := world.Parse(name, []byte(text))
		if err != nil {
			return nil, errorf(codes.InvalidArgument, "%v", err)
		}
		return sc, nil
	}
	if r.GetScenario() == "" {
		return nil, errorf(codes.InvalidArgument, "no scenario: expected a built-in name (%s) or scenario_text", strings.Join(scenarios.Names(), ", "))
	}
	sc, err := scenarios.Load(r.GetScenario())
	if err != nil {
		return nil, errorf(codes.NotFound, "%v", err)
	}
	return sc, nil
}

// lookup returns the session's worlds of ids, each once.
func (sess *session) lookup(ids []uint64) ([]*served, error) {
	if len(ids) == 0 {
		return nil, errorf(codes.InvalidArgument, "no worlds named: expected one or more world ids")
	}
	ws := make([]*served, len(ids))
	for i, id := range ids {
		w, ok := sess.worlds[id]
		if !ok {
			return nil, errorf(codes.NotFound, "world %d is not a world of this session (never created, closed, or another session's)", id)
		}
		if slices.Contains(ids[:i], id) {
			return nil, errorf(codes.InvalidArgument, "world %d is named twice: each world steps once a call", id)
		}
		ws[i] = w
	}
	return ws, nil
}

func (sess *session) step(r *servepb.StepRequest) (*servepb.StepResponse, error) {
	ws, err := sess.lookup(r.GetWorlds())
	if err != nil {
		return nil, err
	}
	n := len(ws)
	spec := ws[0].act
	for _, w := range ws[1:] {
		if w.act.Control != spec.Control {
			return nil, errorf(codes.InvalidArgument, "worlds %d (%v control) and %d (%v control) in one step call: expected worlds of one action spec", ws[0].id, spec.Control, w.id, w.act.Control)
		}
	}
	if v := r.GetViews(); len(v) != 0 && len(v) != n {
		return nil, errorf(codes.InvalidArgument, "%d views for %d worlds: expected none or one per world", len(v), n)
	}
	if sess.acts, err = decodeActions(r.GetActions(), n, spec, r.GetWorlds(), sess.acts); err != nil {
		return nil, errorf(codes.InvalidArgument, "%v", err)
	}
	sess.outs = slices.Grow(sess.outs[:0], n)[:n]
	sess.errs = slices.Grow(sess.errs[:0], n)[:n]
	views := r.GetViews()
	run := func(i int) {
		var v *servepb.View
		if views != nil {
			v = views[i]
		}
		sess.outs[i], sess.errs[i] = ws[i].step(sess.acts[i], v)
	}
	parallel(n, sess.srv.opt.Workers, run)
	if err := errors.Join(sess.errs...); err != nil {
		return nil, errorf(codes.Internal, "%v", err)
	}
	return sess.respond(ws, sess.outs), nil
}

// parallel calls fn(0..n-1) on up to workers goroutines, in contiguous
// chunks; small batches run on the calling goroutine.
func parallel(n, workers int, fn func(i int)) {
	if workers > n/4 {
		workers = n / 4 // below four worlds a goroutine costs more than it saves
	}
	if workers <= 1 {
		for i := range n {
			fn(i)
		}
		return
	}
	var wg sync.WaitGroup
	for k := range workers {
		lo, hi := k*n/workers, (k+1)*n/workers
		wg.Go(func() {
			for i := lo; i < hi; i++ {
				fn(i)
			}
		})
	}
	wg.Wait()
}

// respond builds the response of worlds ws after a step or a reset.
func (sess *session) respond(ws []*served, outs []outcome) *servepb.StepResponse {
	n := len(ws)
	resp := &servepb.StepResponse{
		Reward: make([]float64, n), Discount: make([]float64, n), StepType: make([]servepb.StepType, n),
		Truncated: make([]bool, n), Step: make([]int64, n), Trial: make([]int64, n),
	}
	for i, o := range outs {
		resp.Reward[i], resp.Discount[i], resp.StepType[i] = o.reward, o.discount, o.kind
		resp.Truncated[i], resp.Step[i], resp.Trial[i] = o.truncated, o.step, o.trial
	}
	for fi, f := range ws[0].fields {
		data := make([]byte, 0, n*f.size*8)
		for _, w := range ws {
			obs := w.life.World().Observation()
			data = w.fields[fi].put(data, &obs)
		}
		resp.Observations = append(resp.Observations, &servepb.Tensor{Dtype: f.spec.Dtype, Shape: append([]int32{int32(n)}, f.spec.Shape...), Data: data})
	}
	return resp
}

func (sess *session) reset(r *servepb.ResetRequest) (*servepb.StepResponse, error) {
	ws, err := sess.lookup(r.GetWorlds())
	if err != nil {
		return nil, err
	}
	for _, w := range ws[1:] {
		if !sameFields(w.fields, ws[0].fields) {
			return nil, errorf(codes.InvalidArgument, "worlds %d and %d in one reset call sense differently: expected worlds of one observation spec", ws[0].id, w.id)
		}
	}
	outs := make([]outcome, len(ws))
	for i, w := range ws {
		if r.GetNewLifetime() {
			if err := w.reborn(r.Seed); err != nil {
				return nil, errorf(codes.InvalidArgument, "world %d: %v", w.id, err)
			}
		}
		outs[i] = w.first()
	}
	return sess.respond(ws, outs), nil
}

func sameFields(a, b []obsField) bool {
	return slices.EqualFunc(a, b, func(x, y obsField) bool { return x.spec.Name == y.spec.Name && x.size == y.size })
}

// reborn replaces the world's lifetime by a new one of the same scenario
// and settings, with seed (the old one when nil). A recording ends with
// the old lifetime.
func (s *served) reborn(seed *uint64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	cfg := s.life.Config()
	cfg.Agent, cfg.AgentSpec = "", clientSpec(s.agent.name)
	cfg.Steps, cfg.Trials = 1<<62, 0
	cfg.Seed, cfg.SeedSet = s.life.Seed(), true
	if seed != nil {
		cfg.Seed = *seed
	}
	l, err := lab.NewLifetime(cfg)
	if err != nil {
		return err
	}
	if err := s.life.CloseRecording(); err != nil {
		return err
	}
	for _, wt := range s.watchers {
		wt.end(fmt.Errorf("world %d was born again", s.id))
	}
	s.watchers, s.record = nil, ""
	s.life, s.agent = l, l.Agent().(*client)
	return nil
}

func (sess *session) save(r *servepb.SaveRequest) (*servepb.SaveResponse, error) {
	ws, err := sess.lookup([]uint64{r.GetWorld()})
	if err != nil {
		return nil, err
	}
	w := ws[0]
	if r.GetOut() == "" && r.GetCheckpoint() == "" {
		return nil, errorf(codes.InvalidArgument, "save world %d: nothing asked for, expected out (a directory) and/or checkpoint (a file)", w.id)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	resp := &servepb.SaveResponse{}
	if r.GetCheckpoint() != "" {
		p, err := sess.srv.path("checkpoint", r.GetCheckpoint())
		if err != nil {
			return nil, err
		}
		if _, err := os.Stat(p); err == nil && !r.GetForce() {
			return nil, errorf(codes.AlreadyExists, "checkpoint %q exists; choose another name or pass force", r.GetCheckpoint())
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return nil, err
		}
		if err := w.life.SaveCheckpoint(p); err != nil {
			return nil, err
		}
		resp.Written = append(resp.Written, r.GetCheckpoint())
	}
	if r.GetOut() != "" {
		dir, err := sess.srv.path("out", r.GetOut())
		if err != nil {
			return nil, err
		}
		if err := lab.CheckOut(dir, r.GetForce()); err != nil {
			return nil, errorf(codes.AlreadyExists, "out %q: %v", r.GetOut(), err)
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, err
		}
		if err := w.life.WriteOutputs(dir, w.life.Summary(time.Since(w.born))); err != nil {
			return nil, err
		}
		for _, f := range lab.OutputFiles {
			resp.Written = append(resp.Written, filepath.Join(r.GetOut(), f))
		}
	}
	return resp, nil
}

func (sess *session) close(ids []uint64) error {
	ws, err := sess.lookup(ids)
	if err != nil {
		return err
	}
	var errs []error
	for _, w := range ws {
		errs = append(errs, sess.free(w))
	}
	if err := errors.Join(errs...); err != nil {
		return errorf(codes.Internal, "%v", err)
	}
	return nil
}

// free closes a world and forgets it.
func (sess *session) free(w *served) error {
	delete(sess.worlds, w.id)
	sess.srv.mu.Lock()
	delete(sess.srv.worlds, w.id)
	sess.srv.mu.Unlock()
	return w.close()
}

// closeAll frees every world the session still holds.
func (sess *session) closeAll() {
	for _, id := range slices.Sorted(maps.Keys(sess.worlds)) {
		sess.free(sess.worlds[id])
	}
}
