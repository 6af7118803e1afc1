module github.com/releasekit/releasekit/bench

go 1.26.0

require (
	github.com/dominikbraun/graph v0.23.0
	github.com/heimdalr/dag v1.5.0
	github.com/leodido/go-conventionalcommits v0.12.0
	github.com/releasekit/releasekit v0.0.0
	github.com/stretchr/testify v1.12.1
	gonum.org/v1/gonum v0.17.0
)

require (
	github.com/Masterminds/semver/v3 v3.5.0 // indirect
	github.com/emirpasic/gods v1.18.1 // indirect
	github.com/google/uuid v1.3.0 // indirect
	github.com/hashicorp/errwrap v1.0.0 // indirect
	github.com/hashicorp/go-multierror v1.1.1 // indirect
	github.com/sirupsen/logrus v1.9.3 // indirect
	go.yaml.in/yaml/v3 v3.0.5 // indirect
	golang.org/x/sys v0.17.0 // indirect
)

replace github.com/releasekit/releasekit => ../
