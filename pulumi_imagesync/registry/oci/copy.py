"""One image copied between registries: what to copy (`plan`), then the content, then the tag.

The plan reads the source: its manifest, and for an image index the manifests of the platforms
copied. Content goes first — blobs, then the image manifests and the top manifest by digest, then
(with `include_referrers`) the artifacts that refer to the image — and the destination tag is
written last, so that a tag never names content the registry does not hold, and a copy that
fails before its end has changed no tag. Manifests are pushed byte for byte: their digests are
the source's. A subset of an index's platforms makes a new index (of the same entries, fewer):
its digest is its own.

Signatures in cosign's tag scheme are tags of their own (`sha256-<hex>.sig`, `.att`, `.sbom`):
the provider decides whose they are before they are written (`signature_tags`,
`copy_signature`); OCI 1.1 referrers are untagged manifests whose `subject` is the image,
listed by the registry's referrers API (or, where a source registry has none, by an index at the
referrers tag schema's `sha256-<hex>`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ...provider.errors import CloudError, InputError
from ...provider.waiting import Deadline
from . import media
from .client import RegistryClient
from .transfer import Progress, Route, copy_blobs


@dataclass(frozen=True)
class Plan:
    """What a copy writes at the destination tag, and everything that manifest needs."""

    source_digest: str
    top: media.Manifest
    images: tuple[media.Manifest, ...]  # image manifests (the top's, or the index entries copied)
    indexes: tuple[media.Manifest, ...]  # nested indexes copied whole, before the top
    platforms: tuple[str, ...]

    @property
    def whole(self) -> bool:
        """Whether the destination gets the source's own digest (not a subset index)."""
        return self.top.digest == self.source_digest

    @property
    def size(self) -> int:
        return sum(image.size for image in self.images)

    @property
    def blobs(self) -> list[media.Descriptor]:
        return [blob for image in self.images for blob in image.blobs]


class ImageCopier:
    def __init__(self, route: Route, progress: Progress, deadline: Deadline) -> None:
        self.route = route
        self.progress = progress
        self.deadline = deadline

    @property
    def source(self) -> RegistryClient:
        return self.route.source

    @property
    def destination(self) -> RegistryClient:
        return self.route.destination

    # -- what to copy ----------------------------------------------------------------------------

    def plan(
        self, reference: str, platforms: Sequence[str] | None, known: Mapping[str, str] | None = None
    ) -> Plan:
        """What to copy. ``known``: the platforms of single images already read (digest ->
        platform), so that copying an image again reads nothing but its manifest."""
        top = self.source.get_manifest(self.route.source_repository, reference)
        if not top.is_index:
            platform = (known or {}).get(top.digest) or self._platform_of(top)
            if platforms and not any(media.matches(p, platform) for p in platforms):
                raise InputError(
                    "platforms",
                    f"the source is a single image for {platform or 'an unknown platform'}, not "
                    f"{', '.join(platforms)}",
                )
            return Plan(top.digest, top, (top,), (), (platform,) if platform else ())
        chosen = list(top.children)
        written = top
        if platforms:
            chosen, missing = media.select(top, platforms)
            if missing:
                offered = ", ".join(c.platform or c.digest for c in top.children)
                raise InputError(
                    "platforms", f"the source index has no {', '.join(missing)} (it has {offered})"
                )
            if {c.digest for c in chosen} != {c.digest for c in top.children}:
                written = media.subset_index(top, chosen)
        images: list[media.Manifest] = []
        indexes: list[media.Manifest] = []
        for entry in chosen:
            self._collect(entry.digest, images, indexes)
        names = tuple(dict.fromkeys(c.platform for c in chosen if c.platform))
        return Plan(top.digest, written, tuple(images), tuple(indexes), names)

    def _collect(self, digest: str, images: list[media.Manifest], indexes: list[media.Manifest]) -> None:
        manifest = self.source.get_manifest(self.route.source_repository, digest)
        if manifest.is_index:  # an index inside an index: copied whole
            for child in manifest.children:
                self._collect(child.digest, images, indexes)
            indexes.append(manifest)
        else:
            images.append(manifest)

    def _platform_of(self, image: media.Manifest) -> str | None:
        """A single image's platform, from its config (`os`, `architecture`, `variant`)."""
        config = image.blobs[0] if image.blobs else None
        if config is None or config.size > 1 << 20 or "json" not in config.media_type:
            return None
        with self.source.open_blob(self.route.source_repository, config.digest) as answer:
            raw = answer.read()
        try:
            return media.platform_name(json.loads(raw))
        except ValueError:
            return None

    # -- the content ------------------------------------------------------------------------------

    def copy_content(self, plan: Plan) -> None:
        """Blobs, then the manifests an index lists, by digest; not the top one (the tag writes it)."""
        self.progress.plan(len({b.digest for b in plan.blobs if not b.foreign}), plan.size)
        copy_blobs(self.route, plan.blobs, self.progress, self.deadline)
        repository = self.route.destination_repository
        for manifest in (*plan.images, *plan.indexes):
            if manifest is not plan.top:
                self.destination.put_manifest(repository, manifest.digest, manifest)

    def tag(self, plan: Plan, tag: str) -> None:
        """Write the destination tag: the last step of a copy (safe to repeat: the same bytes)."""
        repository = self.route.destination_repository
        self.destination.put_manifest(
            repository,
            tag,
            plan.top,
            already_applied=lambda: self.destination.manifest_digest(repository, tag) == plan.top.digest,
        )

    def held(self, tag: str) -> str | None:
        return self.destination.manifest_digest(self.route.destination_repository, tag)

    # -- referrers and signatures -------------------------------------------------------------------

    def copy_referrers(self, subject: str) -> tuple[list[str], bool]:
        """Copy the OCI 1.1 referrers of `subject` (by digest); the digests copied, and whether the
        destination lists them (it answers `OCI-Subject`: it has the referrers API)."""
        source_repository = self.route.source_repository
        found = self.source.referrers(source_repository, subject)
        if found is None:  # no referrers API: the referrers tag schema's index, if any
            try:
                fallback = self.source.get_manifest(source_repository, media.referrers_tag(subject))
            except CloudError as error:
                if not error.not_found:
                    raise
                fallback = None
            found = list(fallback.children) if fallback is not None else []
        copied, listed = [], True
        for entry in found:
            manifest = self.source.get_manifest(source_repository, entry.digest)
            listed = self._copy_manifest(manifest, manifest.digest) and listed
            copied.append(manifest.digest)
        return copied, listed

    def signature_tags(self, subject: str) -> list[tuple[str, media.Manifest]]:
        """The source's cosign tag-scheme tags of `subject`: (tag, manifest)."""
        found = []
        for tag in media.cosign_tags(subject):
            try:
                found.append((tag, self.source.get_manifest(self.route.source_repository, tag)))
            except CloudError as error:
                if not error.not_found:
                    raise
        return found

    def copy_signature(self, tag: str, manifest: media.Manifest) -> None:
        self._copy_manifest(manifest, tag)

    def _copy_manifest(self, manifest: media.Manifest, reference: str) -> bool:
        """A small artifact: its blobs, then the manifest itself at `reference`."""
        self.progress.plan(len(manifest.blobs), manifest.size)
        copy_blobs(self.route, manifest.blobs, self.progress, self.deadline)
        return self.destination.put_manifest(self.route.destination_repository, reference, manifest)
