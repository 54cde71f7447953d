"""Blob bytes by digest, shared by every emulated registry of one world, in bounded memory.

Three kinds of source: small blobs (seeded configs and layers) in memory; uploaded blobs in files
under a temporary directory this store owns (removed by `close`, and when the store is collected);
big seeded layers generated on demand (`generated`). Registries hold links to digests
(``content``); the bytes exist once here whoever links them, so a copy between registries moves no
bytes. Uploads are streamed to a file while their sha256 is computed, and reads are streamed in
pieces: no blob is ever held whole unless it is small.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from . import digests
from .generated import GeneratedBytes

IN_MEMORY_LIMIT = 64 * 1024  # put_bytes keeps blobs up to this size in memory, bigger ones in files
READ_SIZE = 256 * 1024


@dataclass(frozen=True)
class _File:
    path: Path
    size: int


Source = bytes | _File | GeneratedBytes


class BlobReader:
    """An opened blob: its size and its bytes in pieces (a file stays readable after a reset)."""

    def __init__(self, source: Source) -> None:
        self._source = source
        self._file: BinaryIO | None = None
        if isinstance(source, _File):
            self._file = source.path.open("rb")
            self.size = source.size
        else:
            self.size = source.size if isinstance(source, GeneratedBytes) else len(source)

    def chunks(self, start: int = 0, end: int | None = None) -> Iterator[bytes]:
        end = self.size if end is None else min(end, self.size)
        try:
            if isinstance(self._source, GeneratedBytes):
                yield from self._source.chunks(start, end)
            elif isinstance(self._source, bytes):
                if start < end:
                    yield self._source[start:end]
            else:
                assert self._file is not None
                self._file.seek(start)
                remaining = end - start
                while remaining > 0:
                    piece = self._file.read(min(READ_SIZE, remaining))
                    if not piece:
                        raise OSError(f"blob file {self._source.path} ended early")
                    remaining -= len(piece)
                    yield piece
        finally:
            self.close()

    def read_all(self) -> bytes:
        return b"".join(self.chunks())

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


class Upload:
    """Bytes being received for a blob of unknown digest: appended to a file, hashed as they come."""

    def __init__(self, directory: Path) -> None:
        self.path = directory / f"upload-{uuid.uuid4().hex}"
        self._file: BinaryIO | None = self.path.open("wb")
        self._sha256 = digests.hasher()
        self.size = 0
        self.lock = threading.Lock()  # one writer at a time (a client may retry a chunk)

    def write(self, chunk: bytes) -> None:
        assert self._file is not None, "the upload is closed"
        self._file.write(chunk)
        self._sha256.update(chunk)
        self.size += len(chunk)

    def digest(self, algorithm: str = digests.CANONICAL) -> str:
        """The digest of what was received, by ``algorithm`` (sha256 is kept up to date as bytes come)."""
        self._flush()
        if algorithm == digests.CANONICAL:
            return f"{algorithm}:{self._sha256.copy().hexdigest()}"
        hasher = digests.hasher(algorithm)
        with self.path.open("rb") as stored:
            for piece in iter(lambda: stored.read(READ_SIZE), b""):
                hasher.update(piece)
        return f"{algorithm}:{hasher.hexdigest()}"

    def discard(self) -> None:
        self._close()
        with contextlib.suppress(OSError):
            self.path.unlink()

    def _flush(self) -> None:
        if self._file is not None:
            self._file.flush()

    def _close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


class BlobStore:
    def __init__(self) -> None:
        self._dir = tempfile.TemporaryDirectory(prefix="imagesync-blobs-")
        self.root = Path(self._dir.name)
        self._sources: dict[str, Source] = {}
        self._lock = threading.Lock()

    def __contains__(self, digest: str) -> bool:
        return digest in self._sources

    def size(self, digest: str) -> int | None:
        source = self._sources.get(digest)
        if source is None:
            return None
        return len(source) if isinstance(source, bytes) else source.size

    def put_bytes(self, data: bytes, algorithm: str = digests.CANONICAL) -> str:
        digest = digests.of(data, algorithm)
        with self._lock:
            if digest not in self._sources:
                self._sources[digest] = data if len(data) <= IN_MEMORY_LIMIT else self._to_file(data)
        return digest

    def put_generated(self, generated: GeneratedBytes) -> str:
        digest = generated.digest
        with self._lock:
            self._sources.setdefault(digest, generated)
        return digest

    def upload(self) -> Upload:
        return Upload(self.root)

    def commit(self, upload: Upload, digest: str) -> None:
        """Keep what ``upload`` received under ``digest`` (already verified); a known digest keeps its bytes."""
        upload._close()
        with self._lock:
            if digest in self._sources:
                upload.discard()
                return
            path = self.root / f"blob-{uuid.uuid4().hex}"
            os.replace(upload.path, path)
            self._sources[digest] = _File(path, upload.size)

    def open(self, digest: str) -> BlobReader | None:
        source = self._sources.get(digest)
        return None if source is None else BlobReader(source)

    def close(self) -> None:
        """Remove the files (readers already open keep reading theirs)."""
        self._sources.clear()
        self._dir.cleanup()

    def _to_file(self, data: bytes) -> _File:
        path = self.root / f"blob-{uuid.uuid4().hex}"
        path.write_bytes(data)
        return _File(path, len(data))
