"""`huaweicloud.SyncRepoTask` through the real provider server, the real SDK and the emulator."""

from __future__ import annotations

import json
from typing import Any

import pytest

from pulumi_imagesync import huaweicloud
from pulumi_imagesync.emulator import DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, Emulator
from pulumi_imagesync.emulator.huawei_regions import project_id
from pulumi_imagesync.emulator.registry.seeded import seeded_digest
from tests.support.clouds import swr_call
from tests.support.engine import UNKNOWN, Engine, ProviderError, register

BJ, SH, GZ = "cn-north-4", "cn-east-3", "cn-south-1"
NAME = "app-to-shanghai"
ID = f"{BJ}#team-a#web/app#{SH}#team-a"

WORLD = {
    "swr": {
        "namespaces": [
            {
                "region": BJ,
                "name": "team-a",
                "repositories": [{"name": "web/app", "tags": {"v1": {}, "v2": {}}}],
            },
            {"region": SH, "name": "team-a"},
            {"region": SH, "name": "other"},
            {"region": GZ, "name": "team-a", "repositories": [{"name": "api", "tags": {"v1": {}}}]},
        ]
    }
}


@pytest.fixture(autouse=True)
def world(emulator: Emulator) -> None:
    emulator.seed(WORLD)


def task(name: str = NAME, **overrides: Any) -> Any:
    args: dict[str, Any] = {
        "region": BJ,
        "namespace": "team-a",
        "repository": "web/app",
        "remote_region_id": SH,
        "remote_namespace": "team-a",
    }
    args.update(overrides)
    return register(lambda: huaweicloud.SyncRepoTask(name, **args))


def rules(
    emulator: Emulator, region: str = BJ, namespace: str = "team-a", repository: str = "web/app"
) -> list[Any]:
    found: list[Any] = swr_call(
        emulator, region, "ListImageAutoSyncReposDetails", namespace=namespace, repository=repository
    )
    return found


def remote_tags(emulator: Emulator, region: str = SH, namespace: str = "team-a") -> dict[str, str]:
    repos = (
        emulator.state()["swr"]
        .get(region, {})
        .get("namespaces", {})
        .get(namespace, {})
        .get("repositories", {})
    )
    return {tag: spec["digest"] for tag, spec in repos.get("web/app", {}).get("tags", {}).items()}


def push(emulator: Emulator, *tags: str) -> None:
    repo = {"name": "web/app", "tags": {tag: {} for tag in tags}}
    emulator.seed({"swr": {"namespaces": [{"region": BJ, "name": "team-a", "repositories": [repo]}]}})


def cloud_calls(emulator: Emulator) -> list[tuple[str, str, str]]:
    return [(c["action"], c["region"], c["outcome"]) for c in emulator.calls()["calls"]]


def delete_rule(emulator: Emulator) -> None:
    swr_call(
        emulator,
        BJ,
        "DeleteImageSyncRepo",
        namespace="team-a",
        repository="web/app",
        body={"remote_region_id": SH, "remote_namespace": "team-a"},
    )


# -- create, no diff, delete ------------------------------------------------------------------------


def test_create_makes_an_auto_sync_rule_and_a_second_up_changes_nothing(
    engine: Engine, emulator: Emulator
) -> None:
    assert engine.up(task()).op == "create"
    state = engine.state[NAME]
    assert state.id == ID  # the repository keeps its "/" in the id; "#" separates the parts
    out = state.outputs
    assert (out["sync_auto"], out["override"], out["sync_existing"]) == (True, False, False)
    assert out["domain_id"] == "100000000001" and out["created_at"].endswith("Z")
    assert isinstance(out["rule_id"], int | float) and "sync_jobs" not in out
    [rule] = rules(emulator)
    assert (rule["syncAuto"], rule["override"], rule["repoName"]) == (True, False, "web/app")
    assert remote_tags(emulator) == {}  # images pushed before the rule are not synced by it

    before = len(cloud_calls(emulator))
    again = engine.up(task())
    assert again.op == "same" and again.calls == ["Check", "Diff"]
    assert len(cloud_calls(emulator)) == before  # check and diff never call the cloud

    push(emulator, "v3")  # a tag pushed afterwards is synced automatically
    assert set(remote_tags(emulator)) == {"v3"}


def test_destroy_deletes_the_rule_and_keeps_synced_images(engine: Engine, emulator: Emulator) -> None:
    engine.up(task(sync_existing=True))
    assert set(remote_tags(emulator)) == {"v1", "v2"}
    engine.destroy(NAME)
    assert rules(emulator) == []
    assert set(remote_tags(emulator)) == {"v1", "v2"}
    push(emulator, "v3")
    assert "v3" not in remote_tags(emulator)


def test_an_already_deleted_rule_destroys_cleanly(engine: Engine, emulator: Emulator) -> None:
    engine.up(task())
    delete_rule(emulator)
    engine.destroy(NAME)
    outcomes = [c for c in cloud_calls(emulator) if c[0] == "DeleteImageSyncRepo"]
    assert outcomes[-1][2] == "SVCSTG.SWR.4001158"  # SWR's "not found" answer is success


def test_a_repository_gone_with_its_rule_destroys_cleanly(engine: Engine, emulator: Emulator) -> None:
    engine.up(task())
    emulator.world.backends["swr"].namespaces.pop((BJ, "team-a"))  # type: ignore[attr-defined]
    engine.destroy(NAME)
    assert [c for c in cloud_calls(emulator) if c[0] == "DeleteImageSyncRepo"][-1][2] == "SVCSTG.SWR.4040002"


# -- back-fill ---------------------------------------------------------------------------------------


def test_sync_existing_copies_the_existing_tags_and_waits_for_the_jobs(
    engine: Engine, emulator: Emulator
) -> None:
    emulator.faults({"copies": {"swr": {"seconds": 2}}})
    engine.up(task(sync_existing=True, override=True))
    out = engine.state[NAME].outputs
    assert out["synced_tags"] == ["v1", "v2"]
    assert [(j["tag"], j["status"]) for j in out["sync_jobs"]] == [("v1", "success"), ("v2", "success")]
    source = emulator.state()["swr"][BJ]["namespaces"]["team-a"]["repositories"]["web/app"]["tags"]
    assert remote_tags(emulator) == {tag: spec["digest"] for tag, spec in source.items()}
    push(emulator, "v3")
    emulator.advance(2)
    assert "v3" in remote_tags(emulator)  # and the rule keeps syncing what is pushed next


def test_sync_existing_tags_copies_only_those(engine: Engine, emulator: Emulator) -> None:
    engine.up(task(sync_existing=True, sync_existing_tags=["v2"]))
    assert set(remote_tags(emulator)) == {"v2"}
    assert engine.state[NAME].outputs["synced_tags"] == ["v2"]


def test_a_tag_already_in_the_remote_is_existed_without_override(engine: Engine, emulator: Emulator) -> None:
    emulator.seed(
        {
            "swr": {
                "namespaces": [
                    {
                        "region": SH,
                        "name": "team-a",
                        "repositories": [{"name": "web/app", "tags": {"v1": {"image": "other"}}}],
                    }
                ]
            }
        }
    )
    engine.up(task(sync_existing=True))
    jobs = {j["tag"]: j["status"] for j in engine.state[NAME].outputs["sync_jobs"]}
    assert jobs == {"v1": "existed", "v2": "success"}
    assert remote_tags(emulator)["v1"] == seeded_digest("other")  # never overwritten without override


@pytest.mark.parametrize("adopt", [False, True])
def test_a_failed_back_fill_job_fails_the_create_naming_the_tag_and_removes_the_rule(
    engine: Engine, emulator: Emulator, adopt: bool
) -> None:
    emulator.faults({"copies": {"swr": {"fail": [{"tag": "v2", "status": "timeout"}]}}})
    with pytest.raises(ProviderError) as error:
        engine.up(task(sync_existing=True, adopt=adopt))  # adopt: nothing to adopt, the rule is new
    line = error.value.why
    assert (
        "back-fill of 2 existing tag(s) of team-a/web/app to team-a in cn-east-3 failed: tag v2: timeout"
        in line
    )
    assert rules(emulator) == []  # the rule this create made is gone
    assert NAME not in engine.state


def test_a_missing_tag_in_sync_existing_tags_is_named(engine: Engine, emulator: Emulator) -> None:
    with pytest.raises(ProviderError) as error:
        engine.up(task(sync_existing=True, sync_existing_tags=["v1", "v9"]))
    assert "sync_existing_tags: v9 is not a tag of team-a/web/app in cn-north-4" in error.value.why
    assert rules(emulator) == []


def test_turning_sync_existing_on_back_fills_in_place_and_new_tags_only_later(
    engine: Engine, emulator: Emulator
) -> None:
    engine.up(task())
    plan = engine.preview(task(sync_existing=True, sync_existing_tags=["v1"]))
    assert (plan.op, plan.replaces) == ("update", [])
    engine.up(task(sync_existing=True, sync_existing_tags=["v1"]))
    rule_id = engine.state[NAME].outputs["rule_id"]
    assert set(remote_tags(emulator)) == {"v1"}

    engine.up(task(sync_existing=True, sync_existing_tags=["v1", "v2"]))
    manual = [c for c in emulator.calls()["calls"] if c["action"] == "CreateManualImageSyncRepo"]
    assert len(manual) == 2
    out = engine.state[NAME].outputs
    assert out["synced_tags"] == ["v1", "v2"] and out["rule_id"] == rule_id  # the same rule, updated in place
    jobs = swr_call(
        emulator, BJ, "ShowSyncJob", namespace="team-a", repository="web/app", filter="limit::10|offset::0"
    )
    assert sorted(j["tag"] for j in jobs) == ["v1", "v2"]  # v1 was not copied twice

    step = engine.up(task())  # turning it off does nothing in the cloud
    assert step.op == "update"
    assert len([c for c in emulator.calls()["calls"] if c["action"] == "CreateManualImageSyncRepo"]) == 2


def test_without_wait_the_back_fill_is_reported_by_refresh(engine: Engine, emulator: Emulator) -> None:
    emulator.faults({"copies": {"swr": {"seconds": 600}}})
    engine.up(task(sync_existing=True, wait=False))
    out = engine.state[NAME].outputs
    assert {j["status"] for j in out["sync_jobs"]} == {"waiting"} and out["synced_tags"] == []
    emulator.advance(300)
    assert {j["status"] for j in engine.refresh(NAME).outputs["sync_jobs"]} == {"running"}  # type: ignore[union-attr]
    emulator.advance(300)
    refreshed = engine.refresh(NAME)
    assert refreshed is not None and refreshed.outputs["synced_tags"] == ["v1", "v2"]
    assert engine.preview(task(sync_existing=True, wait=False)).op == "same"


# -- drift, replace ---------------------------------------------------------------------------------


def test_refresh_after_the_rule_is_removed_out_of_band_and_up_makes_it_again(
    engine: Engine, emulator: Emulator
) -> None:
    engine.up(task())
    delete_rule(emulator)
    assert engine.refresh(NAME) is None
    assert engine.up(task()).op == "create"
    assert len(rules(emulator)) == 1


def test_override_drift_shows_and_the_next_up_replaces(engine: Engine, emulator: Emulator) -> None:
    engine.up(task())
    delete_rule(emulator)
    swr_call(
        emulator,
        BJ,
        "CreateImageSyncRepo",
        namespace="team-a",
        repository="web/app",
        body={"remote_region_id": SH, "remote_namespace": "team-a", "sync_auto": True, "override": True},
    )
    refreshed = engine.refresh(NAME)
    assert refreshed is not None and refreshed.outputs["override"] is True
    plan = engine.preview(task())
    assert plan.op == "replace" and plan.replaces == ["override"]
    engine.up(task())
    [rule] = rules(emulator)
    assert rule["override"] is False


def test_a_changed_override_replaces_deleting_the_old_rule_first(engine: Engine, emulator: Emulator) -> None:
    engine.up(task())
    plan = engine.preview(task(override=True))
    assert plan.op == "replace" and plan.replaces == ["override"] and plan.delete_before_replace
    step = engine.up(task(override=True))
    assert step.calls[-2:] == ["Delete", "Create"]
    [rule] = rules(emulator)
    assert rule["override"] is True
    assert engine.state[NAME].id == ID


def test_a_changed_sync_auto_replaces_too(engine: Engine, emulator: Emulator) -> None:
    engine.up(task())
    step = engine.up(task(sync_auto=False))
    assert step.op == "replace" and step.delete_before_replace and step.replaces == ["sync_auto"]
    [rule] = rules(emulator)
    assert rule["syncAuto"] is False


def test_a_new_remote_is_a_new_rule_made_before_the_old_is_deleted(
    engine: Engine, emulator: Emulator
) -> None:
    engine.up(task())
    step = engine.up(task(remote_namespace="other"))
    assert step.op == "replace" and not step.delete_before_replace and step.replaces == ["remote_namespace"]
    assert [(r["remoteRegionId"], r["remoteNamespace"]) for r in rules(emulator)] == [(SH, "other")]


def test_provider_only_fields_never_diff_and_unknowns_in_a_preview(engine: Engine) -> None:
    engine.up(task())
    assert engine.preview(task(timeout_seconds=30, wait=False, adopt=True)).op == "same"
    assert engine.preview(task().with_inputs(sync_existing=UNKNOWN)).op == "update"
    plan = engine.preview(task().with_inputs(override=UNKNOWN))
    assert plan.op == "replace" and plan.replaces == ["override"]
    plan = engine.preview(task().with_inputs(remote_namespace=UNKNOWN))
    assert plan.op == "replace" and not plan.delete_before_replace


# -- adoption, get --------------------------------------------------------------------------------


def test_an_existing_rule_is_refused_unless_adopted_and_adoption_converges_it(
    engine: Engine, emulator: Emulator
) -> None:
    swr_call(
        emulator,
        BJ,
        "CreateImageSyncRepo",
        namespace="team-a",
        repository="web/app",
        body={"remote_region_id": SH, "remote_namespace": "team-a", "sync_auto": False},
    )
    with pytest.raises(ProviderError) as error:
        engine.up(task())
    assert "already exists" in error.value.why and "adopt=True" in error.value.text
    engine.up(task(adopt=True))
    [rule] = rules(emulator)
    assert rule["syncAuto"] is True  # made again with the declared settings (no update API)
    assert engine.up(task(adopt=True)).op == "same"


def test_an_adopted_rule_stays_when_the_back_fill_fails(engine: Engine, emulator: Emulator) -> None:
    swr_call(
        emulator,
        BJ,
        "CreateImageSyncRepo",
        namespace="team-a",
        repository="web/app",
        body={"remote_region_id": SH, "remote_namespace": "team-a", "sync_auto": True},
    )
    emulator.faults({"copies": {"swr": {"fail": [{"tag": "v1"}]}}})
    with pytest.raises(ProviderError) as error:
        engine.up(task(adopt=True, sync_existing=True))
    assert "tag v1: failed" in error.value.why
    assert len(rules(emulator)) == 1  # it was there before this resource: not ours to delete


def test_get_reads_an_existing_rule_by_id(engine: Engine) -> None:
    engine.up(task(override=True))
    got = engine.get(register(lambda: huaweicloud.SyncRepoTask.get("imported", ID)))
    assert got is not None
    assert engine.state[NAME].inputs_unlike(got) == {}
    assert (got.outputs["repository"], got.outputs["override"], got.outputs["sync_auto"]) == (
        "web/app",
        True,
        True,
    )
    missing = ID.replace("#team-a", "#nope", 1)
    assert engine.get(register(lambda: huaweicloud.SyncRepoTask.get("x", missing))) is None


# -- errors, faults, credentials ----------------------------------------------------------------------


def test_swr_error_bodies_surface_with_code_message_and_request_id(
    engine: Engine, emulator: Emulator
) -> None:
    with pytest.raises(ProviderError) as error:
        engine.up(task(remote_namespace="missing"))
    line = error.value.why
    assert (
        "Huawei Cloud SWR CreateImageSyncRepo failed: SVCSTG.SWR.4040002: "
        "Namespace missing not found in region cn-east-3 (request id: " in line
    )
    assert "request id: none" not in line
    assert NAME not in engine.state


def test_5xx_answers_are_retried(engine: Engine, emulator: Emulator) -> None:
    emulator.faults(
        {
            "rules": [
                {
                    "service": "swr",
                    "action": "ListRepositoryTags",
                    "kind": "http_error",
                    "status": 502,
                    "times": 2,
                }
            ]
        }
    )
    engine.up(task(sync_existing=True))
    outcomes = [c[2] for c in cloud_calls(emulator) if c[0] == "ListRepositoryTags"]
    assert outcomes == ["http_502", "http_502", "ok"]
    assert len(rules(emulator)) == 1


def test_a_lost_answer_does_not_make_the_rule_or_the_back_fill_twice(
    engine: Engine, emulator: Emulator
) -> None:
    emulator.faults(
        {
            "rules": [
                {
                    "service": "swr",
                    "action": "CreateImageSyncRepo",
                    "kind": "drop",
                    "when": "after",
                    "times": 1,
                },
                {
                    "service": "swr",
                    "action": "CreateManualImageSyncRepo",
                    "kind": "error",
                    "status": 503,
                    "code": "SVCSTG.SWR.5000001",
                    "when": "after",
                    "times": 1,
                },
            ]
        }
    )
    engine.up(task(sync_existing=True))
    assert len(rules(emulator)) == 1
    jobs = swr_call(
        emulator, BJ, "ShowSyncJob", namespace="team-a", repository="web/app", filter="limit::10|offset::0"
    )
    assert sorted(j["tag"] for j in jobs) == ["v1", "v2"]  # one manual sync, not two
    assert [c[2] for c in cloud_calls(emulator) if c[0] == "CreateManualImageSyncRepo"] == [
        "SVCSTG.SWR.5000001"
    ]


def test_another_region_finds_its_project_through_iam_once(engine: Engine, emulator: Emulator) -> None:
    engine.up(task("from-guangzhou", region=GZ, repository="api", remote_region_id=SH))
    engine.up(task("from-guangzhou-2", region=GZ, repository="api", remote_namespace="other"))
    engine.up(task())
    iam = [c for c in emulator.calls()["calls"] if c["service"] == "iam"]
    assert [(c["action"], c["region"]) for c in iam] == [
        ("KeystoneListProjects", GZ)
    ]  # cached; BJ configured
    assert {c["region"] for c in emulator.calls()["calls"] if c["service"] == "swr"} == {GZ, BJ}
    assert len(rules(emulator, GZ, repository="api")) == 2


def test_a_configured_project_id_is_used_for_its_own_region_only(
    make_engine: Any, emulator: Emulator
) -> None:
    engine = make_engine({"huaweicloud:projectId": project_id("100000000002", BJ)})  # another account's
    with pytest.raises(ProviderError) as error:
        engine.up(task())
    assert "Huawei Cloud SWR ListImageAutoSyncReposDetails failed: APIGW.0301" in error.value.why
    assert "is not a project of this account" in error.value.why
    engine.up(task("from-guangzhou", region=GZ, repository="api"))  # other regions still resolve through IAM


def test_missing_credentials_name_the_config_key_and_the_variable(make_engine: Any) -> None:
    engine = make_engine({"huaweicloud:secretKey": None})
    with pytest.raises(ProviderError) as error:
        engine.up(task())
    assert "huaweicloud:secretKey" in error.value.why and "HW_SECRET_KEY" in error.value.why


def test_credentials_region_and_project_from_the_environment(make_engine: Any, emulator: Emulator) -> None:
    engine = make_engine(
        {"imagesync:emulator": emulator.url},
        env={
            "HW_ACCESS_KEY": DEFAULT_ACCESS_KEY_ID,
            "HW_SECRET_KEY": DEFAULT_ACCESS_KEY_SECRET,
            "HW_REGION_NAME": BJ,
        },
        replace=True,
    )
    engine.up(task(region=None))
    assert engine.state[NAME].outputs["region"] == BJ
    assert [c["action"] for c in emulator.calls()["calls"] if c["service"] == "iam"] == [
        "KeystoneListProjects"
    ]


def test_a_profile_with_temporary_credentials_signs_its_token(make_engine: Any, emulator: Emulator) -> None:
    emulator.seed(
        {
            "accounts": [
                {
                    "access_key_id": "AKtemp",
                    "access_key_secret": "temp-secret",
                    "account_id": "100000000003",
                    "security_token": "tok-1",
                }
            ],
            "swr": {
                "namespaces": [
                    {
                        "region": BJ,
                        "name": "temp-a",
                        "account_id": "100000000003",
                        "repositories": [{"name": "web/app", "tags": {"v1": {}}}],
                    },
                    {"region": SH, "name": "temp-a", "account_id": "100000000003"},
                ]
            },
        }
    )
    profile = {"huaweicloud": {"accessKey": "AKtemp", "secretKey": "temp-secret", "securityToken": "tok-1"}}
    engine = make_engine({"imagesync:profiles": json.dumps({"temp": profile})})
    engine.up(task(namespace="temp-a", remote_namespace="temp-a", profile="temp", sync_existing=True))
    assert engine.state[NAME].outputs["domain_id"] == "100000000003"
    # The stack's project id (the default account's) was not borrowed: the profile's came from IAM.
    assert [c["account_id"] for c in emulator.calls()["calls"] if c["service"] == "iam"] == ["100000000003"]
    wrong = make_engine(
        {
            "imagesync:profiles": json.dumps(
                {"temp": {"huaweicloud": {**profile["huaweicloud"], "securityToken": "x"}}}
            )
        }
    )
    with pytest.raises(ProviderError) as error:
        wrong.up(task("second", namespace="temp-a", remote_namespace="temp-a", profile="temp"))
    assert "X-Security-Token" in error.value.why


def test_the_demo_world_has_what_the_demo_program_declares(engine: Engine, emulator: Emulator) -> None:
    emulator.reset("demo")
    engine.up(task(override=True, sync_existing=True))  # as demo/__main__.py and the README declare it
    assert engine.state[NAME].outputs["synced_tags"] == ["v1", "v2"]


# -- what SWR does not document (docs/cloud-assumptions.md) --------------------------------------


def test_a_back_fill_whose_jobs_are_not_listed_is_confirmed_by_the_remote_tags(
    engine: Engine, emulator: Emulator
) -> None:
    # S-JOBS-1: ShowSyncJob is documented as the automatic sync's jobs. Here a job is listed only
    # while it runs (history 0): the provider reads the arrival where it happens.
    emulator.faults({"copies": {"swr": {"seconds": 2, "history_seconds": 0}}, "time_scale": 4})
    engine.up(task(sync_existing=True, override=True))
    out = engine.state[NAME].outputs
    assert out["synced_tags"] == ["v1", "v2"]
    assert {(j["tag"], j["status"]) for j in out["sync_jobs"]} == {("v1", "success"), ("v2", "success")}
    source = emulator.state()["swr"][BJ]["namespaces"]["team-a"]["repositories"]["web/app"]["tags"]
    assert remote_tags(emulator) == {tag: spec["digest"] for tag, spec in source.items()}
    assert engine.refresh(NAME) is not None  # jobs no longer listed: still not an error
    assert engine.preview(task(sync_existing=True, override=True)).op == "same"


def test_the_gateways_no_such_api_is_an_error_not_a_rule_gone(engine: Engine, emulator: Emulator) -> None:
    # H-ERR-2: APIGW.0101 (HTTP 404) is about the address (a wrong endpoint, a region without the
    # API), not the rule: refresh fails, and destroy fails, instead of dropping the resource.
    engine.up(task())
    no_such_api = {"kind": "error", "status": 404, "code": "APIGW.0101", "message": "no such API"}
    emulator.faults({"rules": [{"cloud": "huaweicloud", "service": "swr", **no_such_api}]})
    with pytest.raises(ProviderError, match=r"APIGW\.0101"):
        engine.refresh(NAME)
    with pytest.raises(ProviderError, match=r"APIGW\.0101"):
        engine.destroy(NAME)
    assert NAME in engine.state
    emulator.faults({})
    assert len(rules(emulator)) == 1  # the rule was there all along
    engine.destroy(NAME)
    assert rules(emulator) == []
