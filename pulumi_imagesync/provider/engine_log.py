"""Messages for the user, shown on the resource they concern, through the engine's Log service.

A dynamic provider's stdout and stderr reach the user only as lines under the stack, and
Python's logging shows nothing below a warning. The engine offers its plugins a better channel:
the address it passes on the provider's command line is its host server, whose `Engine.Log` call
(pulumi/proto `engine.proto`) takes a severity, a message and the URN of the resource it is
about. The CLI prints such a message under that resource; an *ephemeral* one only as the
resource's status while it lasts (a wait's progress), never in the run's summary.

The resource a message is about is set per engine call (`about(urn)`: the operation's owner URN)
in a context variable, so messages logged by any code under that call — also in the threads of
`waiting.run_parallel`, which copies the context — land on the right resource. Messages are
ordinary `logging` records of the `pulumi_imagesync` logger; `status()` sends an ephemeral one.
When the engine cannot be reached (a provider started by hand, a test without an engine), they go
to stderr as before.
"""

from __future__ import annotations

import contextlib
import logging
import sys
import threading
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any

from .engine_watch import engine_address

log = logging.getLogger("pulumi_imagesync")

_urn: ContextVar[str | None] = ContextVar("imagesync_urn", default=None)
_EPHEMERAL = "imagesync_ephemeral"


@contextlib.contextmanager
def about(urn: Any) -> Iterator[None]:
    """Messages logged inside are about the resource `urn` (None: about the stack)."""
    token = _urn.set(urn if isinstance(urn, str) and urn else None)
    try:
        yield
    finally:
        _urn.reset(token)


def status(message: str, *args: Any) -> None:
    """The current resource's status line while it lasts (a wait's progress): never kept."""
    log.info(message, *args, extra={_EPHEMERAL: True})


class _Engine:
    """The engine's `Engine` service, reached at the address it gave the provider."""

    def __init__(self, address: tuple[str, int]) -> None:
        import grpc
        from pulumi.runtime.proto import engine_pb2, engine_pb2_grpc

        host, port = address
        self._messages = engine_pb2
        self._channel = grpc.insecure_channel(f"{host}:{port}")
        self._stub = engine_pb2_grpc.EngineStub(self._channel)
        self.severities = {
            logging.DEBUG: engine_pb2.DEBUG,
            logging.INFO: engine_pb2.INFO,
            logging.WARNING: engine_pb2.WARNING,
            logging.ERROR: engine_pb2.ERROR,
        }

    def log(self, level: int, message: str, urn: str | None, ephemeral: bool) -> None:
        step = max((s for s in self.severities if s <= level), default=logging.DEBUG)
        severity = self.severities[step]
        request = self._messages.LogRequest(
            severity=severity, message=message, urn=urn or "", ephemeral=ephemeral
        )
        self._stub.Log(request, timeout=10)


class EngineLogHandler(logging.Handler):
    """Sends the package's log records to the engine, on the resource of the current call."""

    def __init__(self, engine: _Engine | None) -> None:
        super().__init__(logging.INFO)
        self.engine = engine
        self._fallback = logging.StreamHandler(sys.stderr)

    def emit(self, record: logging.LogRecord) -> None:
        ephemeral = bool(getattr(record, _EPHEMERAL, False))
        message = self.format(record)
        if self.engine is not None:
            try:
                self.engine.log(record.levelno, message, _urn.get(), ephemeral)
                return
            except Exception:  # the engine went away, or never spoke this protocol: stderr then
                self.engine = None
        if not ephemeral and record.levelno >= logging.WARNING:
            self._fallback.emit(record)


_installed = False
_lock = threading.Lock()


def install(argv: list[str] | None = None) -> None:
    """Route the package's messages to the engine (once per process; only in the provider server)."""
    global _installed
    with _lock:
        if _installed:
            return
        _installed = True
    address = engine_address(argv if argv is not None else sys.argv)
    engine = _Engine(address) if address is not None else None
    handler = EngineLogHandler(engine)
    handler.setFormatter(logging.Formatter("%(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False  # once, on the resource; not again under the stack through stderr
