"""Seeded images: small real images built deterministically from their names.

Every seeded tag is a real image: an OCI (or Docker) manifest, a config blob and layers whose
bytes derive from the image's label (by default ``namespace/repository:tag``), so the same names
give the same digest in every service and region. A seed may ask for layer sizes (big layers are
generated on demand, see `generated`), for a total size as the clouds report it (config + layers),
for an image index of several platforms, for OCI 1.1 referrers (artifacts whose ``subject`` is the
image) and for signatures in cosign's tag scheme (``sha256-<hex>.sig``/``.att``, see
https://github.com/sigstore/cosign/blob/main/specs/SIGNATURE_SPEC.md). Layers are deterministic
bytes, not unpackable file systems: what registries and copy tools move, never unpack.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from . import digests
from .generated import GeneratedBytes
from .manifests import (
    DOCKER_CONFIG,
    DOCKER_LAYER,
    DOCKER_LIST,
    DOCKER_MANIFEST,
    EMPTY_JSON,
    OCI_CONFIG,
    OCI_INDEX,
    OCI_LAYER,
    OCI_MANIFEST,
    Manifest,
    parse,
)

SMALL_LAYER = 64 * 1024  # layers up to this size are built in memory, bigger ones generated on demand
PLACEHOLDER = "sha256:" + "0" * 64
FORMATS = {
    "oci": (OCI_MANIFEST, OCI_CONFIG, OCI_LAYER, OCI_INDEX),
    "docker": (DOCKER_MANIFEST, DOCKER_CONFIG, DOCKER_LAYER, DOCKER_LIST),
}
SIGNATURE_LAYERS = {
    "sig": "application/vnd.dev.cosign.simplesigning.v1+json",
    "att": "application/vnd.dsse.envelope.v1+json",
    "sbom": "text/spdx+json",
}


@dataclass(frozen=True)
class ReferrerSpec:
    artifact_type: str
    annotations: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ImageSpec:
    label: str
    layers: tuple[int, ...] | None = None
    size: int | None = None  # total of config and layers, as the clouds report it
    platforms: tuple[str, ...] = ()  # an image index of one image per platform when not empty
    format: str = "oci"
    referrers: tuple[ReferrerSpec, ...] = ()
    signatures: tuple[str, ...] = ()  # cosign tag-scheme suffixes: "sig", "att", "sbom"


@dataclass(frozen=True)
class BuiltImage:
    digest: str
    size: int
    manifests: tuple[Manifest, ...]  # children before the manifests that list them
    blobs: tuple[str, ...]
    tags: tuple[tuple[str, str, int], ...] = ()  # extra (tag, digest, size): signature-scheme tags


class Sink(Protocol):
    """Where built blobs go: a `BlobStore`, or `DigestsOnly` to learn digests without keeping bytes."""

    def put_bytes(self, data: bytes, algorithm: str = ...) -> str: ...

    def put_generated(self, generated: GeneratedBytes) -> str: ...


class DigestsOnly:
    def put_bytes(self, data: bytes, algorithm: str = digests.CANONICAL) -> str:
        return digests.of(data, algorithm)

    def put_generated(self, generated: GeneratedBytes) -> str:
        return generated.digest


class SizeTooSmall(ValueError):
    """A requested total size below what the config alone takes."""


def build(spec: ImageSpec, sink: Sink) -> BuiltImage:
    builder = _Builder(spec, sink)
    if spec.platforms:
        images = [builder.image(platform) for platform in spec.platforms]
        top = builder.index(images, spec.platforms)
    else:
        top = builder.image(None)
    for referrer in spec.referrers:
        builder.referrer(top, referrer)
    tags = tuple(builder.signature(top, suffix) for suffix in spec.signatures)
    return BuiltImage(
        top.digest, builder.sizes[top.digest], tuple(builder.manifests), tuple(builder.blobs), tags
    )


def seeded_digest(label: str, **spec: Any) -> str:
    """The digest a seeded tag gets (``label`` is ``namespace/repository:tag`` unless it names one)."""
    return build(ImageSpec(label, **spec), DigestsOnly()).digest


class _Builder:
    def __init__(self, spec: ImageSpec, sink: Sink) -> None:
        self.spec = spec
        self.sink = sink
        self.manifest_type, self.config_type, self.layer_type, self.index_type = FORMATS[spec.format]
        self.manifests: list[Manifest] = []
        self.blobs: list[str] = []
        self.sizes: dict[str, int] = {}  # manifest digest -> image size as the clouds report it

    def image(self, platform: str | None) -> Manifest:
        os_name, _, rest = (platform or "linux/amd64").partition("/")
        architecture, _, variant = rest.partition("/")
        config_doc: dict[str, Any] = {"architecture": architecture, "os": os_name}
        if variant:
            config_doc["variant"] = variant
        sizes = self._layer_sizes(config_doc)
        layers = [
            self._layer(f"{self.spec.label}|{platform or ''}|{i}", size) for i, size in enumerate(sizes)
        ]
        config = _json({**config_doc, **_rootfs([digest for digest, _ in layers]), **self._labels()})
        config_digest = self._blob(config)
        doc = {
            "schemaVersion": 2,
            "mediaType": self.manifest_type,
            "config": {"mediaType": self.config_type, "digest": config_digest, "size": len(config)},
            "layers": [{"mediaType": self.layer_type, "digest": d, "size": s} for d, s in layers],
        }
        manifest = self._manifest(doc)
        self.sizes[manifest.digest] = len(config) + sum(size for _, size in layers)
        return manifest

    def index(self, images: list[Manifest], platforms: tuple[str, ...]) -> Manifest:
        entries = []
        for manifest, platform in zip(images, platforms, strict=True):
            os_name, _, rest = platform.partition("/")
            architecture, _, variant = rest.partition("/")
            described: dict[str, Any] = {"architecture": architecture, "os": os_name}
            if variant:
                described["variant"] = variant
            entries.append(
                {
                    "mediaType": manifest.media_type,
                    "digest": manifest.digest,
                    "size": manifest.size,
                    "platform": described,
                }
            )
        index = self._manifest({"schemaVersion": 2, "mediaType": self.index_type, "manifests": entries})
        self.sizes[index.digest] = sum(self.sizes[manifest.digest] for manifest in images)
        return index

    def referrer(self, subject: Manifest, referrer: ReferrerSpec) -> Manifest:
        payload = _json({"artifactType": referrer.artifact_type, "subject": subject.digest})
        doc: dict[str, Any] = {
            "schemaVersion": 2,
            "mediaType": OCI_MANIFEST,
            "artifactType": referrer.artifact_type,
            "config": {"mediaType": EMPTY_JSON, "digest": self._blob(b"{}"), "size": 2},
            "layers": [
                {"mediaType": "application/json", "digest": self._blob(payload), "size": len(payload)}
            ],
            "subject": {"mediaType": subject.media_type, "digest": subject.digest, "size": subject.size},
        }
        if referrer.annotations:
            doc["annotations"] = dict(referrer.annotations)
        return self._manifest(doc)

    def signature(self, subject: Manifest, suffix: str) -> tuple[str, str, int]:
        payload = _json(
            {
                "critical": {
                    "identity": {"docker-reference": self.spec.label.rpartition(":")[0]},
                    "image": {"docker-manifest-digest": subject.digest},
                    "type": f"cosign container image {suffix}",
                },
                "optional": None,
            }
        )
        config = _json({"architecture": "", "os": "", **_rootfs([digests.of(payload)])})
        layer_type = SIGNATURE_LAYERS.get(suffix, "application/octet-stream")
        doc = {
            "schemaVersion": 2,
            "mediaType": OCI_MANIFEST,
            "config": {"mediaType": OCI_CONFIG, "digest": self._blob(config), "size": len(config)},
            "layers": [{"mediaType": layer_type, "digest": self._blob(payload), "size": len(payload)}],
        }
        manifest = self._manifest(doc)
        algorithm, encoded = subject.digest.split(":", 1)
        return f"{algorithm}-{encoded}.{suffix}", manifest.digest, len(config) + len(payload)

    def _layer_sizes(self, config_doc: dict[str, Any]) -> list[int]:
        if self.spec.layers is not None:
            return list(self.spec.layers)
        if self.spec.size is None:
            # A default layer of 1 to 2 KiB, its size derived from the label like its bytes.
            return [1024 + int(digests.of(self.spec.label.encode())[7:10], 16) % 1024]
        config_size = len(_json({**config_doc, **_rootfs([PLACEHOLDER]), **self._labels()}))
        if self.spec.size < config_size:
            raise SizeTooSmall(f"size must be at least {config_size} (the config alone)")
        return [self.spec.size - config_size]

    def _labels(self) -> dict[str, Any]:
        return {"config": {"Labels": {"org.opencontainers.image.title": self.spec.label}}}

    def _layer(self, seed: str, size: int) -> tuple[str, int]:
        generated = GeneratedBytes(seed, size)
        if size <= SMALL_LAYER:
            digest = self._blob(b"".join(generated.chunks()))
        else:
            digest = self.sink.put_generated(generated)
            self.blobs.append(digest)
        return digest, size

    def _blob(self, data: bytes) -> str:
        digest = self.sink.put_bytes(data)
        self.blobs.append(digest)
        return digest

    def _manifest(self, doc: dict[str, Any]) -> Manifest:
        raw = _json(doc)
        manifest = parse(raw, doc["mediaType"], digests.of(raw))
        self.manifests.append(manifest)
        return manifest


def _rootfs(diff_ids: list[str]) -> dict[str, Any]:
    return {"rootfs": {"type": "layers", "diff_ids": diff_ids}}


def _json(doc: Any) -> bytes:
    return json.dumps(doc, separators=(",", ":"), ensure_ascii=False).encode()
