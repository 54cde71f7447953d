"""The ``cvm`` part of a seed document, checked in full before anything is applied.

Schema (see ``demo.py`` for the whole document)::

    {"image_quota": 500,
     "images": [{"id": "img-o3ycss2p", "region": "ap-beijing", "name"?, "type"?, "state"?,
                 "account_id"?, "os_name"?, "platform"?, "architecture"?, "size"?, "encrypted"?,
                 "description"?, "snapshots"?: [{"id"?, "usage"?, "size"?}]}]}

``type`` is ``PRIVATE_IMAGE`` (default), ``SHARED_IMAGE`` (shared with ``account_id`` by another
account) or ``PUBLIC_IMAGE`` (visible to every account); ``state`` defaults to ``NORMAL``; ``size``
(GiB) to 50. A custom image without ``snapshots`` gets one system-disk snapshot of its size.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from ..docparse import expect_list, expect_object, optional_text, required_text
from ..errors import AdminError
from ..tencent_regions import CVM_REGION_NAMES

IMAGE_ID = re.compile(r"^img-[a-z0-9]{8}$")
SNAPSHOT_ID = re.compile(r"^snap-[a-z0-9]{8}$")
IMAGE_TYPES = ("PRIVATE_IMAGE", "SHARED_IMAGE", "PUBLIC_IMAGE")
IMAGE_STATES = ("NORMAL", "CREATING", "CREATEFAILED", "SYNCING", "IMPORTING", "IMPORTFAILED")
DISK_USAGES = ("SYSTEM_DISK", "DATA_DISK")
MAX_NAME = 60
IMAGE_KEYS = {
    "id",
    "region",
    "name",
    "type",
    "state",
    "account_id",
    "os_name",
    "platform",
    "architecture",
    "size",
    "encrypted",
    "description",
    "snapshots",
}


class Located(Protocol):
    region: str


@dataclass(frozen=True)
class SeedSnapshot:
    id: str
    usage: str
    size: int


@dataclass(frozen=True)
class SeedImage:
    id: str
    region: str
    name: str
    type: str
    state: str
    account_id: str | None
    os_name: str
    platform: str
    architecture: str
    size: int
    encrypted: bool
    description: str
    snapshots: tuple[SeedSnapshot, ...]


@dataclass(frozen=True)
class SeedDocument:
    image_quota: int | None
    images: tuple[SeedImage, ...]


def derived_snapshot_id(image_id: str, index: int) -> str:
    """A stable snapshot id for a seeded image's disk that names none."""
    return "snap-" + hashlib.sha256(f"{image_id}/{index}".encode()).hexdigest()[:8]


def parse_seed(doc: Any, existing: Mapping[str, Located]) -> SeedDocument:
    if doc is None:
        return SeedDocument(None, ())
    doc = expect_object(doc, "cvm", {"image_quota", "images"})
    quota = doc.get("image_quota")
    if quota is not None and (isinstance(quota, bool) or not isinstance(quota, int) or quota < 0):
        raise AdminError("cvm.image_quota must be a non-negative integer")
    images = tuple(
        _image(item, f"cvm.images[{i}]", existing) for i, item in enumerate(expect_list(doc, "images", "cvm"))
    )
    ids = [image.id for image in images]
    if len(set(ids)) != len(ids):
        raise AdminError("cvm.images: an image id is listed twice")
    return SeedDocument(quota, images)


def _image(doc: Any, where: str, existing: Mapping[str, Located]) -> SeedImage:
    doc = expect_object(doc, where, IMAGE_KEYS)
    image_id = required_text(doc, "id", where)
    if not IMAGE_ID.match(image_id):
        raise AdminError(f"{where}.id must look like img-xxxxxxxx (8 lower-case letters or digits)")
    region = required_text(doc, "region", where)
    if region not in CVM_REGION_NAMES:
        raise AdminError(f"{where}.region: {region!r} is not a CVM region")
    known = existing.get(image_id)
    if known is not None and known.region != region:
        raise AdminError(f"{where}: {image_id} already exists in {known.region}")
    image_type = _choice(doc, "type", where, IMAGE_TYPES, "PRIVATE_IMAGE")
    name = optional_text(doc, "name", where) or image_id
    if len(name) > MAX_NAME:
        raise AdminError(f"{where}.name must be at most {MAX_NAME} characters")
    size = _count(doc, "size", where, 50)
    encrypted = doc.get("encrypted", False)
    if not isinstance(encrypted, bool):
        raise AdminError(f"{where}.encrypted must be true or false")
    snapshots_doc = doc.get("snapshots")
    snapshots: tuple[SeedSnapshot, ...]
    if snapshots_doc is None:
        default = image_type == "PRIVATE_IMAGE"
        snapshots = (SeedSnapshot(derived_snapshot_id(image_id, 0), "SYSTEM_DISK", size),) if default else ()
    else:
        snapshots = tuple(
            _snapshot(item, f"{where}.snapshots[{i}]", image_id, i, size)
            for i, item in enumerate(expect_list(doc, "snapshots", where))
        )
    return SeedImage(
        id=image_id,
        region=region,
        name=name,
        type=image_type,
        state=_choice(doc, "state", where, IMAGE_STATES, "NORMAL"),
        account_id=optional_text(doc, "account_id", where),
        os_name=optional_text(doc, "os_name", where) or "TencentOS Server 3.1 (TK4)",
        platform=optional_text(doc, "platform", where) or "TencentOS",
        architecture=_choice(doc, "architecture", where, ("x86_64", "arm", "i386"), "x86_64"),
        size=size,
        encrypted=encrypted,
        description=doc.get("description") or "",
        snapshots=snapshots,
    )


def _snapshot(doc: Any, where: str, image_id: str, index: int, image_size: int) -> SeedSnapshot:
    doc = expect_object(doc or {}, where, {"id", "usage", "size"})
    snapshot_id = optional_text(doc, "id", where) or derived_snapshot_id(image_id, index)
    if not SNAPSHOT_ID.match(snapshot_id):
        raise AdminError(f"{where}.id must look like snap-xxxxxxxx")
    usage = _choice(doc, "usage", where, DISK_USAGES, "SYSTEM_DISK" if index == 0 else "DATA_DISK")
    return SeedSnapshot(snapshot_id, usage, _count(doc, "size", where, image_size))


def _choice(doc: Mapping[str, Any], key: str, where: str, choices: tuple[str, ...], default: str) -> str:
    value = doc.get(key, default)
    if value not in choices:
        raise AdminError(f"{where}.{key} must be one of {list(choices)}, got {value!r}")
    return str(value)


def _count(doc: Mapping[str, Any], key: str, where: str, default: int) -> int:
    value = doc.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise AdminError(f"{where}.{key} must be a positive integer")
    return value
