"""An ACR Enterprise instance as an OCI registry: repositories ``<namespace>/<name>``.

Logins come from ``GetAuthorizationToken`` (``InstanceId`` -> ``TempUsername`` /
``AuthorizationToken``, valid ``ExpiresInHours``, 1 by default;
https://www.alibabacloud.com/help/en/acr/developer-reference/api-cr-2018-12-01-getauthorizationtoken,
``alibabacloud_cr20181201.models.GetAuthorizationTokenResponseBody``). ACR answers ``/v2/`` with a
Bearer challenge whose realm is ``https://dockerauth-ee.<region>.aliyuncs.com/auth``; here the
token service is ``/auth`` on the registry's own endpoint.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from ..registry.auth import BEARER, AuthScheme
from ..registry.hosts import NamespacedHost
from ..registry.keys import RegistryKey

if TYPE_CHECKING:
    from .models import AcrBackend, Instance, Namespace


class AcrRegistryHost(NamespacedHost["Namespace"]):
    def __init__(self, backend: AcrBackend, instance: Instance) -> None:
        service = f"registry.aliyuncs.com:{instance.region}:{instance.id}"
        auth = AuthScheme(BEARER, "/auth", service, "ACR GetAuthorizationToken")
        key = RegistryKey("alibabacloud", instance.id)
        super().__init__(key, instance.region, instance.account_id, instance.content, auth)
        self._backend = backend
        self._instance = instance

    def __str__(self) -> str:
        return f"instance {self._instance.id}"

    def put_tag(self, repository: str, tag: str, digest: str, size: int) -> None:
        namespace, name = self._split(repository)
        self._backend.push(self._instance, namespace, name, tag, digest, size)

    def delete_tag(self, repository: str, tag: str) -> None:
        namespace, name = self._split(repository)
        found = namespace.repositories.get(name)
        if found is not None and found.tags.pop(tag, None) is not None:
            found.modified_at = self._backend.ctx.clock.now()

    def _namespaces(self) -> Mapping[str, Namespace]:
        return self._instance.namespaces

    def _owner(self, namespace: Namespace) -> str:
        return self._instance.account_id
