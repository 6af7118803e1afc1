package filestore_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/releasekit/releasekit/gate"
	"github.com/releasekit/releasekit/gate/filestore"
)

// An audit log kept in a file: two records appended, the file as an
// auditor reads it, and the log verified after opening it again.
func ExampleOpen() {
	dir, err := os.MkdirTemp("", "filestore-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "audit.log")
	ctx := context.Background()

	s, err := filestore.Open(path)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, body := range []string{`{"kind":"approval","by":"ada"}`, `{"kind":"decision","allowed":true}`} {
		if _, err := s.Append(ctx, "shop@2.4.0", []byte(body)); err != nil {
			fmt.Println(err)
			return
		}
	}
	s.Close()

	data, err := os.ReadFile(path)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(string(data))

	s, err = filestore.Open(path) // checks the whole chain
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()
	cp, err := gate.Verify(ctx, s, gate.Checkpoint{})
	fmt.Println("verified up to record", cp.Seq, err)
	// Output:
	// {"format":"releasekit-audit","version":1}
	// {"seq":1,"subject":"shop@2.4.0","prev":"","hash":"bc5579ffbf9106c8f15c7c4eabff7c74de82a5e0555bfa4e92ceeb11c44d6697","body":{"kind":"approval","by":"ada"}}
	// {"seq":2,"subject":"shop@2.4.0","prev":"bc5579ffbf9106c8f15c7c4eabff7c74de82a5e0555bfa4e92ceeb11c44d6697","hash":"417dc0fabc7c3f37bfff274b373b572fd849fa7467284525b7b04098625488d6","body":{"kind":"decision","allowed":true}}
	// verified up to record 2 <nil>
}

// A gate reads the approvals of its subject, from a position on.
func ExampleStore_Records() {
	dir, err := os.MkdirTemp("", "filestore-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	s, err := filestore.Open(filepath.Join(dir, "audit.log"))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()
	ctx := context.Background()
	for _, a := range []struct{ subject, by string }{
		{"shop@2.4.0", "ada"}, {"api@1.8.0", "bob"}, {"shop@2.4.0", "cy"},
	} {
		if _, err := s.Append(ctx, a.subject, fmt.Appendf(nil, `{"kind":"approval","by":%q}`, a.by)); err != nil {
			fmt.Println(err)
			return
		}
	}

	for r, err := range s.Records(ctx, "shop@2.4.0", 1) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(r.Seq, string(r.Body))
	}
	// Output:
	// 1 {"kind":"approval","by":"ada"}
	// 3 {"kind":"approval","by":"cy"}
}

// A damaged file does not open: the error names the line and the record.
func ExampleCorruptError() {
	dir, err := os.MkdirTemp("", "filestore-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "audit.log")
	s, err := filestore.Open(path)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, by := range []string{"ada", "bob", "cy"} {
		if _, err := s.Append(context.Background(), "shop@2.4.0", fmt.Appendf(nil, `{"by":%q}`, by)); err != nil {
			fmt.Println(err)
			return
		}
	}
	s.Close()

	// Someone changes who approved record 2.
	data, err := os.ReadFile(path)
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := os.WriteFile(path, bytes.Replace(data, []byte(`"bob"`), []byte(`"eve"`), 1), 0o600); err != nil {
		fmt.Println(err)
		return
	}

	_, err = filestore.Open(path)
	if ce, ok := errors.AsType[*filestore.CorruptError](err); ok {
		fmt.Println("line", ce.Line, errors.Is(err, gate.ErrTampered))
		fmt.Println(ce.Err)
	}
	// Output:
	// line 3 true
	// gate: audit log: record 2: edited: its content does not match its hash
}
