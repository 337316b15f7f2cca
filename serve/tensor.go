package serve

import (
	"encoding/binary"
	"fmt"
	"math"
	"slices"

	"github.com/mazerat/mazerat/serve/servepb"
	"github.com/mazerat/mazerat/sim"
	"github.com/mazerat/mazerat/world"
)

// obsField is one named observation tensor: its spec and how to read its
// values from an Observation.
type obsField struct {
	spec *servepb.TensorSpec
	size int // values per world
	put  func(dst []byte, o *sim.Observation) []byte
}

// observationFields lists the tensors of a world's observations, one per
// sensor that is on, in the order docs/serve.md gives.
func observationFields(s sim.ObservationSpec) []obsField {
	inf := math.Inf(1)
	f64 := func(name string, shape []int32, lo, hi float64, put func([]byte, *sim.Observation) []byte) obsField {
		n := 1
		for _, d := range shape {
			n *= int(d)
		}
		return obsField{&servepb.TensorSpec{Name: name, Shape: shape, Dtype: servepb.DataType_FLOAT64, Min: lo, Max: hi}, n, put}
	}
	var fs []obsField
	if s.Rays > 0 {
		fs = append(fs, f64("rays", []int32{int32(s.Rays)}, 0, 1, func(b []byte, o *sim.Observation) []byte {
			for _, r := range o.Rays {
				b = putF64(b, r)
			}
			return b
		}))
	}
	if s.Touch {
		fs = append(fs,
			f64("touch", nil, 0, 1, func(b []byte, o *sim.Observation) []byte {
				if o.Touch {
					return putF64(b, 1)
				}
				return putF64(b, 0)
			}),
			f64("touch_angle", nil, -math.Pi, math.Pi, func(b []byte, o *sim.Observation) []byte { return putF64(b, o.TouchAngle) }))
	}
	if s.Compass {
		fs = append(fs, f64("compass", []int32{2}, -1, 1, func(b []byte, o *sim.Observation) []byte {
			return putF64(putF64(b, o.Compass[0]), o.Compass[1])
		}))
	}
	if s.Odometry {
		// Forward speed, turn rate and the step's duration; the noise makes
		// any bound untrue, so none is given.
		fs = append(fs, f64("odometry", []int32{3}, -inf, inf, func(b []byte, o *sim.Observation) []byte {
			return putF64(putF64(putF64(b, o.Forward), o.Turn), o.Duration)
		}))
	}
	if s.Place {
		fs = append(fs, obsField{&servepb.TensorSpec{Name: "place", Dtype: servepb.DataType_INT64, Min: 0, Max: float64(s.NumPlaces - 1)}, 1,
			func(b []byte, o *sim.Observation) []byte {
				return binary.LittleEndian.AppendUint64(b, uint64(int64(o.Place)))
			}})
	}
	if s.Reward {
		fs = append(fs, f64("reward", nil, -inf, inf, func(b []byte, o *sim.Observation) []byte { return putF64(b, o.Reward) }))
	}
	return fs
}

func putF64(b []byte, x float64) []byte {
	return binary.LittleEndian.AppendUint64(b, math.Float64bits(x))
}

// actionSpec is the tensor spec of a world's actions.
func actionSpec(s sim.ActionSpec) *servepb.TensorSpec {
	if s.Control == world.Moves {
		return &servepb.TensorSpec{Name: "move", Dtype: servepb.DataType_INT64, Min: 0, Max: float64(s.NumMoves - 1)}
	}
	return &servepb.TensorSpec{Name: "wheels", Shape: []int32{2}, Dtype: servepb.DataType_FLOAT64, Min: s.WheelMin, Max: s.WheelMax}
}

// decodeActions reads n actions of one control mode from t, checking its
// type, shape and every value against spec. Errors name the world (ids)
// and what was expected.
func decodeActions(t *servepb.Tensor, n int, spec sim.ActionSpec, ids []uint64, dst []sim.Action) ([]sim.Action, error) {
	if t == nil {
		return nil, fmt.Errorf("no actions: expected a tensor of %s", expectedActions(n, spec))
	}
	moves := spec.Control == world.Moves
	var width, size int
	switch {
	case !moves && t.Dtype == servepb.DataType_FLOAT64:
		width, size = 2, 8
	case moves && t.Dtype == servepb.DataType_INT64:
		width, size = 1, 8
	case moves && t.Dtype == servepb.DataType_INT32:
		width, size = 1, 4
	default:
		return nil, fmt.Errorf("actions of type %v: expected %s", t.Dtype, expectedActions(n, spec))
	}
	want := []int32{int32(n)}
	if width == 2 {
		want = append(want, 2)
	}
	if !slices.Equal(t.Shape, want) || len(t.Data) != n*width*size {
		return nil, fmt.Errorf("actions of shape %v and %d bytes: expected %s (%d bytes)", t.Shape, len(t.Data), expectedActions(n, spec), n*width*size)
	}
	dst = dst[:0]
	le := binary.LittleEndian
	for i := range n {
		var a sim.Action
		switch {
		case width == 2:
			a.Left = math.Float64frombits(le.Uint64(t.Data[16*i:]))
			a.Right = math.Float64frombits(le.Uint64(t.Data[16*i+8:]))
		default:
			var m int64
			if size == 8 {
				m = int64(le.Uint64(t.Data[8*i:]))
			} else {
				m = int64(int32(le.Uint32(t.Data[4*i:])))
			}
			if m < 0 || m >= int64(spec.NumMoves) {
				return nil, fmt.Errorf("world %d: move %d is not a move, expected 0..%d (N, E, S, W)", ids[i], m, spec.NumMoves-1)
			}
			a.Move = world.Side(m)
		}
		if err := spec.Validate(a); err != nil {
			return nil, fmt.Errorf("world %d: %v", ids[i], err)
		}
		dst = append(dst, a)
	}
	return dst, nil
}

func expectedActions(n int, spec sim.ActionSpec) string {
	if spec.Control == world.Moves {
		return fmt.Sprintf("shape [%d] of INT64 or INT32 moves in 0..%d", n, spec.NumMoves-1)
	}
	return fmt.Sprintf("shape [%d, 2] of FLOAT64 wheel commands in [%g, %g]", n, spec.WheelMin, spec.WheelMax)
}
