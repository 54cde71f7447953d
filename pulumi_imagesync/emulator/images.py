"""Container images as every emulated registry service seeds them: repositories, tags, real images.

A seeded tag is a real image (``registry.seeded``): its digest is the sha256 of a real manifest,
whose content derives from ``namespace/repository:tag`` unless the tag names another ``image``
label, so the same names give the same image in every service and region (a copy is then
recognisable by its digest). A tag's document::

    {"image": "<label>"?, "size": <bytes>? | "layers": [<bytes>, ...]?,
     "platforms": ["linux/amd64", "linux/arm64/v8"]?, "format": "oci" | "docker"?,
     "referrers": [{"artifact_type": "...", "annotations": {...}?}]?,
     "signatures": ["sig", "att", "sbom"]?, "digest": "sha256:..."?}
    {"digest": "sha256:...", "size": <bytes>?, "opaque": true}

``size`` is the image's size as the clouds report it (config + layers, one layer); ``layers`` the
size of each layer (big ones are generated on demand, never held in memory); ``platforms`` make an
image index; ``referrers`` OCI 1.1 artifacts whose subject is the image; ``signatures`` cosign
tag-scheme tags (``sha256-<hex>.sig``); ``digest`` must be the digest the rest gives (a check, so
that a fixture can pin it). An ``opaque`` tag holds the ``digest`` it names and nothing else: no
registry has its manifest (for states recorded before the emulator's registries had content, whose
digests no content can have); copies move the tag alone. Repository names may contain ``/``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .docparse import expect_list, expect_object, optional_text, required_text
from .errors import AdminError
from .registry.content import RegistryContent
from .registry.digests import is_digest
from .registry.hub import RegistryHub
from .registry.seeded import (
    FORMATS,
    SIGNATURE_LAYERS,
    DigestsOnly,
    ImageSpec,
    ReferrerSpec,
    SizeTooSmall,
    build,
)

PLATFORM = re.compile(r"^[a-z0-9]+/[a-z0-9_]+(/[a-z0-9]+)?$")
TAG_KEYS = {"image", "size", "layers", "platforms", "format", "referrers", "signatures", "digest", "opaque"}


@dataclass(frozen=True)
class SeedTag:
    name: str
    image: ImageSpec | None  # None: an opaque tag, which holds `digest` and `size` only
    digest: str = ""
    size: int = 0


@dataclass(frozen=True)
class SeedRepository:
    name: str
    tags: tuple[SeedTag, ...]


def parse_repositories(doc: Mapping[str, Any], where: str, namespace: str) -> tuple[SeedRepository, ...]:
    """``doc["repositories"]``: ``[{"name", "tags": {"<tag>": {...}}}]``."""
    return tuple(
        _repository(repo, f"{where}.repositories[{j}]", namespace)
        for j, repo in enumerate(expect_list(doc, "repositories", where))
    )


def parse_repository_name(doc: Mapping[str, Any], where: str) -> str:
    name = required_text(doc, "name", where)
    if name.startswith("/") or name.endswith("/") or "//" in name:
        raise AdminError(f"{where}.name: {name!r} is not a repository name")
    return name


def parse_tags(doc: Mapping[str, Any], where: str, path: str) -> tuple[SeedTag, ...]:
    """``doc["tags"]``: ``{"<tag>": {...}}`` of the repository ``path`` (``namespace/name``)."""
    tags = expect_object(doc.get("tags") or {}, f"{where}.tags")
    return tuple(_tag(tag, spec, f"{where}.tags.{tag}", f"{path}:{tag}") for tag, spec in tags.items())


def seed_tag(
    hub: RegistryHub, content: RegistryContent, repository: str, tag: SeedTag
) -> list[tuple[str, str, int]]:
    """Put a seeded tag's image into ``content``; the (tag, digest, size) the cloud must write:
    the tag itself, then its signature-scheme tags."""
    if tag.image is None:
        return [(tag.name, tag.digest, tag.size)]
    built = hub.seed(content, repository, tag.image)
    return [(tag.name, built.digest, built.size), *built.tags]


def _repository(doc: Any, where: str, namespace: str) -> SeedRepository:
    doc = expect_object(doc, where, {"name", "tags"})
    name = parse_repository_name(doc, where)
    return SeedRepository(name, parse_tags(doc, where, f"{namespace}/{name}"))


def _tag(name: str, doc: Any, where: str, default_label: str) -> SeedTag:
    doc = expect_object(doc or {}, where, TAG_KEYS)
    if doc.get("opaque"):
        return _opaque(name, doc, where)
    if "size" in doc and "layers" in doc:
        raise AdminError(f"{where}: give size or layers, not both")
    fmt = doc.get("format", "oci")
    if fmt not in FORMATS:
        raise AdminError(f"{where}.format must be one of {sorted(FORMATS)}")
    spec = ImageSpec(
        label=optional_text(doc, "image", where) or default_label,
        layers=tuple(_sizes(doc, where)) if "layers" in doc else None,
        size=_size(doc.get("size"), f"{where}.size") if "size" in doc else None,
        platforms=_platforms(doc, where),
        format=fmt,
        referrers=tuple(
            _referrer(item, f"{where}.referrers[{i}]")
            for i, item in enumerate(expect_list(doc, "referrers", where))
        ),
        signatures=_signatures(doc, where),
    )
    try:
        digest = build(spec, DigestsOnly()).digest
    except SizeTooSmall as error:
        raise AdminError(f"{where}.size: {error}") from None
    expected = optional_text(doc, "digest", where)
    if expected is not None:
        if not is_digest(expected):
            raise AdminError(f"{where}.digest must look like sha256:<64 hex>")
        if expected != digest:
            raise AdminError(f"{where}.digest: this seed makes the image {digest}, not {expected}")
    return SeedTag(name, spec)


def _opaque(name: str, doc: Mapping[str, Any], where: str) -> SeedTag:
    if doc["opaque"] is not True or set(doc) - {"opaque", "digest", "size"}:
        raise AdminError(f"{where}: an opaque tag takes digest and size only")
    digest = required_text(doc, "digest", where)
    if not is_digest(digest):
        raise AdminError(f"{where}.digest must look like sha256:<64 hex>")
    return SeedTag(name, None, digest, _size(doc.get("size", 0), f"{where}.size"))


def _size(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise AdminError(f"{where} must be a non-negative integer")
    return value


def _sizes(doc: Mapping[str, Any], where: str) -> list[int]:
    return [_size(value, f"{where}.layers[{i}]") for i, value in enumerate(expect_list(doc, "layers", where))]


def _platforms(doc: Mapping[str, Any], where: str) -> tuple[str, ...]:
    platforms = expect_list(doc, "platforms", where)
    for i, platform in enumerate(platforms):
        if not isinstance(platform, str) or not PLATFORM.match(platform):
            raise AdminError(f"{where}.platforms[{i}] must look like linux/amd64 or linux/arm64/v8")
    if len(set(platforms)) != len(platforms):
        raise AdminError(f"{where}.platforms must not repeat a platform")
    return tuple(platforms)


def _referrer(doc: Any, where: str) -> ReferrerSpec:
    doc = expect_object(doc, where, {"artifact_type", "annotations"})
    annotations = expect_object(doc.get("annotations") or {}, f"{where}.annotations")
    if not all(isinstance(v, str) for v in annotations.values()):
        raise AdminError(f"{where}.annotations must map strings to strings")
    return ReferrerSpec(required_text(doc, "artifact_type", where), dict(annotations))


def _signatures(doc: Mapping[str, Any], where: str) -> tuple[str, ...]:
    suffixes = expect_list(doc, "signatures", where)
    for i, suffix in enumerate(suffixes):
        if suffix not in SIGNATURE_LAYERS:
            raise AdminError(f"{where}.signatures[{i}] must be one of {sorted(SIGNATURE_LAYERS)}")
    return tuple(dict.fromkeys(suffixes))
