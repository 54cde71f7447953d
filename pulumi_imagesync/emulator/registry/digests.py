"""Content digests as the OCI image spec defines them: ``<algorithm>:<encoded>``.

The two registered algorithms are accepted (sha256, the canonical one, and sha512); see
https://github.com/opencontainers/image-spec/blob/v1.1.1/descriptor.md#digests. A digest names
bytes exactly: whatever the emulator stores under a digest hashes to it.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

ALGORITHMS = {"sha256": 64, "sha512": 128}  # algorithm -> length of its lower-case hex encoding
CANONICAL = "sha256"
_SHAPE = re.compile(r"^([a-z0-9]+(?:[+._-][a-z0-9]+)*):([a-zA-Z0-9=_-]+)$")


def parse(digest: str) -> tuple[str, str] | None:
    """(algorithm, hex) of a well-formed digest of a registered algorithm; None otherwise."""
    match = _SHAPE.match(digest)
    if match is None:
        return None
    algorithm, encoded = match.groups()
    length = ALGORITHMS.get(algorithm)
    if length is None or len(encoded) != length or not re.fullmatch(r"[0-9a-f]+", encoded):
        return None
    return algorithm, encoded


def is_digest(value: str) -> bool:
    return parse(value) is not None


def hasher(algorithm: str = CANONICAL) -> Any:
    return hashlib.new(algorithm)


def of(data: bytes, algorithm: str = CANONICAL) -> str:
    return f"{algorithm}:{hashlib.new(algorithm, data).hexdigest()}"
