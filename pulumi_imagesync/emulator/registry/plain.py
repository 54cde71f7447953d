"""Plain OCI registries (cloud ``oci``): any registry, Basic auth or none, plain HTTP.

What ``registry.ImageCopy``'s ``cloud: "oci"`` talks to, the way ``registry:2`` with htpasswd
answers: ``WWW-Authenticate: Basic`` and the seeded user's name and password on every request. No
cloud API, no namespaces, no accounts: any repository name the spec allows. Seed::

    {"oci": {"registries": [{"id": "mirror", "username": "u"?, "password": "p"?,
                             "repositories": [{"name": "library/app", "tags": {"v1": {...}}}]}]}}

Tags are seeded as in every service (``images``); the label of a tag is ``<name>:<tag>``, so
``library/app:v1`` here is the same image as ``app:v1`` in a TCR namespace ``library``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..backend import ServiceContext
from ..docparse import expect_list, expect_object, optional_text, required_text
from ..errors import AdminError
from ..images import SeedTag, parse_repository_name, parse_tags, seed_tag
from .auth import ANONYMOUS, BASIC, AuthScheme
from .content import RegistryContent
from .credentials import Login
from .hosts import RegistryHost
from .keys import RegistryKey
from .routes import NAME

REGISTRY_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")


@dataclass
class PlainRegistry:
    id: str
    content: RegistryContent
    username: str | None = None
    tags: dict[str, dict[str, str]] = field(default_factory=dict)  # repository -> tag -> digest


@dataclass(frozen=True)
class _Seed:
    id: str
    username: str | None
    password: str | None
    repositories: tuple[tuple[str, tuple[SeedTag, ...]], ...]


class PlainHost:
    region = ""
    account_id: str | None = None

    def __init__(self, registry: PlainRegistry) -> None:
        self._registry = registry
        self.key = RegistryKey("oci", registry.id)
        self.content = registry.content
        self.auth = (
            AuthScheme(BASIC, service=f"imagesync {registry.id}")
            if registry.username
            else AuthScheme(ANONYMOUS)
        )

    def owner(self, repository: str) -> str | None:
        return None

    def tags(self, repository: str) -> Mapping[str, str] | None:
        return self._registry.tags.get(repository)

    def put_tag(self, repository: str, tag: str, digest: str, size: int) -> None:
        self._registry.tags.setdefault(repository, {})[tag] = digest

    def delete_tag(self, repository: str, tag: str) -> None:
        self._registry.tags.get(repository, {}).pop(tag, None)

    def repositories(self) -> list[str]:
        return sorted(self._registry.tags)


class PlainBackend:
    """The plain registries of one world (service ``oci``)."""

    registry_cloud = "oci"

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        self.registries: dict[str, PlainRegistry] = {}

    def registry_host(self, registry_id: str) -> RegistryHost | None:
        registry = self.registries.get(registry_id)
        return None if registry is None else PlainHost(registry)

    def registry_hosts(self) -> list[RegistryHost]:
        return [PlainHost(registry) for registry in self.registries.values()]

    def advance(self, now: float) -> None:
        """Nothing here takes time."""

    def plan_seed(self, doc: Any) -> Callable[[], None]:
        seeds = [] if doc is None else _parse(doc)
        return lambda: self._apply(seeds)

    def snapshot(self) -> dict[str, Any]:
        return {
            "registries": {
                registry.id: {
                    "auth": BASIC if registry.username else ANONYMOUS,
                    "repositories": {
                        name: {"tags": {tag: {"digest": digest} for tag, digest in sorted(tags.items())}}
                        for name, tags in sorted(registry.tags.items())
                    },
                }
                for registry in self.registries.values()
            }
        }

    def _apply(self, seeds: list[_Seed]) -> None:
        hub = self.ctx.registries
        for seed in seeds:
            registry = self.registries.get(seed.id)
            if registry is None:
                registry = self.registries[seed.id] = PlainRegistry(seed.id, hub.new_content())
            if seed.username is not None and seed.password is not None:
                registry.username = seed.username
                hub.credentials.add(
                    Login(RegistryKey("oci", seed.id), seed.username, seed.password, None, None)
                )
            host = PlainHost(registry)
            for name, tags in seed.repositories:
                registry.tags.setdefault(name, {})
                for tag in tags:
                    for tag_name, digest, size in seed_tag(hub, registry.content, name, tag):
                        host.put_tag(name, tag_name, digest, size)


def _parse(doc: Any) -> list[_Seed]:
    doc = expect_object(doc, "oci", {"registries"})
    return [
        _registry(item, f"oci.registries[{i}]")
        for i, item in enumerate(expect_list(doc, "registries", "oci"))
    ]


def _registry(doc: Any, where: str) -> _Seed:
    doc = expect_object(doc, where, {"id", "username", "password", "repositories"})
    registry_id = required_text(doc, "id", where)
    if not REGISTRY_ID.match(registry_id):
        raise AdminError(f"{where}.id: {registry_id!r} must be lower-case letters, digits and -")
    username, password = optional_text(doc, "username", where), optional_text(doc, "password", where)
    if (username is None) != (password is None):
        raise AdminError(f"{where}: username and password go together")
    repositories = []
    for j, repo in enumerate(expect_list(doc, "repositories", where)):
        at = f"{where}.repositories[{j}]"
        repo = expect_object(repo, at, {"name", "tags"})
        name = parse_repository_name(repo, at)
        if not NAME.match(name):
            raise AdminError(f"{at}.name: {name!r} is not an OCI repository name")
        repositories.append((name, parse_tags(repo, at, name)))
    return _Seed(registry_id, username, password, tuple(repositories))
