// Package storetest checks that a gate.Store behaves as the gate package
// relies on: every store, the shipped ones and a host's own, runs the same
// checks.
//
//	func TestStore(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) gate.Store { return openMyStore(t) })
//	}
package storetest

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/releasekit/releasekit/gate"
)

// Run runs the checks as subtests; open returns a new, empty store for
// each, and cleans it up with t.Cleanup.
func Run(t *testing.T, open func(t *testing.T) gate.Store) {
	t.Run("chain", func(t *testing.T) { testChain(t, open(t)) })
	t.Run("subjects", func(t *testing.T) { testSubjects(t, open(t)) })
	t.Run("concurrent", func(t *testing.T) { testConcurrent(t, open(t)) })
	t.Run("cancelled", func(t *testing.T) { testCancelled(t, open(t)) })
}

func collect(t *testing.T, s gate.Store, subject string, from uint64) []gate.Record {
	t.Helper()
	var out []gate.Record
	for r, err := range s.Records(context.Background(), subject, from) {
		if err != nil {
			t.Fatalf("Records(%q, %d): %v", subject, from, err)
		}
		out = append(out, r)
	}
	return out
}

func testChain(t *testing.T, s gate.Store) {
	ctx := context.Background()
	if got := collect(t, s, "", 1); len(got) != 0 {
		t.Fatalf("a new store has %d records", len(got))
	}
	bodies := [][]byte{
		[]byte(`{"kind":"approval","by":"ada"}`),
		[]byte(`{"kind":"decision","reason":"naïve \u2028 \"quoted\" <b>"}`),
		[]byte(`{}`),
	}
	var appended []gate.Record
	for i, b := range bodies {
		r, err := s.Append(ctx, "shop@2.4.0", b)
		if err != nil {
			t.Fatalf("Append %d: %v", i, err)
		}
		if r.Seq != uint64(i+1) {
			t.Fatalf("Append %d: Seq %d", i, r.Seq)
		}
		if want := gate.ChainHash(r.Seq, r.Subject, r.Prev, r.Body); r.Hash != want {
			t.Fatalf("Append %d: hash %s, want %s", i, r.Hash, want)
		}
		if i > 0 && r.Prev != appended[i-1].Hash {
			t.Fatalf("Append %d: Prev does not name the record before", i)
		}
		b[0] = 'X' // the store must have kept its own copy
		appended = append(appended, r)
	}
	got := collect(t, s, "", 1)
	if len(got) != len(appended) {
		t.Fatalf("%d records read back, %d appended", len(got), len(appended))
	}
	for i := range got {
		if got[i].Seq != appended[i].Seq || got[i].Hash != appended[i].Hash || got[i].Prev != appended[i].Prev ||
			got[i].Subject != appended[i].Subject || string(got[i].Body) != string(appended[i].Body) {
			t.Fatalf("record %d read back differs:\n%+v\n%+v", i+1, got[i], appended[i])
		}
		if got[i].Body[0] != '{' {
			t.Fatalf("record %d: the store kept the caller's buffer", i+1)
		}
	}
	if cp, err := gate.Verify(ctx, s, gate.Checkpoint{Seq: 2, Hash: appended[1].Hash}); err != nil || cp.Seq != 3 || cp.Hash != appended[2].Hash {
		t.Fatalf("Verify: %v, %+v", err, cp)
	}
	if got := collect(t, s, "", 3); len(got) != 1 || got[0].Seq != 3 {
		t.Fatalf("Records from 3: %+v", got)
	}
}

func testSubjects(t *testing.T, s gate.Store) {
	ctx := context.Background()
	for i := range 9 {
		subject := []string{"a", "b", ""}[i%3]
		if _, err := s.Append(ctx, subject, []byte(fmt.Sprintf(`{"i":%d}`, i))); err != nil {
			t.Fatal(err)
		}
	}
	var seqs []uint64
	for _, r := range collect(t, s, "b", 1) {
		if r.Subject != "b" {
			t.Fatalf("Records(b) yields a record of %q", r.Subject)
		}
		seqs = append(seqs, r.Seq)
	}
	if !slices.Equal(seqs, []uint64{2, 5, 8}) {
		t.Fatalf("Records(b) = %v, want [2 5 8]", seqs)
	}
	if got := collect(t, s, "b", 3); len(got) != 2 || got[0].Seq != 5 {
		t.Fatalf("Records(b, from 3) = %+v", got)
	}
	if got := collect(t, s, "nobody", 1); len(got) != 0 {
		t.Fatalf("Records(nobody) = %+v", got)
	}
	if _, err := gate.Verify(ctx, s, gate.Checkpoint{}); err != nil {
		t.Fatal(err)
	}
}

func testConcurrent(t *testing.T, s gate.Store) {
	ctx := context.Background()
	const writers, each = 8, 25
	var wg sync.WaitGroup
	errs := make(chan error, writers*each)
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				if _, err := s.Append(ctx, fmt.Sprint("s", w%3), []byte(fmt.Sprintf(`{"w":%d,"i":%d}`, w, i))); err != nil {
					errs <- err
				}
			}
		})
	}
	// Readers race the writers; every snapshot must be a prefix that
	// verifies.
	wg.Go(func() {
		for range 20 {
			for _, err := range s.Records(ctx, "s1", 1) {
				if err != nil {
					errs <- err
				}
			}
		}
	})
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	cp, err := gate.Verify(ctx, s, gate.Checkpoint{})
	if err != nil {
		t.Fatal(err)
	}
	if cp.Seq != writers*each {
		t.Fatalf("%d records, want %d", cp.Seq, writers*each)
	}
}

func testCancelled(t *testing.T, s gate.Store) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.Append(ctx, "a", []byte(`{}`)); err == nil {
		t.Fatal("Append with a cancelled context succeeded")
	}
	if got := collect(t, s, "", 1); len(got) != 0 {
		t.Fatalf("a cancelled Append left %d records", len(got))
	}
}
