"""Container images as every emulated registry service seeds them: repositories, tags, digests.

A seeded tag that names no digest gets one derived from ``namespace/repository:tag``, so the same
names give the same image in every service and region (a copy is then recognisable by its digest).
Repository names may contain ``/`` (``team/app``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .docparse import expect_list, expect_object, optional_text, required_text
from .errors import AdminError

DIGEST = re.compile(r"^sha256:[0-9a-f]{64}$")


@dataclass(frozen=True)
class SeedTag:
    name: str
    digest: str
    size: int


@dataclass(frozen=True)
class SeedRepository:
    name: str
    tags: tuple[SeedTag, ...]


def derived_digest(namespace: str, repository: str, tag: str) -> tuple[str, int]:
    """A stable digest and size for a seeded tag that names none (same names, same image)."""
    hexdigest = hashlib.sha256(f"{namespace}/{repository}:{tag}".encode()).hexdigest()
    return f"sha256:{hexdigest}", 1_048_576 + int(hexdigest[:6], 16) * 16


def parse_repositories(doc: Mapping[str, Any], where: str, namespace: str) -> tuple[SeedRepository, ...]:
    """``doc["repositories"]``: ``[{"name", "tags": {"<tag>": {"digest"?, "size"?}}}]``."""
    return tuple(
        _repository(repo, f"{where}.repositories[{j}]", namespace)
        for j, repo in enumerate(expect_list(doc, "repositories", where))
    )


def _repository(doc: Any, where: str, namespace: str) -> SeedRepository:
    doc = expect_object(doc, where, {"name", "tags"})
    name = required_text(doc, "name", where)
    if name.startswith("/") or name.endswith("/") or "//" in name:
        raise AdminError(f"{where}.name: {name!r} is not a repository name")
    tags = expect_object(doc.get("tags") or {}, f"{where}.tags")
    return SeedRepository(
        name, tuple(_tag(tag, spec, f"{where}.tags.{tag}", namespace, name) for tag, spec in tags.items())
    )


def _tag(name: str, doc: Any, where: str, namespace: str, repository: str) -> SeedTag:
    doc = expect_object(doc or {}, where, {"digest", "size"})
    digest, size = derived_digest(namespace, repository, name)
    digest = optional_text(doc, "digest", where) or digest
    if not DIGEST.match(digest):
        raise AdminError(f"{where}.digest must look like sha256:<64 hex>")
    size = doc.get("size", size)
    if isinstance(size, bool) or not isinstance(size, int) or size < 0:
        raise AdminError(f"{where}.size must be a non-negative integer")
    return SeedTag(name, digest, size)
