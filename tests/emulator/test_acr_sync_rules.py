"""ACR sync rules through the real SDK: made, listed at both ends, run, acting on pushes, deleted."""

from __future__ import annotations

from typing import Any

import pytest
from alibabacloud_tea_openapi.exceptions import ClientException

from pulumi_imagesync.emulator import Emulator
from pulumi_imagesync.emulator.errors import AdminError
from pulumi_imagesync.emulator.registry.seeded import seeded_digest
from tests.support.clouds import acr_call

SOURCE, TARGET, PEER = "cri-source000001", "cri-target000001", "cri-peer00000001"
# Seeded tags are real images: one per label.
V1, OLD, NEW = (seeded_digest(label) for label in ("image-one", "image-old", "image-new"))
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
                            {"name": "app", "tags": {"v1": {"image": "image-one"}, "dev": {}}},
                            {"name": "tools", "tags": {"v1": {}}},
                        ],
                    },
                    {"name": "ns2", "repositories": [{"name": "web", "tags": {"v1": {}}}]},
                ],
            },
            {
                "id": TARGET,
                "region": "cn-hangzhou",
                "namespaces": [
                    {
                        "name": "mirror",
                        "repositories": [{"name": "app", "tags": {"v1": {"image": "image-old"}}}],
                    },
                    {"name": "ns1"},
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
RULE = {
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
}


@pytest.fixture
def world(emu: Emulator) -> Emulator:
    emu.seed(WORLD)
    return emu


def beijing(emu: Emulator, action: str, params: dict[str, Any]) -> dict[str, Any]:
    return acr_call(emu, "cn-beijing", action, params)


def make(emu: Emulator, **changes: Any) -> str:
    answer = beijing(
        emu, "CreateRepoSyncRule", {k: v for k, v in {**RULE, **changes}.items() if v is not None}
    )
    assert (answer["IsSuccess"], answer["Code"]) == (True, "success"), answer
    return str(answer["SyncRuleId"])


def push(emu: Emulator, namespace: str, repo: str, tag: str, image: str | None = None) -> None:
    """A tag written into the source instance (a seed is a push), with the image of label `image`."""
    repository = {"name": repo, "tags": {tag: {"image": image} if image else {}}}
    emu.seed(
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


def tags(
    emu: Emulator, namespace: str, repo: str, instance: str = TARGET, region: str = "cn-hangzhou"
) -> dict[str, str]:
    repos = (
        emu.state()["acr"][region]["instances"][instance]["namespaces"]
        .get(namespace, {})
        .get("repositories", {})
    )
    return {tag: t["digest"] for tag, t in repos.get(repo, {}).get("tags", {}).items()}


def source_tasks(emu: Emulator) -> list[dict[str, Any]]:
    return beijing(emu, "ListRepoSyncTask", {"InstanceId": SOURCE})["SyncTasks"]


# --- made, listed, deleted --------------------------------------------------------------------------


def test_a_rule_is_listed_at_both_instances_in_each_ones_terms(world: Emulator) -> None:
    rule_id = make(world)
    assert rule_id.startswith("crsr-")
    here = beijing(world, "ListRepoSyncRule", {"InstanceId": SOURCE})
    assert (here["TotalCount"], here["PageNo"], here["PageSize"]) == (1, 1, 30)  # an integer, as modelled
    [sent] = here["SyncRules"]
    assert (sent["SyncRuleId"], sent["SyncRuleName"], sent["SyncDirection"]) == (
        rule_id,
        "app-to-hangzhou",
        "FROM",
    )
    assert (sent["LocalInstanceId"], sent["LocalNamespaceName"], sent["LocalRepoName"]) == (
        SOURCE,
        "ns1",
        "app",
    )
    assert (sent["TargetInstanceId"], sent["TargetNamespaceName"], sent["TargetRegionId"]) == (
        TARGET,
        "mirror",
        "cn-hangzhou",
    )
    assert (sent["SyncScope"], sent["SyncTrigger"], sent["Priority"], sent["CrossUser"]) == (
        "REPO",
        "PASSIVE",
        3,
        False,
    )
    assert sent["CreateTime"] == sent["ModifiedTime"] > 0
    [received] = acr_call(world, "cn-hangzhou", "ListRepoSyncRule", {"InstanceId": TARGET})["SyncRules"]
    assert (received["SyncRuleId"], received["SyncDirection"]) == (rule_id, "TO")
    assert (received["LocalInstanceId"], received["LocalNamespaceName"]) == (TARGET, "mirror")
    assert (received["TargetInstanceId"], received["TargetNamespaceName"]) == (SOURCE, "ns1")


def test_the_rule_list_is_paged_and_filtered(world: Emulator) -> None:
    for i in range(5):
        make(world, SyncRuleName=f"rule-{i}", TagFilter=f"v{i}")
    make(
        world,
        SyncRuleName="by-ns",
        SyncScope="NAMESPACE",
        NamespaceName="ns2",
        RepoName=None,
        TargetRepoName=None,
        TargetNamespaceName="ns1",
    )
    page = beijing(world, "ListRepoSyncRule", {"InstanceId": SOURCE, "PageNo": 2, "PageSize": 4})
    assert page["TotalCount"] == 6 and [r["SyncRuleName"] for r in page["SyncRules"]] == ["rule-4", "by-ns"]
    by_namespace = beijing(world, "ListRepoSyncRule", {"InstanceId": SOURCE, "NamespaceName": "ns2"})
    assert [r["SyncRuleName"] for r in by_namespace["SyncRules"]] == ["by-ns"]


def test_a_rule_name_is_taken_once_per_instance(world: Emulator) -> None:
    make(world)
    again = beijing(world, "CreateRepoSyncRule", RULE)
    assert (again["IsSuccess"], again["Code"]) == (
        False,
        "SYNC_RULE_ALREADY_EXIST",
    )  # HTTP 200, as ACR answers


def test_a_rule_is_deleted_at_either_instance_and_then_is_not_there(world: Emulator) -> None:
    first, second = make(world), make(world, SyncRuleName="second")
    assert beijing(world, "DeleteRepoSyncRule", {"InstanceId": SOURCE, "SyncRuleId": first})["IsSuccess"]
    assert acr_call(world, "cn-hangzhou", "DeleteRepoSyncRule", {"InstanceId": TARGET, "SyncRuleId": second})[
        "IsSuccess"
    ]
    gone = beijing(world, "DeleteRepoSyncRule", {"InstanceId": SOURCE, "SyncRuleId": first})
    assert (gone["IsSuccess"], gone["Code"]) == (False, "SYNC_RULE_NOT_EXIST")
    assert beijing(world, "ListRepoSyncRule", {"InstanceId": SOURCE})["SyncRules"] == []


@pytest.mark.parametrize(
    ("changes", "status", "code"),
    [
        ({"TagFilter": None}, 400, "MissingTagFilter"),
        ({"SyncScope": "TAG"}, 400, "InvalidParameter"),
        ({"SyncTrigger": "LATER"}, 400, "InvalidParameter"),
        ({"TagFilter": "v("}, 400, "InvalidParameter"),
        ({"Priority": 6}, 400, "InvalidParameter"),
        ({"RepoName": None}, 400, "MissingRepoName"),
        ({"TargetRepoName": None}, 400, "MissingTargetRepoName"),
        ({"TargetNamespaceName": "nope"}, 200, "NAMESPACE_NOT_EXIST"),
        ({"RepoName": "nope"}, 200, "REPO_NOT_EXIST"),
        (
            {"TargetInstanceId": PEER, "TargetRegionId": "cn-shanghai", "TargetNamespaceName": "ns1"},
            200,
            "INSTANCE_NOT_EXIST",
        ),
        ({"TargetRegionId": "cn-shanghai"}, 200, "INSTANCE_NOT_EXIST"),
    ],
)
def test_a_rule_is_checked_when_made(
    world: Emulator, changes: dict[str, Any], status: int, code: str
) -> None:
    params = {k: v for k, v in {**RULE, **changes}.items() if v is not None}
    if status == 200:
        answer = beijing(world, "CreateRepoSyncRule", params)
        assert (answer["IsSuccess"], answer["Code"]) == (False, code)
    else:
        with pytest.raises(ClientException) as caught:
            beijing(world, "CreateRepoSyncRule", params)
        assert (caught.value.status_code, caught.value.code) == (status, code)
    assert beijing(world, "ListRepoSyncRule", {"InstanceId": SOURCE})["SyncRules"] == []


def test_a_rule_into_another_account_names_it(world: Emulator) -> None:
    make(
        world,
        TargetInstanceId=PEER,
        TargetRegionId="cn-shanghai",
        TargetNamespaceName="ns1",
        TargetUserId="100000000002",
    )
    [rule] = beijing(world, "ListRepoSyncRule", {"InstanceId": SOURCE})["SyncRules"]
    assert rule["CrossUser"] is True
    push(world, "ns1", "app", "v2")
    assert set(tags(world, "ns1", "app", PEER, "cn-shanghai")) == {"v2"}
    theirs = acr_call(
        world,
        "cn-shanghai",
        "ListRepoSyncRule",
        {"InstanceId": PEER},
        access_key_id="AKIDpeer",
        access_key_secret="peer",
    )
    assert [r["SyncDirection"] for r in theirs["SyncRules"]] == ["TO"]


# --- rules that act -------------------------------------------------------------------------------------


def test_an_automatic_rule_copies_matching_tags_pushed_after_it_exists(world: Emulator) -> None:
    rule_id = make(world)
    assert tags(world, "mirror", "app") == {"v1": OLD}  # what was there before is not copied
    push(world, "ns1", "app", "v2")
    push(world, "ns1", "app", "nightly")
    push(world, "ns1", "tools", "v3")  # another repository
    assert set(tags(world, "mirror", "app")) == {"v1", "v2"}
    [task] = source_tasks(world)
    assert (task["SyncRuleId"], task["TaskTrigger"], task["ImageTo"]["RepoNamespaceName"]) == (
        rule_id,
        "PASSIVE",
        "mirror",
    )
    full = beijing(world, "GetRepoSyncTask", {"InstanceId": SOURCE, "SyncTaskId": task["SyncTaskId"]})
    assert (full["SyncRuleId"], full["TaskTrigger"], full["TaskStatus"]) == (rule_id, "PASSIVE", "SUCCESS")


def test_a_rule_overwrites_the_target_tag(world: Emulator) -> None:
    make(world)
    push(world, "ns1", "app", "v1", "image-one")  # the image the tag holds: not a push
    assert tags(world, "mirror", "app") == {"v1": OLD}
    push(world, "ns1", "app", "v1", "image-new")
    assert tags(world, "mirror", "app") == {"v1": NEW}  # CreateRepoSyncRule has no Override


def test_a_namespace_rule_keeps_repository_names_and_an_instance_rule_every_name(world: Emulator) -> None:
    make(
        world,
        SyncRuleName="ns",
        SyncScope="NAMESPACE",
        RepoName=None,
        TargetRepoName=None,
        RepoNameFilter="app|tools",
    )
    make(
        world,
        SyncRuleName="all",
        SyncScope="INSTANCE",
        NamespaceName=None,
        RepoName=None,
        TargetNamespaceName=None,
        TargetRepoName=None,
        NamespaceNameFilter="ns[0-9]",
        TagFilter="v9",
    )
    push(world, "ns1", "tools", "v2")
    push(world, "ns1", "web", "v9")
    push(world, "ns2", "web", "v9")
    assert set(tags(world, "mirror", "tools")) == {"v2"}
    assert set(tags(world, "ns1", "web")) == {"v9"}  # the same names in the target
    # The target has no namespace ns2: that copy fails (namespaces are not made by a copy).
    failed = [t for t in source_tasks(world) if t["ImageTo"]["RepoNamespaceName"] == "ns2"]
    assert [t["TaskStatus"] for t in failed] == ["ERROR"]
    [ns_rule, all_rule] = beijing(world, "ListRepoSyncRule", {"InstanceId": SOURCE})["SyncRules"]
    assert (ns_rule["LocalRepoName"], ns_rule["RepoNameFilter"], ns_rule["TargetRepoName"]) == (
        "",
        "app|tools",
        "",
    )
    assert (all_rule["LocalNamespaceName"], all_rule["NamespaceNameFilter"]) == ("", "ns[0-9]")


def test_a_manual_rule_copies_only_when_run(world: Emulator) -> None:
    world.faults({"copies": {"acr": {"seconds": 10}}})
    rule_id = make(world, SyncTrigger="INITIATIVE")
    push(world, "ns1", "app", "v2")
    assert source_tasks(world) == []
    repo_id = beijing(
        world, "GetRepository", {"InstanceId": SOURCE, "RepoNamespaceName": "ns1", "RepoName": "app"}
    )["RepoId"]
    run = {"InstanceId": SOURCE, "RepoId": repo_id, "SyncRuleId": rule_id, "Tag": "v2"}
    task_id = beijing(world, "CreateRepoSyncTaskByRule", run)["SyncTaskId"]
    task = beijing(world, "GetRepoSyncTask", {"InstanceId": SOURCE, "SyncTaskId": task_id})
    assert (task["TaskStatus"], task["TaskTrigger"], task["SyncRuleId"]) == ("PENDING", "INITIATIVE", rule_id)
    world.advance(20)
    assert set(tags(world, "mirror", "app")) == {"v1", "v2"}

    with pytest.raises(ClientException, match="does not cover ns1/app:dev"):
        beijing(world, "CreateRepoSyncTaskByRule", {**run, "Tag": "dev"})
    assert beijing(world, "CreateRepoSyncTaskByRule", {**run, "Tag": "v9"})["Code"] == "TAG_NOT_EXIST"
    assert (
        beijing(world, "CreateRepoSyncTaskByRule", {**run, "SyncRuleId": "crsr-nope"})["Code"]
        == "SYNC_RULE_NOT_EXIST"
    )
    from_target = acr_call(world, "cn-hangzhou", "CreateRepoSyncTaskByRule", {**run, "InstanceId": TARGET})
    assert from_target["Code"] in ("SYNC_RULE_NOT_EXIST", "REPO_NOT_EXIST")


def test_rules_both_ways_do_not_copy_forever(world: Emulator) -> None:
    make(world, SyncScope="NAMESPACE", RepoName=None, TargetRepoName=None, TargetNamespaceName="ns1")
    back = {
        **RULE,
        "InstanceId": TARGET,
        "SyncScope": "NAMESPACE",
        "NamespaceName": "ns1",
        "TargetInstanceId": SOURCE,
        "TargetRegionId": "cn-beijing",
        "TargetNamespaceName": "ns1",
    }
    del back["RepoName"], back["TargetRepoName"]
    assert acr_call(world, "cn-hangzhou", "CreateRepoSyncRule", back)["IsSuccess"]
    push(world, "ns1", "app", "v7")
    assert "v7" in tags(world, "ns1", "app")
    assert len(source_tasks(world)) == 1  # the copy back wrote nothing new: no further task


def test_a_seeded_rule_edits_the_rule_of_that_id(world: Emulator) -> None:
    rule_id = make(world)
    edit = {
        "id": rule_id,
        "name": "app-to-hangzhou",
        "scope": "REPO",
        "namespace": "ns1",
        "repository": "app",
        "tag_filter": ".*",
        "target_instance_id": TARGET,
        "target_region": "cn-hangzhou",
        "target_namespace": "mirror",
        "target_repository": "app",
        "priority": 5,
    }
    world.advance(5)
    world.seed({"acr": {"instances": [{"id": SOURCE, "region": "cn-beijing", "sync_rules": [edit]}]}})
    [rule] = beijing(world, "ListRepoSyncRule", {"InstanceId": SOURCE})["SyncRules"]
    assert (rule["SyncRuleId"], rule["TagFilter"], rule["Priority"]) == (rule_id, ".*", 5)
    assert rule["ModifiedTime"] > rule["CreateTime"]
    with pytest.raises(AdminError, match=r"sync_rules\[0\]\.scope must be REPO, NAMESPACE or INSTANCE"):
        world.world.seed(
            {
                "acr": {
                    "instances": [
                        {"id": SOURCE, "region": "cn-beijing", "sync_rules": [{**edit, "scope": "TAG"}]}
                    ]
                }
            }
        )


# --- listing what a rule covers -------------------------------------------------------------------------


def test_namespaces_and_repositories_are_listed_and_paged(world: Emulator) -> None:
    namespaces = beijing(world, "ListNamespace", {"InstanceId": SOURCE})
    assert namespaces["TotalCount"] == "2" and [n["NamespaceName"] for n in namespaces["Namespaces"]] == [
        "ns1",
        "ns2",
    ]
    repos = beijing(
        world,
        "ListRepository",
        {"InstanceId": SOURCE, "RepoNamespaceName": "ns1", "PageSize": 1, "PageNo": 2},
    )
    assert (repos["TotalCount"], [r["RepoName"] for r in repos["Repositories"]]) == ("2", ["tools"])
    everything = beijing(world, "ListRepository", {"InstanceId": SOURCE})
    assert [(r["RepoNamespaceName"], r["RepoName"]) for r in everything["Repositories"]] == [
        ("ns1", "app"),
        ("ns1", "tools"),
        ("ns2", "web"),
    ]
