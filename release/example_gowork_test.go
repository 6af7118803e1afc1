package release_test

import (
	"fmt"
	"testing/fstest"

	"github.com/releasekit/releasekit/release"
)

// The components of a repository of Go modules, from its go.mod files. A
// host passes os.DirFS(root).
func ExampleGoComponents() {
	repo := fstest.MapFS{
		"go.mod":        {Data: []byte("module example.com/shop\n\nrequire example.com/shop/api v1.3.0\n")},
		"api/go.mod":    {Data: []byte("module example.com/shop/api\n")},
		"api/v2/go.mod": {Data: []byte("module example.com/shop/api/v2\n")},
	}
	comps, err := release.GoComponents(repo)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range comps {
		fmt.Printf("%-28s in %-6s tags %-16s depends on %v\n", c.Name, c.Paths[0], c.Tags(), c.DependsOn)
	}
	// Output:
	// example.com/shop             in .      tags v{version}       depends on [example.com/shop/api]
	// example.com/shop/api         in api    tags api/v{version}   depends on []
	// example.com/shop/api/v2      in api/v2 tags api/v{version}   depends on []
}
