//go:build tools

// Package tools pins the OCI test tools to the versions required in go.mod, so that
// scripts/install-oci-tools builds exactly those:
//
//   - crane, the registry client of github.com/google/go-containerregistry;
//   - the OCI distribution-spec conformance suite, a test binary built with `go test -c`.
//
// The conformance module has no release tags; the module proxy serves its latest pseudo-version
// and answers 403 for others (the commit of the v1.1.0-era suite among them), so that is the one
// pinned. It tests against distribution-spec 1.1 when OCI_VERSION=1.1.
package tools

import (
	_ "github.com/google/go-containerregistry/cmd/crane"
	_ "github.com/opencontainers/distribution-spec/conformance"
)
