"""ACR (cr 2018-12-01) through the real SDK: the RPC wire, regions, accounts, tags and sync tasks."""

from __future__ import annotations

from typing import Any

import pytest
from alibabacloud_tea_openapi.exceptions import ClientException, ThrottlingException

from pulumi_imagesync.emulator import Emulator
from pulumi_imagesync.emulator.errors import AdminError
from pulumi_imagesync.emulator.registry.seeded import seeded_digest
from tests.support.clouds import acr_call

from .alibaba_helpers import acs3_call

SOURCE, TARGET, PEER = "cri-source000001", "cri-target000001", "cri-peer00000001"
REPO = "crr-source0repo01"
V1 = seeded_digest("v1", size=1000)
OLD = seeded_digest("old")
WORLD = {
    "accounts": [{"access_key_id": "AKIDpeer", "access_key_secret": "peer", "account_id": "100000000002"}],
    "acr": {
        "instances": [
            {
                "id": SOURCE,
                "region": "cn-beijing",
                "namespaces": [
                    {
                        "name": "ns1",
                        "repositories": [
                            {"name": "team/app", "id": REPO, "tags": {"v1": {"image": "v1", "size": 1000}}}
                        ],
                    }
                ],
            },
            {
                "id": TARGET,
                "region": "cn-hangzhou",
                "namespaces": [
                    {"name": "ns1", "repositories": [{"name": "app", "tags": {"old": {"image": "old"}}}]}
                ],
            },
            {
                "id": PEER,
                "region": "cn-shanghai",
                "account_id": "100000000002",
                "namespaces": [{"name": "ns1"}],
            },
        ]
    },
}
TASK = {
    "InstanceId": SOURCE,
    "RepoId": REPO,
    "Tag": "v1",
    "TargetInstanceId": TARGET,
    "TargetRegionId": "cn-hangzhou",
    "TargetNamespace": "ns1",
    "TargetRepoName": "app",
    "TargetTag": "prd",
}


@pytest.fixture
def world(emu: Emulator) -> Emulator:
    emu.seed(WORLD)
    return emu


def beijing(emu: Emulator, action: str, params: dict[str, Any], **keys: Any) -> dict[str, Any]:
    return acr_call(emu, "cn-beijing", action, params, **keys)


def target_tags(emu: Emulator, instance: str = TARGET, region: str = "cn-hangzhou") -> dict[str, str]:
    repos = emu.state()["acr"][region]["instances"][instance]["namespaces"]["ns1"]["repositories"]
    return {tag: t["digest"] for tag, t in repos.get("app", {}).get("tags", {}).items()}


def task(emu: Emulator, task_id: str) -> dict[str, Any]:
    return beijing(emu, "GetRepoSyncTask", {"InstanceId": SOURCE, "SyncTaskId": task_id})


def start(emu: Emulator, **changes: Any) -> str:
    answer = beijing(emu, "CreateRepoSyncTask", {**TASK, **changes})
    assert answer["IsSuccess"] is True and answer["Code"] == "success"
    return str(answer["SyncTaskId"])


# --- wire ---------------------------------------------------------------------------------------------


def test_business_errors_are_http_200_with_is_success_false(world: Emulator) -> None:
    status, _, body = acs3_call(
        world.endpoint, "GetRepository", {"InstanceId": SOURCE, "RepoId": "crr-nope"}, region="cn-beijing"
    )
    assert status == 200
    assert (body["Code"], body["IsSuccess"]) == ("REPO_NOT_EXIST", False) and "crr-nope" in body["Message"]
    sdk = beijing(world, "GetRepoTag", {"InstanceId": SOURCE, "RepoId": REPO, "Tag": "nope"})
    assert (sdk["Code"], sdk["IsSuccess"]) == ("TAG_NOT_EXIST", False)  # the SDK raises nothing


def test_gateway_errors_are_4xx_with_code_message_and_request_id(world: Emulator) -> None:
    with pytest.raises(ClientException) as caught:
        beijing(world, "CancelRepoSyncTask", {"InstanceId": SOURCE, "SyncTaskId": "rst-nope"})
    error = caught.value
    assert (error.code, error.status_code) == ("SYNC_TASK_NOT_EXIST", 400)
    assert error.data["Message"] == f"The sync task rst-nope does not exist in instance {SOURCE}."
    assert len(error.request_id) == 36


@pytest.mark.parametrize(
    ("kwargs", "status", "code"),
    [
        ({"region": None}, 400, "MissingRegionId"),
        ({"region": "cn-atlantis"}, 400, "InvalidRegionId"),
        ({"version": "2017-01-01"}, 400, "InvalidVersion"),
        ({"action": "DescribeEverything"}, 404, "InvalidAction.NotFound"),
        ({"params": {}}, 400, "MissingInstanceId"),
        ({"params": {"InstanceId": SOURCE, "PageSize": "many"}}, 400, "InvalidParameter"),
        ({"params": {"InstanceId": SOURCE, "PageSize": "101"}}, 400, "InvalidParameter"),
    ],
)
def test_the_gateway_checks_region_version_action_and_parameters(
    world: Emulator, kwargs: dict[str, Any], status: int, code: str
) -> None:
    call: dict[str, Any] = {
        "action": "ListRepoSyncTask",
        "params": {"InstanceId": SOURCE},
        "region": "cn-beijing",
        **kwargs,
    }
    answer = acs3_call(world.endpoint, call.pop("action"), call.pop("params"), **call)
    assert (answer[0], answer[2]["Code"]) == (status, code)


def test_the_region_may_come_from_a_regional_host_name(world: Emulator) -> None:
    status, _, body = acs3_call(
        world.endpoint,
        "GetRepository",
        {"InstanceId": SOURCE, "RepoId": REPO},
        region=None,
        extra_headers={"host": "cr.cn-beijing.aliyuncs.com"},
    )
    assert (status, body["RepoName"]) == (200, "team/app")


def test_a_call_for_one_region_does_not_see_another_regions_instances(world: Emulator) -> None:
    answer = acr_call(world, "cn-hangzhou", "GetRepository", {"InstanceId": SOURCE, "RepoId": REPO})
    assert answer["Code"] == "INSTANCE_NOT_EXIST"
    assert world.calls()["calls"][-1]["region"] == "cn-hangzhou"


def test_another_accounts_instance_does_not_exist_for_the_caller(world: Emulator) -> None:
    mine = acr_call(
        world,
        "cn-shanghai",
        "GetRepository",
        {"InstanceId": PEER, "RepoNamespaceName": "ns1", "RepoName": "x"},
    )
    theirs = acr_call(
        world,
        "cn-shanghai",
        "GetRepository",
        {"InstanceId": PEER, "RepoNamespaceName": "ns1", "RepoName": "x"},
        access_key_id="AKIDpeer",
        access_key_secret="peer",
    )
    assert (mine["Code"], theirs["Code"]) == ("INSTANCE_NOT_EXIST", "REPO_NOT_EXIST")


def test_booleans_are_read_in_python_spelling(world: Emulator) -> None:
    world.faults({"copies": {"acr": {"seconds": 10}}})
    task_id = start(world, Override=True)
    assert world.state()["acr"]["cn-beijing"]["instances"][SOURCE]["sync_tasks"][0]["override"] is True
    assert task(world, task_id)["TaskStatus"] == "PENDING"


def test_throttling_tells_the_sdk_when_to_come_back(world: Emulator) -> None:
    world.faults(
        {"rules": [{"service": "acr", "action": "GetRepository", "kind": "throttle", "rate": 0.001}]}
    )
    params = {"InstanceId": SOURCE, "RepoId": REPO}
    beijing(world, "GetRepository", params)
    with pytest.raises(ThrottlingException) as caught:
        beijing(world, "GetRepository", params)
    assert (caught.value.code, caught.value.status_code, caught.value.retry_after) == (
        "Throttling.User",
        400,
        1000,
    )


def test_an_injected_error_with_status_200_is_a_business_error(world: Emulator) -> None:
    world.faults(
        {
            "rules": [
                {
                    "service": "acr",
                    "action": "GetRepository",
                    "kind": "error",
                    "status": 200,
                    "code": "SYSTEM_ERROR",
                }
            ]
        }
    )
    answer = beijing(world, "GetRepository", {"InstanceId": SOURCE, "RepoId": REPO})
    assert (answer["Code"], answer["IsSuccess"]) == ("SYSTEM_ERROR", False)
    assert world.faults({})["rules"] == []


# --- repositories and tags ------------------------------------------------------------------------------


def test_repositories_are_found_by_id_or_by_name(world: Emulator) -> None:
    by_name = beijing(
        world, "GetRepository", {"InstanceId": SOURCE, "RepoNamespaceName": "ns1", "RepoName": "team/app"}
    )
    by_id = beijing(world, "GetRepository", {"InstanceId": SOURCE, "RepoId": REPO})
    assert by_name["RepoId"] == by_id["RepoId"] == REPO
    assert (by_id["RepoNamespaceName"], by_id["RepoName"], by_id["RepoType"]) == (
        "ns1",
        "team/app",
        "PRIVATE",
    )
    with pytest.raises(ClientException) as caught:
        beijing(world, "GetRepository", {"InstanceId": SOURCE, "RepoName": "team/app"})
    assert caught.value.code == "InvalidParameter"


def test_tags_are_read_listed_and_deleted(world: Emulator) -> None:
    repo_id = acr_call(
        world,
        "cn-hangzhou",
        "GetRepository",
        {"InstanceId": TARGET, "RepoNamespaceName": "ns1", "RepoName": "app"},
    )["RepoId"]
    tag = acr_call(
        world, "cn-hangzhou", "GetRepoTag", {"InstanceId": TARGET, "RepoId": repo_id, "Tag": "old"}
    )
    assert (tag["Digest"], tag["Status"], type(tag["ImageUpdate"])) == (OLD, "NORMAL", int)
    listed = acr_call(
        world, "cn-hangzhou", "ListRepoTag", {"InstanceId": TARGET, "RepoId": repo_id, "PageSize": 100}
    )
    assert listed["TotalCount"] == "1" and listed["Images"][0]["Tag"] == "old"
    assert isinstance(listed["Images"][0]["ImageUpdate"], str)
    acr_call(world, "cn-hangzhou", "DeleteRepoTag", {"InstanceId": TARGET, "RepoId": repo_id, "Tag": "old"})
    assert target_tags(world) == {}
    again = acr_call(
        world, "cn-hangzhou", "DeleteRepoTag", {"InstanceId": TARGET, "RepoId": repo_id, "Tag": "old"}
    )
    assert again["Code"] == "TAG_NOT_EXIST"


# --- sync tasks ----------------------------------------------------------------------------------------


def test_a_task_moves_pending_synchronizing_success_with_the_clock(world: Emulator) -> None:
    world.faults({"copies": {"acr": {"seconds": 100}}})
    task_id = start(world)
    pending = task(world, task_id)
    assert (pending["TaskStatus"], pending["Progress"], pending["SyncedSize"]) == ("PENDING", 0, 0)
    assert pending["ImageFrom"] == {
        "ImageTag": "v1",
        "InstanceId": SOURCE,
        "RegionId": "cn-beijing",
        "RepoName": "team/app",
        "RepoNamespaceName": "ns1",
    }
    assert pending["ImageTo"]["RegionId"] == "cn-hangzhou" and pending["CrossUser"] is False
    world.advance(50)
    running = task(world, task_id)
    assert running["TaskStatus"] == "SYNCHRONIZING" and 0 < running["SyncedSize"] < 1000
    assert sum(layer["SyncedSize"] for layer in running["LayerTasks"]) == running["SyncedSize"]
    assert {layer["ArtifactDigest"] for layer in running["LayerTasks"]} == {V1}
    assert "prd" not in target_tags(world)
    world.advance(50)
    done = task(world, task_id)
    assert (done["TaskStatus"], done["Progress"], done["SyncedSize"], done["TaskIssue"]) == (
        "SUCCESS",
        1,
        1000,
        "",
    )
    assert {layer["TaskStatus"] for layer in done["LayerTasks"]} == {"SUCCESS"}
    assert target_tags(world)["prd"] == V1


def test_an_instant_task_is_done_before_the_call_returns(world: Emulator) -> None:
    task_id = start(world, TargetRepoName="new/repo")
    assert task(world, task_id)["TaskStatus"] == "SUCCESS"
    repos = world.state()["acr"]["cn-hangzhou"]["instances"][TARGET]["namespaces"]["ns1"]["repositories"]
    assert repos["new/repo"]["tags"]["prd"]["digest"] == V1


def test_a_running_task_can_be_canceled_and_writes_nothing(world: Emulator) -> None:
    world.faults({"copies": {"acr": {"seconds": 100}}})
    task_id = start(world)
    world.advance(30)
    beijing(world, "CancelRepoSyncTask", {"InstanceId": SOURCE, "SyncTaskId": task_id})
    world.advance(100)
    canceled = task(world, task_id)
    assert canceled["TaskStatus"] == "CANCELED" and "prd" not in target_tags(world)
    assert 0 < canceled["SyncedSize"] < 1000
    again = beijing(world, "CancelRepoSyncTask", {"InstanceId": SOURCE, "SyncTaskId": task_id})
    assert (again["Code"], again["IsSuccess"]) == ("SYNC_TASK_STATUS_INVALID", False)


def test_injected_failures_end_a_task_in_error(world: Emulator) -> None:
    world.faults({"copies": {"acr": {"fail": [{"instance_id": TARGET, "tag": "prd"}]}}})
    failed = task(world, start(world))
    assert failed["TaskStatus"] == "ERROR" and "fault injected" in failed["TaskIssue"]
    assert [layer["TaskStatus"] for layer in failed["LayerTasks"]][-1] == "ERROR"
    assert "prd" not in target_tags(world)


def test_an_existing_tag_is_only_overwritten_with_override(world: Emulator) -> None:
    refused = task(world, start(world, TargetTag="old"))
    assert refused["TaskStatus"] == "ERROR" and "Override is false" in refused["TaskIssue"]
    assert target_tags(world)["old"] == OLD
    assert task(world, start(world, TargetTag="old", Override=True))["TaskStatus"] == "SUCCESS"
    assert target_tags(world)["old"] == V1


def test_tasks_are_checked_when_created(world: Emulator) -> None:
    assert beijing(world, "CreateRepoSyncTask", {**TASK, "Tag": "nope"})["Code"] == "TAG_NOT_EXIST"
    assert (
        beijing(world, "CreateRepoSyncTask", {**TASK, "TargetNamespace": "nope"})["Code"]
        == "NAMESPACE_NOT_EXIST"
    )
    assert (
        beijing(world, "CreateRepoSyncTask", {**TASK, "TargetRegionId": "cn-beijing"})["Code"]
        == "INSTANCE_NOT_EXIST"
    )
    with pytest.raises(ClientException) as caught:
        beijing(world, "CreateRepoSyncTask", {**TASK, "Priority": 9})
    assert caught.value.code == "InvalidParameter"


def test_a_task_into_another_account_needs_that_accounts_user_id(world: Emulator) -> None:
    peer = {**TASK, "TargetInstanceId": PEER, "TargetRegionId": "cn-shanghai", "TargetRepoName": "app"}
    assert beijing(world, "CreateRepoSyncTask", peer)["Code"] == "INSTANCE_NOT_EXIST"
    assert (
        beijing(world, "CreateRepoSyncTask", {**peer, "TargetUserId": "100000000009"})["Code"]
        == "INSTANCE_NOT_EXIST"
    )
    done = task(world, start(world, **peer, TargetUserId="100000000002"))
    assert (done["TaskStatus"], done["CrossUser"]) == ("SUCCESS", True)
    assert target_tags(world, PEER, "cn-shanghai") == {"prd": V1}


def test_tasks_are_listed_newest_first_and_filtered_on_the_source(world: Emulator) -> None:
    first, second = start(world), start(world, TargetTag="prd2")
    listed = beijing(
        world,
        "ListRepoSyncTask",
        {"InstanceId": SOURCE, "RepoNamespaceName": "ns1", "RepoName": "team/app", "Tag": "v1"},
    )
    assert [t["SyncTaskId"] for t in listed["SyncTasks"]] == [second, first]
    assert listed["TotalCount"] == "2" and listed["SyncTasks"][0]["ImageTo"]["ImageTag"] == "prd2"
    assert isinstance(listed["SyncTasks"][0]["CreateTime"], int)
    assert beijing(world, "ListRepoSyncTask", {"InstanceId": SOURCE, "Tag": "v2"})["TotalCount"] == "0"
    page = beijing(world, "ListRepoSyncTask", {"InstanceId": SOURCE, "PageNo": 2, "PageSize": 1})
    assert [t["SyncTaskId"] for t in page["SyncTasks"]] == [first]


def test_task_history_expires_and_the_copies_stay(world: Emulator) -> None:
    world.faults({"copies": {"acr": {"history_seconds": 600}}})
    task_id = start(world)
    world.advance(599)
    assert task(world, task_id)["TaskStatus"] == "SUCCESS"
    world.advance(2)
    with pytest.raises(ClientException) as caught:
        task(world, task_id)
    assert caught.value.code == "SYNC_TASK_NOT_EXIST"
    assert beijing(world, "ListRepoSyncTask", {"InstanceId": SOURCE})["TotalCount"] == "0"
    assert target_tags(world)["prd"] == V1


def test_copy_settings_take_a_history_lifetime(emu: Emulator) -> None:
    doc = emu.faults({"copies": {"acr": {"seconds": 5, "history_seconds": 60}}})
    assert doc["copies"]["acr"] == {"seconds": 5.0, "fail": [], "history_seconds": 60.0}
    assert "history_seconds" not in emu.faults({"copies": {"acr": {}}})["copies"]["acr"]
    with pytest.raises(AdminError, match="history_seconds must be >= 0"):
        emu.faults({"copies": {"acr": {"history_seconds": -1}}})
    with pytest.raises(AdminError, match="keys must be among"):
        emu.faults({"copies": {"acr": {"fail": [{"registry_id": "x"}]}}})


def test_bad_seeds_change_nothing(emu: Emulator) -> None:
    for bad, message in (
        ({"id": "tcr-123", "region": "cn-beijing"}, "not an ACR instance id"),
        ({"id": "cri-123", "region": "ap-guangzhou"}, "not an ACR region"),
        (
            {
                "id": "cri-123",
                "region": "cn-beijing",
                "namespaces": [{"name": "n", "repositories": [{"name": "r", "id": "x"}]}],
            },
            "repository id",
        ),
    ):
        with pytest.raises(AdminError, match=message):
            emu.seed({"acr": {"instances": [bad]}})
    assert emu.state()["acr"] == {}
