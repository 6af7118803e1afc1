package release

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
)

// Limits on what GoComponents reads.
const (
	// MaxGoModLen is the largest go.mod or go.work file read (1 MiB).
	MaxGoModLen = 1 << 20

	// MaxGoModules is the most modules GoComponents accepts in one tree.
	MaxGoModules = 10_000
)

// GoMod is what a go.mod file says about a module's place in a monorepo.
type GoMod struct {
	// Module is the module path.
	Module string
	// Requires are the modules required, with their versions.
	Requires []GoRequire
	// Replaces are the replace directives.
	Replaces []GoReplace
}

// GoRequire is one requirement of a go.mod file.
type GoRequire struct {
	Path, Version string
}

// GoReplace is one replace directive. New is a directory ("../lib") when
// NewVersion is empty and New starts with "./", "../" or "/".
type GoReplace struct {
	Old, OldVersion string
	New, NewVersion string
}

// Local reports whether the replacement is a directory.
func (r GoReplace) Local() bool {
	return r.NewVersion == "" && (strings.HasPrefix(r.New, "./") || strings.HasPrefix(r.New, "../") || strings.HasPrefix(r.New, "/") || r.New == "." || r.New == "..")
}

// ParseGoMod reads the module, require and replace directives of a go.mod
// file, in single-line and block form, with comments and quoted strings
// as the go command reads them. Other directives (go, toolchain, exclude,
// retract, ...) are skipped. Errors are *ParseError values with the line
// and column, wrapping ErrInvalidGoMod (ErrTooLong above MaxGoModLen).
func ParseGoMod(data []byte) (GoMod, error) {
	var m GoMod
	err := parseModFile(data, func(verb string, args []string, line int) error {
		switch verb {
		case "module":
			if len(args) != 1 || args[0] == "" {
				return goModErr(data, line, "module with one path")
			}
			if m.Module != "" {
				return goModErr(data, line, "one module directive")
			}
			m.Module = args[0]
		case "require":
			if len(args) != 2 || args[0] == "" || args[1] == "" {
				return goModErr(data, line, "require with a path and a version")
			}
			m.Requires = append(m.Requires, GoRequire{Path: args[0], Version: args[1]})
		case "replace":
			arrow := slices.Index(args, "=>")
			if arrow < 1 || arrow > 2 || len(args)-arrow-1 < 1 || len(args)-arrow-1 > 2 {
				return goModErr(data, line, "replace old [version] => new [version]")
			}
			r := GoReplace{Old: args[0], New: args[arrow+1]}
			if arrow == 2 {
				r.OldVersion = args[1]
			}
			if len(args)-arrow-1 == 2 {
				r.NewVersion = args[arrow+2]
			}
			m.Replaces = append(m.Replaces, r)
		}
		return nil
	})
	if err != nil {
		return GoMod{}, err
	}
	if m.Module == "" {
		return GoMod{}, &ParseError{Input: "go.mod", Expected: "a module directive", Err: ErrInvalidGoMod}
	}
	return m, nil
}

// ParseGoWork returns the directories a go.work file uses, as written.
func ParseGoWork(data []byte) ([]string, error) {
	var uses []string
	err := parseModFile(data, func(verb string, args []string, line int) error {
		if verb != "use" {
			return nil
		}
		if len(args) != 1 || args[0] == "" {
			return goModErr(data, line, "use with one directory")
		}
		uses = append(uses, args[0])
		return nil
	})
	return uses, err
}

func goModErr(data []byte, line int, expected string) error {
	text := ""
	for i, l := range strings.Split(string(data), "\n") {
		if i+1 == line {
			text = strings.TrimSpace(l)
			break
		}
	}
	return &ParseError{Input: shorten(text), Line: line, Col: 1, Expected: expected, Err: ErrInvalidGoMod}
}

// parseModFile tokenizes the go.mod syntax (also go.work's) and calls fn
// for each directive with its arguments, one call per line of a block.
func parseModFile(data []byte, fn func(verb string, args []string, line int) error) error {
	if len(data) > MaxGoModLen {
		return &ParseError{Input: "go.mod", Expected: fmt.Sprintf("a file of at most %d bytes", MaxGoModLen), Err: ErrTooLong}
	}
	block := ""
	for i, raw := range strings.Split(string(data), "\n") {
		line := i + 1
		toks, col, err := modTokens(raw)
		if err != nil {
			return &ParseError{Input: shorten(strings.TrimSpace(raw)), Line: line, Col: col, Expected: err.Error(), Err: ErrInvalidGoMod}
		}
		if len(toks) == 0 {
			continue
		}
		if block != "" {
			if len(toks) == 1 && toks[0] == ")" {
				block = ""
				continue
			}
			if err := fn(block, toks, line); err != nil {
				return err
			}
			continue
		}
		if len(toks) == 2 && toks[1] == "(" {
			block = toks[0]
			continue
		}
		if toks[0] == "(" || toks[0] == ")" {
			col := len(raw) - len(strings.TrimLeft(raw, " \t")) + 1
			return &ParseError{Input: shorten(strings.TrimSpace(raw)), Line: line, Col: col, Expected: "a directive", Err: ErrInvalidGoMod}
		}
		if err := fn(toks[0], toks[1:], line); err != nil {
			return err
		}
	}
	if block != "" {
		return &ParseError{Input: block + " (", Expected: "a closing ')' for the block", Err: ErrInvalidGoMod}
	}
	return nil
}

// modTokens splits one line into words and quoted strings, dropping a //
// comment. On error it returns the 1-based column of the problem.
func modTokens(line string) ([]string, int, error) {
	var toks []string
	i := 0
	for i < len(line) {
		c := line[i]
		switch {
		case c == ' ' || c == '\t' || c == '\r':
			i++
		case strings.HasPrefix(line[i:], "//"):
			return toks, 0, nil
		case c == '(' || c == ')':
			toks = append(toks, line[i:i+1])
			i++
		case c == '"':
			j := i + 1
			for j < len(line) && line[j] != '"' {
				if line[j] == '\\' {
					j++
				}
				j++
			}
			if j >= len(line) {
				return nil, i + 1, errors.New("a closing '\"'")
			}
			s, err := strconv.Unquote(line[i : j+1])
			if err != nil {
				return nil, i + 1, errors.New("a valid quoted string")
			}
			toks = append(toks, s)
			i = j + 1
		case c == '`':
			j := strings.IndexByte(line[i+1:], '`')
			if j < 0 {
				return nil, i + 1, errors.New("a closing '`'")
			}
			toks = append(toks, line[i+1:i+1+j])
			i += j + 2
		default:
			j := i
			for j < len(line) && !strings.ContainsRune(" \t\r\"`()", rune(line[j])) && !strings.HasPrefix(line[j:], "//") {
				j++
			}
			toks = append(toks, line[i:j])
			i = j
		}
	}
	return toks, 0, nil
}

// GoComponents builds a monorepo's components from the Go modules in a
// repository tree (a host passes os.DirFS of the repository root): one
// Component per go.mod, named by its module path, owning the module's
// directory, depending on the other modules of the tree it requires or
// replaces with their directory, with the module path set so that
// Workspace.Plan checks each proposed major version against the path's
// /vN suffix, and the tag format the go command expects: "v{version}" at
// the root, "api/v{version}" for a module in api/, and for a module in a
// major-version subdirectory (api/v2 for example.com/repo/api/v2) the
// directory without that suffix ("api/v{version}").
//
// When the root has a go.work file, only the modules it uses are
// components. Directories named vendor or testdata, and those starting
// with '.' or '_', are not searched, as the go command ignores them. The
// root module owns "." and the longest-path rule of Workspace keeps nested
// modules' files out of it. Components are sorted by directory.
//
// Every problem is reported, joined: a go.mod that does not parse (the
// error names the file), two modules with one path, a go.work use of a
// directory without go.mod, more than MaxGoModules modules.
func GoComponents(fsys fs.FS) ([]Component, error) {
	type module struct {
		dir string
		mod GoMod
	}
	if fsys == nil {
		return nil, fmt.Errorf("release: GoComponents: no file system: %w", ErrInvalidGoMod)
	}
	var mods []module
	var errs []error
	fail := func(file string, err error) { errs = append(errs, fmt.Errorf("%s: %w", file, err)) }
	walkErr := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			fail(p, err)
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			name := d.Name()
			if p != "." && (name == "vendor" || name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
				return fs.SkipDir
			}
			return nil
		}
		if d.Name() != "go.mod" || !d.Type().IsRegular() {
			return nil
		}
		if len(mods) >= MaxGoModules {
			return fmt.Errorf("release: more than %d Go modules: %w", MaxGoModules, ErrTooLong)
		}
		data, err := readLimited(fsys, p)
		if err != nil {
			fail(p, err)
			return nil
		}
		m, err := ParseGoMod(data)
		if err != nil {
			fail(p, err)
			return nil
		}
		mods = append(mods, module{dir: path.Dir(p), mod: m})
		return nil
	})
	if walkErr != nil {
		errs = append(errs, walkErr)
	}

	// go.work selects modules.
	if data, err := readLimited(fsys, "go.work"); err == nil {
		uses, err := ParseGoWork(data)
		if err != nil {
			fail("go.work", err)
		} else {
			keep := map[string]bool{}
			for _, u := range uses {
				dir := path.Clean(strings.TrimPrefix(u, "./"))
				keep[dir] = true
				if !slices.ContainsFunc(mods, func(m module) bool { return m.dir == dir }) {
					fail("go.work", fmt.Errorf("use %s: no go.mod there: %w", u, ErrInvalidGoMod))
				}
			}
			mods = slices.DeleteFunc(mods, func(m module) bool { return !keep[m.dir] })
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		fail("go.work", err)
	}

	byPath := map[string]string{} // module path -> dir
	byDir := map[string]string{}  // dir -> module path
	for _, m := range mods {
		if other, dup := byPath[m.mod.Module]; dup {
			errs = append(errs, fmt.Errorf("release: module %s is defined twice, in %s and %s: %w", m.mod.Module, path.Join(other, "go.mod"), path.Join(m.dir, "go.mod"), ErrInvalidGoMod))
			continue
		}
		byPath[m.mod.Module] = m.dir
		byDir[m.dir] = m.mod.Module
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}

	comps := make([]Component, 0, len(mods))
	for _, m := range mods {
		c := Component{Name: m.mod.Module, Paths: []string{m.dir}, Module: m.mod.Module, TagFormat: goTagFormat(m.dir, m.mod.Module)}
		deps := map[string]bool{}
		for _, r := range m.mod.Requires {
			if _, ok := byPath[r.Path]; ok && r.Path != m.mod.Module {
				deps[r.Path] = true
			}
		}
		for _, r := range m.mod.Replaces {
			if !r.Local() || strings.HasPrefix(r.New, "/") {
				continue
			}
			if target, ok := byDir[path.Join(m.dir, r.New)]; ok && target != m.mod.Module {
				deps[target] = true
			}
		}
		for d := range deps {
			c.DependsOn = append(c.DependsOn, d)
		}
		slices.Sort(c.DependsOn)
		comps = append(comps, c)
	}
	slices.SortFunc(comps, func(a, b Component) int { return strings.Compare(a.Paths[0], b.Paths[0]) })
	return comps, nil
}

// goTagFormat is the tag format the go command expects for the module at
// dir: the directory as a prefix, without a major-version subdirectory
// that matches the module path's /vN suffix.
func goTagFormat(dir, module string) TagFormat {
	if _, major, gopkgin := splitMajor(module); major != "" && !gopkgin {
		sub := "v" + major
		if dir == sub || strings.HasSuffix(dir, "/"+sub) {
			dir = strings.TrimSuffix(strings.TrimSuffix(dir, sub), "/")
			if dir == "" {
				dir = "."
			}
		}
	}
	if dir == "." {
		return "v{version}"
	}
	return TagFormat(dir + "/v{version}")
}

// readLimited reads a file of at most MaxGoModLen bytes.
func readLimited(fsys fs.FS, name string) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxGoModLen+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxGoModLen {
		return nil, &ParseError{Input: name, Expected: fmt.Sprintf("a file of at most %d bytes", MaxGoModLen), Err: ErrTooLong}
	}
	return data, nil
}
