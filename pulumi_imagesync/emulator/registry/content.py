"""What one registry holds, repository by repository: manifests by digest and links to blobs.

Tags are not here: they belong to the cloud that owns the registry (``hosts``), so that a push
through the OCI API and a tag written by a cloud API are one and the same event. A repository's
blobs are links into the world's `BlobStore`; deleting a blob removes the link only.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from .blobs import BlobStore
from .errors import ManifestBlobUnknown
from .manifests import Descriptor, Manifest
from .uploads import UploadSession


@dataclass
class RepositoryContent:
    manifests: dict[str, Manifest] = field(default_factory=dict)
    blobs: set[str] = field(default_factory=set)

    def referrers(self, subject: str) -> list[Manifest]:
        return [m for m in self.manifests.values() if m.subject is not None and m.subject.digest == subject]


class RegistryContent:
    def __init__(self, store: BlobStore) -> None:
        self.store = store
        self.repositories: dict[str, RepositoryContent] = {}
        self.uploads: dict[str, UploadSession] = {}

    def repository(self, name: str) -> RepositoryContent | None:
        return self.repositories.get(name)

    def ensure(self, name: str) -> RepositoryContent:
        return self.repositories.setdefault(name, RepositoryContent())

    # --- blobs ---------------------------------------------------------------------------------

    def has_blob(self, repository: str, digest: str) -> bool:
        repo = self.repositories.get(repository)
        return repo is not None and digest in repo.blobs and digest in self.store

    def link_blob(self, repository: str, digest: str) -> None:
        self.ensure(repository).blobs.add(digest)

    # --- manifests -----------------------------------------------------------------------------

    def manifest(self, repository: str, digest: str) -> Manifest | None:
        repo = self.repositories.get(repository)
        return None if repo is None else repo.manifests.get(digest)

    def put_manifest(self, repository: str, manifest: Manifest) -> None:
        """Store a manifest whose references are in the repository (`ManifestBlobUnknown` otherwise)."""
        repo = self.repositories.get(repository) or RepositoryContent()
        for blob in manifest.blobs:
            if not blob.foreign and not self.has_blob(repository, blob.digest):
                raise ManifestBlobUnknown(
                    f"blob {blob.digest} is not in {repository}", {"digest": blob.digest}
                )
        for child in manifest.children:
            if child.digest not in repo.manifests:
                raise ManifestBlobUnknown(
                    f"manifest {child.digest} is not in {repository}", {"digest": child.digest}
                )
        self.ensure(repository).manifests[manifest.digest] = manifest

    def image_size(self, repository: str, digest: str) -> int:
        """What the clouds report as an image's size: its config and layers (an index: its images')."""
        manifest = self.manifest(repository, digest)
        if manifest is None:
            return 0
        return sum(blob.size for blob in manifest.blobs) + sum(
            self.image_size(repository, child.digest) for child in manifest.children
        )

    def image_id(self, repository: str, digest: str) -> str:
        """What the clouds call an image's id: its config's digest, hex only (an index has no
        config, nor an image the registry has no manifest of: their own digest stands in)."""
        manifest = self.manifest(repository, digest)
        config = manifest.blobs[0].digest if manifest is not None and manifest.blobs else digest
        return config.split(":", 1)[1]

    def blobs_of(self, repository: str, digest: str) -> list[Descriptor]:
        """Every blob an image pulls (for an index, those of each of its images), in manifest order."""
        found: list[Descriptor] = []
        for manifest in self._closure(repository, digest):
            found.extend(blob for blob in manifest.blobs if not blob.foreign)
        return found

    # --- copies between registries -------------------------------------------------------------

    def copy_image(
        self, repository: str, digest: str, target: RegistryContent, target_repository: str
    ) -> None:
        """Give ``target`` an image (its manifests, children first, and blobs), as a replication does."""
        for manifest in reversed(list(self._closure(repository, digest))):
            for blob in manifest.blobs:
                if not blob.foreign and blob.digest in self.store:
                    target.link_blob(target_repository, blob.digest)
            target.ensure(target_repository).manifests[manifest.digest] = manifest

    def _closure(self, repository: str, digest: str) -> Iterator[Manifest]:
        """The manifest and, depth first, the manifests it lists (those the repository has)."""
        manifest = self.manifest(repository, digest)
        if manifest is None:
            return
        yield manifest
        for child in manifest.children:
            yield from self._closure(repository, child.digest)

    def add(self, repository: str, manifests: Iterable[Manifest], blobs: Iterable[str]) -> None:
        """Link blobs already in the store and store manifests already checked (seeded images)."""
        repo = self.ensure(repository)
        repo.blobs.update(blobs)
        for manifest in manifests:
            repo.manifests[manifest.digest] = manifest
