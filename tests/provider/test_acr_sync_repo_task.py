"""`alibabacloud.SyncRepoTask` through the real provider server, the real SDK and the emulator."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from pulumi_imagesync import alibabacloud
from pulumi_imagesync.emulator import DEFAULT_ACCOUNT_ID, Emulator
from pulumi_imagesync.emulator.registry.seeded import seeded_digest
from tests.support.clouds import acr_call
from tests.support.engine import UNKNOWN, CheckFailed, Engine, ProviderError, register

SOURCE = "cri-hpdfkc6utbaq"  # cn-beijing
TARGET = "cri-ibxs3piklys3"  # cn-hangzhou
PEER = "cri-peer0target1"  # cn-shanghai, another account
PEER_ACCOUNT = "100000000002"
V1 = seeded_digest("v1", size=3_000_000)
V2 = seeded_digest("v2")
OLD = seeded_digest("old")
SOURCE_REPO_ID = "crr-src0repo0001"

WORLD = {
    "accounts": [
        {"access_key_id": "AKIDpeer", "access_key_secret": "peer-secret", "account_id": PEER_ACCOUNT}
    ],
    "acr": {
        "instances": [
            {
                "id": SOURCE,
                "region": "cn-beijing",
                "namespaces": [
                    {
                        "name": "ns1",
                        "repositories": [
                            {
                                "name": "repo1",
                                "id": SOURCE_REPO_ID,
                                "tags": {"tag1": {"image": "v1", "size": 3_000_000}, "tag2": {"image": "v2"}},
                            }
                        ],
                    }
                ],
            },
            {
                "id": TARGET,
                "region": "cn-hangzhou",
                "namespaces": [
                    {"name": "ns1", "repositories": [{"name": "repo1", "tags": {"old": {"image": "old"}}}]}
                ],
            },
            {
                "id": PEER,
                "region": "cn-shanghai",
                "account_id": PEER_ACCOUNT,
                "namespaces": [{"name": "mirror"}],
            },
        ]
    },
}
PEER_PROFILES = {"peer": {"alicloud": {"accessKey": "AKIDpeer", "secretKey": "peer-secret"}}}


@pytest.fixture(autouse=True)
def world(emulator: Emulator) -> None:
    emulator.seed(WORLD)


def copy(name: str = "copy", **overrides: Any) -> Any:
    args: dict[str, Any] = {
        "instance_id": SOURCE,
        "region": "cn-beijing",
        "namespace": "ns1",
        "repo_name": "repo1",
        "tag": "tag1",
        "target_instance_id": TARGET,
        "target_region_id": "cn-hangzhou",
        "target_namespace": "ns1",
        "target_repo_name": "repo1",
        "target_tag": "prd",
    }
    args.update(overrides)
    args = {k: v for k, v in args.items() if v is not None}
    return register(lambda: alibabacloud.SyncRepoTask(name, **args))


def tags(
    emulator: Emulator,
    instance: str = TARGET,
    region: str = "cn-hangzhou",
    namespace: str = "ns1",
    repo: str = "repo1",
) -> dict[str, str]:
    """The tags of a repository and their digests, from the emulator's state."""
    instances = emulator.state()["acr"].get(region, {}).get("instances", {})
    repository = instances.get(instance, {}).get("namespaces", {}).get(namespace, {}).get("repositories", {})
    return {name: t["digest"] for name, t in repository.get(repo, {}).get("tags", {}).items()}


def tasks(emulator: Emulator, instance: str = SOURCE, region: str = "cn-beijing") -> list[dict[str, Any]]:
    return list(emulator.state()["acr"][region]["instances"][instance]["sync_tasks"])


def calls(emulator: Emulator, action: str | None = None) -> list[dict[str, Any]]:
    return [c for c in emulator.calls()["calls"] if action is None or c["action"] == action]


def overwrite_target_with_tag2(emulator: Emulator) -> None:
    """Someone else copies tag2 onto the target tag, with the SDK, behind Pulumi's back."""
    acr_call(
        emulator,
        "cn-beijing",
        "CreateRepoSyncTask",
        {
            "InstanceId": SOURCE,
            "RepoId": SOURCE_REPO_ID,
            "Tag": "tag2",
            "TargetInstanceId": TARGET,
            "TargetRegionId": "cn-hangzhou",
            "TargetNamespace": "ns1",
            "TargetRepoName": "repo1",
            "TargetTag": "prd",
            "Override": True,
        },
    )


def slow_copies(emulator: Emulator, seconds: float = 60, **extra: Any) -> None:
    emulator.faults({"copies": {"acr": {"seconds": seconds, **extra}}})


# --- create and wait ------------------------------------------------------------------------------


def test_create_runs_a_task_waits_for_it_and_reports_it(engine: Engine, emulator: Emulator) -> None:
    assert engine.up(copy()).op == "create"
    state = engine.state["copy"]
    assert state.id == f"cn-hangzhou#{TARGET}#ns1#repo1#prd"
    out = state.outputs
    assert out["task_status"] == "SUCCESS" and out["progress"] == 1 and out["task_issue"] == ""
    assert out["sync_task_id"].startswith("rst-") and out["synced_size"] == 3_000_000
    assert out["digest"] == V1 and out["copied_digest"] == V1 and out["size"] == 3_000_000
    assert out["source_repo_id"] == SOURCE_REPO_ID and out["target_repo_id"].startswith("crr-")
    assert out["existed_before"] is False
    assert {layer["status"] for layer in out["layer_tasks"]} == {"SUCCESS"}
    assert sum(layer["size"] for layer in out["layer_tasks"]) == 3_000_000
    assert tags(emulator)["prd"] == V1

    before = len(calls(emulator))
    assert engine.up(copy()).op == "same"
    assert len(calls(emulator)) == before


def test_calls_go_to_the_region_they_are_about(engine: Engine, emulator: Emulator) -> None:
    engine.up(copy())
    regions = {(c["action"], c["region"]) for c in calls(emulator)}
    assert ("CreateRepoSyncTask", "cn-beijing") in regions and ("GetRepoSyncTask", "cn-beijing") in regions
    assert ("GetRepoTag", "cn-hangzhou") in regions and ("GetRepository", "cn-hangzhou") in regions
    assert all(c["outcome"] in ("ok", "TAG_NOT_EXIST") for c in calls(emulator))


def test_the_source_repository_may_be_named_by_id(engine: Engine, emulator: Emulator) -> None:
    engine.up(copy(namespace=None, repo_name=None, repo_id=SOURCE_REPO_ID))
    out = engine.state["copy"].outputs
    assert out["source_repo_id"] == SOURCE_REPO_ID and out["digest"] == V1
    assert "namespace" not in out and "repo_name" not in out
    assert len([c for c in calls(emulator, "GetRepository") if c["region"] == "cn-beijing"]) == 1


def test_a_missing_source_is_named(engine: Engine, emulator: Emulator) -> None:
    with pytest.raises(ProviderError) as error:
        engine.up(copy(repo_name="nope"))
    assert "repo_name: repository ns1/nope does not exist in instance" in error.value.why
    with pytest.raises(ProviderError) as error:
        engine.up(copy(tag="nope"))
    assert "tag: tag nope does not exist" in error.value.why
    assert not calls(emulator, "CreateRepoSyncTask")


def test_the_target_region_defaults_to_the_source_region(engine: Engine, emulator: Emulator) -> None:
    emulator.seed(
        {
            "acr": {
                "instances": [
                    {"id": "cri-samebeijing1", "region": "cn-beijing", "namespaces": [{"name": "ns1"}]}
                ]
            }
        }
    )
    engine.up(copy(target_instance_id="cri-samebeijing1", target_region_id=None))
    assert engine.state["copy"].id == "cn-beijing#cri-samebeijing1#ns1#repo1#prd"
    assert tags(emulator, "cri-samebeijing1", "cn-beijing")["prd"] == V1
    assert (
        engine.preview(copy(target_instance_id="cri-samebeijing1", target_region_id="cn-beijing")).op
        == "same"
    )


# --- progress, failures, timeouts -------------------------------------------------------------------


def test_wait_false_returns_at_once_and_refresh_reports_progress(engine: Engine, emulator: Emulator) -> None:
    slow_copies(emulator, 100)
    engine.up(copy(wait=False))
    out = engine.state["copy"].outputs
    assert out["task_status"] == "PENDING" and out["progress"] == 0 and out["synced_size"] == 0
    assert "digest" not in out and out["copied_digest"] == V1 and "prd" not in tags(emulator)

    emulator.advance(55)
    running = engine.refresh("copy")
    assert running is not None
    assert running.outputs["task_status"] == "SYNCHRONIZING"
    assert 0 < running.outputs["synced_size"] < 3_000_000
    assert "SYNCHRONIZING" in {layer["status"] for layer in running.outputs["layer_tasks"]}
    assert engine.preview(copy(wait=False)).op == "same"

    emulator.advance(50)
    done = engine.refresh("copy")
    assert done is not None
    assert (done.outputs["task_status"], done.outputs["progress"], done.outputs["digest"]) == (
        "SUCCESS",
        1,
        V1,
    )
    assert done.outputs["synced_size"] == 3_000_000


def test_a_timeout_cancels_the_task_and_leaves_nothing(engine: Engine, emulator: Emulator) -> None:
    slow_copies(emulator, 3600)
    with pytest.raises(ProviderError) as error:
        engine.up(copy(timeout_seconds=1))
    assert "timed out after 1s waiting for sync task" in error.value.why
    assert "PENDING" in error.value.why or "SYNCHRONIZING" in error.value.why
    assert [t["status"] for t in tasks(emulator)] == ["CANCELED"]
    emulator.advance(7200)
    assert "prd" not in tags(emulator) and "copy" not in engine.state


def test_a_create_that_fails_after_copying_leaves_no_tag(engine: Engine, emulator: Emulator) -> None:
    # The first target GetRepoTag is the look-up before the task; the second, after it, fails.
    emulator.faults(
        {
            "rules": [
                {
                    "service": "acr",
                    "action": "GetRepoTag",
                    "region": "cn-hangzhou",
                    "kind": "error",
                    "status": 403,
                    "code": "Forbidden.RAM",
                    "message": "denied",
                    "skip": 1,
                    "times": 1,
                }
            ]
        }
    )
    with pytest.raises(ProviderError) as error:
        engine.up(copy())
    assert "Alibaba Cloud ACR GetRepoTag failed: Forbidden.RAM: denied (request id: " in error.value.why
    assert "prd" not in tags(emulator) and "copy" not in engine.state


def test_is_success_false_at_http_200_is_an_error(engine: Engine, emulator: Emulator) -> None:
    emulator.faults(
        {
            "rules": [
                {
                    "service": "acr",
                    "action": "CreateRepoSyncTask",
                    "kind": "error",
                    "status": 200,
                    "code": "SYSTEM_ERROR",
                    "message": "the sync service is busy",
                }
            ]
        }
    )
    with pytest.raises(ProviderError) as error:
        engine.up(copy())
    line = error.value.why
    assert "Alibaba Cloud ACR CreateRepoSyncTask failed: SYSTEM_ERROR: the sync service is busy" in line
    assert re.search(r"\(request id: [0-9a-f-]{36}\)$", line)
    assert calls(emulator, "CreateRepoSyncTask")[-1]["outcome"] == "SYSTEM_ERROR"
    assert "copy" not in engine.state and not tasks(emulator)


# --- in place ---------------------------------------------------------------------------------------


def test_promoting_a_new_source_tag_is_an_update_onto_the_same_target(
    engine: Engine, emulator: Emulator
) -> None:
    engine.up(copy())
    first = engine.state["copy"].outputs["sync_task_id"]
    step = engine.up(copy(tag="tag2"))
    assert step.op == "update" and "Delete" not in step.calls and "Create" not in step.calls
    out = engine.state["copy"].outputs
    assert out["sync_task_id"] != first and out["digest"] == V2 and out["copied_digest"] == V2
    assert out["existed_before"] is False
    assert tags(emulator)["prd"] == V2
    assert [t["override"] for t in tasks(emulator)] == [False, True]


def test_triggers_and_override_run_the_copy_again_in_place(engine: Engine, emulator: Emulator) -> None:
    engine.up(copy(triggers={"build": 1}))
    assert engine.up(copy(triggers={"build": 1.0})).op == "same"
    assert engine.up(copy(triggers={"build": 2})).op == "update"
    assert engine.up(copy(triggers={"build": 2}, override=True)).op == "update"
    assert len(calls(emulator, "CreateRepoSyncTask")) == 3


def test_an_update_cancels_a_task_still_running(engine: Engine, emulator: Emulator) -> None:
    slow_copies(emulator, 100)
    engine.up(copy(wait=False))
    emulator.faults({"copies": {"acr": {"seconds": 0}}})
    engine.up(copy(tag="tag2", wait=False))
    assert [t["status"] for t in tasks(emulator)] == ["CANCELED", "SUCCESS"]
    assert tags(emulator)["prd"] == V2


def test_a_running_update_is_not_drift(engine: Engine, emulator: Emulator) -> None:
    engine.up(copy())
    slow_copies(emulator, 100)
    engine.up(copy(tag="tag2", wait=False))
    out = engine.state["copy"].outputs
    assert (out["task_status"], out["digest"], out["copied_digest"]) == ("PENDING", V1, V2)
    assert engine.preview(copy(tag="tag2", wait=False)).op == "same"
    emulator.advance(60)
    engine.refresh("copy")
    assert engine.preview(copy(tag="tag2", wait=False)).op == "same"
    emulator.advance(60)
    done = engine.refresh("copy")
    assert done is not None and done.outputs["digest"] == V2
    assert engine.preview(copy(tag="tag2", wait=False)).op == "same"


def test_a_new_target_replaces_and_removes_the_old_copy(engine: Engine, emulator: Emulator) -> None:
    engine.up(copy())
    step = engine.up(copy(target_tag="prd2"))
    assert step.op == "replace" and step.replaces == ["target_tag"] and not step.delete_before_replace
    current = tags(emulator)
    assert "prd" not in current and current["prd2"] == V1


def test_a_new_target_region_replaces_deleting_first(engine: Engine) -> None:
    engine.up(copy())
    step = engine.preview(copy(target_region_id="cn-shanghai"))
    assert step.op == "replace" and step.replaces == ["target_region_id"] and step.delete_before_replace


# --- read -------------------------------------------------------------------------------------------


def test_a_target_tag_deleted_outside_pulumi_reads_as_gone_and_is_copied_again(
    engine: Engine, emulator: Emulator
) -> None:
    engine.up(copy())
    repo_id = engine.state["copy"].outputs["target_repo_id"]
    acr_call(
        emulator, "cn-hangzhou", "DeleteRepoTag", {"InstanceId": TARGET, "RepoId": repo_id, "Tag": "prd"}
    )
    assert engine.refresh("copy") is None
    assert engine.up(copy()).op == "create"
    assert tags(emulator)["prd"] == V1


def test_digest_drift_shows_and_the_next_up_copies_again(engine: Engine, emulator: Emulator) -> None:
    engine.up(copy())
    overwrite_target_with_tag2(emulator)
    refreshed = engine.refresh("copy")
    assert refreshed is not None and refreshed.outputs["digest"] == V2
    assert refreshed.outputs["copied_digest"] == V1
    assert engine.preview(copy()).op == "update"
    engine.up(copy())
    assert tags(emulator)["prd"] == V1


def test_expired_task_history_does_not_make_the_copy_disappear(engine: Engine, emulator: Emulator) -> None:
    slow_copies(emulator, 0, history_seconds=60)
    engine.up(copy())
    task_id = engine.state["copy"].outputs["sync_task_id"]
    emulator.advance(120)
    assert not tasks(emulator)
    refreshed = engine.refresh("copy")
    assert refreshed is not None
    assert refreshed.outputs["sync_task_id"] == task_id and refreshed.outputs["task_status"] == "SUCCESS"
    assert calls(emulator, "GetRepoSyncTask")[-1]["outcome"] == "SYNC_TASK_NOT_EXIST"
    assert engine.preview(copy()).op == "same"
    engine.destroy("copy")
    assert "prd" not in tags(emulator)


def test_a_failed_task_seen_by_refresh_runs_again_on_the_next_up(engine: Engine, emulator: Emulator) -> None:
    emulator.faults({"copies": {"acr": {"seconds": 10, "fail": [{"tag": "prd"}]}}})
    engine.up(copy(wait=False))
    emulator.advance(20)
    refreshed = engine.refresh("copy")
    assert refreshed is not None and refreshed.outputs["task_status"] == "ERROR"
    assert "fault injected" in refreshed.outputs["task_issue"]
    emulator.faults({})
    assert engine.up(copy(wait=False)).op == "update"
    assert engine.state["copy"].outputs["task_status"] == "SUCCESS" and tags(emulator)["prd"] == V1


def test_get_reads_a_copy_by_id(engine: Engine) -> None:
    engine.up(copy())
    got = engine.get(
        register(lambda: alibabacloud.SyncRepoTask.get("seen", f"cn-hangzhou#{TARGET}#ns1#repo1#prd"))
    )
    assert got is not None and got.outputs["digest"] == V1 and got.outputs["target_instance_id"] == TARGET
    # A tag records nothing of the task that wrote it: the source cannot be read from the target.
    assert set(engine.state["copy"].inputs_unlike(got)) == {"instance_id", "namespace", "repo_name", "tag"}


# --- delete -----------------------------------------------------------------------------------------


def test_destroy_deletes_only_the_copied_tag(engine: Engine, emulator: Emulator) -> None:
    engine.up(copy())
    engine.destroy("copy")
    assert tags(emulator) == {"old": OLD}
    assert tags(emulator, SOURCE, "cn-beijing") == {"tag1": V1, "tag2": V2}


def test_destroy_cancels_a_task_still_running(engine: Engine, emulator: Emulator) -> None:
    slow_copies(emulator, 100)
    engine.up(copy(wait=False))
    emulator.advance(50)
    engine.destroy("copy")
    assert [t["status"] for t in tasks(emulator)] == ["CANCELED"]
    emulator.advance(100)
    assert "prd" not in tags(emulator)


def test_a_pre_existing_target_tag_survives_destroy(engine: Engine, emulator: Emulator) -> None:
    engine.up(copy(target_tag="old", override=True))
    out = engine.state["copy"].outputs
    assert out["existed_before"] is True and out["previous_digest"] == OLD and out["digest"] == V1
    engine.destroy("copy")
    assert tags(emulator)["old"] == V1


def test_an_existing_target_without_override_is_an_error(engine: Engine, emulator: Emulator) -> None:
    with pytest.raises(ProviderError) as error:
        engine.up(copy(target_tag="old"))
    assert "already exists" in error.value.why and "override=True" in error.value.text
    assert tags(emulator)["old"] == OLD and not calls(emulator, "CreateRepoSyncTask")


def test_an_adopted_tag_is_deleted_on_destroy(engine: Engine, emulator: Emulator) -> None:
    engine.up(copy(target_tag="old", adopt=True))
    assert engine.state["copy"].outputs["existed_before"] is False
    engine.destroy("copy")
    assert "old" not in tags(emulator)


def test_destroy_keeps_a_tag_that_now_holds_another_image(engine: Engine, emulator: Emulator) -> None:
    engine.up(copy())
    overwrite_target_with_tag2(emulator)
    engine.destroy("copy")
    assert tags(emulator)["prd"] == V2


def test_destroy_succeeds_when_the_instances_are_gone(engine: Engine, emulator: Emulator) -> None:
    slow_copies(emulator, 100)
    engine.up(copy(wait=False))
    emulator.reset("empty")  # both instances released
    engine.destroy("copy")
    assert "copy" not in engine.state
    assert engine.told(f"instance {TARGET} does not exist for these credentials")


# --- another account --------------------------------------------------------------------------------


def peer_copy(**overrides: Any) -> Any:
    return copy(
        target_instance_id=PEER,
        target_region_id="cn-shanghai",
        target_namespace="mirror",
        target_user_id=PEER_ACCOUNT,
        **overrides,
    )


def test_a_copy_into_another_account_is_read_and_deleted_with_the_profile(
    make_engine: Any, emulator: Emulator
) -> None:
    engine = make_engine({"imagesync:profiles": json.dumps(PEER_PROFILES)})
    engine.up(peer_copy(profile="peer"))
    out = engine.state["copy"].outputs
    assert out["digest"] == V1 and out["existed_before"] is False
    assert tasks(emulator)[0]["cross_user"] is True
    peer_calls = {(c["action"], c["account_id"]) for c in calls(emulator) if c["region"] == "cn-shanghai"}
    assert peer_calls == {("GetRepository", PEER_ACCOUNT), ("GetRepoTag", PEER_ACCOUNT)}
    assert {c["account_id"] for c in calls(emulator, "CreateRepoSyncTask")} == {DEFAULT_ACCOUNT_ID}
    engine.destroy("copy")
    assert tags(emulator, PEER, "cn-shanghai", "mirror") == {}


def test_a_copy_into_another_account_without_a_profile_is_kept_with_a_warning(
    engine: Engine, emulator: Emulator
) -> None:
    engine.up(peer_copy())
    out = engine.state["copy"].outputs
    assert out["task_status"] == "SUCCESS" and "existed_before" not in out and "digest" not in out
    assert not [c for c in calls(emulator) if c["region"] == "cn-shanghai"]
    engine.destroy("copy")
    assert tags(emulator, PEER, "cn-shanghai", "mirror") == {"prd": V1}
    assert engine.told(
        "keeping mirror/repo1:prd in cri-peer0target1 (cn-shanghai): it is in account 100000000002"
    )


def test_a_target_in_another_account_needs_its_user_id(engine: Engine, emulator: Emulator) -> None:
    with pytest.raises(ProviderError) as error:
        engine.up(copy(target_instance_id=PEER, target_region_id="cn-shanghai", target_namespace="mirror"))
    assert "INSTANCE_NOT_EXIST" in error.value.why


# --- offline checks ---------------------------------------------------------------------------------


def test_preview_and_diff_make_no_cloud_call(make_engine: Any, emulator: Emulator) -> None:
    engine = make_engine({"imagesync:profiles": json.dumps(PEER_PROFILES)})  # check knows the profiles
    engine.up(copy())
    before = len(calls(emulator))
    assert engine.preview(copy(tag="tag2")).op == "update"
    assert engine.preview(copy(target_tag="prd2")).op == "replace"
    assert engine.preview(copy(timeout_seconds=5, wait=False, profile="peer")).op == "same"
    assert len(calls(emulator)) == before


def test_unknown_values_in_a_preview(engine: Engine, emulator: Emulator) -> None:
    engine.up(copy())
    assert engine.preview(copy().with_inputs(tag=UNKNOWN)).op == "update"
    step = engine.preview(copy().with_inputs(target_tag=UNKNOWN))
    assert step.op == "replace" and step.replaces == ["target_tag"]
    # Which of repo_id / namespace + repo_name is given counts even while its value is unknown.
    by_id = copy(namespace=None, repo_name=None, repo_id=SOURCE_REPO_ID).with_inputs(repo_id=UNKNOWN)
    assert engine.preview(by_id).op == "update"
    with pytest.raises(CheckFailed) as failed:
        engine.preview(copy(repo_name=None).with_inputs(repo_id=UNKNOWN))
    assert "not both" in failed.value.reason("repo_id")


def test_custom_endpoints_serve_both_regions(make_engine: Any, emulator: Emulator) -> None:
    endpoints = {"cr": {"cn-beijing": emulator.url, "cn-hangzhou": emulator.url + "/"}}
    engine = make_engine({"imagesync:emulator": None, "imagesync:endpoints": json.dumps(endpoints)})
    engine.up(copy())
    assert tags(emulator)["prd"] == V1
