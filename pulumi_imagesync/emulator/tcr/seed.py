"""The ``tcr`` part of a seed document, checked in full before anything is applied.

Schema (see ``demo.py`` for the whole document)::

    {"registries": [{"id", "region", "name"?, "account_id"?, "peer_token"?,
                     "namespaces": [{"name", "repositories": [{"name", "tags": {"<tag>": {...}}}]}]}]}

A tag's document is the same in every service (``images``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from ..docparse import expect_list, expect_object, optional_text, required_text
from ..errors import AdminError
from ..images import SeedRepository, parse_repositories
from ..tencent_regions import TCR_REGION_NAMES


class Located(Protocol):
    region: str


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
    return SeedNamespace(name, parse_repositories(doc, where, name))
