"""`alibabacloud.SyncRule` through the real provider server, the real SDK and the emulator.

Each test names the documented behaviour (README, "alibabacloud.SyncRule") it pins down.
"""

from __future__ import annotations

import json
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
# Seeded tags are real images, one per label (`namespace/repository:tag` by default).
V1, V2, DEV = (seeded_digest(f"ns1/app:{tag}") for tag in ("v1", "v2", "dev"))

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
                                "name": "app",
                                "tags": {"v1": {}, "v2": {}, "dev": {}},
                            },
                            {"name": "tools", "tags": {"v1": {}}},
                            {"name": "scratch", "tags": {"v1": {}}},
                        ],
                    },
                    {"name": "ns2", "repositories": [{"name": "web", "tags": {"v9": {}}}]},
                    {"name": "private", "repositories": [{"name": "keys", "tags": {"v1": {}}}]},
                ],
            },
            {
                "id": TARGET,
                "region": "cn-hangzhou",
                "namespaces": [{"name": "mirror"}, {"name": "ns1"}, {"name": "ns2"}],
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
RULE_ID = "cn-beijing#cri-hpdfkc6utbaq#app-to-hangzhou"


@pytest.fixture(autouse=True)
def world(emulator: Emulator) -> None:
    emulator.seed(WORLD)


def rule(resource_name: str = "app-to-hangzhou", **overrides: Any) -> Any:
    args: dict[str, Any] = {
        "instance_id": SOURCE,
        "region": "cn-beijing",
        "sync_scope": "REPO",
        "namespace_name": "ns1",
        "repo_name": "app",
        "tag_filter": "v.*",
        "target_instance_id": TARGET,
        "target_region_id": "cn-hangzhou",
        "target_namespace_name": "mirror",
        "target_repo_name": "app",
    }
    args.update(overrides)
    args = {k: v for k, v in args.items() if v is not None}
    return register(lambda: alibabacloud.SyncRule(resource_name, **args))


def by_namespace(**overrides: Any) -> Any:
    return rule(**{"sync_scope": "NAMESPACE", "repo_name": None, "target_repo_name": None, **overrides})


def tags(
    emulator: Emulator, namespace: str = "mirror", repo: str = "app", instance: str = TARGET
) -> dict[str, str]:
    """The tags of a repository and their digests, from the emulator's state."""
    for region in emulator.state()["acr"].values():
        found = region["instances"].get(instance)
        if found is not None:
            repository = found["namespaces"].get(namespace, {}).get("repositories", {}).get(repo, {})
            return {name: t["digest"] for name, t in repository.get("tags", {}).items()}
    return {}


def world_rules(
    emulator: Emulator, instance: str = SOURCE, region: str = "cn-beijing"
) -> list[dict[str, Any]]:
    return list(emulator.state()["acr"][region]["instances"][instance]["sync_rules"].values())


def tasks(emulator: Emulator) -> list[dict[str, Any]]:
    return list(emulator.state()["acr"]["cn-beijing"]["instances"][SOURCE]["sync_tasks"])


def calls(emulator: Emulator, action: str | None = None) -> list[dict[str, Any]]:
    return [c for c in emulator.calls()["calls"] if action is None or c["action"] == action]


def push(emulator: Emulator, namespace: str, repo: str, tag: str) -> None:
    """A tag pushed to the source instance (a seed is a push)."""
    repository = {"name": repo, "tags": {tag: {}}}
    emulator.seed(
        {
            "acr": {
                "instances": [
                    {
                        "id": SOURCE,
                        "region": "cn-beijing",
                        "namespaces": [{"name": namespace, "repositories": [repository]}],
                    }
                ]
            }
        }
    )


def sdk_rule(emulator: Emulator, **params: Any) -> str:
    """A rule made with the SDK, as a colleague would in a script."""
    request = {
        "InstanceId": SOURCE,
        "SyncRuleName": "app-to-hangzhou",
        "SyncScope": "REPO",
        "NamespaceName": "ns1",
        "RepoName": "app",
        "TagFilter": "v.*",
        "TargetInstanceId": TARGET,
        "TargetRegionId": "cn-hangzhou",
        "TargetNamespaceName": "mirror",
        "TargetRepoName": "app",
        "SyncTrigger": "PASSIVE",
        **params,
    }
    answer = acr_call(emulator, "cn-beijing", "CreateRepoSyncRule", request)
    assert answer["IsSuccess"], answer
    return str(answer["SyncRuleId"])


# --- create, every scope ----------------------------------------------------------------------------


def test_a_repo_rule_is_created_visible_and_runs_over_the_existing_tags(
    engine: Engine, emulator: Emulator
) -> None:
    """create: CreateRepoSyncRule, wait until ListRepoSyncRule shows it; sync_existing runs it
    (CreateRepoSyncTaskByRule per tag) and follows every task; outputs: id, direction, the list's
    fields, the run's tasks; id format."""
    assert engine.up(rule(sync_existing=True)).op == "create"
    state = engine.state["app-to-hangzhou"]
    assert state.id == RULE_ID
    out = state.outputs
    assert out["sync_rule_id"].startswith("crsr-") and out["sync_direction"] == "FROM"
    assert out["cross_user"] is False and out["create_time"] > 0 and out["modified_time"] > 0
    assert (out["sync_scope"], out["sync_trigger"], out["priority"], out["tag_filter"]) == (
        "REPO",
        "PASSIVE",
        3,
        "v.*",
    )
    assert out["synced_tags"] == ["ns1/app:v1", "ns1/app:v2"] and out["failed_tags"] == []
    assert [(t["source"], t["target"], t["status"], t["digest"]) for t in out["sync_tasks"]] == [
        ("ns1/app:v1", "mirror/app:v1", "SUCCESS", V1),
        ("ns1/app:v2", "mirror/app:v2", "SUCCESS", V2),
    ]
    assert all(t["sync_task_id"].startswith("rst-") for t in out["sync_tasks"])
    assert tags(emulator) == {"v1": V1, "v2": V2}  # dev does not match v.*
    assert [r["name"] for r in world_rules(emulator)] == ["app-to-hangzhou"]
    assert {(t["trigger"], t["rule_id"]) for t in tasks(emulator)} == {("INITIATIVE", out["sync_rule_id"])}

    before = len(calls(emulator))
    assert engine.up(rule(sync_existing=True)).op == "same"
    assert len(calls(emulator)) == before


def test_the_name_defaults_to_the_resource_name_and_calls_go_to_their_regions(
    engine: Engine, emulator: Emulator
) -> None:
    engine.up(rule("release-rule", sync_existing=True))
    assert engine.state["release-rule"].id == f"cn-beijing#{SOURCE}#release-rule"
    regions = {(c["action"], c["region"]) for c in calls(emulator)}
    assert ("CreateRepoSyncRule", "cn-beijing") in regions and ("GetRepoSyncTask", "cn-beijing") in regions
    assert ("GetRepoTag", "cn-hangzhou") in regions  # the copied tags, read where they are


def test_a_passive_rule_copies_tags_pushed_after_it_exists(engine: Engine, emulator: Emulator) -> None:
    """PASSIVE: every matching tag pushed from now on is copied (a rule alone copies nothing old)."""
    engine.up(rule())
    assert tags(emulator) == {} and not calls(emulator, "CreateRepoSyncTaskByRule")
    push(emulator, "ns1", "app", "v3")
    push(emulator, "ns1", "app", "nightly")
    assert set(tags(emulator)) == {"v3"}
    assert [t["trigger"] for t in tasks(emulator)] == ["PASSIVE"]


def test_a_namespace_rule_copies_the_repositories_its_filter_takes(
    engine: Engine, emulator: Emulator
) -> None:
    engine.up(by_namespace(repo_name_filter="app|tools", tag_filter=".*", sync_existing=True))
    out = engine.state["app-to-hangzhou"].outputs
    assert out["synced_tags"] == ["ns1/app:dev", "ns1/app:v1", "ns1/app:v2", "ns1/tools:v1"]
    assert tags(emulator, "mirror", "app") == {"v1": V1, "v2": V2, "dev": DEV}
    assert set(tags(emulator, "mirror", "tools")) == {"v1"} and tags(emulator, "mirror", "scratch") == {}
    assert out["repo_name_filter"] == "app|tools" and "repo_name" not in out


def test_an_instance_rule_keeps_namespace_and_repository_names(engine: Engine, emulator: Emulator) -> None:
    declared = rule(
        sync_scope="INSTANCE",
        namespace_name=None,
        repo_name=None,
        target_namespace_name=None,
        target_repo_name=None,
        namespace_name_filter="ns[0-9]+",
        tag_filter="v1|v9",
        sync_existing=True,
    )
    engine.up(declared)
    out = engine.state["app-to-hangzhou"].outputs
    assert out["synced_tags"] == ["ns1/app:v1", "ns1/scratch:v1", "ns1/tools:v1", "ns2/web:v9"]
    assert set(tags(emulator, "ns1", "app")) == {"v1"} and set(tags(emulator, "ns2", "web")) == {"v9"}
    assert tags(emulator, "private", "keys") == {}
    assert engine.up(declared).op == "same"


def test_a_manual_rule_copies_only_when_run_and_triggers_run_it_again_in_place(
    engine: Engine, emulator: Emulator
) -> None:
    """INITIATIVE: pushes are not copied; sync_existing turned on, or new triggers, run it in place."""
    manual = {"sync_trigger": "INITIATIVE", "tag_filter": "v.*"}
    engine.up(rule(**manual, triggers={"release": 1}))
    push(emulator, "ns1", "app", "v3")
    assert tags(emulator) == {} and not tasks(emulator)

    step = engine.up(rule(**manual, triggers={"release": 1}, sync_existing=True))
    assert step.op == "update" and "Delete" not in step.calls and "Create" not in step.calls
    assert set(tags(emulator)) == {"v1", "v2", "v3"}
    first = engine.state["app-to-hangzhou"].outputs["sync_tasks"]

    assert engine.up(rule(**manual, triggers={"release": 1.0}, sync_existing=True)).op == "same"
    push(emulator, "ns1", "app", "v4")
    assert engine.up(rule(**manual, triggers={"release": 2}, sync_existing=True)).op == "update"
    out = engine.state["app-to-hangzhou"].outputs
    assert out["synced_tags"] == ["ns1/app:v1", "ns1/app:v2", "ns1/app:v3", "ns1/app:v4"]
    assert {t["sync_task_id"] for t in out["sync_tasks"]}.isdisjoint(t["sync_task_id"] for t in first)
    assert set(tags(emulator)) == {"v1", "v2", "v3", "v4"}
    assert len(calls(emulator, "CreateRepoSyncRule")) == 1  # never replaced

    assert engine.up(rule(**manual, triggers={"release": 2}, sync_existing=False)).op == "update"
    assert len(calls(emulator, "CreateRepoSyncTaskByRule")) == 7  # turning it off runs nothing


def test_a_refused_run_of_an_automatic_rule_copies_with_sync_tasks(
    engine: Engine, emulator: Emulator
) -> None:
    """Where the document is silent (CreateRepoSyncTaskByRule on a PASSIVE rule) and the cloud
    refuses: the tags are copied with CreateRepoSyncTask to where the rule sends them."""
    refusal = {"service": "acr", "action": "CreateRepoSyncTaskByRule", "kind": "error", "status": 200}
    emulator.faults({"rules": [{**refusal, "code": "UNSUPPORTED_TRIGGER", "message": "manual rules only"}]})
    engine.up(rule(sync_existing=True))
    assert engine.state["app-to-hangzhou"].outputs["synced_tags"] == ["ns1/app:v1", "ns1/app:v2"]
    assert tags(emulator) == {"v1": V1, "v2": V2}
    assert len(calls(emulator, "CreateRepoSyncTask")) == 2
    assert engine.told("refused to run the automatic rule")

    emulator.faults({"rules": [{**refusal, "code": "UNSUPPORTED_TRIGGER", "message": "manual rules only"}]})
    with pytest.raises(ProviderError) as error:  # a manual rule's refusal is the error it is
        engine.up(rule("manual", sync_trigger="INITIATIVE", sync_existing=True))
    assert "CreateRepoSyncTaskByRule failed: UNSUPPORTED_TRIGGER: manual rules only" in error.value.why


# --- a run that fails, waits and timeouts ------------------------------------------------------------


def test_a_run_with_a_failed_task_fails_the_create_naming_the_tags_and_removes_the_rule(
    engine: Engine, emulator: Emulator
) -> None:
    """A partial failure fails the create: every task is followed to its end, the error names the
    tags that failed and those copied; the rule is removed, what was copied stays."""
    emulator.faults({"copies": {"acr": {"fail": [{"instance_id": TARGET, "tag": "v2"}]}}})
    with pytest.raises(ProviderError) as error:
        engine.up(rule(sync_existing=True))
    line = error.value.why
    assert "a run of sync rule 'app-to-hangzhou' (crsr-" in line
    assert "failed for 1 of 2 tag(s): ns1/app:v2 (ERROR: fault injected by imagesync-emulator" in line
    assert line.endswith("copied: ns1/app:v1")
    assert world_rules(emulator) == [] and "app-to-hangzhou" not in engine.state
    assert tags(emulator) == {"v1": V1}  # copied, and it stays


def test_wait_false_returns_once_started_and_a_failed_run_runs_again(
    engine: Engine, emulator: Emulator
) -> None:
    emulator.faults({"copies": {"acr": {"seconds": 100, "fail": [{"instance_id": TARGET, "tag": "v2"}]}}})
    engine.up(rule(sync_existing=True, wait=False))
    out = engine.state["app-to-hangzhou"].outputs
    assert {t["status"] for t in out["sync_tasks"]} == {"PENDING"} and out["synced_tags"] == []
    assert tags(emulator) == {}
    assert engine.preview(rule(sync_existing=True, wait=False)).op == "same"

    emulator.advance(200)
    refreshed = engine.refresh("app-to-hangzhou")
    assert refreshed is not None
    assert refreshed.outputs["synced_tags"] == ["ns1/app:v1"] and refreshed.outputs["failed_tags"] == [
        "ns1/app:v2"
    ]
    assert refreshed.outputs["sync_tasks"][0]["digest"] == V1

    emulator.faults({})
    assert engine.up(rule(sync_existing=True)).op == "update"  # the failed run, run again
    assert engine.state["app-to-hangzhou"].outputs["failed_tags"] == []
    assert tags(emulator) == {"v1": V1, "v2": V2}


def test_a_timeout_cancels_the_run_and_leaves_no_rule(engine: Engine, emulator: Emulator) -> None:
    emulator.faults({"copies": {"acr": {"seconds": 3600}}})
    with pytest.raises(ProviderError) as error:
        engine.up(rule(sync_existing=True, timeout_seconds=1))
    assert "timed out after 1s waiting for 2 sync task(s) of a run of sync rule" in error.value.why
    assert {t["status"] for t in tasks(emulator)} == {"CANCELED"}
    assert world_rules(emulator) == []
    emulator.advance(7200)
    assert tags(emulator) == {}


# --- replace, drift, read -----------------------------------------------------------------------------


def test_a_changed_setting_replaces_the_rule_deleting_it_first(engine: Engine, emulator: Emulator) -> None:
    """No update API: a changed field replaces the rule, delete first (the name is the identity)."""
    engine.up(rule())
    old = engine.state["app-to-hangzhou"].outputs["sync_rule_id"]
    plan = engine.preview(rule(tag_filter="v[0-9]+"))
    assert (plan.op, plan.replaces, plan.delete_before_replace) == ("replace", ["tag_filter"], True)
    since = len(calls(emulator))
    engine.up(rule(tag_filter="v[0-9]+"))
    order = [c["action"] for c in emulator.calls()["calls"][since:] if "RepoSyncRule" in c["action"]]
    assert order.index("DeleteRepoSyncRule") < order.index("CreateRepoSyncRule")
    new = engine.state["app-to-hangzhou"].outputs
    assert new["sync_rule_id"] != old and new["tag_filter"] == "v[0-9]+"
    assert [r["tag_filter"] for r in world_rules(emulator)] == ["v[0-9]+"]


def test_a_new_name_is_a_new_rule_made_before_the_old_one_goes(engine: Engine, emulator: Emulator) -> None:
    engine.up(rule("first"))
    step = engine.up(rule("first", name="second"))
    assert step.op == "replace" and not step.delete_before_replace
    assert [r["name"] for r in world_rules(emulator)] == ["second"]


def test_refresh_reports_drift_of_the_listed_fields(engine: Engine, emulator: Emulator) -> None:
    """read: drift of every field ListRepoSyncRule returns (here, a rule edited in the console)."""
    engine.up(rule())
    rule_id = engine.state["app-to-hangzhou"].outputs["sync_rule_id"]
    edited = {
        "id": rule_id,
        "name": "app-to-hangzhou",
        "scope": "REPO",
        "namespace": "ns1",
        "repository": "app",
        "tag_filter": ".*",
        "target_instance_id": TARGET,
        "target_region": "cn-hangzhou",
        "target_namespace": "ns1",
        "target_repository": "app2",
        "trigger": "INITIATIVE",
        "priority": 5,
    }
    emulator.seed({"acr": {"instances": [{"id": SOURCE, "region": "cn-beijing", "sync_rules": [edited]}]}})
    refreshed = engine.refresh("app-to-hangzhou")
    assert refreshed is not None
    out = refreshed.outputs
    assert (out["tag_filter"], out["target_namespace_name"], out["target_repo_name"]) == (".*", "ns1", "app2")
    assert (out["sync_trigger"], out["priority"], out["sync_rule_id"]) == ("INITIATIVE", 5, rule_id)
    plan = engine.preview(rule())
    assert plan.op == "replace"
    assert set(plan.replaces) == {
        "tag_filter",
        "target_namespace_name",
        "target_repo_name",
        "sync_trigger",
        "priority",
    }
    engine.up(rule())
    assert [(r["tag_filter"], r["trigger"]) for r in world_rules(emulator)] == [("v.*", "PASSIVE")]


def test_a_rule_deleted_outside_pulumi_reads_as_gone_and_is_made_again(
    engine: Engine, emulator: Emulator
) -> None:
    engine.up(rule())
    rule_id = engine.state["app-to-hangzhou"].outputs["sync_rule_id"]
    acr_call(emulator, "cn-beijing", "DeleteRepoSyncRule", {"InstanceId": SOURCE, "SyncRuleId": rule_id})
    assert engine.refresh("app-to-hangzhou") is None
    assert engine.up(rule()).op == "create"
    assert len(world_rules(emulator)) == 1


def test_a_rule_made_again_outside_pulumi_is_not_taken_for_this_one(
    engine: Engine, emulator: Emulator
) -> None:
    """Ownership: the same name with another id is another rule; refresh reports this one gone, and
    the next up refuses the other (adopt=True takes it)."""
    engine.up(rule())
    rule_id = engine.state["app-to-hangzhou"].outputs["sync_rule_id"]
    acr_call(emulator, "cn-beijing", "DeleteRepoSyncRule", {"InstanceId": SOURCE, "SyncRuleId": rule_id})
    other = sdk_rule(emulator)
    assert engine.refresh("app-to-hangzhou") is None
    with pytest.raises(ProviderError, match=r"already exists.*Set adopt=True"):
        engine.up(rule())
    engine.up(rule(adopt=True))
    assert engine.state["app-to-hangzhou"].outputs["sync_rule_id"] == other


def test_an_instance_that_is_gone_takes_its_rule_with_it(engine: Engine, emulator: Emulator) -> None:
    engine.up(rule())
    emulator.reset("empty")
    assert engine.refresh("app-to-hangzhou") is None


def test_rules_are_found_on_every_page(engine: Engine, emulator: Emulator) -> None:
    """ListRepoSyncRule is paged through: a rule on the second page is found, by create and read."""
    others = [
        {
            "name": f"other-{i:03}",
            "scope": "NAMESPACE",
            "namespace": "ns2",
            "tag_filter": "x",
            "target_instance_id": TARGET,
            "target_region": "cn-hangzhou",
            "target_namespace": "ns2",
        }
        for i in range(120)
    ]
    emulator.seed({"acr": {"instances": [{"id": SOURCE, "region": "cn-beijing", "sync_rules": others}]}})
    engine.up(rule())
    pages = [c for c in calls(emulator, "ListRepoSyncRule")]
    assert len(pages) >= 2
    refreshed = engine.refresh("app-to-hangzhou")
    assert refreshed is not None and refreshed.outputs["sync_rule_id"]


def test_get_reads_a_rule_by_id(engine: Engine) -> None:
    engine.up(rule(sync_existing=True))
    got = engine.get(register(lambda: alibabacloud.SyncRule.get("seen", RULE_ID)))
    assert got is not None
    assert (got.outputs["tag_filter"], got.outputs["target_repo_name"], got.outputs["name"]) == (
        "v.*",
        "app",
        "app-to-hangzhou",
    )


# --- adopt ---------------------------------------------------------------------------------------------


def test_an_existing_rule_is_refused_and_adopted_only_with_adopt(engine: Engine, emulator: Emulator) -> None:
    existing = sdk_rule(emulator)
    with pytest.raises(ProviderError) as error:
        engine.up(rule())
    assert (
        "ACR sync rule 'app-to-hangzhou' on cri-hpdfkc6utbaq (cn-beijing) already exists" in error.value.why
    )
    assert len(calls(emulator, "CreateRepoSyncRule")) == 1  # the SDK's own

    engine.up(rule(adopt=True))
    assert engine.state["app-to-hangzhou"].outputs["sync_rule_id"] == existing
    assert len(calls(emulator, "CreateRepoSyncRule")) == 1
    engine.destroy("app-to-hangzhou")
    assert world_rules(emulator) == []


def test_an_adopted_rule_with_other_settings_is_made_again_as_declared(
    engine: Engine, emulator: Emulator
) -> None:
    existing = sdk_rule(emulator, TagFilter=".*")
    engine.up(rule(adopt=True))
    out = engine.state["app-to-hangzhou"].outputs
    assert out["sync_rule_id"] != existing and out["tag_filter"] == "v.*"
    assert [r["tag_filter"] for r in world_rules(emulator)] == ["v.*"]


def test_an_adopted_rule_made_again_stays_when_the_run_fails(engine: Engine, emulator: Emulator) -> None:
    """It was there before the resource: a failed create does not take it away."""
    sdk_rule(emulator, TagFilter=".*")
    emulator.faults({"copies": {"acr": {"fail": [{"instance_id": TARGET, "tag": "v2"}]}}})
    with pytest.raises(ProviderError, match="failed for 1 of 2 tag"):
        engine.up(rule(adopt=True, sync_existing=True))
    assert [r["tag_filter"] for r in world_rules(emulator)] == ["v.*"]


# --- delete --------------------------------------------------------------------------------------------


def test_destroy_deletes_the_rule_and_keeps_what_it_copied(engine: Engine, emulator: Emulator) -> None:
    engine.up(rule(sync_existing=True))
    engine.destroy("app-to-hangzhou")
    assert world_rules(emulator) == [] and tags(emulator) == {"v1": V1, "v2": V2}
    assert calls(emulator, "DeleteRepoSyncRule")[-1]["outcome"] == "ok"


def test_destroy_stops_a_run_still_going(engine: Engine, emulator: Emulator) -> None:
    emulator.faults({"copies": {"acr": {"seconds": 100}}})
    engine.up(rule(sync_existing=True, wait=False))
    engine.destroy("app-to-hangzhou")
    assert {t["status"] for t in tasks(emulator)} == {"CANCELED"}
    emulator.advance(200)
    assert tags(emulator) == {}


def test_a_rule_already_gone_or_an_instance_released_is_destroyed(engine: Engine, emulator: Emulator) -> None:
    engine.up(rule())
    rule_id = engine.state["app-to-hangzhou"].outputs["sync_rule_id"]
    acr_call(emulator, "cn-beijing", "DeleteRepoSyncRule", {"InstanceId": SOURCE, "SyncRuleId": rule_id})
    engine.destroy("app-to-hangzhou")
    assert calls(emulator, "DeleteRepoSyncRule")[-1]["outcome"] == "SYNC_RULE_NOT_EXIST"

    engine.up(rule())
    emulator.reset("empty")
    engine.destroy("app-to-hangzhou")
    assert engine.told(f"instance {SOURCE} does not exist for these credentials")


# --- another account -----------------------------------------------------------------------------------


def peer_rule(**overrides: Any) -> Any:
    return rule(
        target_instance_id=PEER,
        target_region_id="cn-shanghai",
        target_user_id=PEER_ACCOUNT,
        sync_existing=True,
        **overrides,
    )


def test_a_rule_into_another_account_reads_its_copies_with_the_profile(
    make_engine: Any, emulator: Emulator
) -> None:
    """target_user_id: the rule is cross-account; the profile's credentials read the target only."""
    engine = make_engine({"imagesync:profiles": json.dumps(PEER_PROFILES)})
    engine.up(peer_rule(profile="peer"))
    out = engine.state["app-to-hangzhou"].outputs
    assert out["cross_user"] is True
    assert [t["digest"] for t in out["sync_tasks"]] == [V1, V2]
    assert tags(emulator, instance=PEER) == {"v1": V1, "v2": V2}
    shanghai = {(c["action"], c["account_id"]) for c in calls(emulator) if c["region"] == "cn-shanghai"}
    assert shanghai == {("GetRepository", PEER_ACCOUNT), ("GetRepoTag", PEER_ACCOUNT)}
    assert {c["account_id"] for c in calls(emulator) if c["region"] == "cn-beijing"} == {DEFAULT_ACCOUNT_ID}
    engine.destroy("app-to-hangzhou")
    assert world_rules(emulator) == [] and tags(emulator, instance=PEER) == {"v1": V1, "v2": V2}


def test_a_rule_into_another_account_without_a_profile_does_not_read_it(
    engine: Engine, emulator: Emulator
) -> None:
    engine.up(peer_rule())
    out = engine.state["app-to-hangzhou"].outputs
    assert out["synced_tags"] == ["ns1/app:v1", "ns1/app:v2"]
    assert all("digest" not in t for t in out["sync_tasks"])
    assert not [c for c in calls(emulator) if c["region"] == "cn-shanghai"]
    assert engine.told("the copied tags are not read")


def test_a_target_in_another_account_needs_its_user_id(engine: Engine, emulator: Emulator) -> None:
    with pytest.raises(ProviderError) as error:
        engine.up(rule(target_instance_id=PEER, target_region_id="cn-shanghai"))
    assert "CreateRepoSyncRule failed: INSTANCE_NOT_EXIST" in error.value.why


# --- offline --------------------------------------------------------------------------------------------


def test_preview_and_diff_make_no_cloud_call(make_engine: Any, emulator: Emulator) -> None:
    engine = make_engine({"imagesync:profiles": json.dumps(PEER_PROFILES)})
    engine.up(rule())
    before = len(calls(emulator))
    assert engine.preview(rule(tag_filter="x")).op == "replace"
    assert engine.preview(rule(triggers={"a": 1})).op == "update"
    assert engine.preview(rule(sync_existing=True)).op == "update"
    assert engine.preview(rule(timeout_seconds=5, wait=False, profile="peer", adopt=True)).op == "same"
    assert len(calls(emulator)) == before


def test_unknown_values_in_a_preview(engine: Engine) -> None:
    engine.up(rule())
    step = engine.preview(rule().with_inputs(tag_filter=UNKNOWN))
    assert step.op == "replace" and step.replaces == ["tag_filter"]
    assert engine.preview(rule().with_inputs(triggers=UNKNOWN)).op == "update"
    # A field a scope needs counts as given while its value is unknown; one it does not use may
    # yet turn out absent.
    assert engine.preview(rule().with_inputs(repo_name=UNKNOWN)).op == "replace"
    assert engine.preview(by_namespace().with_inputs(repo_name=UNKNOWN)).op == "replace"
    with pytest.raises(CheckFailed) as failed:
        engine.preview(by_namespace(target_namespace_name=None))
    assert "is required with sync_scope NAMESPACE" in failed.value.reason("target_namespace_name")
