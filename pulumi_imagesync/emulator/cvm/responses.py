"""CVM API actions: read the parameters, call the backend, render the answer.

Fields and types are those of the SDK models (``tencentcloud.cvm.v20170312.models``): a nested key
the SDK does not know makes it warn, so only known keys are rendered. Times are ISO 8601 UTC
(``2026-11-23T02:43:03Z``). ``DescribeImages``' ``image-name`` and ``platform`` filters are
substring matches, as in the real API: compare names client-side.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..protocols.tencent import TencentResponses, action
from ..protocols.tencent_params import BOOLEAN, INTEGER, STRING, ListOf, Params, Struct, optional, required
from ..tencent_regions import CVM_REGIONS
from ..timefmt import iso_z
from . import exceptions as exc
from .models import CvmBackend, Image
from .seed import IMAGE_ID

FILTER = Struct(Name=required(STRING), Values=required(ListOf(STRING)))
MAX_FILTERS, MAX_FILTER_VALUES, MAX_LIMIT = 10, 5, 100
TAG_FILTERS = ("tag-key", "tag-value")  # no image carries tags here: these match nothing


def _exact(field: Callable[[Image], str]) -> Callable[[Image, list[str]], bool]:
    return lambda image, values: field(image) in values


def _fuzzy(field: Callable[[Image], str]) -> Callable[[Image, list[str]], bool]:
    return lambda image, values: any(value in field(image) for value in values)


FILTERS: dict[str, Callable[[Image, list[str]], bool]] = {
    "image-id": _exact(lambda i: i.id),
    "image-type": _exact(lambda i: i.type),
    "image-name": _fuzzy(lambda i: i.name),
    "platform": _fuzzy(lambda i: i.platform),
    **{name: (lambda _image, _values: False) for name in TAG_FILTERS},
}


class CvmResponses(TencentResponses[CvmBackend]):
    @action(
        "SyncImages",
        Struct(
            ImageIds=required(ListOf(STRING)),
            DestinationRegions=required(ListOf(STRING)),
            DryRun=optional(BOOLEAN),
            ImageName=optional(STRING),
            ImageSetRequired=optional(BOOLEAN),
            Encrypt=optional(BOOLEAN),
            KmsKeyId=optional(STRING),
        ),
    )
    def sync_images(self, p: Params) -> dict[str, Any]:
        source, copies = self.backend.sync(
            self.region,
            self.account_id,
            p.texts("ImageIds"),
            p.texts("DestinationRegions"),
            name=p.text("ImageName") or None,
            encrypt=p.boolean("Encrypt"),
            kms_key_id=p.text("KmsKeyId") or None,
            dry_run=p.boolean("DryRun"),
        )
        required_ids = p.boolean("ImageSetRequired")
        return {
            "ImageSet": [
                {"ImageId": copy.image_id if required_ids else source.id, "Region": copy.region}
                for copy in copies
            ]
        }

    @action(
        "DescribeImages",
        Struct(
            ImageIds=optional(ListOf(STRING)),
            Filters=optional(ListOf(FILTER)),
            Offset=optional(INTEGER),
            Limit=optional(INTEGER),
            InstanceType=optional(STRING),
        ),
    )
    def describe_images(self, p: Params) -> dict[str, Any]:
        ids, filters = p.texts("ImageIds"), p.structs("Filters")
        if ids and filters:
            raise exc.ImageIdsWithFilters()
        offset, limit = p.integer("Offset", 0), p.integer("Limit", 20)
        if offset < 0 or not 1 <= limit <= MAX_LIMIT:
            raise exc.InvalidParameterValueLimit(
                f"Offset must be >= 0 and Limit between 1 and {MAX_LIMIT}, got {offset} and {limit}."
            )
        tests = _checked_filters(filters)
        for image_id in ids:
            if not IMAGE_ID.match(image_id):
                raise exc.ImageIdMalformed(image_id)
        found = self.backend.visible(self.region, self.account_id)
        if ids:  # unknown ids are left out, not an error
            found = [image for image in found if image.id in set(ids)]
        found = [image for image in found if all(test(image, values) for test, values in tests)]
        found.sort(key=lambda image: (-image.created_at, image.id))
        return {
            "ImageSet": [self._image(image) for image in found[offset : offset + limit]],
            "TotalCount": len(found),
        }

    @action(
        "DeleteImages",
        Struct(
            ImageIds=required(ListOf(STRING)), DeleteBindedSnap=optional(BOOLEAN), DryRun=optional(BOOLEAN)
        ),
    )
    def delete_images(self, p: Params) -> dict[str, Any]:
        self.backend.delete(
            self.region,
            self.account_id,
            p.texts("ImageIds"),
            delete_snapshots=p.boolean("DeleteBindedSnap"),
            dry_run=p.boolean("DryRun"),
        )
        return {}

    @action(
        "ModifyImageAttribute",
        Struct(
            ImageId=required(STRING),
            ImageName=optional(STRING),
            ImageDescription=optional(STRING),
            ImageFamily=optional(STRING),
            ImageDeprecated=optional(BOOLEAN),
        ),
    )
    def modify_image_attribute(self, p: Params) -> dict[str, Any]:
        self.backend.modify(
            self.region,
            self.account_id,
            p.text("ImageId"),
            name=p.text("ImageName") if "ImageName" in p else None,
            description=p.text("ImageDescription") if "ImageDescription" in p else None,
            family=p.text("ImageFamily") if "ImageFamily" in p else None,
            deprecated=p.boolean("ImageDeprecated") if "ImageDeprecated" in p else None,
        )
        return {}

    @action("DescribeImageQuota", Struct())
    def describe_image_quota(self, p: Params) -> dict[str, Any]:
        return {"ImageNumQuota": self.backend.image_quota}

    @action("DescribeRegions", Struct())
    def describe_regions(self, p: Params) -> dict[str, Any]:
        regions = [
            {"Region": region.name, "RegionName": region.description, "RegionState": "AVAILABLE"}
            for region in CVM_REGIONS
        ]
        return {"RegionSet": regions, "TotalCount": len(regions)}

    def _image(self, image: Image) -> dict[str, Any]:
        snapshots = self.backend.region(image.region).snapshots
        return {
            "ImageId": image.id,
            "OsName": image.os_name,
            "ImageType": image.type,
            "CreatedTime": iso_z(image.created_at),
            "ImageName": image.name,
            "ImageDescription": image.description,
            "ImageSize": image.size,
            "Architecture": image.architecture,
            "ImageState": image.state,
            "Platform": image.platform,
            "ImageCreator": image.account_id or "",
            "ImageSource": "OFFICIAL" if image.type == "PUBLIC_IMAGE" else "CREATE_IMAGE",
            "SyncPercent": self.backend.sync_percent(image),
            "IsSupportCloudinit": True,
            "SnapshotSet": [
                {"SnapshotId": s.id, "DiskUsage": s.usage, "DiskSize": s.size}
                for s in (snapshots.get(i) for i in image.snapshot_ids)
                if s is not None
            ],
            "Tags": [],
            "LicenseType": "TencentCloud",
            "ImageFamily": image.family,
            "ImageDeprecated": image.deprecated,
            "CdcCacheStatus": "",
        }


Test = Callable[[Image, list[str]], bool]


def _checked_filters(filters: list[Params]) -> list[tuple[Test, list[str]]]:
    if len(filters) > MAX_FILTERS:
        raise exc.InvalidFilterValueLimit(f"At most {MAX_FILTERS} filters are allowed, got {len(filters)}.")
    checked = []
    for f in filters:
        name, values = f.text("Name"), f.texts("Values")
        if len(values) > MAX_FILTER_VALUES:
            raise exc.InvalidFilterValueLimit(
                f"Filter `{name}` has {len(values)} values; at most {MAX_FILTER_VALUES} are allowed."
            )
        test = FILTERS.get(name) or (_no_tag if name.startswith("tag:") else None)
        if test is None:
            raise exc.InvalidFilter(name, [*FILTERS, "tag:<key>"])
        checked.append((test, values))
    return checked


def _no_tag(_image: Image, _values: list[str]) -> bool:
    return False
