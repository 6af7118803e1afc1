package gate_test

import (
	"context"
	"slices"
	"testing"

	"github.com/releasekit/releasekit/gate"
	"github.com/releasekit/releasekit/gate/storetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMemStore(t *testing.T) {
	storetest.Run(t, func(*testing.T) gate.Store { return new(gate.MemStore) })
}

// TestMemStoreCopies: changing a body Append returned or Records yielded
// changes no record.
func TestMemStoreCopies(t *testing.T) {
	var m gate.MemStore
	r, err := m.Append(context.Background(), "x", []byte(`{"n":1}`))
	require.NoError(t, err)
	r.Body[1] = 'X'
	for r := range m.Records(context.Background(), "", 1) {
		r.Body[1] = 'Y'
	}
	_, err = gate.Verify(context.Background(), &m, gate.Checkpoint{})
	assert.NoError(t, err)
}

func TestVerifyDetectsTampering(t *testing.T) {
	build := func(t *testing.T) (*gate.MemStore, gate.Checkpoint) {
		var m gate.MemStore
		for _, b := range []string{`{"n":1}`, `{"n":2}`, `{"n":3}`, `{"n":4}`} {
			_, err := m.Append(context.Background(), "x", []byte(b))
			require.NoError(t, err)
		}
		cp, err := gate.Verify(context.Background(), &m, gate.Checkpoint{})
		require.NoError(t, err)
		return &m, cp
	}
	tests := []struct {
		name    string
		tamper  func([]gate.Record) []gate.Record
		seq     uint64
		problem string
	}{
		{"an edited body", func(rs []gate.Record) []gate.Record {
			rs[1].Body = []byte(`{"n":20}`)
			return rs
		}, 2, "edited"},
		{"an edited subject", func(rs []gate.Record) []gate.Record {
			rs[2].Subject = "y"
			return rs
		}, 3, "edited"},
		{"an edited record rehashed", func(rs []gate.Record) []gate.Record {
			rs[1].Body = []byte(`{"n":20}`)
			rs[1].Hash = gate.ChainHash(rs[1].Seq, rs[1].Subject, rs[1].Prev, rs[1].Body)
			return rs
		}, 3, "does not follow"},
		{"a removed record", func(rs []gate.Record) []gate.Record { return slices.Delete(rs, 1, 2) }, 2, "missing or out of order"},
		{"two records swapped", func(rs []gate.Record) []gate.Record {
			rs[1], rs[2] = rs[2], rs[1]
			return rs
		}, 2, "missing or out of order"},
		{"swapped and renumbered", func(rs []gate.Record) []gate.Record {
			rs[1], rs[2] = rs[2], rs[1]
			rs[1].Seq, rs[2].Seq = 2, 3
			return rs
		}, 2, "does not follow"},
		{"the first record removed", func(rs []gate.Record) []gate.Record { return rs[1:] }, 1, "missing or out of order"},
		{"a record duplicated", func(rs []gate.Record) []gate.Record { return slices.Insert(rs, 2, rs[1]) }, 3, "missing or out of order"},
		{"the last record removed: only the checkpoint shows it", func(rs []gate.Record) []gate.Record { return rs[:3] }, 4, "before the checkpoint"},
		{"the whole log rewritten", func(rs []gate.Record) []gate.Record {
			var m gate.MemStore
			for _, b := range []string{`{"n":1}`, `{"n":2}`, `{"n":3}`, `{"n":5}`} {
				_, _ = m.Append(context.Background(), "x", []byte(b))
			}
			var out []gate.Record
			for r := range m.Records(context.Background(), "", 1) {
				out = append(out, r)
			}
			return out
		}, 4, "differs from the checkpoint"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, cp := build(t)
			m.Tamper(tt.tamper)
			_, err := gate.Verify(context.Background(), m, cp)
			require.ErrorIs(t, err, gate.ErrTampered)
			var ae *gate.AuditError
			require.ErrorAs(t, err, &ae)
			assert.Equal(t, tt.seq, ae.Seq, err.Error())
			assert.Contains(t, ae.Problem, tt.problem)
		})
	}
}
