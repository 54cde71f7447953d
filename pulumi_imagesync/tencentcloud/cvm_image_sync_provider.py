"""Provider of `tencentcloud.CvmImageSync`: a custom CVM image copied to other regions, the copies
managed as one resource.

Permanent identifier: this module path and the class name `CvmImageSyncProvider` are pickled
into every CvmImageSync's state.

The resource is the set of copies, one per destination region (`image_ids`). Id:
`<region>#<source image id>`. API mapping: create `DescribeImages` of the source (its kind decides
the documented rules), then one `SyncImages` with `ImageSetRequired=true` for the regions that lack
a copy, then `DescribeImages` in each destination region, in parallel and with a client for that
region, until each copy is `NORMAL`; read `DescribeImages` per region; update `SyncImages` for
added regions, `ModifyImageAttribute` for a new name, `DeleteImages` for dropped regions; delete
`DeleteImages(DeleteBindedSnap=true)` in every region (a copy's snapshots are billed).

Copies carry a name, and CVM image names are unique per account and region: that is how a copy is
found when the resource knows no id (an existing copy at create, `get()`), and why a re-sync (a
change of `triggers`) renames the old copies aside before the new ones are made, deleting them only
once the new copies are `NORMAL`, so that no region is ever without a copy.

A copy cannot be deleted while it is still being made (`CREATING`/`SYNCING`): clean-up and delete
wait for it to finish first, within their time budget.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from pulumi.dynamic import CheckFailure, DiffResult

from ..provider.base import ImageSyncProvider, Operation
from ..provider.error_table import create_once, gone
from ..provider.errors import (
    AlreadyExistsError,
    CloudError,
    ImageSyncError,
    InFlightError,
    InputError,
    OperationFailedError,
    WaitTimeoutError,
)
from ..provider.fields import (
    Schema,
    common_fields,
    identity,
    in_place,
    is_unknown,
    output,
    replace,
    update_in_place,
)
from ..provider.ids import IdLayout
from ..provider.rollback import DEFAULT_BUDGET_SECONDS, Rollback
from ..provider.validation import Checks
from ..provider.waiting import Deadline, run_parallel, wait_for
from .api import TencentApi, tencent_api
from .regions import REGIONS

log = logging.getLogger("pulumi_imagesync")

IMAGE_ID_RE = re.compile(r"^img-[a-z0-9]{8}$")
MAX_NAME = 60
PAGE_SIZE = 100
NORMAL, CREATEFAILED = "NORMAL", "CREATEFAILED"
BUSY = frozenset({"CREATING", "SYNCING", "IMPORTING"})
# SyncImages while the source is busy (a copy of it in flight): "镜像状态繁忙,请稍后重试" and "镜像被其他
# 操作占用,请检查,并稍后重试" (busy / taken by another operation: retry later), CVM SyncImages error codes.
SOURCE_BUSY = frozenset({"FailedOperation.InvalidImageState", "InvalidParameterValue.InvalidImageState"})
FAILED = frozenset({CREATEFAILED, "IMPORTFAILED"})
# An image is gone when DescribeImages does not list it or answers its own not-found code.
IMAGE_GONE = frozenset({"InvalidImageId.NotFound"})
# SyncImages into a region where an image of that name exists (the documented code).
NAME_TAKEN = frozenset({"InvalidImageName.Duplicate"})
# How long a copy SyncImages just named may stay unlisted in its region before it counts as
# disappeared: CVM documents no read-after-write consistency across regions (C-CONS-1).
UNLISTED_GRACE_SECONDS = 60.0

SCHEMA = Schema(
    [
        identity("image_id", required=True),
        identity("region"),
        in_place("destination_regions", list, required=True),
        in_place("image_name"),
        replace("encrypt", bool, default=False),
        replace("kms_key_id"),
        in_place("triggers", dict),
        *common_fields(timeout_seconds=3600),
        output("image_ids", dict),
        output("image_names", dict),
        output("image_states", dict),
        output("sync_percents", dict),
        output("copy_name"),
    ]
)

Image = dict[str, Any]


class CvmImageSyncProvider(ImageSyncProvider):
    cloud = "tencentcloud"
    schema = SCHEMA
    noun = "CVM image copy"
    id_layout = IdLayout(("region", "region"), ("image_id", "source image id"))

    # -- offline ---------------------------------------------------------------------------------

    def complete(self, inputs: dict[str, Any]) -> None:
        # A set of regions: their order never makes a diff.
        regions = inputs.get("destination_regions")
        if isinstance(regions, list) and not is_unknown(regions) and all(isinstance(r, str) for r in regions):
            inputs["destination_regions"] = sorted(regions)

    def validate(self, inputs: Mapping[str, Any]) -> Iterable[CheckFailure]:
        checks = Checks(inputs)
        checks.pattern(
            "image_id", IMAGE_ID_RE, "a CVM image id looks like img-xxxxxxxx (8 lower-case letters or digits)"
        )
        checks.region("region", REGIONS, "Tencent Cloud")
        region = inputs.get("region")
        valid = checks.regions("destination_regions", REGIONS, "Tencent Cloud")
        regions: list[str] | None = inputs.get("destination_regions") if valid else None
        if regions is not None and region in regions and len(regions) > 1:
            checks.fail(
                "destination_regions",
                f"lists the source region {region} with other regions: the source region is a destination "
                "only on its own (a shared image copied into its region as a custom image, or encrypt=True)",
            )
        if checks.length("image_name", 1, MAX_NAME):
            checks.printable("image_name")
        checks.opaque("kms_key_id", "a KMS key id")
        if inputs.get("encrypt"):
            if regions is not None and region is not None and regions != [region]:
                checks.fail(
                    "encrypt",
                    f"an encrypted copy is made in the source region only: set destination_regions=[{region!r}]",
                )
            if not inputs.get("image_name"):
                checks.fail(
                    "image_name",
                    "is required with encrypt=True: the encrypted copy lives beside its source, "
                    "and image names are unique in a region",
                )
        elif inputs.get("kms_key_id") and inputs.get("encrypt") is not None:
            checks.fail("kms_key_id", "is only used with encrypt=True")
        return checks

    def diff(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        result = super().diff(id_, olds, news)
        failed = sorted(r for r, state in (olds.get("image_states") or {}).items() if state in FAILED)
        if failed and not result.changes:  # seen by a refresh: the next up copies those regions again
            self.explain(
                olds,
                "the copies in %s ended %s: the update deletes them and copies again",
                ", ".join(failed),
                CREATEFAILED,
            )
            return update_in_place(result)
        if result.replaces and not result.delete_before_replace and _names_may_collide(olds, news):
            return DiffResult(
                changes=True, replaces=result.replaces, stables=result.stables, delete_before_replace=True
            )
        return result

    def describe(self, op: Operation, resource_id: str) -> str:
        return f"the copies of CVM image {op['image_id']} ({op['region']})"

    # -- cloud -----------------------------------------------------------------------------------

    def create_resource(self, op: Operation, rollback: Rollback) -> dict[str, Any]:
        source = self._source(op)
        regions = list(op["destination_regions"])
        self._check_kind(op, source, regions)
        name = op.get("image_name") or source["ImageName"]
        copies = self._claim_copies(op, source, regions, name, rollback)
        missing = [r for r in regions if r not in copies]
        if missing:
            copies.update(self._sync(op, source, missing, name, rollback))
        return self._settle(op, copies, name)

    def read_resource(self, op: Operation) -> dict[str, Any] | None:
        image_ids: dict[str, str] = dict(op.get("image_ids") or {})
        if not image_ids:
            image_ids = self._find_for_get(op)
        found = run_parallel(
            {r: _bind(self._describe, self._api(op, r), copy_id) for r, copy_id in image_ids.items()}
        )
        present: dict[str, Image] = {}
        for region, outcome in found.items():
            if not outcome.ok:
                assert outcome.error is not None
                raise outcome.error
            if outcome.value is None:
                log.info("the copy %s in %s no longer exists", image_ids[region], region)
            else:
                present[region] = outcome.value
        if not present:
            return None
        busy = {r: c for r, c in present.items() if c.get("ImageState") in BUSY}
        if busy:
            self.explain(
                op.props,
                "copies still being made: %s",
                ", ".join(f"{r} {_progress(c)}" for r, c in sorted(busy.items())),
            )
        # Every copy is compared with the name the resource gives its copies (never with what
        # another copy was renamed to): drift stays visible until `up` renames it back.
        expected = op.get("copy_name") or op.get("image_name")
        view = self._view(present, op.get("copy_name"))
        view["destination_regions"] = sorted(present)
        renamed = sorted(
            {str(c.get("ImageName")) for c in present.values() if c.get("ImageName") != expected}
        )
        if expected and renamed:
            view["image_name"] = renamed[0]  # renamed outside Pulumi: the next up renames it back
        if not expected and len(renamed) == 1:
            # `get()` by `image_ids`: the copies' one name is the name they were given.
            view["copy_name"] = view["image_name"] = renamed[0]
        return view

    def update_resource(
        self, op: Operation, olds: Mapping[str, Any], changed: list[str], rollback: Rollback
    ) -> dict[str, Any]:
        old_ids: dict[str, str] = dict(olds.get("image_ids") or {})
        old_states: Mapping[str, str] = olds.get("image_states") or {}
        old_names: Mapping[str, str] = olds.get("image_names") or {}
        old_name: str | None = olds.get("copy_name")
        regions = list(op["destination_regions"])
        resync = "triggers" in changed
        failed = {r: old_ids[r] for r in regions if r in old_ids and old_states.get(r) in FAILED}
        kept = {r: old_ids[r] for r in regions if r in old_ids and r not in failed}
        removed = {r: i for r, i in old_ids.items() if r not in regions}
        needs_sync = resync or len(kept) < len(regions)
        # Without image_name, copies are named after the source when they are made (or renamed).
        renamed_to_source = "image_name" in changed and not op.get("image_name")
        source = self._source(op) if needs_sync or renamed_to_source else None
        if source is not None:
            self._check_kind(op, source, regions)
        name = op.get("image_name") or (source["ImageName"] if source else old_name) or ""

        # A failed copy holds the name and is of no use: it goes first.
        self._delete_copies(op, failed.items(), op.deadline)
        aside: dict[str, str] = {}
        if resync:
            for region, copy_id in kept.items():
                current = old_names.get(region, old_name)
                self._rename(op, rollback, region, copy_id, _aside_name(old_name or name, copy_id), current)
            aside, kept = kept, {}
        new: dict[str, str] = {}
        if needs_sync:
            assert source is not None
            wanted = [r for r in regions if r not in kept]
            new = self._claim_copies(op, source, wanted, name, rollback)
            missing = [r for r in wanted if r not in new]
            if missing:
                new.update(self._sync(op, source, missing, name, rollback))
        for region, copy_id in kept.items():
            current = old_names.get(region, old_name)
            if current != name:
                self._rename(op, rollback, region, copy_id, name, current)
        view = self._settle(op, {**kept, **new}, name)
        # Irreversible, so last: copies of dropped regions, and the old copies of a re-sync.
        self._delete_copies(op, [*removed.items(), *aside.items()], op.deadline)
        return view

    def delete_resource(self, op: Operation) -> None:
        copies = dict(op.get("image_ids") or {})
        # Copies a failed update of this resource made, which its state does not name.
        for region, copy_id in (op.recall("copies") or {}).items():
            if copies.get(region) != copy_id:
                self._delete_copies(op, [(region, copy_id)], op.deadline)
        self._delete_copies(op, copies.items(), op.deadline)

    # -- which copies are this resource's ----------------------------------------------------------

    def _claim_copies(
        self, op: Operation, source: Image, regions: list[str], name: str, rollback: Rollback
    ) -> dict[str, str]:
        """Before any copy is made: the regions where an image of the copies' name exists.

        CVM image names are unique in a region, so such an image must be dealt with first. It is
        this resource's copy only when the record proves it: its id was given to an earlier run
        of this resource, or that run sent `SyncImages` into the region when the name was free and
        the image is a copy of the same source (never a match by name alone). Otherwise it is
        refused, unless `adopt=True`.
        """
        noted: dict[str, str] = dict(op.recall("copies") or {})
        sent = op.recall("sync_sent") or {}
        sent_regions = set(sent.get("regions") or ()) if sent.get("name") == name else set()
        copies: dict[str, str] = {}
        ours: dict[str, str] = {}
        for region in regions:
            existing = self._find_by_name(self._api(op, region), name, exclude=op["image_id"])
            if existing is None:
                continue
            image_id = existing["ImageId"]
            made_by_us = noted.get(region) == image_id or (
                region in sent_regions and region not in noted and _copy_of(existing, source)
            )
            if made_by_us and existing.get("ImageState") in FAILED:
                # A copy an earlier run made that failed: of no use, and it holds the name.
                self._delete_copies(op, [(region, image_id)], op.deadline)
                continue
            if made_by_us:
                log.warning(
                    "taking over %s in %s, the copy an earlier run of this resource made", image_id, region
                )
                ours[region] = image_id
            elif op.adopt:
                log.info("adopting %s in %s as the copy of %s", image_id, region, op["image_id"])
            else:
                raise AlreadyExistsError(
                    f"a custom image named {name!r} already exists in {region} ({image_id}), and "
                    "CVM image names are unique in a region",
                    advice="set adopt=True to manage it as this resource's copy there, or choose another image_name",
                )
            copies[region] = image_id
        if ours:  # made by an earlier run of this resource: ours to clean up if this one fails
            op.note(copies={**noted, **ours})
            rollback.add(
                f"copies of {op['image_id']} in {', '.join(sorted(ours))}",
                _bind(self._clean_up, op, dict(ours)),
            )
        return copies

    # -- the source ------------------------------------------------------------------------------

    def _source(self, op: Operation) -> Image:
        source = self._describe(self._api(op), op["image_id"])
        if source is None:
            raise InputError(
                "image_id", f"{op['image_id']} is not an image this account can see in {op['region']}"
            )
        return source

    @staticmethod
    def _check_kind(op: Operation, source: Image, regions: list[str]) -> None:
        """The rules SyncImages documents per image kind (an encrypted or busy image: the API says)."""
        image_id, region, kind = op["image_id"], op["region"], source.get("ImageType")
        if kind == "PUBLIC_IMAGE":
            raise InputError(
                "image_id", f"{image_id} is a public image: only custom and shared images are copied"
            )
        if kind == "SHARED_IMAGE" and regions != [region]:
            raise InputError(
                "destination_regions",
                f"{image_id} is an image shared with this account: SyncImages copies it only into its own "
                f"region, as a custom image; set destination_regions=[{region!r}]",
            )
        if kind == "PRIVATE_IMAGE" and not op.get("encrypt") and region in regions:
            raise InputError(
                "destination_regions",
                f"{image_id} is a custom image of {region}: its copies go to other regions; remove {region}",
            )

    # -- copies ----------------------------------------------------------------------------------

    def _sync(
        self, op: Operation, source: Image, regions: list[str], name: str, rollback: Rollback
    ) -> dict[str, str]:
        """One SyncImages for `regions`; the new copies' ids, recorded and registered for clean-up.

        `_claim_copies` has just found the name free in these regions, and this is noted before
        the call: an image of that name that is a copy of the source and appears there afterwards
        is the product of this call (how a lost answer, or a crash, is recovered).
        """
        request: dict[str, Any] = {
            "ImageIds": [op["image_id"]],
            "DestinationRegions": regions,
            "ImageSetRequired": True,  # without it, the answer names the source image, not the copies
            "ImageName": name,
        }
        if op.get("encrypt"):
            request["Encrypt"] = True
            if op.get("kms_key_id"):
                request["KmsKeyId"] = op["kms_key_id"]

        def already_made() -> dict[str, Any] | None:
            found = {r: self._find_by_name(self._api(op, r), name, exclude=op["image_id"]) for r in regions}
            if any(image is None or not _copy_of(image, source) for image in found.values()):
                return None
            return {"ImageSet": [{"Region": r, "ImageId": i["ImageId"]} for r, i in found.items() if i]}

        op.note(sync_sent={"regions": regions, "name": name, "at": time.time()})
        answer = self._sync_when_source_free(op, request, already_made)
        copies = {item["Region"]: item["ImageId"] for item in answer.get("ImageSet") or []}
        op.note(copies={**(op.noted("copies") or {}), **copies})
        rollback.add(
            f"copies of {op['image_id']} in {', '.join(sorted(copies))}", _bind(self._clean_up, op, copies)
        )
        missing = sorted(set(regions) - set(copies))
        if missing:
            raise OperationFailedError(
                f"SyncImages of {op['image_id']} named no copy for {', '.join(missing)} (ImageSetRequired was set)"
            )
        return copies

    def _sync_when_source_free(
        self, op: Operation, request: dict[str, Any], already_made: Callable[[], dict[str, Any] | None]
    ) -> Any:
        """`SyncImages`, waiting within `timeout_seconds` while the source is busy (another copy of
        it is being made: the API answers "busy, retry later")."""
        api = self._api(op)
        while True:
            try:
                return create_once(
                    api, "SyncImages", request, already_applied=already_made, exists=NAME_TAKEN
                )
            except CloudError as error:
                if error.code not in SOURCE_BUSY:
                    raise
                # Busy with copies: perhaps this create's own, from an attempt whose answer was lost.
                found = already_made()
                if found is not None:
                    return found
                log.warning(
                    "%s is busy (%s: another copy of it is being made); waiting for it within timeout_seconds",
                    op["image_id"],
                    error.code,
                )
            wait_for(
                lambda: self._describe(api, op["image_id"]),
                done=lambda image: image is None or image.get("ImageState") not in BUSY,
                deadline=op.deadline,
                what=f"the source image {op['image_id']} to be free (another copy of it is being made)",
                describe=_progress,
            )

    def _settle(self, op: Operation, copies: Mapping[str, str], name: str) -> dict[str, Any]:
        """Wait for every copy (in parallel, one client per region), or look once with wait=False."""
        if op.wait:
            tasks = {r: _bind(self._wait_copy, op, r, copy_id) for r, copy_id in copies.items()}
        else:
            tasks = {r: _bind(self._listed, op, r, copy_id) for r, copy_id in copies.items()}
        outcomes = run_parallel(tasks)
        errors = {r: o.error for r, o in outcomes.items() if o.error is not None}
        if errors:
            messages = "; ".join(f"{r}: {errors[r]}" for r in sorted(errors))
            regions = ", ".join(sorted(errors))
            if all(isinstance(e, WaitTimeoutError) for e in errors.values()):
                raise WaitTimeoutError(f"copies of {op['image_id']} did not finish in {regions} ({messages})")
            raise OperationFailedError(f"copies of {op['image_id']} failed in {regions} ({messages})")
        images = {r: o.value for r, o in outcomes.items()}
        missing = sorted(r for r, image in images.items() if image is None)
        if missing:
            raise OperationFailedError(f"the copies of {op['image_id']} in {', '.join(missing)} are gone")
        return self._view({r: i for r, i in images.items() if i is not None}, name)

    def _wait_copy(self, op: Operation, region: str, copy_id: str) -> Image:
        api = self._api(op, region)
        unlisted = _Unlisted()

        def failed(image: Image | None) -> str | None:
            if unlisted.too_long(image):
                return "it disappeared (deleted outside Pulumi?)"
            if image is None:
                return None
            state = image.get("ImageState")
            return f"it ended {state}" if state in FAILED else None

        found = wait_for(
            lambda: self._describe(api, copy_id),
            done=lambda image: image is not None and image.get("ImageState") == NORMAL,
            failed=failed,
            deadline=op.deadline,
            what=f"copy {copy_id}",
            describe=_progress,
            progress=lambda image: (image.get("SyncPercent") or 0) / 100 if image else None,
        )
        assert found is not None
        return found

    def _listed(self, op: Operation, region: str, copy_id: str) -> Image | None:
        """A copy as soon as its region lists it (it may lag behind SyncImages' answer), or None
        once it has stayed unlisted for the grace period."""
        api = self._api(op, region)
        unlisted = _Unlisted()
        return wait_for(
            lambda: self._describe(api, copy_id),
            done=lambda image: image is not None or unlisted.too_long(image),
            deadline=op.deadline,
            what=f"copy {copy_id} to be listed in {region}",
            describe=_progress,
        )

    def _delete_copies(
        self,
        op: Operation,
        copies: Iterable[tuple[str, str]],
        deadline: Deadline,
        *,
        bounded_calls: bool = True,
    ) -> None:
        """Delete copies, given as (region, image id), in parallel; not found is success."""
        outcomes = run_parallel(
            {(r, i): _bind(self._delete_copy, op, r, i, deadline, bounded_calls) for r, i in copies}
        )
        errors = {key: o.error for key, o in outcomes.items() if o.error is not None}
        if errors:
            raise ImageSyncError(
                "could not delete "
                + "; ".join(f"{i} in {r} ({error})" for (r, i), error in sorted(errors.items()))
            )

    def _clean_up(self, op: Operation, copies: Mapping[str, str]) -> None:
        """Undo step of a failed create or update. A copy still being made cannot be deleted, so
        the step waits for it within a budget that fits it (from how far it got, and how long
        that took); copies too far from done for that stay in the record, for the next `up` to
        take over (it follows them, and removes them if they are no longer wanted)."""
        budget = self._cleanup_budget(op, copies)
        if budget is None:
            raise InFlightError(
                f"still being made, too far from done to wait for (copies cannot be deleted before they "
                f"finish): {', '.join(f'{i} in {r}' for r, i in sorted(copies.items()))}"
            )
        self._delete_copies(op, copies.items(), Deadline(budget), bounded_calls=False)

    def _cleanup_budget(self, op: Operation, copies: Mapping[str, str]) -> float | None:
        """Seconds to wait for the copies to finish before deleting them, or None when the wait
        would be longer than the resource's own `timeout_seconds` (or cannot be told yet)."""
        started = (op.noted("sync_sent") or {}).get("at")
        elapsed = time.time() - float(started) if started else None
        ceiling = max(DEFAULT_BUDGET_SECONDS, op.deadline.seconds)
        budget = DEFAULT_BUDGET_SECONDS
        for region, copy_id in copies.items():
            image = self._describe(self._api(op, region, cleanup=True), copy_id)
            if image is None or image.get("ImageState") not in BUSY:
                continue
            percent = int(image.get("SyncPercent") or 0)
            if not elapsed or percent <= 0:
                return None
            needed = elapsed * (100 - percent) / percent * 1.25 + 30
            if needed > ceiling:
                return None
            budget = max(budget, needed)
        return budget

    def _delete_copy(
        self, op: Operation, region: str, copy_id: str, deadline: Deadline, bounded_calls: bool
    ) -> None:
        api = self._api(op, region, cleanup=not bounded_calls)
        image = wait_for(
            lambda: self._describe(api, copy_id),
            done=lambda image: image is None or image.get("ImageState") not in BUSY,
            deadline=deadline,
            what=f"copy {copy_id} to finish before deleting it (a copy being made cannot be deleted)",
            describe=_progress,
        )
        if image is None:
            return
        try:
            api.call("DeleteImages", {"ImageIds": [copy_id], "DeleteBindedSnap": True})
        except CloudError as error:
            if not gone(error, IMAGE_GONE):
                raise

    def _rename(
        self, op: Operation, rollback: Rollback, region: str, copy_id: str, name: str, old_name: str | None
    ) -> None:
        api = self._api(op, region)
        api.call("ModifyImageAttribute", {"ImageId": copy_id, "ImageName": name})
        if old_name and old_name != name:

            def rename_back() -> None:
                try:
                    self._api(op, region, cleanup=True).call(
                        "ModifyImageAttribute", {"ImageId": copy_id, "ImageName": old_name}
                    )
                except CloudError as error:
                    if not gone(error, IMAGE_GONE):
                        raise

            rollback.add(f"name {old_name!r} of {copy_id} in {region}", rename_back)

    # -- look-ups --------------------------------------------------------------------------------

    @staticmethod
    def _api(op: Operation, region: str | None = None, *, cleanup: bool = False) -> TencentApi:
        return tencent_api(op, "cvm", region, cleanup=cleanup)

    @staticmethod
    def _describe(api: TencentApi, image_id: str) -> Image | None:
        """An image of the api's region as `DescribeImages` reports it, or None."""
        try:
            answer = api.call("DescribeImages", {"ImageIds": [image_id]})
        except CloudError as error:
            if gone(error, IMAGE_GONE):
                return None
            raise
        for image in answer.get("ImageSet") or []:
            if image.get("ImageId") == image_id:
                return dict(image)
        return None

    @staticmethod
    def _find_by_name(api: TencentApi, name: str, *, exclude: str) -> Image | None:
        """This account's custom image of that exact name (the filter matches substrings)."""
        offset = 0
        while True:
            answer = api.call(
                "DescribeImages",
                {
                    "Filters": [
                        {"Name": "image-name", "Values": [name]},
                        {"Name": "image-type", "Values": ["PRIVATE_IMAGE"]},
                    ],
                    "Offset": offset,
                    "Limit": PAGE_SIZE,
                },
            )
            images = answer.get("ImageSet") or []
            for image in images:
                if image.get("ImageName") == name and image.get("ImageId") != exclude:
                    return dict(image)
            offset += len(images)
            if not images or offset >= (answer.get("TotalCount") or 0):
                return None

    def _find_for_get(self, op: Operation) -> dict[str, str]:
        """`get()`: the copies are found by name in the regions the program names."""
        regions = op.get("destination_regions")
        if not regions:
            raise InputError(
                "destination_regions",
                "CvmImageSync.get() needs destination_regions=[...] (or image_ids={region: id}): the id "
                f"{op['region']}#{op['image_id']} names only the source image, and a copy does not record "
                "where it was copied from",
            )
        name = op.get("image_name") or op.get("copy_name") or self._source(op)["ImageName"]
        op.props["copy_name"] = name
        found = {r: self._find_by_name(self._api(op, r), name, exclude=op["image_id"]) for r in regions}
        return {r: image["ImageId"] for r, image in found.items() if image is not None}

    @staticmethod
    def _view(images: Mapping[str, Image], name: str | None) -> dict[str, Any]:
        return {
            "image_ids": {r: image["ImageId"] for r, image in images.items()},
            "image_names": {r: image.get("ImageName") for r, image in images.items()},
            "image_states": {r: image.get("ImageState") for r, image in images.items()},
            "sync_percents": {r: int(image.get("SyncPercent") or 0) for r, image in images.items()},
            "copy_name": name,
        }


def _bind(function: Callable[..., Any], *args: Any) -> Callable[[], Any]:
    return lambda: function(*args)


def _copy_of(image: Image, source: Image) -> bool:
    """Whether `image` may be a copy of `source`: what a copy keeps of its source agrees.

    A copy names neither its source nor the call that made it, so this guards a conclusion the
    record has already drawn (the name was free when the copy was sent) against a coincidence.
    """
    kept = ("OsName", "Platform", "Architecture", "ImageSize")
    return image.get("ImageType") == "PRIVATE_IMAGE" and all(image.get(k) == source.get(k) for k in kept)


class _Unlisted:
    """How long a copy has gone unlisted since the wait for it began (C-CONS-1)."""

    def __init__(self) -> None:
        self.since = time.monotonic()
        self.seen = False

    def too_long(self, image: Image | None) -> bool:
        """Whether a copy not listed now counts as gone: it was listed before, or the grace is over."""
        if image is not None:
            self.seen = True
            return False
        return self.seen or time.monotonic() - self.since > UNLISTED_GRACE_SECONDS


def _progress(image: Image | None) -> str:
    if image is None:
        return "gone"
    return f"{image.get('ImageState')}, {image.get('SyncPercent') or 0}%"


def _aside_name(name: str, copy_id: str) -> str:
    """A name for an old copy while its replacement is made (names are unique in a region)."""
    suffix = f"-replaced-{copy_id.removeprefix('img-')}"
    return name[: MAX_NAME - len(suffix)] + suffix


def _names_may_collide(olds: Mapping[str, Any], news: Mapping[str, Any]) -> bool:
    """Whether a replacement's copies may take the old copies' name in a region they share.

    Names are unique per region, so the new copies can only be made before the old ones are
    deleted when their name is known to differ (an explicit new `image_name`).
    """
    regions = news.get("destination_regions")
    old_regions = set(olds.get("image_ids") or {})
    if isinstance(regions, list) and not is_unknown(regions) and not old_regions & set(regions):
        return False
    name = news.get("image_name")
    return name is None or is_unknown(name) or name == olds.get("copy_name")
