package risk

import "time"

// LabelByFixes guesses which changes of a history (oldest first) induced
// a defect, for a host with no better record: a change is labelled when
// a later fix touches a file it was the last to change, within window
// (zero: any time later). It is the SZZ algorithm (Śliwerski, Zimmermann
// and Zeller, 2005) at the grain of files instead of lines: it needs no
// blame, but it blames the last change to a file even when an older one
// wrote the faulty line, and it counts every fix of a hot file against
// whoever touched it last. Use it to start; a host that can trace fixes
// to the lines or the issues they fix should label its history itself.
func LabelByFixes(history []Change, window time.Duration) []bool {
	labels := make([]bool, len(history))
	last := map[string]int{} // path -> the change that last touched it
	for i, c := range history {
		if c.Fix {
			for _, f := range c.Files {
				j, ok := last[f.OldPath] // a renamed file's last change
				if !renamed(f) || !ok {
					j, ok = last[f.Path]
				}
				if ok && (window <= 0 || c.Time.Sub(history[j].Time) <= window) {
					labels[j] = true
				}
			}
		}
		for _, f := range c.Files {
			if renamed(f) {
				delete(last, f.OldPath)
			}
			last[f.Path] = i
		}
	}
	return labels
}
