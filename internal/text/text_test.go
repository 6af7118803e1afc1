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
