"""The ``tcr`` part of a seed document, checked in full before anything is applied.

Schema (see ``demo.py`` for the whole document)::

    {"registries": [{"id", "region", "name"?, "account_id"?, "peer_token"?,
                     "namespaces": [{"name", "repositories": [{"name", "tags": {"<tag>": {"digest"?, "size"?}}}]}]}]}
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from ..docparse import expect_list, expect_object, optional_text, required_text
from ..errors import AdminError
from ..images import DIGEST, derived_digest
from ..tencent_regions import TCR_REGION_NAMES


class Located(Protocol):
    region: str


@dataclass(frozen=True)
class SeedTag:
    name: str
    digest: str
    size: int


@dataclass(frozen=True)
class SeedRepository:
    name: str
    tags: tuple[SeedTag, ...]


@dataclass(frozen=True)
class SeedNamespace:
    name: str
    repositories: tuple[SeedRepository, ...]


@dataclass(frozen=True)
class SeedRegistry:
    id: str
    region: str
    name: str | None
    account_id: str | None
    peer_token: str | None
    namespaces: tuple[SeedNamespace, ...]


def parse_seed(doc: Any, existing: Mapping[str, Located]) -> list[SeedRegistry]:
    if doc is None:
        return []
    doc = expect_object(doc, "tcr", {"registries"})
    return [
        _registry(item, f"tcr.registries[{i}]", existing)
        for i, item in enumerate(expect_list(doc, "registries", "tcr"))
    ]


def _registry(doc: Any, where: str, existing: Mapping[str, Located]) -> SeedRegistry:
    doc = expect_object(doc, where, {"id", "region", "name", "account_id", "peer_token", "namespaces"})
    registry_id = required_text(doc, "id", where)
    region = required_text(doc, "region", where)
    if region not in TCR_REGION_NAMES:
        raise AdminError(f"{where}.region: {region!r} is not a TCR region")
    known = existing.get(registry_id)
    if known is not None and known.region != region:
        raise AdminError(f"{where}: {registry_id} already exists in {known.region}")
    namespaces = tuple(
        _namespace(ns, f"{where}.namespaces[{i}]")
        for i, ns in enumerate(expect_list(doc, "namespaces", where))
    )
    return SeedRegistry(
        registry_id,
        region,
        optional_text(doc, "name", where),
        optional_text(doc, "account_id", where),
        optional_text(doc, "peer_token", where),
        namespaces,
    )


def _namespace(doc: Any, where: str) -> SeedNamespace:
    doc = expect_object(doc, where, {"name", "repositories"})
    name = required_text(doc, "name", where)
    repositories = tuple(
        _repository(repo, f"{where}.repositories[{j}]", name)
        for j, repo in enumerate(expect_list(doc, "repositories", where))
    )
    return SeedNamespace(name, repositories)


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
