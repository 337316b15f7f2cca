package serve

import (
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/mazerat/mazerat/serve/servepb"
)

// FuzzRequest: whatever a client sends, the server answers (a response
// or an error) and never panics; the session's worlds stay usable.
func FuzzRequest(f *testing.F) {
	for _, r := range []*servepb.Request{
		{Payload: &servepb.Request_Step{Step: &servepb.StepRequest{Worlds: []uint64{1, 2}, Actions: moves(1, 3)}}},
		{Payload: &servepb.Request_Step{Step: &servepb.StepRequest{Worlds: []uint64{2}, Actions: moves(0), Views: []*servepb.View{{Value: make([]float64, 54), Plan: []int32{3}}}}}},
		{Payload: &servepb.Request_Create{Create: &servepb.CreateRequest{Scenario: "x", ScenarioText: "#####\n#S.G#\n#####\n", Settings: map[string]string{"control": "moves"}}}},
		{Payload: &servepb.Request_Reset_{Reset_: &servepb.ResetRequest{Worlds: []uint64{1}, NewLifetime: true}}},
		{Payload: &servepb.Request_Close{Close: &servepb.CloseRequest{Worlds: []uint64{2}}}},
		{Payload: &servepb.Request_Info{Info: &servepb.InfoRequest{}}},
	} {
		b, err := proto.Marshal(r)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var req servepb.Request
		if proto.Unmarshal(b, &req) != nil {
			return
		}
		srv := New(Options{MaxWorlds: 8, Workers: 1})
		sess := &session{srv: srv, worlds: map[uint64]*served{}}
		defer sess.closeAll()
		for range 2 {
			if _, err := sess.create(&servepb.CreateRequest{Scenario: "dyna-maze", Settings: map[string]string{"control": "moves"}}); err != nil {
				t.Fatal(err)
			}
		}
		resp, err := sess.handle(&req)
		if err == nil && resp == nil {
			t.Fatalf("no response and no error for %v", &req)
		}
		// The worlds still step.
		for _, id := range []uint64{1, 2} {
			if w, ok := sess.worlds[id]; ok {
				if _, err := sess.step(&servepb.StepRequest{Worlds: []uint64{w.id}, Actions: moves(2)}); err != nil {
					t.Fatalf("world %d no longer steps after %v: %v", id, &req, err)
				}
			}
		}
	})
}
