"""Tags and digests: DescribeImages, DuplicateImage, DeleteRepositoryTags, DeleteImage."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from tencentcloud.common.exception.tencent_cloud_sdk_exception import TencentCloudSDKException
from tencentcloud.tcr.v20190924 import tcr_client

from pulumi_imagesync.emulator import Emulator
from pulumi_imagesync.emulator.registry.seeded import seeded_digest

from .helpers import digest_of, outcome, sdk_call

TcrFactory = Callable[..., tcr_client.TcrClient]
GZ = "ap-guangzhou"
PROMOTE = {
    "RegistryId": "tcr-e8pg46c6",
    "SourceNamespace": "develop",
    "SourceRepo": "app",
    "SourceReference": "stg",
    "DestinationNamespace": "release",
    "DestinationRepo": "app",
    "DestinationTag": "prd",
    "Override": True,
}


def images(
    client: tcr_client.TcrClient, namespace: str, repository: str = "app", **params: Any
) -> dict[str, Any]:
    base = {"RegistryId": "tcr-e8pg46c6", "NamespaceName": namespace, "RepositoryName": repository}
    return sdk_call(client, "DescribeImages", {**base, **params})


def test_describe_images_matching_and_paging(emu: Emulator, tcr: TcrFactory) -> None:
    tags: dict[str, dict[str, Any]] = {f"v1.{i}": {} for i in range(5)} | {
        "v10": {},
        "latest": {"image": "a", "size": 700},
    }
    emu.seed(
        {
            "tcr": {
                "registries": [
                    {
                        "id": "tcr-e8pg46c6",
                        "region": GZ,
                        "namespaces": [{"name": "develop", "repositories": [{"name": "app", "tags": tags}]}],
                    }
                ]
            }
        }
    )
    client = tcr()
    assert images(client, "develop")["TotalCount"] == 7
    assert images(client, "develop", ImageVersion="v1")["TotalCount"] == 6
    exact = images(client, "develop", ImageVersion="v1", ExactMatch=True)
    assert (exact["TotalCount"], exact["ImageInfoList"]) == (0, [])
    (latest,) = images(client, "develop", Digest=seeded_digest("a", size=700))["ImageInfoList"]
    assert latest == {
        "Digest": seeded_digest("a", size=700),
        "Size": 700,
        "ImageVersion": "latest",
        "UpdateTime": latest["UpdateTime"],
        "Kind": "image",
        "KmsSignature": "",
    }
    first, second = (images(client, "develop", Limit=4, Offset=page)["ImageInfoList"] for page in (1, 2))
    assert (len(first), len(second)) == (4, 3)
    assert not {i["ImageVersion"] for i in first} & {i["ImageVersion"] for i in second}


def test_describe_images_of_missing_things(demo: Emulator, tcr: TcrFactory) -> None:
    assert outcome(lambda: images(tcr(), "develop", "nope")) == "ResourceNotFound.ErrNoRepo"
    assert outcome(lambda: images(tcr(), "nope")) == "ResourceNotFound.ErrNoNamespace"


def test_duplicate_image_copies_the_digest(demo: Emulator, tcr: TcrFactory) -> None:
    sdk_call(tcr(), "DuplicateImage", PROMOTE)
    state = demo.state()
    stg = digest_of(state, GZ, "tcr-e8pg46c6", "develop", "app", "stg")
    assert stg is not None
    assert digest_of(state, GZ, "tcr-e8pg46c6", "release", "app", "prd") == stg
    (prd,) = images(tcr(), "release", ImageVersion="prd", ExactMatch=True)["ImageInfoList"]
    assert prd["Digest"] == stg


def test_duplicate_image_defaults_to_the_source_namespace_and_repository(
    demo: Emulator, tcr: TcrFactory
) -> None:
    params = {k: PROMOTE[k] for k in ("RegistryId", "SourceNamespace", "SourceRepo", "SourceReference")}
    sdk_call(tcr(), "DuplicateImage", {**params, "DestinationTag": "stg-copy"})
    state = demo.state()
    assert digest_of(state, GZ, "tcr-e8pg46c6", "develop", "app", "stg-copy") == digest_of(
        state, GZ, "tcr-e8pg46c6", "develop", "app", "stg"
    )


def test_duplicate_image_creates_the_destination_repository(demo: Emulator, tcr: TcrFactory) -> None:
    sdk_call(tcr(), "DuplicateImage", {**PROMOTE, "DestinationRepo": "team/app"})
    assert digest_of(demo.state(), GZ, "tcr-e8pg46c6", "release", "team/app", "prd") is not None


def test_duplicate_image_refuses_to_overwrite_without_override(demo: Emulator, tcr: TcrFactory) -> None:
    before = digest_of(demo.state(), GZ, "tcr-e8pg46c6", "release", "app", "v0")
    with pytest.raises(TencentCloudSDKException) as caught:
        sdk_call(tcr(), "DuplicateImage", {**PROMOTE, "DestinationTag": "v0", "Override": False})
    assert caught.value.code == "FailedOperation.PreconditionFailed"
    assert "v0" in caught.value.message
    assert digest_of(demo.state(), GZ, "tcr-e8pg46c6", "release", "app", "v0") == before
    sdk_call(tcr(), "DuplicateImage", {**PROMOTE, "DestinationTag": "v0"})
    state = demo.state()
    assert digest_of(state, GZ, "tcr-e8pg46c6", "release", "app", "v0") == digest_of(
        state, GZ, "tcr-e8pg46c6", "develop", "app", "stg"
    )


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"SourceRepo": "nope"}, "ResourceNotFound.ErrNoRepo"),
        ({"SourceReference": "nope"}, "ResourceNotFound.ErrNoTag"),
        ({"SourceNamespace": "nope"}, "ResourceNotFound.ErrNoNamespace"),
        ({"DestinationNamespace": "nope"}, "ResourceNotFound.ErrNoNamespace"),
        ({"RegistryId": "tcr-nope"}, "ResourceNotFound"),
        ({"DestinationNamespace": "develop", "DestinationTag": "stg"}, "InvalidParameter"),
    ],
)
def test_duplicate_image_errors(demo: Emulator, tcr: TcrFactory, change: dict[str, str], code: str) -> None:
    assert outcome(lambda: sdk_call(tcr(), "DuplicateImage", {**PROMOTE, **change})) == code


def test_tags_sharing_a_digest_are_deleted_one_by_one(demo: Emulator, tcr: TcrFactory) -> None:
    client = tcr()
    sdk_call(client, "DuplicateImage", {**PROMOTE, "DestinationTag": "v1.0"})
    sdk_call(client, "DuplicateImage", {**PROMOTE, "DestinationTag": "latest"})
    repo = {"RegistryId": "tcr-e8pg46c6", "NamespaceName": "release", "RepositoryName": "app"}
    sdk_call(client, "DeleteRepositoryTags", {**repo, "Tags": ["latest"]})
    state = demo.state()
    assert digest_of(state, GZ, "tcr-e8pg46c6", "release", "app", "latest") is None
    assert digest_of(state, GZ, "tcr-e8pg46c6", "release", "app", "v1.0") is not None
    assert digest_of(state, GZ, "tcr-e8pg46c6", "release", "app", "v0") is not None


def test_delete_repository_tags_is_all_or_nothing(demo: Emulator, tcr: TcrFactory) -> None:
    repo = {"RegistryId": "tcr-e8pg46c6", "NamespaceName": "develop", "RepositoryName": "app"}
    assert outcome(lambda: sdk_call(tcr(), "DeleteRepositoryTags", {**repo, "Tags": ["stg", "nope"]})) == (
        "ResourceNotFound.ErrNoTag"
    )
    assert digest_of(demo.state(), GZ, "tcr-e8pg46c6", "develop", "app", "stg") is not None
    too_many = [f"t{i}" for i in range(21)]
    assert (
        outcome(lambda: sdk_call(tcr(), "DeleteRepositoryTags", {**repo, "Tags": too_many}))
        == "InvalidParameter"
    )


def test_delete_image_removes_every_tag_of_the_artifact(demo: Emulator, tcr: TcrFactory) -> None:
    client = tcr()
    sdk_call(client, "DuplicateImage", PROMOTE)
    sdk_call(client, "DuplicateImage", {**PROMOTE, "DestinationTag": "latest"})
    repo = {"RegistryId": "tcr-e8pg46c6", "NamespaceName": "release", "RepositoryName": "app"}
    sdk_call(client, "DeleteImage", {**repo, "ImageVersion": "prd"})
    remaining = images(client, "release")["ImageInfoList"]
    assert [i["ImageVersion"] for i in remaining] == ["v0"]
    assert outcome(lambda: sdk_call(client, "DeleteImage", {**repo, "ImageVersion": "prd"})) == (
        "ResourceNotFound.ErrNoTag"
    )


def test_a_slow_duplicate_appears_when_due(demo: Emulator, tcr: TcrFactory) -> None:
    demo.faults({"copies": {"tcr": {"seconds": 600}}})
    sdk_call(tcr(), "DuplicateImage", PROMOTE)
    assert images(tcr(), "release", ImageVersion="prd", ExactMatch=True)["TotalCount"] == 0
    demo.advance(599)
    assert images(tcr(), "release", ImageVersion="prd", ExactMatch=True)["TotalCount"] == 0
    demo.advance(1)
    assert images(tcr(), "release", ImageVersion="prd", ExactMatch=True)["TotalCount"] == 1


def test_a_time_scaled_duplicate_takes_scaled_real_time(demo: Emulator, tcr: TcrFactory) -> None:
    demo.faults({"copies": {"tcr": {"seconds": 60}}, "time_scale": 300})
    started = time.monotonic()
    sdk_call(tcr(), "DuplicateImage", PROMOTE)
    while images(tcr(), "release", ImageVersion="prd", ExactMatch=True)["TotalCount"] == 0:
        assert time.monotonic() - started < 5
        time.sleep(0.02)
    assert time.monotonic() - started >= 0.19  # 60 emulated seconds at x300


def test_a_failed_duplicate_never_appears(demo: Emulator, tcr: TcrFactory) -> None:
    demo.faults({"copies": {"tcr": {"seconds": 10, "fail": [{"namespace": "release", "tag": "prd"}]}}})
    sdk_call(tcr(), "DuplicateImage", PROMOTE)
    demo.advance(3600)
    assert images(tcr(), "release", ImageVersion="prd", ExactMatch=True)["TotalCount"] == 0
    duplicates = demo.state()["tcr"][GZ]["registries"]["tcr-e8pg46c6"]["duplicates"]
    assert [(d["destination"], d["status"]) for d in duplicates] == [("release/app:prd", "Failed")]
