"""CVM state and behaviour: images per region, their snapshots, and the copies `SyncImages` makes.

No HTTP here. Every region holds its own images and snapshots; a call for region X sees only X's.
An account sees its own custom images (``PRIVATE_IMAGE``), the images other accounts shared with
it (``SHARED_IMAGE``) and the public ones (``PUBLIC_IMAGE``); another account's image is
``InvalidImageId.NotFound``.

Behaviour the provider can rely on (and the tests pin down):

- **Names** are unique among an account's custom images in a region: ``SyncImages`` and
  ``ModifyImageAttribute`` answer ``InvalidImageName.Duplicate`` (the documents list it for both).
- **SyncImages** copies one image per call into one or more regions. Checked in this order, all
  before anything changes: one image (``InvalidParameterValue.LimitExceeded``), its id
  (``InvalidImageId.Malformed`` / ``.NotFound``), each destination (``InvalidRegion.NotFound``,
  ``InvalidRegion.Unavailable`` for the regions that take no copies), the image kind (a public
  image: ``InvalidParameterValue.InvalidImageId``; an encrypted image:
  ``UnsupportedOperation.EncryptedImagesNotSupported``; a custom image cannot target its own
  region and a shared image only its own region: ``InvalidParameterValue.InvalidRegion``;
  ``Encrypt`` only into the image's own region: ``UnsupportedOperation.Region``), its state
  (``NORMAL`` needed: a copy in flight makes it busy, ``FailedOperation.InvalidImageState``, "retry
  later"; a failed image is ``InvalidImageId.IncorrectState``), the name (at most 60 characters,
  ``InvalidImageName.Duplicate`` in any destination), the quota of ``image_quota`` (500) custom
  images per account and region (``ImageQuotaLimitExceeded``; copies in flight count), then
  ``DryRun`` (``DryRunOperation``).
- A **copy** is a new custom image in its destination region, ``SYNCING`` (another region) or
  ``CREATING`` (its own region: a shared image copied as a custom one, or an encrypted copy), with a
  ``SyncPercent`` that grows with emulated time. The source is ``SYNCING`` (busy) while any of its
  copies is in flight. A copy completes ``copies.cvm.seconds`` emulated seconds after it started
  (or the seconds of the first ``copies.cvm.durations`` entry matching its ``region`` and source
  ``image_id``): ``NORMAL`` with snapshots of its own, or ``CREATEFAILED`` (no snapshots) when
  ``copies.cvm.fail`` has an entry matching it (keys ``region``, ``image_id`` = the source image
  id). Each copy's start and end emulated times are kept (state ``<region>.copies``).
- The answer's ``ImageSet`` lists the copies' ids with ``ImageSetRequired=true``; without it, the
  *source* id per region (as the document's example 1 shows: a trap for clients). New image and
  snapshot ids derive from what they copy, so the same steps in a fresh world give the same ids.
- **DeleteImages** checks every id first (public: ``InvalidParameterValue.InvalidImageId``,
  shared with this account: ``UnauthorizedOperation.ImageNotBelongToAccount``, busy
  ``CREATING``/``SYNCING``/``IMPORTING``: ``InvalidImageId.IncorrectState``). ``DeleteBindedSnap``
  deletes the images' snapshots too; without it they stay, bound to no image (and still billed).
"""

from __future__ import annotations

import hashlib
import heapq
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..backend import ServiceContext
from ..tencent_regions import CVM_BY_NAME
from . import exceptions as exc
from .seed import IMAGE_ID, MAX_NAME, SeedDocument, SeedImage, parse_seed

COPY_FAIL_KEYS = frozenset({"region", "image_id"})
DEFAULT_IMAGE_QUOTA = 500
MAX_DESCRIPTION = 256
PRIVATE, SHARED, PUBLIC = "PRIVATE_IMAGE", "SHARED_IMAGE", "PUBLIC_IMAGE"
NORMAL, CREATING, SYNCING, CREATEFAILED = "NORMAL", "CREATING", "SYNCING", "CREATEFAILED"
BUSY = frozenset({CREATING, SYNCING, "IMPORTING"})


@dataclass
class Snapshot:
    id: str
    usage: str  # SYSTEM_DISK | DATA_DISK
    size: int  # GiB
    created_at: float
    image_id: str | None  # None once its image was deleted without DeleteBindedSnap


@dataclass
class Copy:
    """One destination of one SyncImages call."""

    image_id: str
    region: str
    source_image_id: str
    source_region: str
    disks: tuple[tuple[str, int], ...]  # (usage, size) of the source's snapshots
    started_at: float
    due_at: float
    status: str
    ended_at: float | None = None


@dataclass
class Image:
    id: str
    region: str
    type: str
    name: str
    state: str
    account_id: str | None  # owner (PRIVATE), the account it is shared with (SHARED), None (PUBLIC)
    os_name: str
    platform: str
    architecture: str
    size: int
    created_at: float
    description: str = ""
    encrypted: bool = False
    kms_key_id: str | None = None
    family: str = ""
    deprecated: bool = False
    snapshot_ids: list[str] = field(default_factory=list)
    copy: Copy | None = None


@dataclass
class Region:
    images: dict[str, Image] = field(default_factory=dict)
    snapshots: dict[str, Snapshot] = field(default_factory=dict)
    copies: list[Copy] = field(default_factory=list)


class CvmBackend:
    """The images of every region of one world, and the copies in flight between them."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        self.image_quota = DEFAULT_IMAGE_QUOTA
        self.regions: dict[str, Region] = {}
        self._queue: list[tuple[float, int, Copy]] = []
        self._seq = itertools.count(1)
        self._in_flight: dict[str, int] = {}  # source image id -> copies of it not finished
        self._issued: set[str] = set()  # every image and snapshot id this world has known

    # --- lookups -------------------------------------------------------------------------------

    def region(self, name: str) -> Region:
        return self.regions.setdefault(name, Region())

    def visible(self, region: str, account_id: str) -> list[Image]:
        return [i for i in self.region(region).images.values() if _sees(i, account_id)]

    def image(self, region: str, account_id: str, image_id: str) -> Image:
        if not IMAGE_ID.match(image_id):
            raise exc.ImageIdMalformed(image_id)
        image = self.region(region).images.get(image_id)
        if image is None or not _sees(image, account_id):
            raise exc.ImageNotFound(image_id, region)
        return image

    def sync_percent(self, image: Image) -> int:
        copy = image.copy
        if copy is not None and copy.ended_at is None:
            span = copy.due_at - copy.started_at
            done = 1.0 if span <= 0 else (self.ctx.clock.now() - copy.started_at) / span
            return max(0, min(99, int(done * 100)))
        if copy is not None and copy.status == CREATEFAILED:
            return 99
        return 100 if image.state == NORMAL else 0

    # --- SyncImages ----------------------------------------------------------------------------

    def sync(
        self,
        region: str,
        account_id: str,
        image_ids: Sequence[str],
        destinations: Sequence[str],
        *,
        name: str | None,
        encrypt: bool,
        kms_key_id: str | None,
        dry_run: bool,
    ) -> tuple[Image, list[Copy]]:
        """Start one copy per destination region; the source and the copies, in destination order."""
        if len(image_ids) != 1:
            raise exc.LimitExceeded(f"SyncImages copies exactly one image per call, got {len(image_ids)}.")
        if not destinations:
            raise exc.InvalidParameter("DestinationRegions must list at least one region.")
        duplicated = sorted({r for r in destinations if destinations.count(r) > 1})
        if duplicated:
            raise exc.InvalidParameter(f"DestinationRegions lists {', '.join(duplicated)} more than once.")
        source = self.image(region, account_id, image_ids[0])
        for destination in destinations:
            known = CVM_BY_NAME.get(destination)
            if known is None:
                raise exc.RegionNotFound(destination)
            if not known.takes_image_copies:
                raise exc.RegionUnavailable(destination)
        self._check_kind(source, destinations, encrypt)
        if source.state in BUSY:
            raise exc.ImageBusy(source.id, source.state)
        if source.state != NORMAL:
            raise exc.ImageIncorrectState(source.id, source.state, "SyncImages")
        target_name = name or source.name
        if len(target_name) > MAX_NAME:
            raise exc.TooLong("ImageName", MAX_NAME)
        for destination in destinations:
            owner = self._name_owner(destination, account_id, target_name)
            if owner is not None:
                raise exc.ImageNameDuplicate(target_name, destination, owner.id)
            if self._custom_images(destination, account_id) >= self.image_quota:
                raise exc.ImageQuotaLimitExceeded(destination, self.image_quota)
        if dry_run:
            raise exc.DryRunOperation("SyncImages")
        now = self.ctx.clock.now()  # one call: every copy starts at the same moment
        return source, [
            self._start_copy(source, d, account_id, target_name, encrypt, kms_key_id, now)
            for d in destinations
        ]

    def _check_kind(self, source: Image, destinations: Sequence[str], encrypt: bool) -> None:
        if source.type == PUBLIC:
            raise exc.ImageOperationNotAllowed(source.id, "public images cannot be synchronized")
        if source.encrypted:
            raise exc.EncryptedImagesNotSupported(source.id)
        others = [d for d in destinations if d != source.region]
        if source.type == SHARED:
            if encrypt:
                raise exc.ImageOperationNotAllowed(
                    source.id, "a shared image cannot be copied as an encrypted one"
                )
            if others:
                raise exc.InvalidRegionForImage(
                    f"The image {source.id} is shared with this account: it can only be copied into its own "
                    f"region {source.region} (as a custom image), not into {', '.join(others)}."
                )
        elif encrypt:
            if others:
                raise exc.UnsupportedRegionForEncryption(others, source.region)
        elif source.region in destinations:
            raise exc.InvalidRegionForImage(
                f"The image {source.id} is a custom image of region {source.region}: "
                "its destinations must be other regions."
            )

    def _start_copy(
        self,
        source: Image,
        destination: str,
        account_id: str,
        name: str,
        encrypt: bool,
        kms_key_id: str | None,
        now: float,
    ) -> Copy:
        seconds = self.ctx.copies().seconds_for(region=destination, image_id=source.id)
        state = CREATING if destination == source.region else SYNCING
        disks = tuple(
            (snap.usage, snap.size)
            for snap in (self.region(source.region).snapshots.get(s) for s in source.snapshot_ids)
            if snap is not None
        ) or (("SYSTEM_DISK", source.size),)
        copy_id = self._new_id("img", f"{source.id}/{destination}")
        copy = Copy(copy_id, destination, source.id, source.region, disks, now, now + seconds, state)
        self.region(destination).images[copy.image_id] = Image(
            id=copy.image_id,
            region=destination,
            type=PRIVATE,
            name=name,
            state=state,
            account_id=account_id,
            os_name=source.os_name,
            platform=source.platform,
            architecture=source.architecture,
            size=source.size,
            created_at=now,
            description=source.description,
            encrypted=encrypt,
            kms_key_id=(kms_key_id or "cbs-default-kms-key") if encrypt else None,
            copy=copy,
        )
        self.region(destination).copies.append(copy)
        self._in_flight[source.id] = self._in_flight.get(source.id, 0) + 1
        source.state = SYNCING
        heapq.heappush(self._queue, (copy.due_at, next(self._seq), copy))
        return copy

    # --- DeleteImages, ModifyImageAttribute ----------------------------------------------------

    def delete(
        self, region: str, account_id: str, image_ids: Sequence[str], *, delete_snapshots: bool, dry_run: bool
    ) -> None:
        if not image_ids:
            raise exc.InvalidParameter("ImageIds must list at least one image.")
        images = [self.image(region, account_id, image_id) for image_id in image_ids]
        for image in images:
            if image.type == PUBLIC:
                raise exc.ImageOperationNotAllowed(image.id, "public images cannot be deleted")
            if image.type == SHARED:
                raise exc.ImageNotOwned(image.id)
            if image.state in BUSY:
                raise exc.ImageIncorrectState(image.id, image.state, "DeleteImages")
        if dry_run:
            raise exc.DryRunOperation("DeleteImages")
        place = self.region(region)
        for image in images:
            if place.images.pop(image.id, None) is None:
                continue  # listed twice
            for snapshot_id in image.snapshot_ids:
                if delete_snapshots:
                    place.snapshots.pop(snapshot_id, None)
                elif snapshot_id in place.snapshots:
                    place.snapshots[snapshot_id].image_id = None

    def modify(
        self,
        region: str,
        account_id: str,
        image_id: str,
        *,
        name: str | None,
        description: str | None,
        family: str | None,
        deprecated: bool | None,
    ) -> None:
        image = self.image(region, account_id, image_id)
        if image.type == PUBLIC:
            raise exc.ImageOperationNotAllowed(image.id, "public images cannot be modified")
        if image.type == SHARED:
            raise exc.SharedImageModifyUnsupported(image.id)
        if name is not None:
            if not name:
                raise exc.InvalidParameter("ImageName must not be empty.")
            if len(name) > MAX_NAME:
                raise exc.TooLong("ImageName", MAX_NAME)
            owner = self._name_owner(region, account_id, name, excluding=image.id)
            if owner is not None:
                raise exc.ImageNameDuplicate(name, region, owner.id)
        if description is not None and len(description) > MAX_DESCRIPTION:
            raise exc.TooLong("ImageDescription", MAX_DESCRIPTION)
        if name is not None:
            image.name = name
        if description is not None:
            image.description = description
        if family is not None:
            image.family = family
        if deprecated is not None:
            image.deprecated = deprecated

    # --- time ----------------------------------------------------------------------------------

    def advance(self, now: float) -> None:
        while self._queue and self._queue[0][0] <= now:
            due, _, copy = heapq.heappop(self._queue)
            self._finish(copy, due)

    def _finish(self, copy: Copy, at: float) -> None:
        copy.ended_at = at
        place = self.region(copy.region)
        image = place.images.get(copy.image_id)
        failed = self.ctx.copies().fails(region=copy.region, image_id=copy.source_image_id)
        copy.status = CREATEFAILED if failed else NORMAL
        if image is not None:
            image.state = copy.status
            if not failed:
                for usage, size in copy.disks:
                    snapshot = Snapshot(self._new_id("snap", image.id), usage, size, at, image.id)
                    place.snapshots[snapshot.id] = snapshot
                    image.snapshot_ids.append(snapshot.id)
        remaining = self._in_flight.get(copy.source_image_id, 1) - 1
        self._in_flight[copy.source_image_id] = remaining
        if remaining <= 0:
            del self._in_flight[copy.source_image_id]
            source = self.region(copy.source_region).images.get(copy.source_image_id)
            if source is not None and source.state == SYNCING:
                source.state = NORMAL

    # --- helpers -------------------------------------------------------------------------------

    def _name_owner(
        self, region: str, account_id: str, name: str, excluding: str | None = None
    ) -> Image | None:
        for image in self.region(region).images.values():
            mine = image.type == PRIVATE and image.account_id == account_id
            if mine and image.name == name and image.id != excluding:
                return image
        return None

    def _custom_images(self, region: str, account_id: str) -> int:
        return sum(
            1 for i in self.region(region).images.values() if i.type == PRIVATE and i.account_id == account_id
        )

    def _new_id(self, prefix: str, seed: str) -> str:
        """A new id derived from what it names: the same steps in a fresh world give the same ids
        (recorded states and test logs stay comparable), and no id is ever handed out twice."""
        for n in itertools.count():
            candidate = f"{prefix}-{hashlib.sha256(f'{seed}/{n}'.encode()).hexdigest()[:8]}"
            if candidate not in self._issued:
                self._issued.add(candidate)
                return candidate
        raise AssertionError("unreachable")

    # --- seed and snapshot ---------------------------------------------------------------------

    def plan_seed(self, doc: Any) -> Callable[[], None]:
        existing = {i.id: i for r in self.regions.values() for i in r.images.values()}
        parsed = parse_seed(doc, existing)
        return lambda: self._apply_seed(parsed)

    def _apply_seed(self, doc: SeedDocument) -> None:
        if doc.image_quota is not None:
            self.image_quota = doc.image_quota
        for seed in doc.images:
            self._seed_image(seed)

    def _seed_image(self, seed: SeedImage) -> None:
        now = self.ctx.clock.now()
        place = self.region(seed.region)
        account = None if seed.type == PUBLIC else (seed.account_id or self.ctx.default_account_id)
        old = place.images.get(seed.id)
        for snapshot_id in old.snapshot_ids if old else ():
            place.snapshots.pop(snapshot_id, None)
        image = Image(
            id=seed.id,
            region=seed.region,
            type=seed.type,
            name=seed.name,
            state=seed.state,
            account_id=account,
            os_name=seed.os_name,
            platform=seed.platform,
            architecture=seed.architecture,
            size=seed.size,
            created_at=old.created_at if old else now,
            description=seed.description,
            encrypted=seed.encrypted,
        )
        for snap in seed.snapshots:
            place.snapshots[snap.id] = Snapshot(snap.id, snap.usage, snap.size, now, seed.id)
            image.snapshot_ids.append(snap.id)
            self._issued.add(snap.id)
        place.images[seed.id] = image
        self._issued.add(seed.id)

    def snapshot(self) -> dict[str, Any]:
        regions: dict[str, Any] = {}
        for name in sorted(self.regions):
            place = self.regions[name]
            if not (place.images or place.snapshots or place.copies):
                continue
            regions[name] = {
                "image_quota": self.image_quota,
                "images": {i.id: self._image_state(i) for i in place.images.values()},
                "snapshots": {
                    s.id: {"usage": s.usage, "size": s.size, "image_id": s.image_id}
                    for s in place.snapshots.values()
                },
                "copies": [_copy_state(c) for c in place.copies],
            }
        return regions

    def _image_state(self, image: Image) -> dict[str, Any]:
        return {
            "name": image.name,
            "type": image.type,
            "state": image.state,
            "account_id": image.account_id,
            "size": image.size,
            "encrypted": image.encrypted,
            "kms_key_id": image.kms_key_id,
            "sync_percent": self.sync_percent(image),
            "snapshot_ids": list(image.snapshot_ids),
            "created_at": image.created_at,
            "copied_from": f"{image.copy.source_region}/{image.copy.source_image_id}" if image.copy else None,
        }


def _sees(image: Image, account_id: str) -> bool:
    return image.type == PUBLIC or image.account_id == account_id


def _copy_state(copy: Copy) -> dict[str, Any]:
    return {
        "image_id": copy.image_id,
        "source_image_id": copy.source_image_id,
        "source_region": copy.source_region,
        "status": copy.status,
        "started_at": copy.started_at,
        "ended_at": copy.ended_at,
    }
