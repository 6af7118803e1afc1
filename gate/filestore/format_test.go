package filestore_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/releasekit/releasekit/gate"
	"github.com/releasekit/releasekit/gate/filestore"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fileLine is a record line decoded by a JSON reader that knows nothing
// of this package.
type fileLine struct {
	Seq     uint64          `json:"seq"`
	Subject string          `json:"subject"`
	Prev    string          `json:"prev"`
	Hash    string          `json:"hash"`
	Body    json.RawMessage `json:"body"`
}

// lines returns the lines of the file at path, newlines removed.
func lines(t testing.TB, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	require.True(t, bytes.HasSuffix(data, []byte{'\n'}), "the file ends with a newline")
	return strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
}

func TestFormat(t *testing.T) {
	path := filepath.Join(t.TempDir(), "audit.log")
	s := open(t, path)
	r1, err := s.Append(context.Background(), "shop@2.4.0", []byte(`{"kind":"approval","by":"ada"}`))
	require.NoError(t, err)
	r2, err := s.Append(context.Background(), "", []byte(` [1, 2.50, "x"] `))
	require.NoError(t, err)

	assert.Equal(t, []string{
		`{"format":"releasekit-audit","version":1}`,
		`{"seq":1,"subject":"shop@2.4.0","prev":"","hash":"` + r1.Hash + `","body":{"kind":"approval","by":"ada"}}`,
		`{"seq":2,"subject":"","prev":"` + r1.Hash + `","hash":"` + r2.Hash + `","body": [1, 2.50, "x"] }`,
	}, lines(t, path))
}

func TestSubjectsEscaped(t *testing.T) {
	subjects := []string{
		"",
		"shop@2.4.0",
		`a "quoted" \ back\slash`,
		"line\nbreak\rcarriage\ttab",
		"nul\x00 bell\x07 del\x7f esc\x1b[31m",
		"naïve café 日本語",
		"separators \u2028 \u2029 nbsp\u00a0",
		"bidi \u202egnp.exe zero\u200bwidth bom\ufeff",
		"emoji 🚀 and a non-character \U000effff",
		`{"seq":9,"subject":"x"}`,
		`","hash":"` + strings.Repeat("0", 64) + `","body":{}}`,
		"</script><b>&amp;",
		strings.Repeat("é", filestore.MaxSubjectLen/2), // at the limit
	}
	path := filepath.Join(t.TempDir(), "audit.log")
	s := open(t, path)
	for _, subject := range subjects {
		_, err := s.Append(context.Background(), subject, []byte(`{"ok":true}`))
		require.NoError(t, err, "Append(%q)", subject)
	}

	got := lines(t, path)
	require.Len(t, got, 1+len(subjects), "one line per record: subjects cannot break lines")
	for i, subject := range subjects {
		line := got[i+1]
		var fl fileLine
		require.NoError(t, json.Unmarshal([]byte(line), &fl), "line %d is JSON", i+2)
		assert.Equal(t, subject, fl.Subject, "a JSON reader decodes the subject of line %d", i+2)
		for _, r := range line {
			assert.True(t, r == ' ' || r >= 0x21 && r < 0x7f || r >= 0xa0 && !strings.ContainsRune("\u00a0\u2028\u2029\u202e\u200b\ufeff\U000effff", r),
				"line %d shows %U as it is", i+2, r)
		}
	}

	for _, s := range []gate.Store{s, open(t, path)} {
		recs := all(t, s)
		require.Len(t, recs, len(subjects))
		for i, subject := range subjects {
			assert.Equal(t, subject, recs[i].Subject, "record %d", i+1)
			if subject == "" {
				continue // Records("") yields every record
			}
			var n int
			for r, err := range s.Records(context.Background(), subject, 1) {
				require.NoError(t, err)
				assert.Equal(t, subject, r.Subject)
				n++
			}
			assert.Equal(t, 1, n, "Records(%q)", subject)
		}
		verify(t, s)
	}
}

func TestBodiesByteForByte(t *testing.T) {
	bodies := []string{
		`{}`,
		`{"a":1}`,
		`  {"spaces" :  [ 1 , 2 ]  }  `,
		"\t{\"tab\":\r\"cr\"}\r",
		`"just a string"`,
		`12.50e+3`,
		`null`,
		`{"escapes":"\u00e9\n\"\\\/","raw":"é 🚀 \u2028"}`,
		`{"dup":1,"dup":2}`,
		`[` + strings.Repeat(`"x",`, 1000) + `"x"]`,
	}
	path := filepath.Join(t.TempDir(), "audit.log")
	s := open(t, path)
	for _, b := range bodies {
		r, err := s.Append(context.Background(), "x", []byte(b))
		require.NoError(t, err, "Append(%q)", b)
		assert.Equal(t, b, string(r.Body), "Append returns the body as given")
	}
	for _, s := range []gate.Store{s, open(t, path)} {
		recs := all(t, s)
		require.Len(t, recs, len(bodies))
		for i, b := range bodies {
			assert.Equal(t, b, string(recs[i].Body), "body %d comes back byte for byte", i+1)
		}
		verify(t, s)
	}
	for i, line := range lines(t, path)[1:] {
		var fl fileLine
		require.NoError(t, json.Unmarshal([]byte(line), &fl), "line %d is JSON", i+2)
	}
}

func TestAppendRefuses(t *testing.T) {
	big := `{"pad":"` + strings.Repeat("x", filestore.MaxBodyLen) + `"}`
	tests := []struct {
		name    string
		subject string
		body    string
		want    error
	}{
		{"invalid JSON", "x", `{"a":`, filestore.ErrInvalidBody},
		{"two JSON values", "x", `{} {}`, filestore.ErrInvalidBody},
		{"an empty body", "x", ``, filestore.ErrInvalidBody},
		{"a newline between tokens", "x", "{\"a\":\n1}", filestore.ErrInvalidBody},       // valid JSON, but one record is one line
		{"a trailing newline", "x", "{}\n", filestore.ErrInvalidBody},                    // valid JSON too
		{"invalid UTF-8 in a string", "x", "{\"a\":\"\xff\"}", filestore.ErrInvalidBody}, // JSON is UTF-8 (RFC 8259)
		{"too big", "x", big, filestore.ErrInvalidBody},
		{"a subject of invalid UTF-8", "\xffx", `{}`, filestore.ErrInvalidSubject},
		{"a subject too long", strings.Repeat("s", filestore.MaxSubjectLen+1), `{}`, filestore.ErrInvalidSubject},
	}
	path := filepath.Join(t.TempDir(), "audit.log")
	s := open(t, path)
	appendN(t, s, 0, 2)
	before, err := os.ReadFile(path)
	require.NoError(t, err)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.Append(context.Background(), tc.subject, []byte(tc.body))
			assert.ErrorIs(t, err, tc.want)
			assert.ErrorContains(t, err, "filestore: ")
			after, rerr := os.ReadFile(path)
			require.NoError(t, rerr)
			assert.Equal(t, before, after, "the file is unchanged")
		})
	}
	// The store goes on as if nothing happened.
	r := appendN(t, s, 2, 1)[0]
	assert.Equal(t, uint64(3), r.Seq)
	assert.Equal(t, uint64(3), verify(t, s).Seq)
	assert.Equal(t, uint64(3), verify(t, open(t, path)).Seq)
}

func TestAppendAtTheLimits(t *testing.T) {
	body := `"` + strings.Repeat("x", filestore.MaxBodyLen-2) + `"`
	require.Len(t, body, filestore.MaxBodyLen)
	subject := strings.Repeat("\x01", filestore.MaxSubjectLen) // escaped six times as long
	path := filepath.Join(t.TempDir(), "audit.log")
	s := open(t, path)
	r, err := s.Append(context.Background(), subject, []byte(body))
	require.NoError(t, err)
	got := all(t, open(t, path))
	require.Len(t, got, 1)
	assert.Equal(t, r.Hash, got[0].Hash)
	assert.Equal(t, subject, got[0].Subject)
	assert.Equal(t, body, string(got[0].Body))
}

// FuzzAppend checks that whatever Append accepts comes back from the
// file byte for byte, chained, on one line; and that whatever it refuses
// leaves the file unchanged.
func FuzzAppend(f *testing.F) {
	f.Add("shop@2.4.0", []byte(`{"kind":"approval"}`))
	f.Add("", []byte(`  []  `))
	f.Add("a\"\\\n\u2028🚀", []byte(`{"s":"\u2028"}`))
	f.Add("x", []byte("{\"a\":\n1}"))
	f.Add("\xff", []byte(`{}`))
	f.Add("x", []byte(`{"a":`))
	f.Fuzz(func(t *testing.T, subject string, body []byte) {
		path := filepath.Join(t.TempDir(), "audit.log")
		s, err := filestore.Open(path)
		require.NoError(t, err)
		defer s.Close()
		first, err := s.Append(context.Background(), "first", []byte(`{}`))
		require.NoError(t, err)
		before, err := os.ReadFile(path)
		require.NoError(t, err)

		r, err := s.Append(context.Background(), subject, body)
		if err != nil {
			after, rerr := os.ReadFile(path)
			require.NoError(t, rerr)
			assert.Equal(t, before, after, "a refused Append leaves the file unchanged")
			valid := json.Valid(body) && utf8.Valid(body) && !bytes.Contains(body, []byte{'\n'}) && len(body) <= filestore.MaxBodyLen &&
				utf8.ValidString(subject) && len(subject) <= filestore.MaxSubjectLen
			assert.False(t, valid, "Append refused an acceptable record: %v", err)
			return
		}
		assert.Equal(t, first.Hash, r.Prev)
		got := all(t, open(t, path))
		require.Len(t, got, 2)
		assert.Equal(t, subject, got[1].Subject)
		assert.Equal(t, string(body), string(got[1].Body))
		assert.Equal(t, r.Hash, got[1].Hash)
		assert.Len(t, lines(t, path), 3, "one line per record")
	})
}
