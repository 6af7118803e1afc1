module github.com/releasekit/releasekit

go 1.26

require github.com/Masterminds/semver/v3 v3.5.0

require (
	github.com/stretchr/testify v1.12.1 // indirect
	go.yaml.in/yaml/v3 v3.0.5 // indirect
)
