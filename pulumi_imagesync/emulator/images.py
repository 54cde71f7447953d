"""Image digests shared by every registry service: the same names give the same image everywhere."""

from __future__ import annotations

import hashlib
import re

DIGEST = re.compile(r"^sha256:[0-9a-f]{64}$")


def derived_digest(namespace: str, repository: str, tag: str) -> tuple[str, int]:
    """A stable digest and size for a seeded tag that names none (same names, same image)."""
    hexdigest = hashlib.sha256(f"{namespace}/{repository}:{tag}".encode()).hexdigest()
    return f"sha256:{hexdigest}", 1_048_576 + int(hexdigest[:6], 16) * 16
