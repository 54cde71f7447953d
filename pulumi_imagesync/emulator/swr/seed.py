"""The ``swr`` part of a seed document, checked in full before anything is applied.

Schema (see ``demo.py`` for the whole document)::

    {"namespaces": [{"region", "name", "account_id"?,
                     "repositories": [{"name", "tags": {"<tag>": {...}}}]}]}

A tag's document is the same in every service (``images``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..docparse import expect_list, expect_object, optional_text, required_text
from ..errors import AdminError
from ..huawei_regions import SWR_REGION_NAMES
from ..images import SeedRepository, parse_repositories


@dataclass(frozen=True)
class SeedNamespace:
    region: str
    name: str
    account_id: str | None
    repositories: tuple[SeedRepository, ...]


def parse_seed(doc: Any, owner: Callable[[str, str], str | None]) -> list[SeedNamespace]:
    """``owner(region, name)``: the account of an existing namespace (None when there is none)."""
    if doc is None:
        return []
    doc = expect_object(doc, "swr", {"namespaces"})
    return [
        _namespace(item, f"swr.namespaces[{i}]", owner)
        for i, item in enumerate(expect_list(doc, "namespaces", "swr"))
    ]


def _namespace(doc: Any, where: str, owner: Callable[[str, str], str | None]) -> SeedNamespace:
    doc = expect_object(doc, where, {"region", "name", "account_id", "repositories"})
    region = required_text(doc, "region", where)
    if region not in SWR_REGION_NAMES:
        raise AdminError(f"{where}.region: {region!r} is not an SWR region")
    name = required_text(doc, "name", where)
    account_id = optional_text(doc, "account_id", where)
    current = owner(region, name)
    if current is not None and account_id is not None and current != account_id:
        raise AdminError(f"{where}: namespace {name} in {region} belongs to account {current}")
    return SeedNamespace(region, name, account_id, parse_repositories(doc, where, name))
