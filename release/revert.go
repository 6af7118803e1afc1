package release

import "strings"

// Reverts reports whether c is a revert and what it reverts: the hash from
// the body's "This reverts commit <hash>." line (git's wording) and the
// header of the reverted commit, from `Revert "<header>"` (git's default) or
// from a conventional "revert: <header>". Either may be empty. Only the
// header decides whether c is a revert, so a squashed commit that quotes a
// revert in its body is not one.
func (c Commit) Reverts() (hash, header string, ok bool) {
	switch {
	case c.Conventional && c.Type == "revert":
		header = trimQuotes(c.Description)
	case strings.HasPrefix(c.Header, `Revert "`) && strings.HasSuffix(c.Header, `"`) && len(c.Header) > len(`Revert ""`):
		header = c.Header[len(`Revert "`) : len(c.Header)-1]
	default:
		return "", "", false
	}
	return revertedHash(c.Body), header, true
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

// cancelled marks the commits that a revert in the same list cancels: a
// revert and the commit it reverts both drop out. A revert that is itself
// reverted in the list is cancelled with its own revert, and the commit it
// reverted counts again. It returns nil when no commit is cancelled.
//
// A revert names its target by hash; when the revert carries no hash, or no
// commit in the list has one, the target is found by its header instead.
// The cost is linear in the number of commits plus the number of reverts.
func cancelled(commits []Commit) []bool {
	var (
		idx       *commitIndex
		reverters map[int][]int // target -> the reverts that name it
		hasTarget []bool
	)
	for i := range commits {
		hash, header, ok := commits[i].Reverts()
		if !ok {
			continue
		}
		if idx == nil {
			idx = newCommitIndex(commits)
			reverters = make(map[int][]int)
			hasTarget = make([]bool, len(commits))
		}
		if t := idx.find(i, hash, header); t >= 0 {
			reverters[t] = append(reverters[t], i)
			hasTarget[i] = true
		}
	}
	if len(reverters) == 0 {
		return nil
	}
	// state: 0 unknown, 1 visiting, 2 cancelled, 3 kept.
	state := make([]byte, len(commits))
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
	for i := range commits {
		// A revert whose target is in the list drops out either way: with
		// its target when it stands, with its own revert when it does not.
		out[i] = hasTarget[i] || isCancelled(i)
	}
	return out
}

// commitIndex finds commits by hash (full or abbreviated) and by header.
type commitIndex struct {
	commits  []Commit
	byHash   map[string]int
	byHeader map[string]int
}

func newCommitIndex(commits []Commit) *commitIndex {
	x := &commitIndex{commits: commits, byHash: make(map[string]int), byHeader: make(map[string]int)}
	for i := len(commits) - 1; i >= 0; i-- { // the first of equal headers wins
		if h := commits[i].Hash; h != "" {
			x.byHash[strings.ToLower(h)] = i
		}
		x.byHeader[commits[i].Header] = i
	}
	return x
}

// find returns the index of the commit that commits[self] reverts, or -1.
func (x *commitIndex) find(self int, hash, header string) int {
	if hash != "" && len(x.byHash) > 0 {
		hash = strings.ToLower(hash)
		if j, ok := x.byHash[hash]; ok && j != self {
			return j
		}
		if len(hash) < 7 {
			return -1
		}
		for j := range x.commits { // an abbreviated hash
			h := x.commits[j].Hash
			if j != self && len(h) > len(hash) && strings.EqualFold(h[:len(hash)], hash) {
				return j
			}
		}
		return -1
	}
	if j, ok := x.byHeader[header]; ok && header != "" && j != self {
		return j
	}
	return -1
}
