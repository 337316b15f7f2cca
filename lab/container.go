package lab

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
)

// mazerat's own files (checkpoints, recordings) start with one header:
//
//	offset  size  field
//	0       8     magic "MAZERAT\x00"
//	8       16    kind, ASCII, zero-padded ("checkpoint", "recording")
//	24      4     format version, big-endian
//	28      8     content length in bytes, big-endian
//	36      32    SHA-256 of the content
//	68      ...   the content
//
// so a reader can say what a file is, whether this mazerat can read it,
// and whether it arrived whole, before it decodes a byte of the content.
const (
	fileMagic  = "MAZERAT\x00"
	headerSize = 8 + 16 + 4 + 8 + sha256.Size
)

// FileError is a problem with a mazerat file: which file, and what is
// wrong with it.
type FileError struct {
	Path string
	Err  error
}

func (e *FileError) Error() string { return e.Path + ": " + e.Err.Error() }
func (e *FileError) Unwrap() error { return e.Err }

// Errors wrapped by FileError, for callers that act on the kind of problem.
var (
	ErrNotMazerat = errors.New("not a mazerat file")
	ErrWrongKind  = errors.New("wrong kind of mazerat file")
	ErrNewer      = errors.New("written by a newer mazerat")
	ErrOlder      = errors.New("written by an older mazerat")
	ErrDamaged    = errors.New("damaged")
)

// seal wraps content in the header.
func seal(kind string, version uint32, content []byte) []byte {
	out := make([]byte, headerSize, headerSize+len(content))
	copy(out, fileMagic)
	copy(out[8:24], kind)
	binary.BigEndian.PutUint32(out[24:], version)
	binary.BigEndian.PutUint64(out[28:], uint64(len(content)))
	sum := sha256.Sum256(content)
	copy(out[36:], sum[:])
	return append(out, content...)
}

// olderFormats says, per kind, why files of an older format version are
// refused rather than read: what changed in the version this mazerat
// writes. Reading them would give a lifetime that silently differs.
var olderFormats = map[string]string{
	checkpointKind: "agents' memory changed in version 3 (dyna's several maps without the place sensor), and in version 2 the trial rows and the world's snapshot too (agents that find their own place, compute counted, goals, regions and schedules)",
	recordingKind:  "its keyframes are checkpoints, whose format changed in checkpoint version 3 (dyna's several maps without the place sensor) and 2 (agents that find their own place, compute counted, goals, regions and schedules)",
}

// unseal checks the header of data and returns its content.
// It accepts version want of kind only: newer files need a newer mazerat,
// older ones are refused with the reason (olderFormats).
func unseal(data []byte, kind string, want uint32) ([]byte, error) {
	if len(data) < len(fileMagic) || string(data[:len(fileMagic)]) != fileMagic {
		return nil, fmt.Errorf("%w (it does not start with the mazerat header)", ErrNotMazerat)
	}
	if len(data) < headerSize {
		return nil, fmt.Errorf("%w: truncated: %d bytes, shorter than the %d-byte header", ErrDamaged, len(data), headerSize)
	}
	var wantKind [16]byte
	copy(wantKind[:], kind)
	if !bytes.Equal(data[8:24], wantKind[:]) {
		for _, k := range fileKinds {
			var other [16]byte
			copy(other[:], k)
			if bytes.Equal(data[8:24], other[:]) {
				return nil, fmt.Errorf("%w: this is a mazerat %s, expected a %s", ErrWrongKind, k, kind)
			}
		}
		return nil, fmt.Errorf("%w: the header's kind field is garbled", ErrDamaged)
	}
	version := binary.BigEndian.Uint32(data[24:])
	if version == 0 {
		return nil, fmt.Errorf("%w: format version 0 does not exist", ErrDamaged)
	}
	if version > want {
		return nil, fmt.Errorf("%w: %s format version %d; this mazerat reads version %d, upgrade mazerat to read it", ErrNewer, kind, version, want)
	}
	if version < want {
		return nil, fmt.Errorf("%w: %s format version %d; this mazerat reads version %d only: %s. Run the lifetime again (its trials.csv and summary.json stay valid)", ErrOlder, kind, version, want, olderFormats[kind])
	}
	n := binary.BigEndian.Uint64(data[28:])
	content := data[headerSize:]
	switch {
	case uint64(len(content)) < n:
		return nil, fmt.Errorf("%w: truncated: the header promises %d bytes of content, the file holds %d", ErrDamaged, n, len(content))
	case uint64(len(content)) > n:
		return nil, fmt.Errorf("%w: %d unexpected bytes after the %d bytes of content", ErrDamaged, uint64(len(content))-n, n)
	}
	if sum := sha256.Sum256(content); !bytes.Equal(sum[:], data[36:68]) {
		return nil, fmt.Errorf("%w: checksum mismatch: the content is not what was written", ErrDamaged)
	}
	return content, nil
}

// fileKinds are the kinds of mazerat file, for naming a mix-up.
var fileKinds = []string{checkpointKind, recordingKind}
