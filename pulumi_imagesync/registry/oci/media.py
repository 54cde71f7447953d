"""Manifests as a copy reads them: media types, what an image references, platforms of an index.

A copy moves manifests byte for byte (their digest is the digest of their bytes), so a manifest is
kept as the registry sent it and parsed only to learn what it references. OCI image-spec 1.1 and
Docker schema 2 (manifest and manifest list) are understood; schema 1 (signed, pre-2017) is not.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_INDEX = "application/vnd.oci.image.index.v1+json"
DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json"
DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json"
IMAGES = frozenset({OCI_MANIFEST, DOCKER_MANIFEST})
INDEXES = frozenset({OCI_INDEX, DOCKER_LIST})
ACCEPT = ", ".join([OCI_INDEX, DOCKER_LIST, OCI_MANIFEST, DOCKER_MANIFEST])
"""What a copy asks a registry for: every kind it can copy, so that none converts an index."""

# Layers a registry is not expected to hold: their descriptors carry `urls` to fetch them from
# (image-spec 1.1 "non-distributable" layers, Docker's foreign layers).
FOREIGN_PREFIXES = (
    "application/vnd.oci.image.layer.nondistributable.",
    "application/vnd.docker.image.rootfs.foreign.",
)


class ManifestError(ValueError):
    """A manifest this copy cannot read."""


def digest_of(raw: bytes, algorithm: str = "sha256") -> str:
    return f"{algorithm}:{hashlib.new(algorithm, raw).hexdigest()}"


@dataclass(frozen=True)
class Descriptor:
    media_type: str
    digest: str
    size: int
    platform: str | None = None  # of an index entry: os/architecture[/variant]
    foreign: bool = False


@dataclass(frozen=True)
class Manifest:
    raw: bytes
    media_type: str
    digest: str
    blobs: tuple[Descriptor, ...] = ()  # config and layers (an image)
    children: tuple[Descriptor, ...] = ()  # manifests (an index)
    artifact_type: str | None = None
    subject: str | None = None  # the digest of the manifest this one refers to

    @property
    def is_index(self) -> bool:
        return self.media_type in INDEXES

    @property
    def size(self) -> int:
        """What an image takes: its config and layers (the clouds' "image size")."""
        return sum(blob.size for blob in self.blobs)


def parse(raw: bytes, content_type: str | None, digest: str | None = None) -> Manifest:
    """Read a manifest's references. `digest`: the one it was asked for (checked against its bytes)."""
    try:
        doc = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise ManifestError("the manifest is not JSON") from None
    if not isinstance(doc, dict):
        raise ManifestError("the manifest is not a JSON object")
    declared = doc.get("mediaType")
    media_type = (content_type or "").split(";", 1)[0].strip()
    if media_type not in IMAGES | INDEXES:
        media_type = declared if isinstance(declared, str) else ""
    if media_type not in IMAGES | INDEXES:
        if doc.get("schemaVersion") == 1:
            raise ManifestError(
                "Docker schema 1 manifests cannot be copied (push the image again with a current client)"
            )
        raise ManifestError(f"unsupported manifest media type {content_type or declared!r}")
    algorithm = digest.split(":", 1)[0] if digest else "sha256"
    actual = digest_of(raw, algorithm)
    if digest is not None and actual != digest:
        raise ManifestError(f"the manifest's bytes have digest {actual}, not {digest}")
    subject = doc.get("subject")
    subject_digest = subject.get("digest") if isinstance(subject, dict) else None
    artifact = doc.get("artifactType")
    if media_type in INDEXES:
        children = tuple(_descriptor(item) for item in _items(doc, "manifests"))
        return Manifest(raw, media_type, actual, (), children, artifact, subject_digest)
    config = doc.get("config")
    if not isinstance(config, dict):
        raise ManifestError("an image manifest needs a config descriptor")
    blobs = (_descriptor(config), *(_descriptor(layer) for layer in _items(doc, "layers")))
    return Manifest(raw, media_type, actual, blobs, (), artifact, subject_digest)


def _items(doc: dict[str, Any], key: str) -> list[dict[str, Any]]:
    items = doc.get(key) or []
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise ManifestError(f"{key} must be a list of descriptors")
    return items


def _descriptor(doc: dict[str, Any]) -> Descriptor:
    media_type, digest, size = doc.get("mediaType"), doc.get("digest"), doc.get("size")
    if not isinstance(digest, str) or ":" not in digest or not isinstance(size, int) or size < 0:
        raise ManifestError(f"a descriptor without a digest and size: {json.dumps(doc)[:200]}")
    media = str(media_type or "")
    return Descriptor(
        media,
        digest,
        size,
        platform_name(doc.get("platform")),
        media.startswith(FOREIGN_PREFIXES) and bool(doc.get("urls")),
    )


def platform_name(platform: Any) -> str | None:
    """`os/architecture[/variant]` of an index entry's platform object."""
    if not isinstance(platform, dict) or not platform.get("os") or not platform.get("architecture"):
        return None
    parts = [str(platform["os"]), str(platform["architecture"])]
    if platform.get("variant"):
        parts.append(str(platform["variant"]))
    return "/".join(parts)


def matches(wanted: str, platform: str | None) -> bool:
    """Whether a requested platform names an index entry's: `linux/arm64` is `linux/arm64/v8` too
    (a request without a variant takes any), as container runtimes match them."""
    if platform is None:
        return False
    want = wanted.split("/")
    have = platform.split("/")
    return want[:2] == have[:2] and (len(want) == 2 or want[2:] == have[2:])


def select(index: Manifest, wanted: Sequence[str]) -> tuple[list[Descriptor], list[str]]:
    """The entries of `index` the requested platforms name, and the requests that name none."""
    chosen = [entry for entry in index.children if any(matches(w, entry.platform) for w in wanted)]
    missing = [w for w in wanted if not any(matches(w, entry.platform) for entry in index.children)]
    return chosen, missing


def same_platforms(wanted: Iterable[str], held: Iterable[str]) -> bool:
    """Whether requested platforms and the platforms a copy holds are the same choice."""
    held = list(held)
    wanted = list(wanted)
    return all(any(matches(w, h) for h in held) for w in wanted) and all(
        any(matches(w, h) for w in wanted) for h in held
    )


def subset_index(index: Manifest, chosen: Sequence[Descriptor]) -> Manifest:
    """A new index of `index`'s chosen entries (every other field kept): it has a digest of its own."""
    doc = json.loads(index.raw)
    keep = {entry.digest for entry in chosen}
    doc["manifests"] = [item for item in doc["manifests"] if item.get("digest") in keep]
    raw = json.dumps(doc, separators=(",", ":"), ensure_ascii=False).encode()
    return parse(raw, index.media_type)


def referrers_tag(digest: str) -> str:
    """The referrers tag schema's tag for a digest (distribution-spec v1.1): `sha256-<hex>`."""
    algorithm, _, encoded = digest.partition(":")
    return f"{algorithm}-{encoded}"[:128]


COSIGN_SUFFIXES = ("sig", "att", "sbom")
"""cosign's tag scheme: `sha256-<hex>.sig` / `.att` / `.sbom` next to the image
(https://github.com/sigstore/cosign/blob/main/specs/SIGNATURE_SPEC.md)."""


def cosign_tags(digest: str) -> list[str]:
    return [f"{referrers_tag(digest)}.{suffix}" for suffix in COSIGN_SUFFIXES]


def referrer_descriptors(raw: bytes) -> list[Descriptor]:
    """The entries of a referrers list (the API's answer, or an index at the referrers tag)."""
    try:
        doc = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise ManifestError("the referrers list is not JSON") from None
    if not isinstance(doc, dict):
        raise ManifestError("the referrers list is not a JSON object")
    return [_descriptor(item) for item in _items(doc, "manifests")]
