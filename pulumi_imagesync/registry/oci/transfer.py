"""Moving blobs from one registry to another: skip, mount, or stream — a few at a time.

For each blob an image references: a blob the destination repository already has is skipped (one
`HEAD`: a copy that starts again after a crash sends nothing twice); in the same registry it is
mounted from the source repository (`POST ...?mount=<digest>&from=<repository>`: no bytes move);
otherwise it is streamed, the source's `GET` answer feeding the destination's `PUT` piece by
piece, so that memory holds a few pieces whatever the blob's size and nothing touches the disk.
Blobs move `PARALLEL_BLOBS` at a time; a transfer that fails transiently starts that blob again.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial

import httpx

from ...provider.engine_log import status
from ...provider.errors import WaitTimeoutError
from ...provider.retry import call_with_retry
from ...provider.waiting import Deadline, run_parallel
from .client import RegistryClient
from .media import Descriptor

PARALLEL_BLOBS = 2
"""Blobs in flight at once per copy. Streaming is Python work under the GIL: on two cores, two
blobs at 512 KiB a read went 0.92-1.12 x `crane copy` where four at 256 KiB went 0.73-0.80, with
the same memory (`scripts/bench image_copy`). `crane copy --jobs` defaults to GOMAXPROCS."""
REPORT_SECONDS = 2.0


@dataclass
class Progress:
    """What a copy has done so far, and the status line that says it (thread-safe)."""

    what: str
    total_blobs: int = 0
    total_bytes: int = 0
    blobs_copied: int = 0
    blobs_skipped: int = 0
    blobs_mounted: int = 0
    bytes_copied: int = 0
    _started: float = field(default_factory=time.monotonic)
    _reported: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def plan(self, blobs: int, size: int) -> None:
        with self._lock:
            self.total_blobs += blobs
            self.total_bytes += size

    def done(self, kind: str, size: int) -> None:
        with self._lock:
            if kind == "skipped":
                self.blobs_skipped += 1
            else:
                self.blobs_copied += 1
                self.blobs_mounted += kind == "mounted"
        self.report()

    def moved(self, count: int) -> None:
        with self._lock:
            self.bytes_copied += count
        self.report()

    def report(self, *, now: float | None = None) -> None:
        moment = time.monotonic() if now is None else now
        with self._lock:
            if moment - self._reported < REPORT_SECONDS:
                return
            self._reported = moment
            done = self.blobs_copied + self.blobs_skipped
            rate = self.bytes_copied / max(moment - self._started, 1e-3)
            line = (
                f"copying {self.what}: {done}/{self.total_blobs} blobs, "
                f"{_size(self.bytes_copied)} sent ({_size(rate)}/s), "
                f"{self.blobs_skipped} already there"
            )
        status("%s", line)

    def outputs(self) -> dict[str, int]:
        with self._lock:
            return {
                "blobs_copied": self.blobs_copied,
                "blobs_skipped": self.blobs_skipped,
                "bytes_copied": self.bytes_copied,
            }


def _size(count: float) -> str:
    for unit in ("B", "KiB", "MiB"):
        if count < 1024:
            return f"{count:.0f} {unit}" if unit == "B" else f"{count:.1f} {unit}"
        count /= 1024
    return f"{count:.2f} GiB"


@dataclass(frozen=True)
class Route:
    """From which repository of which registry to which."""

    source: RegistryClient
    source_repository: str
    destination: RegistryClient
    destination_repository: str
    same_registry: bool  # the destination's login may mount from the source repository


def copy_blobs(route: Route, blobs: Sequence[Descriptor], progress: Progress, deadline: Deadline) -> None:
    """Make every blob present in the destination repository (foreign layers are never held)."""
    unique = {blob.digest: blob for blob in blobs if not blob.foreign}
    outcomes = run_parallel(
        {digest: partial(copy_blob, route, blob, progress, deadline) for digest, blob in unique.items()},
        max_workers=PARALLEL_BLOBS,
    )
    errors = [outcome.error for outcome in outcomes.values() if outcome.error is not None]
    if errors:
        raise errors[0]


def copy_blob(route: Route, blob: Descriptor, progress: Progress, deadline: Deadline) -> None:
    destination, repository = route.destination, route.destination_repository
    if destination.has_blob(repository, blob.digest):
        progress.done("skipped", blob.size)
        return
    opened: list[str] = []
    if route.same_registry:
        location = destination.mount_blob(repository, blob.digest, route.source_repository)
        if location is None:
            progress.done("mounted", blob.size)
            return
        opened.append(location)

    def attempt() -> None:
        location = opened.pop() if opened else destination.start_upload(repository)
        sent = [0]
        try:
            with route.source.open_blob(route.source_repository, blob.digest) as answer:
                body = _pieces(route.source, answer, progress, sent, deadline, blob)
                destination.finish_upload(location, blob.digest, blob.size, body, repository)
        except BaseException:
            progress.moved(-sent[0])  # this attempt's bytes are sent again by the next
            destination.cancel_upload(location, repository)
            raise

    call_with_retry(attempt, deadline=deadline)
    progress.done("copied", blob.size)


def _pieces(
    source: RegistryClient,
    answer: httpx.Response,
    progress: Progress,
    sent: list[int],
    deadline: Deadline,
    blob: Descriptor,
) -> Iterator[bytes]:
    """The source's bytes as httpx reads them; a failure reading them is the source's, not the
    destination's (it would otherwise surface as the upload's)."""
    pieces: Iterable[bytes] = answer.iter_raw()
    iterator = iter(pieces)
    while True:
        if deadline.expired:
            raise WaitTimeoutError(f"timed out copying blob {blob.digest} ({blob.size} bytes)")
        try:
            piece = next(iterator)
        except StopIteration:
            return
        except httpx.TransportError as error:
            raise source.transport_error("GET blob", error) from None
        sent[0] += len(piece)
        progress.moved(len(piece))
        yield piece
