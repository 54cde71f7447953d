"""A TCR instance as an OCI registry: repositories ``<namespace>/<name>``, Harbor's token login.

Logins come from ``CreateInstanceToken`` (``Username`` / ``Token``; a temporary one lasts an hour,
see https://www.tencentcloud.com/document/product/1051/37253), and are traded at the instance's
token service for bearer tokens, as Harbor's own TCR adapter does
(goharbor/harbor src/pkg/reg/adapter/tencentcr/auth.go). A namespace must exist for a push (TCR
makes repositories on push, not namespaces).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from ..registry.auth import BEARER, AuthScheme
from ..registry.hosts import NamespacedHost
from ..registry.keys import RegistryKey

if TYPE_CHECKING:
    from .models import Namespace, Registry, TcrBackend

AUTH = AuthScheme(BEARER, "/service/token", "harbor-registry", "TCR CreateInstanceToken")


class TcrRegistryHost(NamespacedHost["Namespace"]):
    def __init__(self, backend: TcrBackend, registry: Registry) -> None:
        key = RegistryKey("tencentcloud", registry.id)
        super().__init__(key, registry.region, registry.account_id, registry.content, AUTH)
        self._backend = backend
        self._registry = registry

    def __str__(self) -> str:
        return f"instance {self._registry.id}"

    def put_tag(self, repository: str, tag: str, digest: str, size: int) -> None:
        namespace, name = self._split(repository)
        self._backend.push(self._registry, namespace.name, name, tag, digest, size)

    def delete_tag(self, repository: str, tag: str) -> None:
        namespace, name = self._split(repository)
        found = self._registry.namespaces[namespace.name].repositories.get(name)
        if found is not None and tag in found.tags:
            self._backend.untag(self._registry, namespace.name, found, tag)

    def _namespaces(self) -> Mapping[str, Namespace]:
        return self._registry.namespaces

    def _owner(self, namespace: Namespace) -> str:
        return self._registry.account_id
