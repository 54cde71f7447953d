"""Registry requests and responses with streamed bodies (a blob may be bigger than memory)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import parse_qsl

from .errors import SizeInvalid

PIECE = 256 * 1024


class Readable(Protocol):
    def read(self, size: int = ..., /) -> bytes: ...

    def readline(self, size: int = ..., /) -> bytes: ...


class Body:
    """A request body read once, in pieces: ``Content-Length`` bytes or a chunked stream."""

    def __init__(self, stream: Readable | None, length: int | None, chunked: bool) -> None:
        self._stream = stream
        self._remaining = length or 0
        self._chunked = chunked
        self.consumed = stream is None or (not chunked and not length)
        self.received = 0  # bytes read so far

    @classmethod
    def of(cls, data: bytes) -> Body:
        """A body already in memory."""
        return cls(io.BytesIO(data), len(data), False)

    def chunks(self) -> Iterator[bytes]:
        if self.consumed or self._stream is None:
            return
        self.consumed = True
        for piece in self._dechunk(self._stream) if self._chunked else self._fixed(self._stream):
            self.received += len(piece)
            yield piece

    def _fixed(self, stream: Readable) -> Iterator[bytes]:
        while self._remaining > 0:
            piece = stream.read(min(PIECE, self._remaining))
            if not piece:
                raise ConnectionError("the client closed the connection before sending its whole body")
            self._remaining -= len(piece)
            yield piece

    def read(self, limit: int) -> bytes:
        """The whole body, refusing more than ``limit`` bytes (`SizeInvalid`, status 413)."""
        pieces, size = [], 0
        for piece in self.chunks():
            size += len(piece)
            if size > limit:
                raise SizeInvalid(f"the body is larger than {limit} bytes", status=413)
            pieces.append(piece)
        return b"".join(pieces)

    def drain(self, limit: int) -> bool:
        """Read and drop up to ``limit`` bytes (so that the connection can serve the next request)."""
        dropped = 0
        for piece in self.chunks():
            dropped += len(piece)
            if dropped > limit:
                return False
        return True

    @staticmethod
    def _dechunk(stream: Readable) -> Iterator[bytes]:
        while True:
            size = int(stream.readline().split(b";", 1)[0].strip() or b"0", 16)
            if size == 0:
                while stream.readline().strip():  # trailers
                    pass
                return
            remaining = size
            while remaining > 0:
                piece = stream.read(min(PIECE, remaining))
                if not piece:
                    raise ConnectionError("the client closed the connection in the middle of a chunk")
                remaining -= len(piece)
                yield piece
            stream.readline()


@dataclass
class RegistryRequest:
    method: str
    path: str
    query: str
    headers: dict[str, str]  # lower-cased names
    body: Body = field(default_factory=lambda: Body(None, 0, False))

    def header(self, name: str, default: str = "") -> str:
        return self.headers.get(name.lower(), default)

    def param(self, name: str) -> str | None:
        values = [v for k, v in parse_qsl(self.query, keep_blank_values=True) if k == name]
        return values[-1] if values else None

    @property
    def host(self) -> str:
        return self.header("host") or "127.0.0.1"


@dataclass
class RegistryResponse:
    status: int = 200
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    stream: Iterable[bytes] | None = None  # written instead of body; `length` bytes
    length: int | None = None
    drop: bool = False  # close the connection without answering (a fault)

    def content_length(self) -> int:
        return self.length if self.stream is not None and self.length is not None else len(self.body)
