//go:build tools

// Package tools pins the Pulumi CLI to the versions required in go.mod, so that
// `go install github.com/pulumi/pulumi/pkg/v3/cmd/pulumi` inside this module
// builds exactly that release (see scripts/install-pulumi).
//
// The upstream Python language host module
// (github.com/pulumi/pulumi/sdk/python/cmd/pulumi-language-python/v3) is not
// imported here: it has no release tags and the module proxy available to us
// answers 403 for its pseudo-versions. ./cmd/pulumi-language-python is our own
// minimal replacement.
package tools

import (
	_ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
)
