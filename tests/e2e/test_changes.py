"""A changed program and a changed world, through the real engine, on the programs in `examples/`.

The engine decides what a changed program means from the provider's `diff`: a replace of a rule
whose destination changed, honouring `delete_before_replace` (the plan, then the order of the
calls the emulator saw), an in-place copy of a new source tag, an ACR sync rule run again in place
and replaced (its old self deleted first), and what `pulumi refresh` makes of a tag overwritten or
deleted behind Pulumi's back.
"""

from __future__ import annotations

from typing import Any

import pytest

from pulumi_imagesync.emulator import Emulator
from pulumi_imagesync.emulator.stack_config import emulator_stack_config
from tests.e2e.conftest import StackFactory
from tests.support.clouds import tencent_call
from tests.support.inventory import leftovers

pytestmark = pytest.mark.e2e

REGION = "ap-guangzhou"
PROMOTION = {"RegistryId": "tcr-e8pg46c6", "NamespaceName": "release", "RepositoryName": "app"}


def actions(emulator: Emulator, since: int, *names: str) -> list[str]:
    return [c["action"] for c in emulator.calls(since)["calls"] if c["action"] in names]


def last_seq(emulator: Emulator) -> int:
    calls = emulator.calls()["calls"]
    return int(calls[-1]["seq"]) if calls else 0


def tag(emulator: Emulator, namespace: str, repository: str, name: str) -> dict[str, Any] | None:
    registry = emulator.state()["tcr"][REGION]["registries"]["tcr-e8pg46c6"]
    repo = registry["namespaces"].get(namespace, {}).get("repositories", {}).get(repository, {})
    return repo.get("tags", {}).get(name)


def test_a_new_destination_replaces_the_rule_deleting_the_old_one_first(
    make_stack: StackFactory, emulator: Emulator
) -> None:
    emulator.reset(world="demo")
    emulator.seed(
        {
            "tcr": {
                "registries": [{"id": "tcr-zzz", "region": "ap-singapore", "namespaces": [{"name": "test"}]}]
            }
        }
    )
    before = emulator.state()
    stack = make_stack("examples/tcr-replication-rule").init(emulator_stack_config(emulator.url))
    stack.up()

    stack.config("destination_registry_id", "tcr-zzz")
    plan = stack.preview()
    # Same rule name, so the same identity: the old rule must go before the new one is made.
    assert plan.ops("prod-to-sg") == ["delete-replaced", "replace", "create-replacement"]
    assert plan.step("prod-to-sg", "replace")["keys"] == ["destination_registry_id"]

    since = last_seq(emulator)
    stack.up()
    assert actions(emulator, since, "DeleteReplicationRule", "ManageReplication") == [
        "DeleteReplicationRule",
        "ManageReplication",
    ]
    rule = stack.resources()["prod-to-sg"]["outputs"]
    assert rule["destination_resource"].startswith("tcr-zzz/test")
    rules = emulator.state()["tcr"][REGION]["registries"]["tcr-xxx"]["replication_rules"]
    assert len(rules) == 1

    stack.up("--expect-no-changes")
    stack.destroy()
    assert leftovers(before, emulator.state()) == []


def test_a_new_source_tag_is_copied_in_place(make_stack: StackFactory, emulator: Emulator) -> None:
    emulator.reset(world="demo")
    stack = make_stack("examples/tcr-image-duplicate").init(emulator_stack_config(emulator.url))
    stack.up()
    stg, v1 = tag(emulator, "develop", "app", "stg"), tag(emulator, "develop", "app", "v1")
    prd = tag(emulator, "release", "app", "prd")
    assert stg and v1 and prd and prd["digest"] == stg["digest"]

    stack.config("build", "v1")
    plan = stack.preview()
    assert plan.ops("promote") == ["update"]
    assert plan.changed_inputs("promote", "update") == ["source_reference"]

    since = last_seq(emulator)
    stack.up()
    assert actions(emulator, since, "DuplicateImage", "DeleteRepositoryTags") == ["DuplicateImage"]
    prd = tag(emulator, "release", "app", "prd")
    assert prd is not None and prd["digest"] == v1["digest"]
    assert stack.outputs()["digest"] == v1["digest"]
    stack.up("--expect-no-changes")


def test_refresh_reports_drift_and_a_deletion_outside_pulumi(
    make_stack: StackFactory, emulator: Emulator
) -> None:
    emulator.reset(world="demo")
    before = emulator.state()
    stack = make_stack("examples/tcr-image-duplicate").init(emulator_stack_config(emulator.url))
    stack.up()
    stg, v1 = tag(emulator, "develop", "app", "stg"), tag(emulator, "develop", "app", "v1")
    assert stg and v1

    # A colleague promotes v1 onto prd by hand.
    tencent_call(
        emulator,
        "tcr",
        REGION,
        "DuplicateImage",
        {
            "RegistryId": "tcr-e8pg46c6",
            "SourceNamespace": "develop",
            "SourceRepo": "app",
            "SourceReference": "v1",
            "DestinationNamespace": "release",
            "DestinationRepo": "app",
            "DestinationTag": "prd",
            "Override": True,
        },
    )
    refreshed = stack.refresh()
    assert refreshed.outcome("promote")["op"] == "update"
    assert stack.resources()["promote"]["outputs"]["digest"] == v1["digest"]
    assert stack.preview().ops("promote") == ["update"], "the next up copies the declared source again"
    stack.up()
    assert tag(emulator, "release", "app", "prd")["digest"] == stg["digest"]  # type: ignore[index]
    stack.refresh("--expect-no-changes")

    # Then deletes it.
    tencent_call(emulator, "tcr", REGION, "DeleteRepositoryTags", {**PROMOTION, "Tags": ["prd"]})
    refreshed = stack.refresh()
    assert refreshed.outcome("promote")["op"] == "delete"
    assert "promote" not in stack.resources()
    assert stack.preview().ops("promote") == ["create"]
    stack.up()
    assert tag(emulator, "release", "app", "prd")["digest"] == stg["digest"]  # type: ignore[index]

    stack.destroy()
    assert leftovers(before, emulator.state()) == []


# -- alibabacloud.SyncRule (examples/acr-sync-rule) -------------------------------------------------

ACR_SOURCE, ACR_TARGET = "cri-hpdfkc6utbaq", "cri-ibxs3piklys3"
KEPT = f"acr/cn-hangzhou/instances/{ACR_TARGET}/namespaces/mirror/repositories/repo1 (added)"


def rules(emulator: Emulator) -> list[dict[str, object]]:
    return list(emulator.state()["acr"]["cn-beijing"]["instances"][ACR_SOURCE]["sync_rules"].values())


def mirrored(emulator: Emulator) -> set[str]:
    namespace = emulator.state()["acr"]["cn-hangzhou"]["instances"][ACR_TARGET]["namespaces"]["mirror"]
    return set(namespace["repositories"].get("repo1", {}).get("tags", {}))


def test_a_rule_runs_again_in_place_and_is_replaced_deleting_the_old_one_first(
    make_stack: StackFactory, emulator: Emulator
) -> None:
    emulator.reset(world="demo")
    before = emulator.state()
    stack = make_stack("examples/acr-sync-rule").init(emulator_stack_config(emulator.url))
    assert stack.preview().ops("ns1-to-hangzhou") == ["create"]
    stack.up()
    assert stack.outputs()["synced_tags"] == ["ns1/repo1:tag1", "ns1/repo1:tag2"]
    assert mirrored(emulator) == {"tag1", "tag2"} and len(rules(emulator)) == 1
    stack.up("--expect-no-changes")
    stack.refresh("--expect-no-changes")

    stack.config("release", "2")
    plan = stack.preview()
    assert plan.ops("ns1-to-hangzhou") == ["update"]
    assert plan.changed_inputs("ns1-to-hangzhou", "update") == ["triggers"]
    since = last_seq(emulator)
    stack.up()
    assert actions(emulator, since, "CreateRepoSyncRule", "CreateRepoSyncTaskByRule") == [
        "CreateRepoSyncTaskByRule",
        "CreateRepoSyncTaskByRule",
    ]

    stack.config("tag_filter", "tag1")
    plan = stack.preview()
    # Same rule name, so the same identity: the old rule must go before the new one is made.
    assert plan.ops("ns1-to-hangzhou") == ["delete-replaced", "replace", "create-replacement"]
    assert plan.step("ns1-to-hangzhou", "replace")["keys"] == ["tag_filter"]
    since = last_seq(emulator)
    stack.up()
    assert actions(emulator, since, "DeleteRepoSyncRule", "CreateRepoSyncRule") == [
        "DeleteRepoSyncRule",
        "CreateRepoSyncRule",
    ]
    assert [rule["tag_filter"] for rule in rules(emulator)] == ["tag1"]
    assert stack.outputs()["synced_tags"] == ["ns1/repo1:tag1"]
    stack.up("--expect-no-changes")

    stack.destroy()
    assert rules(emulator) == []
    assert leftovers(before, emulator.state()) == [KEPT]  # what the rule copied stays
