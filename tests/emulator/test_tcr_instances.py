"""TCR instances, namespaces, repositories and regions; region and account isolation."""

from __future__ import annotations

from collections.abc import Callable

from tencentcloud.tcr.v20190924 import tcr_client

from pulumi_imagesync.emulator import Emulator
from pulumi_imagesync.emulator.tencent_regions import TCR_REGIONS

from .helpers import outcome, sdk_call, seed_tags

TcrFactory = Callable[..., tcr_client.TcrClient]
PEER = {"access_key_id": "AKIDpeer", "access_key_secret": "peer-secret", "account_id": "100000000002"}


def test_describe_regions_is_the_region_table(demo: Emulator, tcr: TcrFactory) -> None:
    answer = sdk_call(tcr(), "DescribeRegions")
    assert answer["TotalCount"] == len(TCR_REGIONS) == 23
    by_name = {r["RegionName"]: r for r in answer["Regions"]}
    assert by_name["ap-guangzhou"]["RegionId"] == 1
    assert by_name["ap-singapore"]["RegionId"] == 9
    assert by_name["sa-saopaulo"]["RegionId"] == 74
    assert {r["Status"] for r in answer["Regions"]} == {"alluser"}


def test_describe_instances_sees_the_callers_region_and_account(demo: Emulator, tcr: TcrFactory) -> None:
    here = sdk_call(tcr(), "DescribeInstances")
    assert sorted(r["RegistryId"] for r in here["Registries"]) == ["tcr-e8pg46c6", "tcr-xxx"]
    everywhere = sdk_call(tcr(), "DescribeInstances", {"AllRegion": True})
    assert everywhere["TotalCount"] == 3
    singapore = sdk_call(tcr("ap-singapore"), "DescribeInstances", {"Registryids": ["tcr-yyy", "tcr-xxx"]})
    (registry,) = singapore["Registries"]
    assert (registry["RegistryId"], registry["RegionId"], registry["Status"]) == ("tcr-yyy", 9, "Running")
    named = sdk_call(
        tcr(), "DescribeInstances", {"Filters": [{"Name": "RegistryName", "Values": ["imagesync-demo-gz"]}]}
    )
    assert [r["RegistryId"] for r in named["Registries"]] == ["tcr-xxx"]
    paged = sdk_call(tcr(), "DescribeInstances", {"AllRegion": True, "Offset": 2, "Limit": 2})
    assert (paged["TotalCount"], len(paged["Registries"])) == (3, 1)


def test_another_account_sees_no_instances(demo: Emulator, tcr: TcrFactory) -> None:
    demo.seed({"accounts": [PEER]})
    peer = tcr(secret_id="AKIDpeer", secret_key="peer-secret")
    assert sdk_call(peer, "DescribeInstances", {"AllRegion": True})["TotalCount"] == 0


def test_registry_of_another_region_is_not_found(demo: Emulator, tcr: TcrFactory) -> None:
    assert outcome(
        lambda: sdk_call(tcr("ap-singapore"), "DescribeNamespaces", {"RegistryId": "tcr-xxx"})
    ) == ("ResourceNotFound")
    assert sdk_call(tcr("ap-singapore"), "DescribeNamespaces", {"RegistryId": "tcr-yyy"})["TotalCount"] == 2


def test_registry_of_another_account_is_unauthorized(demo: Emulator, tcr: TcrFactory) -> None:
    demo.seed({"accounts": [PEER]})
    peer = tcr(secret_id="AKIDpeer", secret_key="peer-secret")
    call = {"RegistryId": "tcr-xxx", "NamespaceName": "prod", "RepositoryName": "app"}
    assert outcome(lambda: sdk_call(peer, "DescribeImages", call)) == "UnauthorizedOperation"
    assert demo.calls()["calls"][-1]["account_id"] == "100000000002"


def test_describe_namespaces(demo: Emulator, tcr: TcrFactory) -> None:
    answer = sdk_call(tcr(), "DescribeNamespaces", {"RegistryId": "tcr-xxx"})
    assert [ns["Name"] for ns in answer["NamespaceList"]] == ["prod", "test"]
    assert all(
        isinstance(ns["NamespaceId"], int) and " +0000 UTC" in ns["CreationTime"]
        for ns in answer["NamespaceList"]
    )
    fuzzy = sdk_call(tcr(), "DescribeNamespaces", {"RegistryId": "tcr-xxx", "NamespaceName": "ro"})
    assert [ns["Name"] for ns in fuzzy["NamespaceList"]] == ["prod"]
    paged = sdk_call(tcr(), "DescribeNamespaces", {"RegistryId": "tcr-xxx", "Limit": 1, "Offset": 2})
    assert [ns["Name"] for ns in paged["NamespaceList"]] == ["test"]


def test_describe_repositories_with_slashes_in_names(emu: Emulator, tcr: TcrFactory) -> None:
    emu.seed(
        {
            "tcr": {
                "registries": [
                    {
                        "id": "tcr-a",
                        "region": "ap-guangzhou",
                        "namespaces": [
                            seed_tags("v1", namespace="team", repository="svc/api"),
                            seed_tags("v1", namespace="team", repository="web"),
                            seed_tags("v1", namespace="other", repository="web"),
                        ],
                    }
                ]
            }
        }
    )
    everything = sdk_call(tcr(), "DescribeRepositories", {"RegistryId": "tcr-a"})
    assert [r["Name"] for r in everything["RepositoryList"]] == ["other/web", "team/svc/api", "team/web"]
    team = sdk_call(
        tcr(), "DescribeRepositories", {"RegistryId": "tcr-a", "NamespaceName": "team", "SortBy": "-name"}
    )
    assert [(r["Namespace"], r["Name"]) for r in team["RepositoryList"]] == [
        ("team", "team/web"),
        ("team", "team/svc/api"),
    ]
    page = sdk_call(tcr(), "DescribeRepositories", {"RegistryId": "tcr-a", "Limit": 2, "Offset": 2})
    assert (page["TotalCount"], [r["Name"] for r in page["RepositoryList"]]) == (3, ["team/web"])
    missing = {"RegistryId": "tcr-a", "NamespaceName": "nope"}
    assert (
        outcome(lambda: sdk_call(tcr(), "DescribeRepositories", missing)) == "ResourceNotFound.ErrNoNamespace"
    )
    assert outcome(
        lambda: sdk_call(tcr(), "DescribeRepositories", {"RegistryId": "tcr-a", "Limit": 101})
    ) == ("InvalidParameter")
