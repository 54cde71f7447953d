"""The ``acr`` part of a seed document, checked in full before anything is applied.

Schema (see ``demo.py`` for the whole document)::

    {"instances": [{"id": "cri-...", "region", "name"?, "account_id"?,
                    "namespaces": [{"name", "repositories": [{"name", "id"?: "crr-...",
                                                              "tags": {"<tag>": {...}}}]}],
                    "sync_rules": [{"id"?: "crsr-...", "name", "scope", "tag_filter",
                                    "target_instance_id", "target_region", "namespace"?, "repository"?,
                                    "namespace_filter"?, "repository_filter"?, "target_namespace"?,
                                    "target_repository"?, "trigger"?, "priority"?, "link_id"?}]}]}

A tag's document is the same in every service (``images``). A seeded rule whose id (or name, on its
instance) exists already replaces that rule's settings: what a change made in the console looks
like to a client (the API has no update call).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from ..alibaba_regions import ACR_REGIONS
from ..docparse import expect_list, expect_object, optional_text, required_text
from ..errors import AdminError
from ..images import SeedTag, parse_repository_name, parse_tags
from .rule_settings import RuleSettings

INSTANCE_ID = re.compile(r"^cri-[a-z0-9]{1,32}$")
REPO_ID = re.compile(r"^crr-[a-z0-9]{1,32}$")
RULE_ID = re.compile(r"^crsr-[a-z0-9]{1,32}$")
RULE_KEYS = frozenset(
    {
        "id",
        "name",
        "scope",
        "tag_filter",
        "target_instance_id",
        "target_region",
        "namespace",
        "repository",
        "namespace_filter",
        "repository_filter",
        "target_namespace",
        "target_repository",
        "trigger",
        "priority",
        "link_id",
    }
)


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


@dataclass(kw_only=True)
class SeedRule(RuleSettings):
    id: str | None = None


@dataclass(frozen=True)
class SeedInstance:
    id: str
    region: str
    name: str | None
    account_id: str | None
    namespaces: tuple[SeedNamespace, ...]
    rules: tuple[SeedRule, ...] = field(default=())


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
    doc = expect_object(doc, where, {"id", "region", "name", "account_id", "namespaces", "sync_rules"})
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
    rules = tuple(
        _rule(rule, f"{where}.sync_rules[{i}]")
        for i, rule in enumerate(expect_list(doc, "sync_rules", where))
    )
    return SeedInstance(
        instance_id,
        region,
        optional_text(doc, "name", where),
        optional_text(doc, "account_id", where),
        namespaces,
        rules,
    )


def _rule(doc: Any, where: str) -> SeedRule:
    doc = expect_object(doc, where, RULE_KEYS)
    rule_id = optional_text(doc, "id", where)
    if rule_id is not None and not RULE_ID.match(rule_id):
        raise AdminError(f"{where}.id: {rule_id!r} is not an ACR sync rule id (crsr-...)")
    texts = {
        key: required_text(doc, key, where) if key in ("name", "scope", "tag_filter") else doc.get(key, "")
        for key in RULE_KEYS - {"id", "priority", "trigger", "target_instance_id", "target_region"}
    }
    for key, value in texts.items():
        if not isinstance(value, str):
            raise AdminError(f"{where}.{key} must be a string")
    if texts["scope"] not in ("REPO", "NAMESPACE", "INSTANCE"):
        raise AdminError(f"{where}.scope must be REPO, NAMESPACE or INSTANCE")
    for key in ("tag_filter", "namespace_filter", "repository_filter"):
        try:
            re.compile(texts[key])
        except re.error as error:
            raise AdminError(f"{where}.{key} is not a regular expression: {error}") from None
    target = required_text(doc, "target_instance_id", where)
    if not INSTANCE_ID.match(target):
        raise AdminError(f"{where}.target_instance_id: {target!r} is not an ACR instance id (cri-...)")
    region = required_text(doc, "target_region", where)
    if region not in ACR_REGIONS:
        raise AdminError(f"{where}.target_region: {region!r} is not an ACR region")
    trigger = doc.get("trigger", "PASSIVE")
    if trigger not in ("PASSIVE", "INITIATIVE"):
        raise AdminError(f"{where}.trigger must be PASSIVE or INITIATIVE")
    priority = doc.get("priority", 3)
    if isinstance(priority, bool) or not isinstance(priority, int) or not 1 <= priority <= 5:
        raise AdminError(f"{where}.priority must be an integer from 1 to 5")
    return SeedRule(
        id=rule_id,
        target_instance_id=target,
        target_region=region,
        trigger=trigger,
        priority=priority,
        **texts,
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
