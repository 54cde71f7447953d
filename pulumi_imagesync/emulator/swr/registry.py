"""The SWR of one region as an OCI registry (SWR's registry is per region, not per instance).

Repositories are ``<namespace>/<name>``, namespaces belong to accounts. Logins come from
``CreateSecret`` (``POST /v2/manage/utils/secret``, ``huaweicloudsdkswr.v2.CreateSecretRequest``;
https://support.huaweicloud.com/intl/en-us/api-swr/swr_02_0052.html): a ``<region>@<key id>``
username and a password, valid 6 hours unless ``duration_seconds`` says otherwise. They are traded
at ``/swr/auth/v2/registry/auth/`` (service ``dockyard``) for bearer tokens, as SWR does
(goharbor/harbor src/pkg/reg/adapter/huawei/image_registry.go).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from ..registry.auth import BEARER, AuthScheme
from ..registry.hosts import NamespacedHost
from ..registry.keys import RegistryKey

if TYPE_CHECKING:
    from .models import Namespace, SwrBackend

AUTH = AuthScheme(BEARER, "/swr/auth/v2/registry/auth/", "dockyard", "SWR CreateSecret")


class SwrRegistryHost(NamespacedHost["Namespace"]):
    def __init__(self, backend: SwrBackend, region: str) -> None:
        # No account_id: namespaces of several accounts share a region's registry.
        super().__init__(RegistryKey("huaweicloud", region), region, None, backend.content(region), AUTH)
        self._backend = backend

    def __str__(self) -> str:
        return f"SWR {self.region}"

    def put_tag(self, repository: str, tag: str, digest: str, size: int) -> None:
        namespace, name = self._split(repository)
        self._backend.push(namespace, name, tag, digest, size)

    def delete_tag(self, repository: str, tag: str) -> None:
        self._backend.untag(*self._split(repository), tag)

    def _namespaces(self) -> Mapping[str, Namespace]:
        return {name: ns for (region, name), ns in self._backend.namespaces.items() if region == self.region}

    def _owner(self, namespace: Namespace) -> str:
        return namespace.account_id
