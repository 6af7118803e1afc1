module github.com/releasekit/releasekit/bench

go 1.26.0

require (
	github.com/leodido/go-conventionalcommits v0.12.0
	github.com/releasekit/releasekit v0.0.0
)

require (
	github.com/Masterminds/semver/v3 v3.5.0 // indirect
	github.com/sirupsen/logrus v1.9.3 // indirect
	golang.org/x/sys v0.17.0 // indirect
)

replace github.com/releasekit/releasekit => ../
