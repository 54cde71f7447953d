"""Deterministic bytes of any size, for big seeded layers: produced on demand, never held whole.

A layer of 1 GiB (benchmarks) is 1024 blocks of 1 MiB, each the same pseudo-random block with its
index written over its first 8 bytes: every block differs, any byte range can be produced without
the bytes before it, and only one block is ever in memory. The digest needs one pass over all the
bytes; it is computed once per (seed, size) in a process.
"""

from __future__ import annotations

import functools
import random
from collections.abc import Iterator
from dataclasses import dataclass

from . import digests

BLOCK = 1 << 20


@functools.lru_cache(maxsize=8)
def _base_block(seed: str) -> bytes:
    return random.Random(seed).randbytes(BLOCK)


@dataclass(frozen=True)
class GeneratedBytes:
    seed: str
    size: int

    def chunks(self, start: int = 0, end: int | None = None) -> Iterator[bytes]:
        """The bytes ``[start, end)`` in pieces of at most one block."""
        end = self.size if end is None else min(end, self.size)
        base = _base_block(self.seed)
        position = start
        while position < end:
            index, offset = divmod(position, BLOCK)
            block = index.to_bytes(8, "little") + base[8:]
            piece = block[offset : min(BLOCK, offset + end - position)]
            yield piece
            position += len(piece)

    @property
    def digest(self) -> str:
        return _digest(self.seed, self.size)


@functools.lru_cache(maxsize=64)
def _digest(seed: str, size: int) -> str:
    hasher = digests.hasher()
    for chunk in GeneratedBytes(seed, size).chunks():
        hasher.update(chunk)
    return f"{digests.CANONICAL}:{hasher.hexdigest()}"
