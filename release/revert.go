package release

import "strings"

// Reverts reports whether c is a revert and what it reverts: the hash from
// the body's "This reverts commit <hash>." line (git's wording) and the
// header of the reverted commit, from `Revert "<header>"` (git's default),
// `Reapply "<header>"` (git's title for reverting `Revert "<header>"`) or a
// conventional "revert: <header>". Either may be empty. Only the
// header decides whether c is a revert, so a squashed commit that quotes a
// revert in its body is not one.
func (c Commit) Reverts() (hash, header string, ok bool) { return c.reverts() }

func (c *Commit) reverts() (hash, header string, ok bool) {
	switch {
	case !isRevert(c):
		return "", "", false
	case c.Conventional:
		header = trimQuotes(c.Description)
	case strings.HasPrefix(c.Header, `Reapply "`):
		// git 2.43 and later title the revert of `Revert "x"` as
		// `Reapply "x"`: what it reverts is the revert.
		header = `Revert "` + quoted(c.Header[len(`Reapply "`):]) + `"`
	default:
		header = quoted(c.Header[len(`Revert "`):])
	}
	hash = revertedHash(c.Body)
	if hash == "" {
		// The Conventional Commits spec's own example names the reverted
		// commit in a Refs footer: "revert: ...\n\nRefs: 676104e".
		for _, f := range c.Footers {
			if strings.EqualFold(f.Token, "Refs") && isHexHash(trimSpace(f.Value)) {
				hash = trimSpace(f.Value)
				break
			}
		}
	}
	return hash, header, true
}

// quoted returns the text before the closing quote of a `Revert "` header's
// rest: `feat: x"` and `feat: x" (#13)` (a squash merge) give "feat: x".
func quoted(rest string) string {
	if i := strings.LastIndexByte(rest, '"'); i >= 0 {
		return rest[:i]
	}
	return rest
}

// isRevert reports whether c's header makes it a revert: type "revert",
// git's `Revert "<header>"`, or `Reapply "<header>"`, which git 2.43 and
// later write for the revert of a revert, each possibly followed by a
// squash merge's " (#13)".
func isRevert(c *Commit) bool {
	if c.Conventional {
		return c.Type == "revert"
	}
	h := c.Header
	if !strings.HasPrefix(h, `Revert "`) && !strings.HasPrefix(h, `Reapply "`) {
		return false
	}
	_, rest, _ := strings.Cut(h, `"`)
	i := strings.LastIndexByte(rest, '"')
	if i <= 0 {
		return false
	}
	tail := rest[i+1:]
	return tail == "" || strings.HasPrefix(tail, " (#") && strings.HasSuffix(tail, ")")
}

func isHexHash(s string) bool {
	if len(s) < 7 || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isHex(s[i]) {
			return false
		}
	}
	return true
}

// revertedHash finds "This reverts commit <hex>" in body and returns the hex.
func revertedHash(body string) string {
	const marker = "This reverts commit "
	i := strings.Index(body, marker)
	if i < 0 {
		return ""
	}
	s := body[i+len(marker):]
	n := 0
	for n < len(s) && n < 64 && isHex(s[n]) {
		n++
	}
	if n < 4 {
		return ""
	}
	return s[:n]
}

func isHex(b byte) bool { return b >= '0' && b <= '9' || b >= 'a' && b <= 'f' || b >= 'A' && b <= 'F' }

func trimQuotes(s string) string {
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		return s[1 : len(s)-1]
	}
	return s
}

// Cancelled reports which commits a revert in the same list cancels, as
// Policy.Next and the notes package see them: cancelled[i] is true when
// commits[i] is a revert whose target is in the list, or a commit that a
// revert in the list reverts (and that revert is not itself reverted). It
// returns nil when no commit is cancelled.
func Cancelled(commits []Commit) []bool {
	var reverts []int
	for i := range commits {
		if isRevert(&commits[i]) {
			reverts = append(reverts, i)
		}
	}
	return cancelled(commits, reverts)
}

// cancelled marks the commits that a revert in the same list cancels: a
// revert and the commit it reverts both drop out. A revert that is itself
// reverted in the list is cancelled with its own revert, and the commit it
// reverted counts again. It returns nil when no commit is cancelled.
//
// A revert names its target by hash (full or abbreviated to 7 or more
// characters); when the revert carries no hash, or no commit in the list has
// one, the target is the nearest older commit with the reverted header that
// no other revert took, older meaning later in the list, as git log orders
// commits. The cost is one pass over the commits with lookups in maps as
// large as the number of reverts. reverts holds the indices of the reverts
// among commits.
func cancelled(commits []Commit, reverts []int) []bool {
	if len(reverts) == 0 {
		return nil
	}
	type ref struct {
		idx          int // the revert
		hash, header string
		target       int
	}
	refs := make([]ref, 0, len(reverts))
	for _, i := range reverts {
		hash, header, _ := commits[i].reverts()
		refs = append(refs, ref{idx: i, hash: lowerASCII(hash), header: header, target: -1})
	}
	hashed := false
	for i := range commits {
		if commits[i].Hash != "" {
			hashed = true
			break
		}
	}
	// By hash: full hashes are looked up exactly, abbreviated ones by their
	// first seven digits, each behind a filter on the first two.
	byHash := make(map[string][]int)   // full hash -> refs
	byPrefix := make(map[string][]int) // first 7 digits of an abbreviated hash -> refs
	var first [256]bool
	// By header: the reverted header -> the reverts that name it this way.
	byHeader := make(map[int]int) // index of a revert -> its ref
	wanted := make(map[string]bool)
	for r := range refs {
		h := refs[r].hash
		switch {
		case hashed && (len(h) == 40 || len(h) == 64):
			byHash[h] = append(byHash[h], r)
			first[hexByte(h)] = true
		case hashed && len(h) >= 7:
			byPrefix[h[:7]] = append(byPrefix[h[:7]], r)
			first[hexByte(h)] = true
		case hashed && h != "":
			// Too short to trust: the target is not found.
		case refs[r].header != "":
			byHeader[refs[r].idx] = r
			wanted[refs[r].header] = true
		}
	}
	if len(byHash)+len(byPrefix) > 0 {
		for j := range commits {
			c := &commits[j]
			if len(c.Hash) < 7 || !first[hexByte(c.Hash)] {
				continue
			}
			for _, r := range byHash[lowerASCII(c.Hash)] {
				if refs[r].target < 0 && refs[r].idx != j {
					refs[r].target = j
				}
			}
			for _, r := range byPrefix[lowerASCII(c.Hash[:7])] {
				if refs[r].target < 0 && refs[r].idx != j && len(c.Hash) > len(refs[r].hash) && strings.EqualFold(c.Hash[:len(refs[r].hash)], refs[r].hash) {
					refs[r].target = j
				}
			}
		}
	}
	if len(byHeader) > 0 {
		// Each revert takes the nearest older commit with the header it
		// names that no other revert took: walking from the oldest commit
		// (the end, in git log's order), the candidates of a header form a
		// stack. So a change landed, reverted, landed and reverted again
		// pairs up twice.
		stacks := make(map[string][]int)
		for j := len(commits) - 1; j >= 0; j-- {
			if r, ok := byHeader[j]; ok {
				st := stacks[refs[r].header]
				if n := len(st); n > 0 {
					refs[r].target = st[n-1]
					stacks[refs[r].header] = st[:n-1]
				}
			}
			if h := commits[j].Header; wanted[h] {
				stacks[h] = append(stacks[h], j)
			}
		}
	}

	reverters := make(map[int][]int, len(refs)) // target -> the reverts that name it
	hasTarget := make(map[int]bool, len(refs))
	for _, r := range refs {
		if r.target >= 0 {
			reverters[r.target] = append(reverters[r.target], r.idx)
			hasTarget[r.idx] = true
		}
	}
	if len(reverters) == 0 {
		return nil
	}
	// state: 0 unknown, 1 visiting, 2 cancelled, 3 kept.
	state := make(map[int]byte, len(refs))
	var isCancelled func(i int) bool
	isCancelled = func(i int) bool {
		switch state[i] {
		case 1: // a cycle cannot come from real hashes; keep the commit
			return false
		case 2:
			return true
		case 3:
			return false
		}
		state[i] = 1
		res := false
		for _, j := range reverters[i] {
			if !isCancelled(j) {
				res = true
				break
			}
		}
		state[i] = 3
		if res {
			state[i] = 2
		}
		return res
	}
	out := make([]bool, len(commits))
	for i := range reverters {
		out[i] = isCancelled(i)
	}
	for i := range hasTarget {
		// A revert whose target is in the list drops out either way: with
		// its target when it stands, with its own revert when it does not.
		out[i] = true
	}
	return out
}

// hexByte decodes the first two hex digits of a hash into a byte (any
// case), a cheap filter before a map lookup. Other characters give some
// byte; the map lookup decides.
func hexByte(h string) byte { return nibble(h[0])<<4 | nibble(h[1]) }

func nibble(c byte) byte {
	if c <= '9' {
		return c - '0'
	}
	return (c | 0x20) - 'a' + 10
}
