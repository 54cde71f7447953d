"""An engine-like driver for the real dynamic provider server.

It does what the Pulumi engine does for dynamic resources, and nothing more:

- builds each resource as a Pulumi program would (the real resource class under the SDK's mock
  monitor), and takes what the SDK registers — type, name, the inputs with the serialized
  provider, secret markers, `additionalSecretOutputs`;
- starts `python -u -m pulumi.dynamic` as the engine starts the `pulumi-python` plugin (own
  process group, port read from the first stdout line) and talks gRPC to it;
- marshals like the engine: secrets stripped (the server answers `acceptSecrets=False`), `None`
  dropped, numbers as floats through `google.protobuf.Struct`, unknowns as the engine's sentinel;
- plays the engine's steps — Check, Diff, then Create / Update / replace (delete first when the
  provider asks for `deleteBeforeReplace`) / Delete, Read for refresh and `get` — and keeps the
  checkpoint (inputs, outputs, secret keys) between calls.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import grpc
import psutil
from google.protobuf import empty_pb2, json_format, struct_pb2
from pulumi.runtime import rpc
from pulumi.runtime.proto import provider_pb2, provider_pb2_grpc

UNKNOWN = rpc.UNKNOWN
SECRET_KEY = rpc._special_sig_key
SECRET_SIG = rpc._special_secret_sig
PROJECT = "imagesync-tests"
STACK = "test"


# -- registration: what the SDK sends for a resource ------------------------------------------------


@dataclass
class Registration:
    """A resource as the Pulumi SDK registers it."""

    type: str
    name: str
    inputs: dict[str, Any]
    secret_inputs: set[str]
    additional_secret_outputs: list[str]
    read_id: str | None = None
    stack: str = STACK

    @property
    def urn(self) -> str:
        return f"urn:pulumi:{self.stack}::{PROJECT}::{self.type}::{self.name}"

    def with_inputs(self, **changes: Any) -> Registration:
        """A copy with some inputs changed (`UNKNOWN` makes a value unknown, as in a preview)."""
        inputs = {**self.inputs, **changes}
        return Registration(
            self.type,
            self.name,
            inputs,
            set(self.secret_inputs),
            list(self.additional_secret_outputs),
            self.read_id,
            self.stack,
        )


def _unwrap_secrets(value: Any) -> tuple[Any, bool]:
    if isinstance(value, dict):
        if value.get(SECRET_KEY) == SECRET_SIG:
            inner, _ = _unwrap_secrets(value.get("value"))
            return inner, True
        secret = False
        out = {}
        for k, v in value.items():
            out[k], s = _unwrap_secrets(v)
            secret = secret or s
        return out, secret
    if isinstance(value, list):
        items = [_unwrap_secrets(v) for v in value]
        return [i for i, _ in items], any(s for _, s in items)
    return value, False


def register(build: Callable[[], Any], *, preview: bool = False, stack: str = STACK) -> Registration:
    """Run `build()` (a program constructing one resource) in stack `stack` of the test project,
    and capture its registration."""
    from pulumi.runtime import mocks
    from pulumi.runtime.sync_await import _sync_await

    captured: list[Any] = []

    class Capture(mocks.MockMonitor):
        def RegisterResource(self, request):
            if request.type != "pulumi:pulumi:Stack":
                captured.append(("register", request))
            return super().RegisterResource(request)

        def ReadResource(self, request):
            captured.append(("read", request))
            return super().ReadResource(request)

    class Nothing(mocks.Mocks):
        def new_resource(self, args: mocks.MockResourceArgs) -> tuple[str, dict[str, Any]]:
            return "", {}

        def call(self, args: mocks.MockCallArgs) -> dict[str, Any]:
            return {}

    mocks.set_mocks(Nothing(), project=PROJECT, stack=stack, preview=preview, monitor=Capture(Nothing()))
    resource = build()
    _sync_await(resource.urn.future())
    if len(captured) != 1:
        raise AssertionError(f"expected one resource registration, got {len(captured)}")
    kind, request = captured[0]
    raw = json_format.MessageToDict(request.properties if kind == "read" else request.object)
    inputs: dict[str, Any] = {}
    secret: set[str] = set()
    for key, value in raw.items():
        inputs[key], is_secret = _unwrap_secrets(value)
        if is_secret:
            secret.add(key)
    extra = [] if kind == "read" else list(request.additionalSecretOutputs)
    return Registration(
        request.type,
        request.name,
        inputs,
        secret,
        extra,
        read_id=request.id if kind == "read" else None,
        stack=stack,
    )


# -- the provider process ---------------------------------------------------------------------------


class ProviderError(Exception):
    """A provider call failed; `details` is what the engine would show.

    An expected failure is at most three lines (what failed, why, what to do: `lines`); `why` is
    its second line — or, for a Python traceback (a bug), its last line; `text` is all of it on
    one line.
    """

    def __init__(self, method: str, error: grpc.RpcError) -> None:
        self.method = method
        self.code = error.code()
        self.details = error.details() or ""
        self.lines = [line for line in self.details.strip().splitlines() if line.strip()]
        rendered = self.lines and not self.lines[0].startswith("Traceback") and len(self.lines) >= 2
        self.why = self.lines[1] if rendered else (self.lines[-1] if self.lines else "")
        self.text = " ".join(self.lines)
        super().__init__(f"{method}: {self.text}")


class CheckFailed(Exception):
    def __init__(self, failures: list[tuple[str, str]]) -> None:
        self.failures = failures
        super().__init__("; ".join(f"{p}: {r}" for p, r in failures))

    def reason(self, field: str) -> str:
        for prop, reason in self.failures:
            if prop == field:
                return reason
        raise AssertionError(f"no check failure for {field}; failures: {self.failures}")


class ProviderProcess:
    """`python -u -m pulumi.dynamic <engine address>`, started as the engine starts the pulumi-python
    plugin.

    The provider stops when its engine is gone (the address refuses connections, or its parent
    process ends) and sends its messages to the engine, so it is given the address of a server
    that stands for the engine (`EngineStandIn`, whose `messages` a test reads), or, with
    `engine_process=True`, that of a separate engine process which starts the provider as its
    child, as the Pulumi CLI does, and which a test can kill (`kill_engine()`).
    """

    def __init__(self, cwd: Path, env: Mapping[str, str], *, engine_process: bool = False) -> None:
        env = {**env, "PULUMI_PROJECT": PROJECT}
        self.engine: subprocess.Popen[bytes] | None = None
        self.engine_stand_in: EngineStandIn | None = None
        if engine_process:
            self.engine = subprocess.Popen(
                [sys.executable, "-u", "-m", "tests.support.engine_process"],
                cwd=Path(__file__).resolve().parents[2],
                env={**env, "IMAGESYNC_PROVIDER_CWD": str(cwd)},
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                process_group=0,
            )
            assert self.engine.stdout is not None and self.engine.stderr is not None
            stdout, stderr = self.engine.stdout, self.engine.stderr
            pid_line = stdout.readline().decode().strip()
            self.pid = int(pid_line) if pid_line.isdigit() else -1
        else:
            self.engine_stand_in = EngineStandIn()
            self.process = subprocess.Popen(
                [sys.executable, "-u", "-m", "pulumi.dynamic", self.engine_stand_in.address],
                cwd=cwd,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                process_group=0,
            )
            assert self.process.stdout is not None and self.process.stderr is not None
            stdout, stderr = self.process.stdout, self.process.stderr
            self.pid = self.process.pid
        port_line = stdout.readline().decode().strip()
        if not port_line.isdigit():
            self.stop()
            raise RuntimeError(f"provider server did not start: {port_line!r} {stderr.read().decode()}")
        self.output: list[str] = []
        for stream in (stdout, stderr):
            threading.Thread(target=self._drain, args=(stream,), daemon=True).start()
        self.channel = grpc.insecure_channel(f"127.0.0.1:{port_line}")
        grpc.channel_ready_future(self.channel).result(timeout=30)
        self.stub = provider_pb2_grpc.ResourceProviderStub(self.channel)

    def _drain(self, stream: Any) -> None:
        for line in iter(stream.readline, b""):
            self.output.append(line.decode(errors="replace"))

    @property
    def log(self) -> str:
        return "".join(self.output)

    def alive(self) -> bool:
        """Whether the provider server still runs (a zombie waiting to be reaped does not)."""
        try:
            return psutil.Process(self.pid).status() != psutil.STATUS_ZOMBIE
        except psutil.NoSuchProcess:
            return False

    def kill(self) -> None:
        """Kill the server outright, as a crash or a cancelled CI job would."""
        self._signal(signal.SIGKILL)

    def kill_engine(self) -> None:
        """Kill the engine process that started the provider (a `pulumi` killed with SIGKILL)."""
        assert self.engine is not None, "start the provider with engine_process=True"
        self.engine.kill()
        self.engine.wait(timeout=10)

    def stop(self) -> None:
        self._signal(signal.SIGTERM)

    def _signal(self, sig: int) -> None:
        if getattr(self, "channel", None) is not None:
            self.channel.close()
        if self.engine is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.engine.pid, sig)
            with contextlib.suppress(ProcessLookupError, psutil.NoSuchProcess):
                os.kill(self.pid, sig)
            self.engine.wait(timeout=10)
            return
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, sig)
            self.process.wait(timeout=10)
        if self.engine_stand_in is not None:
            self.engine_stand_in.stop()


@dataclass(frozen=True)
class LogMessage:
    """What a provider sent to the engine's `Log` service."""

    severity: str
    message: str
    urn: str
    ephemeral: bool


class EngineStandIn:
    """Stands for the engine a provider talks back to: its host server's `Engine.Log`, recorded.

    The provider is given this server's address on its command line, as the engine gives its
    own; it stops when the address goes away (provider/engine_watch.py) and sends its messages
    to `Log` (provider/engine_log.py), which end up in `messages`.
    """

    def __init__(self) -> None:
        from concurrent import futures

        from pulumi.runtime.proto import engine_pb2, engine_pb2_grpc

        self.messages: list[LogMessage] = []
        severity_names = engine_pb2.LogSeverity.Name
        recorded = self.messages

        class Recorder(engine_pb2_grpc.EngineServicer):
            def Log(self, request: Any, context: Any) -> empty_pb2.Empty:
                recorded.append(
                    LogMessage(
                        severity_names(request.severity), request.message, request.urn, request.ephemeral
                    )
                )
                return empty_pb2.Empty()

        self.server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
        engine_pb2_grpc.add_EngineServicer_to_server(Recorder(), self.server)
        self.port = self.server.add_insecure_port("127.0.0.1:0")
        self.server.start()

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.server.stop(0)

    def about(self, urn: str, *, ephemeral: bool = False) -> list[str]:
        """The messages about resource `urn` (its status lines with `ephemeral=True`)."""
        return [m.message for m in self.messages if m.urn == urn and m.ephemeral == ephemeral]


# -- marshalling ------------------------------------------------------------------------------------


def to_struct(props: Mapping[str, Any]) -> struct_pb2.Struct:
    struct = struct_pb2.Struct()
    struct.update({k: v for k, v in props.items() if v is not None})
    return struct


def from_struct(struct: struct_pb2.Struct) -> dict[str, Any]:
    return json_format.MessageToDict(struct)


def is_unknown(value: Any) -> bool:
    if value == UNKNOWN:
        return True
    if isinstance(value, dict):
        return any(is_unknown(v) for v in value.values())
    if isinstance(value, list):
        return any(is_unknown(v) for v in value)
    return False


# -- the engine ---------------------------------------------------------------------------------------


@dataclass
class ResourceState:
    """One resource in the checkpoint."""

    type: str
    urn: str
    id: str
    inputs: dict[str, Any]
    outputs: dict[str, Any]
    secret_outputs: set[str] = field(default_factory=set)
    external: bool = False

    def inputs_unlike(self, other: ResourceState) -> dict[str, Any]:
        """This resource's inputs that `other` (e.g. a `get()` of it) lacks or holds otherwise."""
        return {k: v for k, v in self.inputs.items() if not k.startswith("__") and other.inputs.get(k) != v}


@dataclass
class Step:
    """What an `up` of one resource did."""

    op: str  # "create", "update", "replace", "same"
    changes: str = "DIFF_NONE"
    replaces: list[str] = field(default_factory=list)
    delete_before_replace: bool = False
    calls: list[str] = field(default_factory=list)


class Engine:
    """Plays the engine's calls against one provider process and keeps the checkpoint."""

    def __init__(self, process: ProviderProcess, config: Mapping[str, Any]) -> None:
        self.process = process
        self.config = dict(config)
        self.state: dict[str, ResourceState] = {}
        self.calls: list[str] = []
        self.configure()

    @property
    def stub(self) -> provider_pb2_grpc.ResourceProviderStub:
        return self.process.stub

    def told(self, text: str) -> bool:
        """Whether the provider told the user something containing `text` (the engine's Log)."""
        stand_in = self.process.engine_stand_in
        assert stand_in is not None, "a provider started through an engine process keeps its messages"
        return any(text in message.message for message in stand_in.messages)

    def _rpc(self, method: str, request: Any, timeout: float = 900) -> Any:
        self.calls.append(method)
        try:
            return getattr(self.stub, method)(request, timeout=timeout)
        except grpc.RpcError as error:
            raise ProviderError(method, error) from None

    # -- single RPCs --------------------------------------------------------------------------------

    def configure(self) -> Any:
        self.stub.GetPluginInfo(empty_pb2.Empty())
        return self._rpc(
            "Configure",
            provider_pb2.ConfigureRequest(
                variables=dict(self.config),
                args=to_struct(self.config),
                acceptSecrets=True,
                acceptResources=True,
                sends_old_inputs=True,
                sends_old_inputs_to_delete=True,
            ),
        )

    def check(self, reg: Registration, olds: Mapping[str, Any] | None = None) -> dict[str, Any]:
        response = self._rpc(
            "Check",
            provider_pb2.CheckRequest(
                urn=reg.urn,
                name=reg.name,
                type=reg.type,
                olds=to_struct(olds or {}),
                news=to_struct(reg.inputs),
            ),
        )
        if response.failures:
            raise CheckFailed([(f.property, f.reason) for f in response.failures])
        return from_struct(response.inputs)

    def diff(self, state: ResourceState, news: Mapping[str, Any]) -> provider_pb2.DiffResponse:
        return self._rpc(
            "Diff",
            provider_pb2.DiffRequest(
                id=state.id,
                urn=state.urn,
                olds=to_struct(state.outputs),
                news=to_struct(news),
                old_inputs=to_struct(state.inputs),
            ),
        )

    def _create(self, reg: Registration, inputs: dict[str, Any]) -> ResourceState:
        response = self._rpc(
            "Create", provider_pb2.CreateRequest(urn=reg.urn, properties=to_struct(inputs), timeout=3600)
        )
        outputs = from_struct(response.properties)
        return ResourceState(
            reg.type, reg.urn, response.id, inputs, outputs, self._secret_outputs(reg, outputs)
        )

    def _update(self, reg: Registration, state: ResourceState, inputs: dict[str, Any]) -> ResourceState:
        response = self._rpc(
            "Update",
            provider_pb2.UpdateRequest(
                id=state.id,
                urn=state.urn,
                olds=to_struct(state.outputs),
                news=to_struct(inputs),
                old_inputs=to_struct(state.inputs),
                timeout=3600,
            ),
        )
        outputs = from_struct(response.properties)
        return ResourceState(reg.type, reg.urn, state.id, inputs, outputs, self._secret_outputs(reg, outputs))

    def _delete(self, state: ResourceState) -> None:
        self._rpc(
            "Delete",
            provider_pb2.DeleteRequest(
                id=state.id,
                urn=state.urn,
                properties=to_struct(state.outputs),
                old_inputs=to_struct(state.inputs),
                timeout=3600,
            ),
        )

    @staticmethod
    def _secret_outputs(reg: Registration, outputs: Mapping[str, Any]) -> set[str]:
        # The engine's annotateSecrets: outputs named like a secret input stay secret; plus
        # the resource's additionalSecretOutputs.
        return {k for k in outputs if k in reg.secret_inputs or k in reg.additional_secret_outputs}

    # -- engine steps -------------------------------------------------------------------------------

    def preview(self, reg: Registration) -> Step:
        """`pulumi preview` of one resource: Check and Diff only."""
        state = self.state.get(reg.name)
        inputs = self.check(reg, state.inputs if state else None)
        if state is None:
            return Step("create")
        diff = self.diff(state, inputs)
        return self._plan(diff)

    @staticmethod
    def _plan(diff: provider_pb2.DiffResponse) -> Step:
        changes = provider_pb2.DiffResponse.DiffChanges.Name(diff.changes)
        if diff.changes != provider_pb2.DiffResponse.DIFF_SOME:
            return Step("same", changes)
        replaces = list(diff.replaces)
        return Step("replace" if replaces else "update", changes, replaces, diff.deleteBeforeReplace)

    def up(self, reg: Registration) -> Step:
        """`pulumi up` of one resource."""
        first = len(self.calls)
        state = self.state.get(reg.name)
        inputs = self.check(reg, state.inputs if state else None)
        if state is None:
            self.state[reg.name] = self._create(reg, inputs)
            step = Step("create")
        else:
            step = self._plan(self.diff(state, inputs))
            if step.op == "same":
                state.inputs = inputs
            elif step.op == "update":
                self.state[reg.name] = self._update(reg, state, inputs)
            elif step.delete_before_replace:
                self._delete(state)
                del self.state[reg.name]
                self.state[reg.name] = self._create(reg, inputs)
            else:
                created = self._create(reg, inputs)
                self._delete(state)
                self.state[reg.name] = created
        step.calls = self.calls[first:]
        return step

    def refresh(self, name: str) -> ResourceState | None:
        """`pulumi refresh` of one resource; None when the provider reports it gone."""
        state = self.state[name]
        response = self._rpc(
            "Read",
            provider_pb2.ReadRequest(
                id=state.id,
                urn=state.urn,
                properties=to_struct(state.outputs),
                inputs=to_struct(state.inputs),
            ),
        )
        if not response.id:
            del self.state[name]
            return None
        state.outputs = from_struct(response.properties)
        if response.HasField("inputs"):
            state.inputs = from_struct(response.inputs)
        return state

    def get(self, reg: Registration) -> ResourceState | None:
        """A resource read with `ResourceOptions(id=...)` (`Xxx.get(...)`): external, never deleted."""
        assert reg.read_id, "register the resource with get()"
        response = self._rpc(
            "Read",
            provider_pb2.ReadRequest(
                id=reg.read_id, urn=reg.urn, properties=to_struct(reg.inputs), inputs=to_struct(reg.inputs)
            ),
        )
        if not response.id:
            return None
        outputs = from_struct(response.properties)
        return ResourceState(
            reg.type, reg.urn, response.id, from_struct(response.inputs), outputs, external=True
        )

    def destroy(self, name: str) -> None:
        """`pulumi destroy` of one resource."""
        self._delete(self.state[name])
        del self.state[name]
