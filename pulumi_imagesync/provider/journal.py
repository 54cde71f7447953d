"""Creates in flight, recorded on disk so that one interrupted by a crash can be resumed.

A create that is killed (a cancelled CI job, a lost machine) leaves its cloud objects behind and
no Pulumi state: the engine does not know them, and the next `pulumi up` creates again — a
duplicate, or an "already exists" error, or an orphaned copy nobody will ever delete. So before
its first change each create records its resource id here, with the facts it must not forget
(did the destination exist before?), and removes the record when it returns, successfully or
after cleaning up. The next create of the same id that finds the record of a process that is gone
knows that what exists is its own unfinished work: it takes it over as if `adopt=True`, with the
facts recorded the first time. A create that failed and could not clean up after itself keeps its
record too: what it left is taken over the same way by the next create.

The journal lives in `imagesync:journalDir` / `IMAGESYNC_JOURNAL_DIR`, by default under
`$PULUMI_HOME` (`~/.pulumi`): the machine where `pulumi up` runs, where a retried run usually runs too.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from .settings import JOURNAL_DIR_KEY, Settings

log = logging.getLogger("pulumi_imagesync")

JOURNAL_DIR_ENV = "IMAGESYNC_JOURNAL_DIR"
# A record older than this is a crash nobody retried: not trusted to vouch for what exists now.
MAX_AGE_SECONDS = 7 * 24 * 3600


def journal_dir(settings: Settings) -> Path:
    configured = settings.config.get(JOURNAL_DIR_KEY) or settings.environ.get(JOURNAL_DIR_ENV)
    if configured:
        return Path(str(configured))
    home = settings.environ.get("PULUMI_HOME") or str(Path.home() / ".pulumi")
    return Path(home) / "imagesync-journal"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class JournalEntry:
    """The record of one resource's create."""

    def __init__(self, directory: Path, kind: str, resource_id: str) -> None:
        digest = hashlib.sha256(f"{kind}\n{resource_id}".encode()).hexdigest()[:32]
        self.path = directory / f"{digest}.json"
        self.kind = kind
        self.resource_id = resource_id
        self.notes: dict[str, Any] = {}
        self.interrupted = False
        previous = self._load()
        if previous is not None and self._abandoned(previous):
            self.interrupted = True
            self.notes = dict(previous.get("notes") or {})
            log.warning("resuming the interrupted create of %s %s", kind, resource_id)

    def _load(self) -> dict[str, Any] | None:
        try:
            record = json.loads(self.path.read_text())
        except (OSError, ValueError):
            return None
        if record.get("kind") != self.kind or record.get("resource_id") != self.resource_id:
            return None
        return record if isinstance(record, dict) else None

    @staticmethod
    def _abandoned(record: dict[str, Any]) -> bool:
        fresh = time.time() - float(record.get("started", 0)) < MAX_AGE_SECONDS
        pid = record.get("pid")
        return fresh and isinstance(pid, int) and not _alive(pid)

    def begin(self) -> None:
        self._write()

    def note(self, **facts: Any) -> None:
        """Remember facts (plain JSON values) that a resumed create must know."""
        self.notes.update(facts)
        self._write()

    def recall(self, name: str) -> Any:
        return self.notes.get(name)

    def end(self) -> None:
        with contextlib.suppress(OSError):
            self.path.unlink()

    def _write(self) -> None:
        try:
            self._write_record()
        except OSError as error:  # a read-only home must not stop a deployment: only resumption is lost
            log.warning("cannot write the create journal %s: %s", self.path, error)

    def _write_record(self) -> None:
        record = {
            "kind": self.kind,
            "resource_id": self.resource_id,
            "pid": os.getpid(),
            "started": time.time(),
            "notes": self.notes,
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Atomic replace: a crash mid-write must not leave a half record.
        handle, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".tmp-")
        with os.fdopen(handle, "w") as stream:
            json.dump(record, stream)
        os.replace(tmp, self.path)
