// Command pulumi-language-python is a minimal Pulumi language host for Python
// programs, written for pulumi-imagesync.
//
// Why it exists: the upstream Python language host lives in its own Go module
// (github.com/pulumi/pulumi/sdk/python/cmd/pulumi-language-python/v3) that has
// no release tags, and the Go module proxy reachable from our build machines
// does not serve it (HTTP 403 for every pseudo-version tried). The Pulumi CLI
// itself (pkg/v3) is served, so we build the CLI from modules and pair it with
// this small host.
//
// What it supports: running a Python program (`pulumi up/preview/refresh/
// destroy`), the `virtualenv` and `toolchain` runtime options of Pulumi.yaml
// (resolved through the SDK's python/toolchain package), PULUMI_PYTHON_CMD,
// stack config (passed to the program as PULUMI_CONFIG /
// PULUMI_CONFIG_SECRET_KEYS), and program exit handling. It reports no
// required plugins: resource plugins are loaded on demand by the engine, and
// Python dynamic providers use the bundled `pulumi-python` provider.
// Code generation, `pulumi new` templating, `pulumi install`, policy packs and
// plugins written in Python are not supported.
//
// The Python side is the SDK's `pulumi-language-python-exec` script, which must
// sit next to this binary (scripts/install-pulumi copies it there).
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	pbempty "google.golang.org/protobuf/types/known/emptypb"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/version"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"github.com/pulumi/pulumi/sdk/v3/python/toolchain"
	"google.golang.org/grpc"
)

const (
	execScriptName = "pulumi-language-python-exec"
	// Exit code with which the exec script signals that it already showed an
	// actionable error to the user.
	exitCodeBail = 32
)

func main() {
	// The engine starts language plugins as
	//   pulumi-language-python [--logtostderr] [-v=N] [--tracing ADDR] [-flag=value ...] ENGINE_ADDRESS
	// The engine address is the last positional argument; flags are ignored.
	engineAddress := ""
	for _, a := range os.Args[1:] {
		if !strings.HasPrefix(a, "-") {
			engineAddress = a
		}
	}
	for _, a := range os.Args[1:] {
		if a == "--version" || a == "-version" {
			fmt.Println(version.Version)
			return
		}
	}

	host := &languageHost{engineAddress: engineAddress}
	cancel := make(chan bool)
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Cancel: cancel,
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, host)
			return nil
		},
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-python: could not start server: %v\n", err)
		os.Exit(1)
	}
	// The engine reads the port from the first line of stdout.
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-python: %v\n", err)
		os.Exit(1)
	}
}

type languageHost struct {
	pulumirpc.UnimplementedLanguageRuntimeServer

	mu            sync.Mutex
	engineAddress string
}

func (h *languageHost) Handshake(
	_ context.Context, req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if req.GetEngineAddress() != "" {
		h.engineAddress = req.GetEngineAddress()
	}
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (h *languageHost) GetPluginInfo(context.Context, *pbempty.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version.Version}, nil
}

func (h *languageHost) GetRequiredPlugins(
	context.Context, *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	return &pulumirpc.GetRequiredPluginsResponse{}, nil
}

func (h *languageHost) GetRequiredPackages(
	context.Context, *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	return &pulumirpc.GetRequiredPackagesResponse{}, nil
}

func (h *languageHost) GetProgramDependencies(
	context.Context, *pulumirpc.GetProgramDependenciesRequest,
) (*pulumirpc.GetProgramDependenciesResponse, error) {
	return &pulumirpc.GetProgramDependenciesResponse{}, nil
}

func (h *languageHost) RuntimeOptionsPrompts(
	context.Context, *pulumirpc.RuntimeOptionsRequest,
) (*pulumirpc.RuntimeOptionsResponse, error) {
	return &pulumirpc.RuntimeOptionsResponse{}, nil
}

func (h *languageHost) InstallDependencies(
	req *pulumirpc.InstallDependenciesRequest,
	_ grpc.ServerStreamingServer[pulumirpc.InstallDependenciesResponse],
) error {
	// Dependencies are managed outside Pulumi (the project's own virtualenv).
	return nil
}

func (h *languageHost) About(ctx context.Context, req *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	tc, err := resolveToolchain(req.GetInfo())
	if err != nil {
		return nil, err
	}
	info, err := tc.About(ctx)
	if err != nil {
		return nil, err
	}
	return &pulumirpc.AboutResponse{
		Executable: info.PythonExecutable,
		Version:    info.PythonVersion.String(),
	}, nil
}

func (h *languageHost) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	tc, err := resolveToolchain(req.GetInfo())
	if err != nil {
		return nil, err
	}
	script, err := findExecScript()
	if err != nil {
		return nil, err
	}

	h.mu.Lock()
	engineAddress := h.engineAddress
	h.mu.Unlock()

	program := req.GetProgram()
	if info := req.GetInfo(); info != nil && info.GetProgramDirectory() != "" {
		program = filepath.Join(info.GetProgramDirectory(), info.GetEntryPoint())
	}

	args := []string{"-u", script}
	add := func(flag, value string) {
		if value != "" {
			args = append(args, "--"+flag, value)
		}
	}
	add("monitor", req.GetMonitorAddress())
	add("engine", engineAddress)
	add("project", req.GetProject())
	add("stack", req.GetStack())
	add("pwd", req.GetPwd())
	add("organization", req.GetOrganization())
	if info := req.GetInfo(); info != nil {
		add("root_directory", info.GetRootDirectory())
	}
	args = append(args,
		"--dry_run", strconv.FormatBool(req.GetDryRun()),
		"--parallel", strconv.Itoa(int(req.GetParallel())),
		program)
	args = append(args, req.GetArgs()...)

	config := req.GetConfig()
	if config == nil {
		config = map[string]string{} // the exec script expects an object, never null
	}
	configJSON, err := json.Marshal(config)
	if err != nil {
		return nil, err
	}
	secretKeys := req.GetConfigSecretKeys()
	if secretKeys == nil {
		secretKeys = []string{}
	}
	secretKeysJSON, err := json.Marshal(secretKeys)
	if err != nil {
		return nil, err
	}

	cmd, err := tc.Command(ctx, args...)
	if err != nil {
		return nil, err
	}
	if cmd.Env == nil {
		cmd.Env = os.Environ()
	}
	cmd.Env = append(cmd.Env,
		"PULUMI_CONFIG="+string(configJSON),
		"PULUMI_CONFIG_SECRET_KEYS="+string(secretKeysJSON),
	)
	if req.GetPwd() != "" {
		cmd.Dir = req.GetPwd()
	}
	// The engine forwards this plugin's stdout/stderr to the user.
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr

	if err := cmd.Run(); err != nil {
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			switch code := exitErr.ExitCode(); code {
			case exitCodeBail:
				return &pulumirpc.RunResponse{Bail: true}, nil
			default:
				return &pulumirpc.RunResponse{
					Error: fmt.Sprintf("Program exited with non-zero exit code: %d", code),
				}, nil
			}
		}
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("Problem executing program (could not run language executor): %v", err)}, nil
	}
	return &pulumirpc.RunResponse{}, nil
}

// resolveToolchain picks the Python interpreter from the Pulumi.yaml runtime
// options (virtualenv, toolchain), falling back to PULUMI_PYTHON_CMD/python3.
func resolveToolchain(info *pulumirpc.ProgramInfo) (toolchain.Toolchain, error) {
	opts := toolchain.PythonOptions{Toolchain: toolchain.Pip}
	if info != nil {
		opts.Root = info.GetRootDirectory()
		opts.ProgramDir = info.GetProgramDirectory()
		if o := info.GetOptions(); o != nil {
			m := o.AsMap()
			if v, ok := m["virtualenv"].(string); ok {
				opts.Virtualenv = v
			}
			if v, ok := m["toolchain"].(string); ok {
				switch strings.ToLower(v) {
				case "pip", "":
					opts.Toolchain = toolchain.Pip
				case "uv":
					opts.Toolchain = toolchain.Uv
				case "poetry":
					opts.Toolchain = toolchain.Poetry
				default:
					return nil, fmt.Errorf("unsupported Python toolchain %q", v)
				}
			}
		}
	}
	if opts.ProgramDir == "" {
		opts.ProgramDir = opts.Root
	}
	return toolchain.ResolveToolchain(opts)
}

// findExecScript locates pulumi-language-python-exec next to this binary, then on PATH.
func findExecScript() (string, error) {
	if self, err := os.Executable(); err == nil {
		if resolved, err := filepath.EvalSymlinks(self); err == nil {
			self = resolved
		}
		candidate := filepath.Join(filepath.Dir(self), execScriptName)
		if _, err := os.Stat(candidate); err == nil {
			return candidate, nil
		}
	}
	if p, err := exec.LookPath(execScriptName); err == nil {
		return p, nil
	}
	return "", fmt.Errorf("%s not found next to pulumi-language-python or on PATH", execScriptName)
}
