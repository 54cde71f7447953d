"""The provider scenarios against the real clouds (`IMAGESYNC_LIVE=1`), or — in CI — against the
emulator reached through `imagesync:endpoints`, the path real private endpoints take.

Each resource goes through create, an `up` that changes nothing, an in-place update, a change made
outside Pulumi that refresh reports and the next `up` repairs, a second resource with the same
identity that is refused (ownership: nothing is adopted by a match of names), and destroy, after
which the object is gone. Whatever a failing scenario leaves is destroyed in `finally`. Every name
the run makes carries a random suffix (`imagesync-live-<hex>`), so runs never collide and leftovers
are recognisable. docs/live-acceptance.md: how to run it, and what it costs.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from pulumi_imagesync import alibabacloud, huaweicloud, tencentcloud
from pulumi_imagesync.alibabacloud.api import AlibabaApi
from pulumi_imagesync.huaweicloud.api import HuaweiApi
from pulumi_imagesync.tencentcloud.api import TencentApi
from tests.support.engine import Engine, ProviderError, ResourceState, register

from .conftest import Target

NAME = "live"
Section = dict[str, Any]
Outputs = dict[str, Any]


@dataclass(frozen=True)
class Scenario:
    key: str
    cloud: str
    declare: Callable[[Target, Section, str, dict[str, Any]], Any]  # (target, section, name, overrides)
    update: dict[str, Any]  # an in-place change
    drift: Callable[[Target, Section, Outputs], None]  # a change made outside Pulumi
    drifted: Callable[[ResourceState | None], bool]  # what refresh reports after it
    twin: dict[str, Any] = field(default_factory=dict)  # a second resource, same identity

    def __str__(self) -> str:
        return self.key


def live_name(target: Target) -> str:
    return f"imagesync-live-{target.suffix}"


# -- tencentcloud.ReplicationRule: a rule whose filter matches nothing (it replicates no image) ----


def declare_rule(target: Target, s: Section, name: str, overrides: dict[str, Any]) -> Any:
    tcr = s["tcr"]
    args = {
        "region": s["region"],
        "source_registry_id": tcr["registry_id"],
        "name": live_name(target),
        "destination_registry_id": tcr["rule_destination_registry_id"],
        "destination_region": tcr["rule_destination_region"],
        "dest_namespace": tcr["rule_dest_namespace"],
        "filters": [{"type": "tag", "value": f"{live_name(target)}-none"}],
        "description": "pulumi-imagesync live test",
    }
    return tencentcloud.ReplicationRule(name, **{**args, **overrides})


def rule_drift(target: Target, s: Section, out: Outputs) -> None:
    api = TencentApi(target.settings(), "tcr", s["region"])
    rule = {
        "DestNamespace": out["dest_namespace"],
        "Override": bool(out.get("override")),
        "Deletion": bool(out.get("deletion")),
        "Filters": [{"Type": f["type"], "Value": f["value"]} for f in out["filters"]],
        "Enabled": True,
    }
    request = {
        "SourceRegistryId": out["source_registry_id"],
        "RuleName": out["name"],
        "Rule": rule,
        "Description": "changed outside Pulumi",
    }
    api.call("ModifyReplication", request)


# -- tencentcloud.ImageDuplicate: a new tag in the destination namespace ------------------------------


def declare_duplicate(target: Target, s: Section, name: str, overrides: dict[str, Any]) -> Any:
    tcr = s["tcr"]
    args = {
        "region": s["region"],
        "registry_id": tcr["registry_id"],
        "source_namespace": tcr["namespace"],
        "source_repo": tcr["repository"],
        "source_reference": tcr["tag"],
        "destination_namespace": tcr["destination_namespace"],
        "destination_tag": live_name(target),
    }
    return tencentcloud.ImageDuplicate(name, **{**args, **overrides})


def duplicate_drift(target: Target, s: Section, out: Outputs) -> None:
    request = {
        "RegistryId": out["registry_id"],
        "NamespaceName": out["destination_namespace"],
        "RepositoryName": out["destination_repo"],
        "Tags": [out["destination_tag"]],
    }
    TencentApi(target.settings(), "tcr", s["region"]).call("DeleteRepositoryTags", request)


# -- tencentcloud.CvmImageSync: one copy, in one region ------------------------------------------------


def declare_cvm(target: Target, s: Section, name: str, overrides: dict[str, Any]) -> Any:
    cvm = s["cvm"]
    args = {
        "image_id": cvm["image_id"],
        "region": cvm["region"],
        "destination_regions": [cvm["destination_region"]],
        "image_name": live_name(target),
    }
    return tencentcloud.CvmImageSync(name, **{**args, **overrides})


def cvm_drift(target: Target, s: Section, out: Outputs) -> None:
    ((region, copy_id),) = out["image_ids"].items()
    request = {"ImageId": copy_id, "ImageName": f"{out['copy_name']}-oob"}
    TencentApi(target.settings(), "cvm", region).call("ModifyImageAttribute", request)


# -- huaweicloud.SyncRepoTask: a rule, and a back-fill of one tag as the update -------------------------


def declare_swr(target: Target, s: Section, name: str, overrides: dict[str, Any]) -> Any:
    args = {
        "region": s["region"],
        "namespace": s["namespace"],
        "repository": s["repository"],
        "remote_region_id": s["remote_region"],
        "remote_namespace": s["remote_namespace"],
    }
    return huaweicloud.SyncRepoTask(name, **{**args, **overrides})


def swr_drift(target: Target, s: Section, out: Outputs) -> None:
    body = {"remoteRegionId": s["remote_region"], "remoteNamespace": s["remote_namespace"]}
    request = {"namespace": s["namespace"], "repository": s["repository"], "body": body}
    HuaweiApi(target.settings(), "swr", s["region"]).call("DeleteImageSyncRepo", request)


# -- alibabacloud.SyncRepoTask: a new tag in another instance -----------------------------------------


def declare_acr(target: Target, s: Section, name: str, overrides: dict[str, Any]) -> Any:
    args = {
        "instance_id": s["instance_id"],
        "region": s["region"],
        "namespace": s["namespace"],
        "repo_name": s["repo_name"],
        "tag": s["tag"],
        "target_instance_id": s["target_instance_id"],
        "target_region_id": s["target_region"],
        "target_namespace": s["target_namespace"],
        "target_repo_name": s["repo_name"],
        "target_tag": live_name(target),
    }
    return alibabacloud.SyncRepoTask(name, **{**args, **overrides})


def acr_drift(target: Target, s: Section, out: Outputs) -> None:
    request = {
        "InstanceId": s["target_instance_id"],
        "RepoId": out["target_repo_id"],
        "Tag": out["target_tag"],
    }
    AlibabaApi(target.settings(), "cr", s["target_region"]).call("DeleteRepoTag", request)


def gone(state: ResourceState | None) -> bool:
    return state is None


SCENARIOS = [
    Scenario(
        "tcr-rule",
        "tencentcloud",
        declare_rule,
        {"description": "pulumi-imagesync live test, updated"},
        rule_drift,
        lambda state: state is not None and state.outputs["description"] == "changed outside Pulumi",
    ),
    Scenario(
        "tcr-duplicate",
        "tencentcloud",
        declare_duplicate,
        {"triggers": {"run": "2"}},
        duplicate_drift,
        gone,
        twin={"override": False},
    ),
    Scenario(
        "cvm",
        "tencentcloud",
        declare_cvm,
        {"triggers": {"run": "2"}},
        cvm_drift,
        lambda state: state is not None and str(state.outputs["image_name"]).endswith("-oob"),
    ),
    Scenario("swr", "huaweicloud", declare_swr, {"sync_existing": True}, swr_drift, gone),
    Scenario(
        "acr",
        "alibabacloud",
        declare_acr,
        {"triggers": {"run": "2"}},
        acr_drift,
        gone,
        twin={"override": False},
    ),
]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=str)
def test_a_resource_lives_its_whole_life_against_the_target(
    scenario: Scenario, target: Target, live_engine: Callable[[], Engine]
) -> None:
    section = target.section(scenario.cloud)
    if scenario.key == "swr":  # the back-fill copies one named tag, never the whole repository
        scenario = Scenario(
            **{**scenario.__dict__, "update": {"sync_existing": True, "sync_existing_tags": [section["tag"]]}}
        )

    def build(name: str = NAME, **overrides: Any) -> Any:
        return register(lambda: scenario.declare(target, section, name, overrides))

    engine = live_engine()
    try:
        assert engine.up(build()).op == "create"
        assert engine.up(build()).op == "same"
        assert engine.up(build(**scenario.update)).op == "update"
        assert engine.up(build(**scenario.update)).op == "same"

        scenario.drift(target, section, engine.state[NAME].outputs)
        saved = engine.state[NAME]
        refreshed = engine.refresh(NAME)
        assert scenario.drifted(refreshed), refreshed and refreshed.outputs
        if refreshed is None:
            assert engine.up(build(**scenario.update)).op == "create"  # made again
        else:
            assert engine.up(build(**scenario.update)).op == "update"  # repaired
        assert engine.up(build(**scenario.update)).op == "same"

        # Ownership: another resource naming the same object is refused, never adopted by its name.
        with pytest.raises(ProviderError, match="already exists"):
            engine.up(build("live-twin", **{**scenario.update, **scenario.twin}))
        assert "live-twin" not in engine.state

        saved = engine.state[NAME]
        engine.destroy(NAME)
        engine.state[NAME] = saved
        assert engine.refresh(NAME) is None  # gone from the cloud, not only from the state
    finally:
        for name in list(engine.state):
            with contextlib.suppress(Exception):
                engine.destroy(name)
