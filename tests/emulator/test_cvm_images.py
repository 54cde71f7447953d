"""CVM images through the real SDK: SyncImages copies per region, DescribeImages, DeleteImages,
ModifyImageAttribute, DescribeRegions, DescribeImageQuota."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

import pytest
from tencentcloud.cvm.v20170312 import cvm_client

from pulumi_imagesync.emulator import Emulator

from .helpers import outcome, raw_http, sdk_call, sdk_error

CvmFactory = Callable[[str], cvm_client.CvmClient]
BJ, GZ, SH, SG = "ap-beijing", "ap-guangzhou", "ap-shanghai", "ap-singapore"
GOLDEN = "img-o3ycss2p"
SHARED = "img-5h4r3d00"
PUBLIC = "img-pub00001"
ENCRYPTED = "img-enc00001"
BROKEN = "img-bad00001"
PEER_ACCOUNT = "100000000002"

WORLD: dict[str, Any] = {
    "cvm": {
        "images": [
            {
                "id": GOLDEN,
                "region": BJ,
                "name": "golden",
                "size": 50,
                "snapshots": [{"usage": "SYSTEM_DISK", "size": 50}, {"usage": "DATA_DISK", "size": 100}],
            },
            {"id": SHARED, "region": GZ, "name": "partner-base", "type": "SHARED_IMAGE"},
            {"id": PUBLIC, "region": BJ, "name": "TencentOS Server 3.1", "type": "PUBLIC_IMAGE"},
            {"id": ENCRYPTED, "region": BJ, "name": "secret", "encrypted": True},
            {"id": BROKEN, "region": BJ, "name": "broken", "state": "CREATEFAILED"},
            {"id": "img-other001", "region": BJ, "name": "not-yours", "account_id": PEER_ACCOUNT},
        ]
    }
}


@pytest.fixture
def world(emu: Emulator) -> Emulator:
    emu.seed(WORLD)
    return emu


def sync(client: cvm_client.CvmClient, image_id: str = GOLDEN, *regions: str, **extra: Any) -> dict[str, str]:
    """SyncImages with ImageSetRequired; region -> copy id."""
    answer = sdk_call(
        client,
        "SyncImages",
        {"ImageIds": [image_id], "DestinationRegions": list(regions), "ImageSetRequired": True, **extra},
    )
    return {item["Region"]: item["ImageId"] for item in answer["ImageSet"]}


def image(client: cvm_client.CvmClient, image_id: str) -> dict[str, Any] | None:
    found = sdk_call(client, "DescribeImages", {"ImageIds": [image_id]})["ImageSet"]
    return found[0] if found else None


def cvm_state(emu: Emulator) -> dict[str, Any]:
    return emu.state()["cvm"]


def test_sync_images_makes_one_copy_per_region_each_with_its_own_duration(
    world: Emulator, cvm: CvmFactory
) -> None:
    world.faults({"copies": {"cvm": {"seconds": 100, "durations": [{"region": SG, "seconds": 300}]}}})
    copies = sync(cvm(BJ), GOLDEN, GZ, SG)
    assert set(copies) == {GZ, SG} and len(set(copies.values())) == 2
    assert all(copy.startswith("img-") and copy != GOLDEN for copy in copies.values())
    for region, copy_id in copies.items():
        copy = image(cvm(region), copy_id)
        assert copy is not None
        assert (copy["ImageState"], copy["SyncPercent"], copy["ImageType"]) == ("SYNCING", 0, "PRIVATE_IMAGE")
        assert copy["ImageName"] == "golden" and copy["SnapshotSet"] == []
    source = image(cvm(BJ), GOLDEN)
    assert source is not None and source["ImageState"] == "SYNCING"  # busy while its copies run

    world.advance(150)
    guangzhou, singapore = image(cvm(GZ), copies[GZ]), image(cvm(SG), copies[SG])
    assert guangzhou is not None and singapore is not None
    assert (guangzhou["ImageState"], guangzhou["SyncPercent"]) == ("NORMAL", 100)
    assert [(s["DiskUsage"], s["DiskSize"]) for s in guangzhou["SnapshotSet"]] == [
        ("SYSTEM_DISK", 50),
        ("DATA_DISK", 100),
    ]
    assert singapore["ImageState"] == "SYNCING" and 45 <= singapore["SyncPercent"] <= 55
    assert image(cvm(BJ), GOLDEN)["ImageState"] == "SYNCING"  # type: ignore[index]

    world.advance(200)
    assert image(cvm(SG), copies[SG])["ImageState"] == "NORMAL"  # type: ignore[index]
    assert image(cvm(BJ), GOLDEN)["ImageState"] == "NORMAL"  # type: ignore[index]
    state = cvm_state(world)
    [gz_copy], [sg_copy] = state[GZ]["copies"], state[SG]["copies"]
    assert gz_copy["started_at"] == sg_copy["started_at"]
    assert gz_copy["ended_at"] == pytest.approx(gz_copy["started_at"] + 100)
    assert sg_copy["ended_at"] == pytest.approx(sg_copy["started_at"] + 300)
    assert (gz_copy["status"], gz_copy["source_image_id"], gz_copy["source_region"]) == ("NORMAL", GOLDEN, BJ)
    assert state[SG]["images"][copies[SG]]["copied_from"] == f"{BJ}/{GOLDEN}"
    assert len(state[GZ]["snapshots"]) == 2


def test_without_image_set_required_the_answer_names_the_source_image(
    world: Emulator, cvm: CvmFactory
) -> None:
    answer = sdk_call(cvm(BJ), "SyncImages", {"ImageIds": [GOLDEN], "DestinationRegions": [GZ]})
    assert answer["ImageSet"] == [{"ImageId": GOLDEN, "Region": GZ}]  # as the document's example 1
    private = {"Filters": [{"Name": "image-type", "Values": ["PRIVATE_IMAGE"]}]}
    [copy] = sdk_call(cvm(GZ), "DescribeImages", private)["ImageSet"]
    assert copy["ImageId"] != GOLDEN and copy["ImageName"] == "golden"


def test_the_same_steps_in_a_fresh_world_give_the_same_ids(world: Emulator, cvm: CvmFactory) -> None:
    first = sync(cvm(BJ), GOLDEN, GZ, SH)
    again = sync(cvm(BJ), GOLDEN, SG, ImageName="golden-2")
    world.reset("empty")
    world.seed(WORLD)
    assert sync(cvm(BJ), GOLDEN, GZ, SH) == first
    assert sync(cvm(BJ), GOLDEN, SG, ImageName="golden-2") == again
    assert len({*first.values(), *again.values()}) == 3


def test_a_named_copy_and_a_failed_copy(world: Emulator, cvm: CvmFactory) -> None:
    world.faults({"copies": {"cvm": {"seconds": 60, "fail": [{"region": SH, "image_id": GOLDEN}]}}})
    copies = sync(cvm(BJ), GOLDEN, GZ, SH, ImageName="golden-2026-11")
    world.advance(61)
    shanghai, guangzhou = image(cvm(SH), copies[SH]), image(cvm(GZ), copies[GZ])
    assert shanghai is not None and guangzhou is not None
    assert (shanghai["ImageState"], shanghai["SnapshotSet"]) == ("CREATEFAILED", [])
    assert (guangzhou["ImageState"], guangzhou["ImageName"]) == ("NORMAL", "golden-2026-11")
    assert image(cvm(BJ), GOLDEN)["ImageState"] == "NORMAL"  # type: ignore[index]
    assert cvm_state(world)[SH]["copies"][0]["status"] == "CREATEFAILED"


def test_a_busy_source_is_refused_until_its_copies_finish(world: Emulator, cvm: CvmFactory) -> None:
    world.faults({"copies": {"cvm": {"seconds": 60}}})
    sync(cvm(BJ), GOLDEN, GZ)
    error = sdk_error(lambda: sync(cvm(BJ), GOLDEN, SH))
    assert error.code == "FailedOperation.InvalidImageState" and "retry later" in error.message
    world.advance(60)
    assert set(sync(cvm(BJ), GOLDEN, SH)) == {SH}


def test_a_shared_image_is_copied_into_its_own_region_as_a_custom_image(
    world: Emulator, cvm: CvmFactory
) -> None:
    world.faults({"copies": {"cvm": {"seconds": 30}}})
    copies = sync(cvm(GZ), SHARED, GZ, ImageName="partner-base-copy")
    copy = image(cvm(GZ), copies[GZ])
    assert copy is not None and (copy["ImageState"], copy["ImageType"]) == ("CREATING", "PRIVATE_IMAGE")
    world.advance(30)
    assert image(cvm(GZ), copies[GZ])["ImageState"] == "NORMAL"  # type: ignore[index]


def test_an_encrypted_copy_is_made_in_the_source_region(world: Emulator, cvm: CvmFactory) -> None:
    copies = sync(cvm(BJ), GOLDEN, BJ, Encrypt=True, KmsKeyId="kms-key1", ImageName="golden-encrypted")
    state = cvm_state(world)[BJ]["images"][copies[BJ]]
    assert (state["encrypted"], state["kms_key_id"], state["state"]) == (True, "kms-key1", "NORMAL")


@pytest.mark.parametrize(
    ("region", "params", "code"),
    [
        (
            BJ,
            {"ImageIds": [GOLDEN, ENCRYPTED], "DestinationRegions": [GZ]},
            "InvalidParameterValue.LimitExceeded",
        ),
        (BJ, {"ImageIds": ["img_o3ycss2p"], "DestinationRegions": [GZ]}, "InvalidImageId.Malformed"),
        (BJ, {"ImageIds": ["img-nothere1"], "DestinationRegions": [GZ]}, "InvalidImageId.NotFound"),
        (GZ, {"ImageIds": [GOLDEN], "DestinationRegions": [SH]}, "InvalidImageId.NotFound"),
        (BJ, {"ImageIds": ["img-other001"], "DestinationRegions": [GZ]}, "InvalidImageId.NotFound"),
        (BJ, {"ImageIds": [GOLDEN], "DestinationRegions": ["ap-atlantis"]}, "InvalidRegion.NotFound"),
        (
            BJ,
            {"ImageIds": [GOLDEN], "DestinationRegions": [GZ, "ap-shanghai-fsi"]},
            "InvalidRegion.Unavailable",
        ),
        (BJ, {"ImageIds": [GOLDEN], "DestinationRegions": [BJ, GZ]}, "InvalidParameterValue.InvalidRegion"),
        (GZ, {"ImageIds": [SHARED], "DestinationRegions": [SH]}, "InvalidParameterValue.InvalidRegion"),
        (BJ, {"ImageIds": [PUBLIC], "DestinationRegions": [GZ]}, "InvalidParameterValue.InvalidImageId"),
        (
            BJ,
            {"ImageIds": [ENCRYPTED], "DestinationRegions": [GZ]},
            "UnsupportedOperation.EncryptedImagesNotSupported",
        ),
        (
            BJ,
            {"ImageIds": [GOLDEN], "DestinationRegions": [GZ], "Encrypt": True},
            "UnsupportedOperation.Region",
        ),
        (BJ, {"ImageIds": [BROKEN], "DestinationRegions": [GZ]}, "InvalidImageId.IncorrectState"),
        (
            BJ,
            {"ImageIds": [GOLDEN], "DestinationRegions": [GZ], "ImageName": "x" * 61},
            "InvalidParameterValue.TooLong",
        ),
        (
            BJ,
            {"ImageIds": [GOLDEN], "DestinationRegions": [BJ], "Encrypt": True},
            "InvalidImageName.Duplicate",
        ),
        (BJ, {"ImageIds": [GOLDEN], "DestinationRegions": [GZ, GZ]}, "InvalidParameter"),
        (BJ, {"ImageIds": [GOLDEN], "DestinationRegions": [GZ], "DryRun": True}, "DryRunOperation"),
    ],
)
def test_sync_images_refuses_what_the_api_refuses_and_changes_nothing(
    world: Emulator, cvm: CvmFactory, region: str, params: dict[str, Any], code: str
) -> None:
    before = cvm_state(world)
    assert outcome(lambda: sdk_call(cvm(region), "SyncImages", params)) == code
    assert cvm_state(world) == before


def test_a_name_taken_in_a_destination_region_is_a_duplicate(world: Emulator, cvm: CvmFactory) -> None:
    world.seed({"cvm": {"images": [{"id": "img-taken001", "region": SH, "name": "golden"}]}})
    error = sdk_error(lambda: sync(cvm(BJ), GOLDEN, GZ, SH))
    assert (
        error.code == "InvalidImageName.Duplicate" and SH in error.message and "img-taken001" in error.message
    )
    assert set(sync(cvm(BJ), GOLDEN, GZ, SH, ImageName="golden-2")) == {GZ, SH}


def test_the_quota_counts_custom_images_per_region_copies_included(world: Emulator, cvm: CvmFactory) -> None:
    world.seed({"cvm": {"image_quota": 2, "images": [{"id": "img-sh000001", "region": SH, "name": "a"}]}})
    assert sdk_call(cvm(SH), "DescribeImageQuota")["ImageNumQuota"] == 2
    sync(cvm(BJ), GOLDEN, SH)
    world.seed({"cvm": {"images": [{"id": "img-bj000002", "region": BJ, "name": "other"}]}})
    error = sdk_error(lambda: sync(cvm(BJ), "img-bj000002", SH))
    assert error.code == "ImageQuotaLimitExceeded" and SH in error.message
    assert set(sync(cvm(BJ), "img-bj000002", GZ)) == {GZ}


def test_describe_images_by_ids_and_filters(world: Emulator, cvm: CvmFactory) -> None:
    client = cvm(BJ)
    visible = {i["ImageId"] for i in sdk_call(client, "DescribeImages", {"Limit": 100})["ImageSet"]}
    assert visible == {GOLDEN, PUBLIC, ENCRYPTED, BROKEN}  # not another account's image
    by_ids = sdk_call(client, "DescribeImages", {"ImageIds": [GOLDEN, "img-nothere1"]})
    assert (by_ids["TotalCount"], by_ids["ImageSet"][0]["ImageId"]) == (1, GOLDEN)
    fuzzy = sdk_call(client, "DescribeImages", {"Filters": [{"Name": "image-name", "Values": ["gold"]}]})
    assert [i["ImageId"] for i in fuzzy["ImageSet"]] == [GOLDEN]
    private = sdk_call(
        client,
        "DescribeImages",
        {"Filters": [{"Name": "image-type", "Values": ["PRIVATE_IMAGE"]}], "Limit": 2, "Offset": 0},
    )
    assert private["TotalCount"] == 3 and len(private["ImageSet"]) == 2
    assert sdk_call(cvm(GZ), "DescribeImages", {"ImageIds": [GOLDEN]})["ImageSet"] == []  # another region
    shared = sdk_call(cvm(GZ), "DescribeImages", {"ImageIds": [SHARED]})["ImageSet"][0]
    assert shared["ImageType"] == "SHARED_IMAGE" and shared["SnapshotSet"] == []
    for params, code in [
        (
            {"ImageIds": [GOLDEN], "Filters": [{"Name": "image-id", "Values": [GOLDEN]}]},
            "InvalidParameter.InvalidParameterCoexistImageIdsFilters",
        ),
        ({"ImageIds": ["img-1"]}, "InvalidImageId.Malformed"),
        ({"Filters": [{"Name": "colour", "Values": ["red"]}]}, "InvalidFilter"),
        ({"Filters": [{"Name": "image-id", "Values": [GOLDEN] * 6}]}, "InvalidFilterValue.LimitExceeded"),
        ({"Limit": 101}, "InvalidParameterValue.InvalidParameterValueLimit"),
    ]:
        assert outcome(lambda p=params: sdk_call(client, "DescribeImages", p)) == code  # type: ignore[misc]


def test_typed_sdk_models_read_every_answer_without_warnings(world: Emulator, cvm: CvmFactory) -> None:
    copies = sync(cvm(BJ), GOLDEN, GZ)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the SDK warns about keys its models do not know
        assert image(cvm(GZ), copies[GZ]) is not None
        regions = sdk_call(cvm(GZ), "DescribeRegions")
    assert regions["TotalCount"] == 23
    assert {"Region": GZ, "RegionName": "South China (Guangzhou)", "RegionState": "AVAILABLE"} in regions[
        "RegionSet"
    ]


def test_delete_images_with_and_without_their_snapshots(world: Emulator, cvm: CvmFactory) -> None:
    copies = sync(cvm(BJ), GOLDEN, GZ, SH)
    snapshots = cvm_state(world)
    gz_snaps, sh_snaps = set(snapshots[GZ]["snapshots"]), set(snapshots[SH]["snapshots"])
    assert len(gz_snaps) == len(sh_snaps) == 2

    sdk_call(cvm(GZ), "DeleteImages", {"ImageIds": [copies[GZ]]})
    sdk_call(cvm(SH), "DeleteImages", {"ImageIds": [copies[SH]], "DeleteBindedSnap": True})
    after = cvm_state(world)
    assert copies[GZ] not in after[GZ]["images"] and copies[SH] not in after.get(SH, {}).get("images", {})
    assert set(after[GZ]["snapshots"]) == gz_snaps  # kept, bound to no image, still billed
    assert all(s["image_id"] is None for s in after[GZ]["snapshots"].values())
    assert after[SH]["snapshots"] == {}
    assert (
        outcome(lambda: sdk_call(cvm(GZ), "DeleteImages", {"ImageIds": [copies[GZ]]}))
        == "InvalidImageId.NotFound"
    )


def test_delete_images_refuses_busy_shared_and_public_images_all_or_nothing(
    world: Emulator, cvm: CvmFactory
) -> None:
    world.faults({"copies": {"cvm": {"seconds": 60}}})
    copies = sync(cvm(BJ), GOLDEN, GZ)
    world.seed({"cvm": {"images": [{"id": "img-gz000001", "region": GZ, "name": "spare"}]}})
    client = cvm(GZ)
    for ids, code in [
        (["img-gz000001", copies[GZ]], "InvalidImageId.IncorrectState"),
        (["img-gz000001", SHARED], "UnauthorizedOperation.ImageNotBelongToAccount"),
        (["img-gz000001", "img-nothere1"], "InvalidImageId.NotFound"),
    ]:
        assert outcome(lambda i=ids: sdk_call(client, "DeleteImages", {"ImageIds": i})) == code  # type: ignore[misc]
    assert outcome(lambda: sdk_call(cvm(BJ), "DeleteImages", {"ImageIds": [PUBLIC]})) == (
        "InvalidParameterValue.InvalidImageId"
    )
    assert outcome(
        lambda: sdk_call(client, "DeleteImages", {"ImageIds": ["img-gz000001"], "DryRun": True})
    ) == ("DryRunOperation")
    assert "img-gz000001" in cvm_state(world)[GZ]["images"]
    world.advance(60)
    sdk_call(client, "DeleteImages", {"ImageIds": ["img-gz000001", copies[GZ]], "DeleteBindedSnap": True})
    assert cvm_state(world)[GZ]["images"] == {SHARED: cvm_state(world)[GZ]["images"][SHARED]}


def test_modify_image_attribute_renames_within_the_region_unique_names(
    world: Emulator, cvm: CvmFactory
) -> None:
    copies = sync(cvm(BJ), GOLDEN, GZ)
    client = cvm(GZ)
    sdk_call(client, "ModifyImageAttribute", {"ImageId": copies[GZ], "ImageName": "golden-gz"})
    sdk_call(
        client, "ModifyImageAttribute", {"ImageId": copies[GZ], "ImageName": "golden-gz"}
    )  # its own name
    assert image(client, copies[GZ])["ImageName"] == "golden-gz"  # type: ignore[index]
    world.seed({"cvm": {"images": [{"id": "img-gz000001", "region": GZ, "name": "taken"}]}})
    for params, code in [
        ({"ImageId": copies[GZ], "ImageName": "taken"}, "InvalidImageName.Duplicate"),
        ({"ImageId": copies[GZ], "ImageName": "y" * 61}, "InvalidParameterValue.TooLong"),
        ({"ImageId": SHARED, "ImageName": "mine"}, "UnsupportedOperation.SharedImageModifyUnsupported"),
        ({"ImageId": "img-nothere1", "ImageName": "z"}, "InvalidImageId.NotFound"),
    ]:
        assert outcome(lambda p=params: sdk_call(client, "ModifyImageAttribute", p)) == code  # type: ignore[misc]
    sdk_call(cvm(BJ), "ModifyImageAttribute", {"ImageId": GOLDEN, "ImageName": "taken"})  # another region


def test_sync_images_is_throttled_at_its_documented_rate(world: Emulator, cvm: CvmFactory) -> None:
    world.faults({"rate_limits": "documented"})
    client = cvm(BJ)
    dry = {"ImageIds": [GOLDEN], "DestinationRegions": [GZ], "DryRun": True}
    outcomes = [outcome(lambda: sdk_call(client, "SyncImages", dry)) for _ in range(14)]
    assert outcomes.count("RequestLimitExceeded") >= 2 and outcomes[0] == "DryRunOperation"


@pytest.mark.parametrize(
    ("images", "reason"),
    [
        ([{"id": "img-1", "region": BJ}], "img-xxxxxxxx"),
        ([{"id": "img-aaaaaaaa", "region": "mars-1"}], "not a CVM region"),
        ([{"id": "img-aaaaaaaa", "region": BJ, "type": "GOLD"}], "type"),
        ([{"id": "img-aaaaaaaa", "region": BJ, "state": "RUNNING"}], "state"),
        ([{"id": GOLDEN, "region": GZ}], "already exists in ap-beijing"),
        ([{"id": "img-aaaaaaaa", "region": BJ, "snapshots": [{"size": 0}]}], "size"),
    ],
)
def test_a_bad_cvm_seed_changes_nothing_and_names_the_path(
    world: Emulator, images: list[dict[str, Any]], reason: str
) -> None:
    import json

    before = cvm_state(world)
    status, _, body = raw_http(
        world.endpoint,
        "POST",
        "/_emulator/seed",
        json.dumps({"cvm": {"images": images}}).encode(),
        {"Content-Type": "application/json"},
    )
    assert status == 400 and "cvm.images[0]" in body["error"] and reason in body["error"]
    assert cvm_state(world) == before


def test_the_demo_world_has_images_to_copy(demo: Emulator, cvm: CvmFactory) -> None:
    assert image(cvm(BJ), GOLDEN)["ImageName"] == "golden"  # type: ignore[index]
    assert image(cvm(GZ), SHARED)["ImageType"] == "SHARED_IMAGE"  # type: ignore[index]
