"""Records of the work a resource has started: what it owns before Pulumi's state knows it.

A create (or an update) that is killed — a cancelled CI job, a lost machine, an engine that died
— leaves cloud objects behind and no Pulumi state for them. Before its first change every create
and update therefore writes a record here, and adds to it, before each change, what it is about
to make and the facts it must not forget (did the destination exist before? which tasks existed
before the one it starts?). That record is what the resource owns until the engine has the
outputs in its state; adoption of anything else needs `adopt=True`.

A record belongs to one resource of one stack: it is keyed by the resource's owner (its URN,
computed by the program, which knows the project, the stack and the resource's name and parent)
together with the provider's kind and the resource id. Another stack, project or resource on the
same machine never matches it.

Its life:

- **open** (a create or update starts): an earlier record of the same key is its predecessor.
  If the process that wrote it is still running it (the same machine, process id *and* process
  start time: containers reuse process ids), the new operation waits for it to stop; otherwise the
  new one resumes from it: it takes over exactly what the record names, and carries its facts.
- **done** (the operation returned): the record stays, with a token that the outputs carry too,
  until a later call proves that the engine saved those outputs (a diff, read, update or delete
  that receives them: `acknowledge`). An engine that dies between the provider's answer and its
  checkpoint therefore loses nothing: the next create finds a finished record and takes it over.
- **failed**: an operation that failed and removed everything it made discards its record; one
  that could not (a copy still in flight, a clean-up refused) keeps it, so that the next `up`
  takes over what it left.

Records live in `imagesync:journalDir` / `IMAGESYNC_JOURNAL_DIR`, by default under `$PULUMI_HOME`
(`~/.pulumi/imagesync-journal`): the machine where `pulumi up` runs, where a retried run usually
runs too. A record that cannot be written stops the operation before any cloud call: a create
without its record could leave objects that nobody owns.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import socket
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import psutil

from .errors import ConfigurationError, ImageSyncError
from .settings import JOURNAL_DIR_KEY, Settings

log = logging.getLogger("pulumi_imagesync")

JOURNAL_DIR_ENV = "IMAGESYNC_JOURNAL_DIR"
RECORD_KEY = "__record"
"""The output that carries the token of the record an operation finished with."""

RUNNING, DONE, FAILED = "running", "done", "failed"
FORMAT = 1

# How long a new operation waits for a predecessor that is still running. A provider whose engine
# is gone stops within a minute (`engine_watch`): what runs longer is a live engine's work.
PREDECESSOR_WAIT_SECONDS = 120.0


def records_dir(settings: Settings) -> Path:
    configured = settings.config.get(JOURNAL_DIR_KEY) or settings.environ.get(JOURNAL_DIR_ENV)
    if configured:
        return Path(str(configured))
    home = settings.environ.get("PULUMI_HOME") or str(Path.home() / ".pulumi")
    return Path(home) / "imagesync-journal"


@dataclass(frozen=True)
class ProcessIdentity:
    """A process, told apart from a later one that got the same id (pids are reused)."""

    host: str
    pid: int
    started: float

    @classmethod
    def current(cls) -> ProcessIdentity:
        return cls(socket.gethostname(), os.getpid(), _start_time(os.getpid()) or 0.0)

    def running(self) -> bool:
        """Whether this very process is still running on this machine."""
        if self.host != socket.gethostname():
            return False  # another machine: nothing here can be waiting for it
        started = _start_time(self.pid)
        return started is not None and abs(started - self.started) < 0.05

    @classmethod
    def parse(cls, doc: Any) -> ProcessIdentity | None:
        try:
            return cls(str(doc["host"]), int(doc["pid"]), float(doc["started"]))
        except (KeyError, TypeError, ValueError):
            return None


def _start_time(pid: int) -> float | None:
    try:
        return float(psutil.Process(pid).create_time())
    except (psutil.Error, OSError):
        return None


class RecordError(ImageSyncError):
    """A record cannot be written, or a predecessor still runs."""


def record_key(owner: str, kind: str, resource_id: str) -> str:
    return hashlib.sha256(f"{owner}\n{kind}\n{resource_id}".encode()).hexdigest()[:40]


class Record:
    """The record of one operation (create or update) of one resource.

    `predecessor` is the record an earlier operation of the same resource left: its `notes` are
    what a resumed operation may take over as its own. `note()` adds facts, durably, before the
    change they describe is sent.
    """

    def __init__(self, directory: Path, owner: str, kind: str, resource_id: str, operation: str) -> None:
        self.path = directory / f"{record_key(owner, kind, resource_id)}.json"
        self.owner = owner
        self.kind = kind
        self.resource_id = resource_id
        self.operation = operation
        self.token = uuid.uuid4().hex
        self.state = RUNNING
        self.predecessor: dict[str, Any] | None = None
        self.notes: dict[str, Any] = {}
        self._lock = threading.Lock()

    # -- reading --------------------------------------------------------------------------------

    @property
    def resuming(self) -> bool:
        """An earlier operation of this resource left a record: what it names is this one's own."""
        return self.predecessor is not None

    def recall(self, name: str) -> Any:
        """A fact the predecessor noted, or None."""
        if self.predecessor is None:
            return None
        return (self.predecessor.get("notes") or {}).get(name)

    def _load(self) -> dict[str, Any] | None:
        try:
            doc = json.loads(self.path.read_text())
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as error:
            log.warning("ignoring the unreadable record %s: %s", self.path, error)
            return None
        if not isinstance(doc, dict):
            return None
        if (doc.get("owner"), doc.get("kind"), doc.get("resource_id")) != (
            self.owner,
            self.kind,
            self.resource_id,
        ):
            return None  # a hash collision or a hand-made file: not this resource's
        return doc

    # -- the operation's life ------------------------------------------------------------------

    def open(
        self, wait_seconds: float = PREDECESSOR_WAIT_SECONDS, *, sleep: Callable[[float], None] = time.sleep
    ) -> None:
        """Find the predecessor (waiting while its process still runs it), then write this record."""
        waited = 0.0
        while True:
            previous = self._load()
            if previous is None or previous.get("state") != RUNNING:
                break
            process = ProcessIdentity.parse(previous.get("process"))
            if process is None or not process.running() or process == ProcessIdentity.current():
                break
            if waited >= wait_seconds:
                raise RecordError(
                    f"an earlier {previous.get('operation', 'create')} of {self.resource_id} is still running "
                    f"(process {process.pid} on {process.host}); run `pulumi up` again once it has stopped "
                    "(a provider whose `pulumi` process is gone stops within a minute)"
                )
            if waited == 0:
                log.warning(
                    "waiting for process %d, which still runs an earlier %s of %s",
                    process.pid,
                    previous.get("operation", "create"),
                    self.resource_id,
                )
            sleep(1.0)
            waited += 1.0
        if previous is not None:
            self.predecessor = previous
            self.notes = dict(previous.get("notes") or {})
            log.warning(
                "resuming the %s of %s that an earlier run left %s",
                previous.get("operation", "create"),
                self.resource_id,
                "unfinished" if previous.get("state") == RUNNING else previous.get("state"),
            )
        self._write()

    def find(self) -> bool:
        """Only look for a predecessor (for a delete, which also removes what it left)."""
        previous = self._load()
        process = ProcessIdentity.parse(previous.get("process")) if previous else None
        if (
            previous is not None
            and previous.get("state") == RUNNING
            and process is not None
            and process.running()
        ):
            previous = None  # still being written by a live operation: not a leftover
        self.predecessor = previous
        self.notes = dict(previous.get("notes") or {}) if previous else {}
        return previous is not None

    def note(self, **facts: Any) -> None:
        """Remember facts (plain JSON values), durably, before the change they describe."""
        with self._lock:
            self.notes.update(facts)
            self._write()

    def finish(self) -> str:
        """The operation returned: keep the record until the engine is known to hold its outputs."""
        with self._lock:
            self.state = DONE
            self._write()
        return self.token

    def keep(self) -> None:
        """The operation failed and left work this record names: the next one takes it over."""
        with self._lock:
            self.state = FAILED
            with contextlib.suppress(RecordError):
                self._write()

    def discard(self) -> None:
        """The operation left nothing: forget it."""
        with contextlib.suppress(OSError):
            self.path.unlink()

    # -- storage --------------------------------------------------------------------------------

    def _write(self) -> None:
        doc = {
            "format": FORMAT,
            "owner": self.owner,
            "kind": self.kind,
            "resource_id": self.resource_id,
            "operation": self.operation,
            "state": self.state,
            "token": self.token,
            "process": asdict(ProcessIdentity.current()),
            "updated": time.time(),
            "notes": self.notes,
        }
        try:
            _write_atomically(self.path, doc)
        except OSError as error:
            raise RecordError(
                f"cannot write the ownership record {self.path} ({error}); set imagesync:journalDir or "
                f"{JOURNAL_DIR_ENV} to a writable directory"
            ) from None


def acknowledge(directory: Path, owner: str | None, kind: str, resource_id: str, token: Any) -> None:
    """The engine holds the outputs of the operation that finished with `token`: its record can go.

    A record with another token (a later operation) stays.
    """
    if not owner or not isinstance(token, str):
        return
    record = Record(directory, owner, kind, resource_id, "ack")
    found = record._load()
    if found is not None and found.get("token") == token and found.get("state") != RUNNING:
        record.discard()


def _write_atomically(path: Path, doc: dict[str, Any]) -> None:
    """Write and fsync a temporary file, then rename it over the record: a crash leaves the old or
    the new record, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(handle, "w") as stream:
            json.dump(doc, stream, sort_keys=True)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError):  # the rename itself, durable (not possible everywhere)
        directory = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)


def require_owner(owner: Any) -> str:
    if not isinstance(owner, str) or not owner:
        raise ConfigurationError(
            "this resource was declared without its owner (the `__owner` input the pulumi_imagesync "
            "resource classes set); declare it with the package's resource classes"
        )
    return owner
