package release

import "strings"

// DefaultComponentTagFormat is the tag format of a Component whose
// TagFormat is empty: the Go convention for a module in a subdirectory
// ("api/v1.2.3").
const DefaultComponentTagFormat TagFormat = "{component}/v{version}"

const componentPlaceholder = "{component}"

// Component is one independently versioned part of a repository (a
// monorepo): a Go module, an npm package, a service. The commits that
// touch its paths decide its next version, and its tags hold its versions.
type Component struct {
	// Name identifies the component in DependsOn, in Workspace groups and
	// in tag formats. It is required and unique within a Workspace.
	Name string `json:"name"`

	// Paths are the directories the component owns, relative to the
	// repository root and slash-separated ("services/api"); "." is the
	// whole repository. A component that moved lists its old directory
	// too, so commits made before the move still count. When paths nest,
	// a file belongs to the component with the longest matching path.
	Paths []string `json:"paths"`

	// TagFormat is how the component's versions are written as tags. It
	// may hold "{component}", which stands for Name. Empty means
	// DefaultComponentTagFormat ("{component}/v{version}").
	TagFormat TagFormat `json:"tagFormat,omitempty"`

	// DependsOn names the components this one depends on: when one of
	// them releases, this one releases too (see Workspace).
	DependsOn []string `json:"dependsOn,omitempty"`

	// Module is the component's Go module path, if it is one. A proposed
	// version whose major version does not match the path's /vN suffix is
	// an error (see CheckGoModule).
	Module string `json:"module,omitempty"`

	// CalVer, when set, versions the component by the calendar instead of
	// SemVer ("YYYY.0M.MICRO"): its tags hold CalVer versions in
	// TagFormat's {version}, and its commits' bump picks the counter to
	// increment on a date already released (see CalVer.Next). The
	// Workspace's Date is the release date.
	CalVer CalVer `json:"calver,omitempty"`

	// Policy, when not nil, replaces the Workspace's Policy for this
	// component (a different prerelease channel, pre-1.0 rules).
	Policy *Policy `json:"-"`
}

// Tags returns the component's tag format with "{component}" replaced by
// its name. It does not validate the result; TagFormat.Validate does.
func (c Component) Tags() TagFormat {
	f := c.TagFormat
	if f == "" {
		f = DefaultComponentTagFormat
	}
	return TagFormat(strings.ReplaceAll(string(f), componentPlaceholder, c.Name))
}
