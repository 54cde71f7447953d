"""The ``acr`` part of a seed document, checked in full before anything is applied.

Schema (see ``demo.py`` for the whole document)::

    {"instances": [{"id": "cri-...", "region", "name"?, "account_id"?,
                    "namespaces": [{"name", "repositories": [{"name", "id"?: "crr-...",
                                                              "tags": {"<tag>": {...}}}]}]}]}

A tag's document is the same in every service (``images``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from ..alibaba_regions import ACR_REGIONS
from ..docparse import expect_list, expect_object, optional_text, required_text
from ..errors import AdminError
from ..images import SeedTag, parse_repository_name, parse_tags

INSTANCE_ID = re.compile(r"^cri-[a-z0-9]{1,32}$")
REPO_ID = re.compile(r"^crr-[a-z0-9]{1,32}$")


class Located(Protocol):
    region: str


@dataclass(frozen=True)
class SeedRepository:
    name: str
    id: str | None
    tags: tuple[SeedTag, ...]


@dataclass(frozen=True)
class SeedNamespace:
    name: str
    repositories: tuple[SeedRepository, ...]


@dataclass(frozen=True)
class SeedInstance:
    id: str
    region: str
    name: str | None
    account_id: str | None
    namespaces: tuple[SeedNamespace, ...]


def derived_id(prefix: str, *names: str) -> str:
    """A stable id for a seeded or copied object (the same names give the same id)."""
    return f"{prefix}-{hashlib.sha256('/'.join(names).encode()).hexdigest()[:16]}"


def parse_seed(doc: Any, existing: Mapping[str, Located]) -> list[SeedInstance]:
    if doc is None:
        return []
    doc = expect_object(doc, "acr", {"instances"})
    return [
        _instance(item, f"acr.instances[{i}]", existing)
        for i, item in enumerate(expect_list(doc, "instances", "acr"))
    ]


def _instance(doc: Any, where: str, existing: Mapping[str, Located]) -> SeedInstance:
    doc = expect_object(doc, where, {"id", "region", "name", "account_id", "namespaces"})
    instance_id = required_text(doc, "id", where)
    if not INSTANCE_ID.match(instance_id):
        raise AdminError(f"{where}.id: {instance_id!r} is not an ACR instance id (cri-...)")
    region = required_text(doc, "region", where)
    if region not in ACR_REGIONS:
        raise AdminError(f"{where}.region: {region!r} is not an ACR region")
    known = existing.get(instance_id)
    if known is not None and known.region != region:
        raise AdminError(f"{where}: {instance_id} already exists in {known.region}")
    namespaces = tuple(
        _namespace(ns, f"{where}.namespaces[{i}]")
        for i, ns in enumerate(expect_list(doc, "namespaces", where))
    )
    return SeedInstance(
        instance_id,
        region,
        optional_text(doc, "name", where),
        optional_text(doc, "account_id", where),
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
    doc = expect_object(doc, where, {"name", "id", "tags"})
    name = parse_repository_name(doc, where)
    repo_id = optional_text(doc, "id", where)
    if repo_id is not None and not REPO_ID.match(repo_id):
        raise AdminError(f"{where}.id: {repo_id!r} is not an ACR repository id (crr-...)")
    return SeedRepository(name, repo_id, parse_tags(doc, where, f"{namespace}/{name}"))
