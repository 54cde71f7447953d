"""An emulated registry as the OCI API sees it, whichever cloud owns it.

Each cloud's service implements `RegistryHosting` (which registries exist) and `RegistryHost` (one
registry): a TCR instance, the SWR of one region (SWR's registry is per region), an ACR Enterprise
instance, a plain OCI registry. The OCI API keeps manifests and blobs in the host's
`RegistryContent` and reads and writes tags through the host, so that a tag pushed with ``crane``
is a push in the cloud's own model (a TCR replication rule or an SWR auto-sync fires) and a tag
copied by a cloud API can be pulled.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Generic, Protocol, TypeVar, runtime_checkable

from .auth import AuthScheme
from .content import RegistryContent
from .errors import NameUnknown
from .keys import RegistryKey


class RegistryHost(Protocol):
    key: RegistryKey
    region: str
    account_id: str | None  # the owner of a whole-instance registry; None: per namespace or nobody
    content: RegistryContent
    auth: AuthScheme

    def owner(self, repository: str) -> str | None:
        """The account whose namespace the repository is in; `NameUnknown` when there is no such
        namespace; None when accounts do not apply (a plain registry)."""
        ...

    def tags(self, repository: str) -> Mapping[str, str] | None:
        """Tag -> digest; None when the repository does not exist."""
        ...

    def put_tag(self, repository: str, tag: str, digest: str, size: int) -> None:
        """A push: the tag now holds ``digest`` (the cloud makes the repository if needed)."""
        ...

    def delete_tag(self, repository: str, tag: str) -> None: ...

    def repositories(self) -> list[str]: ...


@runtime_checkable
class RegistryHosting(Protocol):
    """A service that holds registries (``tcr``, ``swr``, ``acr``, ``oci``)."""

    registry_cloud: str

    def registry_host(self, registry_id: str) -> RegistryHost | None: ...

    def registry_hosts(self) -> list[RegistryHost]: ...


class _Tag(Protocol):
    @property
    def digest(self) -> str: ...


class _Repository(Protocol):
    @property
    def tags(self) -> Mapping[str, _Tag]: ...


class _Namespace(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def repositories(self) -> Mapping[str, _Repository]: ...


N = TypeVar("N", bound=_Namespace)


class NamespacedHost(Generic[N]):
    """The part of a cloud registry's host that reads: repositories ``<namespace>/<name>``, each
    namespace owned by an account (TCR, SWR and ACR alike). Subclasses write tags."""

    def __init__(
        self,
        key: RegistryKey,
        region: str,
        account_id: str | None,
        content: RegistryContent,
        auth: AuthScheme,
    ) -> None:
        self.key = key
        self.region = region
        self.account_id = account_id
        self.content = content
        self.auth = auth

    def owner(self, repository: str) -> str | None:
        namespace, _ = self._split(repository)
        return self._owner(namespace)

    def tags(self, repository: str) -> Mapping[str, str] | None:
        found = self._find(repository)
        return None if found is None else {name: tag.digest for name, tag in found.tags.items()}

    def repositories(self) -> list[str]:
        return [f"{ns.name}/{name}" for ns in self._namespaces().values() for name in ns.repositories]

    def _namespaces(self) -> Mapping[str, N]:
        raise NotImplementedError

    def _owner(self, namespace: N) -> str:
        raise NotImplementedError

    def _split(self, repository: str) -> tuple[N, str]:
        """The namespace a repository is in and its name there (`NameUnknown` without one)."""
        prefix, _, name = repository.partition("/")
        namespace = self._namespaces().get(prefix)
        if not name:
            raise NameUnknown(f"{repository} must be <namespace>/<name>", {"name": repository})
        if namespace is None:
            raise NameUnknown(f"namespace {prefix} does not exist in {self}", {"name": repository})
        return namespace, name

    def _find(self, repository: str) -> _Repository | None:
        prefix, _, name = repository.partition("/")
        namespace = self._namespaces().get(prefix)
        return None if namespace is None else namespace.repositories.get(name)
