"""What the emulated registries of one world share: blob bytes, issued logins, endpoints.

One hub per world (a reset makes a new one and removes the old one's files). Services reach it
through their `ServiceContext` to give their registries content (`new_content`, `seed`) and to
issue logins (`credentials`); the emulator's listeners tell it where each registry answers.
"""

from __future__ import annotations

from collections.abc import Callable

from ..clock import Clock
from .blobs import BlobStore
from .content import RegistryContent
from .credentials import Credentials
from .keys import RegistryKey
from .seeded import BuiltImage, ImageSpec, build


class RegistryHub:
    def __init__(self, clock: Clock, endpoints: Callable[[RegistryKey], str | None]) -> None:
        self.store = BlobStore()
        self.credentials = Credentials(clock)
        self._endpoints = endpoints

    def endpoint(self, key: RegistryKey) -> str | None:
        """``127.0.0.1:<port>`` where the registry answers (None when no server runs)."""
        return self._endpoints(key)

    def new_content(self) -> RegistryContent:
        return RegistryContent(self.store)

    def seed(self, content: RegistryContent, repository: str, spec: ImageSpec) -> BuiltImage:
        """Build a seeded image into ``content`` (its manifests and blobs; tags are the caller's)."""
        built = build(spec, self.store)
        content.add(repository, built.manifests, built.blobs)
        return built

    def close(self) -> None:
        self.store.close()
