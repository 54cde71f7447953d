"""Manifests as registries read them: media types, the descriptors they reference, their subject.

Image manifests and image indexes, OCI (image-spec 1.1) and Docker (schema 2 manifest and manifest
list). A registry needs from a manifest what it must check before accepting it (the blobs and
manifests it references, the ``data`` of its descriptors) and what the referrers API reports
(``subject``, ``artifactType``, ``annotations``); the bytes themselves are kept exactly as pushed,
since their digest is the manifest's name.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass, field
from typing import Any

from . import digests
from .errors import ManifestInvalid

OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_INDEX = "application/vnd.oci.image.index.v1+json"
DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json"
DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json"
IMAGES = frozenset({OCI_MANIFEST, DOCKER_MANIFEST})
INDEXES = frozenset({OCI_INDEX, DOCKER_LIST})
MEDIA_TYPES = IMAGES | INDEXES

OCI_CONFIG = "application/vnd.oci.image.config.v1+json"
DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json"
OCI_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip"
DOCKER_LAYER = "application/vnd.docker.image.rootfs.diff.tar.gzip"
EMPTY_JSON = "application/vnd.oci.empty.v1+json"
# Layers a registry does not hold (image-spec 1.1 deprecates them, but manifests still carry them).
FOREIGN_LAYER_PREFIXES = (
    "application/vnd.oci.image.layer.nondistributable.",
    "application/vnd.docker.image.rootfs.foreign.",
)


@dataclass(frozen=True)
class Descriptor:
    media_type: str
    digest: str
    size: int
    artifact_type: str | None = None
    annotations: dict[str, str] = field(default_factory=dict)
    platform: dict[str, Any] | None = None

    @property
    def foreign(self) -> bool:
        return self.media_type.startswith(FOREIGN_LAYER_PREFIXES)

    def to_json(self) -> dict[str, Any]:
        doc: dict[str, Any] = {"mediaType": self.media_type, "digest": self.digest, "size": self.size}
        if self.platform:
            doc["platform"] = self.platform
        if self.artifact_type:
            doc["artifactType"] = self.artifact_type
        if self.annotations:
            doc["annotations"] = self.annotations
        return doc


@dataclass(frozen=True)
class Manifest:
    digest: str
    media_type: str
    raw: bytes
    blobs: tuple[Descriptor, ...] = ()  # config and layers of an image
    children: tuple[Descriptor, ...] = ()  # manifests of an index
    subject: Descriptor | None = None
    artifact_type: str | None = None  # as the referrers API reports it
    annotations: dict[str, str] = field(default_factory=dict)

    @property
    def is_index(self) -> bool:
        return self.media_type in INDEXES

    @property
    def size(self) -> int:
        return len(self.raw)

    def descriptor(self) -> Descriptor:
        """This manifest as a referrers list entry describes it."""
        return Descriptor(self.media_type, self.digest, self.size, self.artifact_type, self.annotations)


def parse(raw: bytes, content_type: str, digest: str) -> Manifest:
    """Check a pushed manifest and read what the registry needs from it. Raises `ManifestInvalid`."""
    try:
        doc = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise ManifestInvalid("the manifest is not valid JSON") from None
    if not isinstance(doc, dict):
        raise ManifestInvalid("the manifest must be a JSON object")
    declared = doc.get("mediaType")
    media_type = content_type or (declared if isinstance(declared, str) else "")
    if media_type not in MEDIA_TYPES:
        raise ManifestInvalid(
            f"unsupported manifest media type {media_type!r}", {"supported": sorted(MEDIA_TYPES)}
        )
    if declared is not None and declared != media_type:
        raise ManifestInvalid(f"the manifest's mediaType {declared!r} is not its Content-Type {media_type!r}")
    if doc.get("schemaVersion") != 2:
        raise ManifestInvalid("schemaVersion must be 2")
    subject = _descriptor(doc["subject"], "subject") if doc.get("subject") is not None else None
    annotations = _annotations(doc.get("annotations"), "annotations")
    artifact_type = _optional_text(doc, "artifactType")
    if media_type in INDEXES:
        children = tuple(
            _descriptor(item, f"manifests[{i}]") for i, item in enumerate(_list(doc, "manifests"))
        )
        return Manifest(digest, media_type, raw, (), children, subject, artifact_type, annotations)
    if "config" not in doc:
        raise ManifestInvalid("an image manifest needs a config descriptor")
    config = _descriptor(doc["config"], "config")
    layers = tuple(_descriptor(item, f"layers[{i}]") for i, item in enumerate(_list(doc, "layers")))
    return Manifest(
        digest,
        media_type,
        raw,
        (config, *layers),
        (),
        subject,
        artifact_type or config.media_type,
        annotations,
    )


def _descriptor(doc: Any, where: str) -> Descriptor:
    if not isinstance(doc, dict):
        raise ManifestInvalid(f"{where} must be a descriptor object")
    media_type, digest, size = doc.get("mediaType"), doc.get("digest"), doc.get("size")
    if not isinstance(media_type, str) or not media_type:
        raise ManifestInvalid(f"{where}.mediaType is required")
    if not isinstance(digest, str) or not digests.is_digest(digest):
        raise ManifestInvalid(f"{where}.digest {digest!r} is not a digest")
    if isinstance(size, bool) or not isinstance(size, int) or size < 0:
        raise ManifestInvalid(f"{where}.size must be a non-negative integer")
    if doc.get("data") is not None:
        _check_data(doc["data"], digest, size, where)
    platform = doc.get("platform")
    return Descriptor(
        media_type,
        digest,
        size,
        _optional_text(doc, "artifactType"),
        _annotations(doc.get("annotations"), f"{where}.annotations"),
        platform if isinstance(platform, dict) else None,
    )


def _check_data(data: Any, digest: str, size: int, where: str) -> None:
    """Embedded content must be what the descriptor says (image-spec 1.1, descriptor ``data``)."""
    try:
        content = base64.b64decode(data, validate=True) if isinstance(data, str) else None
    except (binascii.Error, ValueError):
        content = None
    if content is None:
        raise ManifestInvalid(f"{where}.data is not base64")
    algorithm = digest.split(":", 1)[0]
    if len(content) != size or digests.of(content, algorithm) != digest:
        raise ManifestInvalid(f"{where}.data does not match its digest and size")


def _list(doc: dict[str, Any], key: str) -> list[Any]:
    value = doc.get(key, [])
    if not isinstance(value, list):
        raise ManifestInvalid(f"{key} must be a list")
    return value


def _optional_text(doc: dict[str, Any], key: str) -> str | None:
    value = doc.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ManifestInvalid(f"{key} must be a string")
    return value or None


def _annotations(value: Any, where: str) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise ManifestInvalid(f"{where} must map strings to strings")
    return dict(value)
