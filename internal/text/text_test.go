package text

import "testing"

func TestPrintable(t *testing.T) {
	for in, want := range map[string]string{
		"plain text, café":     "plain text, café",
		"":                     "",
		"evil\x1b[2J":          `evil\x1b[2J`,
		"two\nlines":           `two\nlines`,
		"tab\there":            `tab\there`,
		"bad \xff byte":        `bad \xff byte`,
		"bell\a and \"quote\"": `bell\a and \"quote\"`,
		"rtl \u202e override":  `rtl \u202e override`,
	} {
		if got := Printable(in); got != want {
			t.Errorf("Printable(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTruncateQuote(t *testing.T) {
	for _, c := range []struct {
		in   string
		max  int
		want string
	}{
		{"short", 10, "short"},
		{"exactly10!", 10, "exactly10!"},
		{"eleven char", 10, "eleven ..."},
		{"ééééééééééé", 6, "ééé..."}, // cut by characters, not bytes
	} {
		if got := Truncate(c.in, c.max); got != c.want {
			t.Errorf("Truncate(%q, %d) = %q, want %q", c.in, c.max, got, c.want)
		}
	}
	if got := Quote("a\nb"+string(make([]byte, 100)), 8); got != `"a\nb\x00\x00..."` {
		t.Errorf("Quote = %s", got)
	}
}
