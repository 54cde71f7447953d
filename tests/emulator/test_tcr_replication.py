"""Replication rules: CRUD as the API answers it, and executions copying pushed tags."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import Any

import pytest
from tencentcloud.tcr.v20190924 import tcr_client

from pulumi_imagesync.emulator import Emulator
from pulumi_imagesync.emulator.registry.seeded import seeded_digest

from .helpers import digest_of, outcome, sdk_call, seed_tags

TcrFactory = Callable[..., tcr_client.TcrClient]
GZ, SG = "ap-guangzhou", "ap-singapore"
ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


def rule_request(name: str = "to-sg", **rule: Any) -> dict[str, Any]:
    """The README's rule: tcr-xxx (Guangzhou) -> tcr-yyy (Singapore, region id 9) namespace test."""
    body = {
        "Name": name,
        "DestNamespace": "test",
        "Override": True,
        "Filters": [{"Type": "tag", "Value": "v*"}],
    }
    return {
        "SourceRegistryId": "tcr-xxx",
        "DestinationRegistryId": "tcr-yyy",
        "DestinationRegionId": 9,
        "Rule": {**body, **rule},
        "Description": "demo rule",
    }


def push(emu: Emulator, *tags: str, registry: str = "tcr-xxx", namespace: str = "prod", **spec: Any) -> None:
    repo = {"name": spec.get("repository", "app"), "tags": {t: spec.get("tag", {}) for t in tags}}
    emu.seed(
        {
            "tcr": {
                "registries": [
                    {
                        "id": registry,
                        "region": spec.get("region", GZ),
                        "namespaces": [{"name": namespace, "repositories": [repo]}],
                    }
                ]
            }
        }
    )


def executions(
    client: tcr_client.TcrClient, policy_id: int, registry: str = "tcr-xxx"
) -> list[dict[str, Any]]:
    answer = sdk_call(
        client, "DescribeReplicationExecutions", {"RegistryId": registry, "PolicyId": policy_id}
    )
    return list(answer["ReplicationExecutionList"])


def policy(client: tcr_client.TcrClient, name: str = "to-sg") -> dict[str, Any]:
    answer = sdk_call(client, "DescribeReplicationPolicies", {"RegistryId": "tcr-xxx"})
    (found,) = [p for p in answer["ReplicationPolicyInfoList"] if p["Name"] == name]
    return dict(found)


def test_manage_replication_creates_a_rule_read_by_policies(demo: Emulator, tcr: TcrFactory) -> None:
    client = tcr()
    sdk_call(
        client,
        "ManageReplication",
        rule_request(
            Deletion=True, Filters=[{"Type": "name", "Value": "prod/**"}, {"Type": "tag", "Value": "v*"}]
        ),
    )
    answer = sdk_call(client, "DescribeReplicationPolicies", {"RegistryId": "tcr-xxx"})
    assert answer["TotalCount"] == 1
    (info,) = answer["ReplicationPolicyInfoList"]
    assert isinstance(info["ID"], int)
    assert {k: info[k] for k in ("Name", "Description", "Override", "Enabled")} == {
        "Name": "to-sg",
        "Description": "demo rule",
        "Override": True,
        "Enabled": True,
    }
    assert info["Filters"] == [{"Type": "name", "Value": "prod/**"}, {"Type": "tag", "Value": "v*"}]
    assert info["SrcResource"] == "prod/**:v* ap-guangzhou"
    assert info["DestResource"] == "tcr-yyy/test/** ap-singapore"
    assert ISO.match(info["CreationTime"]) and ISO.match(info["UpdateTime"])
    assert "Deletion" not in info  # the real API does not return it either
    assert demo.state()["tcr"][GZ]["registries"]["tcr-xxx"]["replication_rules"]["to-sg"]["deletion"] is True


def test_rule_creation_starts_nothing(demo: Emulator, tcr: TcrFactory) -> None:
    sdk_call(tcr(), "ManageReplication", rule_request())
    assert executions(tcr(), policy(tcr())["ID"]) == []
    assert digest_of(demo.state(), SG, "tcr-yyy", "test", "app", "v1") is None


def test_filters_default_to_everything(demo: Emulator, tcr: TcrFactory) -> None:
    sdk_call(tcr(), "ManageReplication", rule_request(Filters=[]))
    assert policy(tcr())["SrcResource"] == "**:** ap-guangzhou"


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"DestinationRegionId": 1}, "ResourceNotFound"),
        ({"DestinationRegionId": 1000}, "InvalidParameter.UnsupportedRegion"),
        ({"DestinationRegistryId": "tcr-nope"}, "ResourceNotFound"),
        ({"SourceRegistryId": "tcr-yyy"}, "ResourceNotFound"),
        (
            {"Rule": {"Name": "r", "DestNamespace": "nope", "Override": True, "Filters": []}},
            "ResourceNotFound.ErrNoNamespace",
        ),
        (
            {
                "Rule": {
                    "Name": "r",
                    "DestNamespace": "test",
                    "Override": True,
                    "Filters": [{"Type": "label", "Value": "x"}],
                }
            },
            "InvalidParameter",
        ),
    ],
)
def test_manage_replication_errors(
    demo: Emulator, tcr: TcrFactory, change: dict[str, Any], code: str
) -> None:
    assert outcome(lambda: sdk_call(tcr(), "ManageReplication", {**rule_request(), **change})) == code


def test_the_same_rule_name_twice_is_replication_exists(demo: Emulator, tcr: TcrFactory) -> None:
    sdk_call(tcr(), "ManageReplication", rule_request())
    assert (
        outcome(lambda: sdk_call(tcr(), "ManageReplication", rule_request()))
        == "InvalidParameter.ReplicationExists"
    )


def test_cross_account_needs_peer_replication_with_the_right_token(emu: Emulator, tcr: TcrFactory) -> None:
    emu.seed(
        {
            "tcr": {
                "registries": [
                    {"id": "tcr-src", "region": GZ, "namespaces": [seed_tags("v1", namespace="prod")]},
                    {
                        "id": "tcr-peer",
                        "region": SG,
                        "account_id": "100000000002",
                        "peer_token": "peer-tok",
                        "namespaces": [{"name": "mirror"}],
                    },
                ]
            }
        }
    )
    request = {
        "SourceRegistryId": "tcr-src",
        "DestinationRegistryId": "tcr-peer",
        "DestinationRegionId": 9,
        "Rule": {"Name": "peer", "DestNamespace": "mirror", "Override": True, "Filters": []},
    }

    def option(uin: str, token: str) -> dict[str, Any]:
        return {
            "PeerReplicationOption": {
                "PeerRegistryUin": uin,
                "PeerRegistryToken": token,
                "EnablePeerReplication": True,
            }
        }

    assert outcome(lambda: sdk_call(tcr(), "ManageReplication", request)) == "UnauthorizedOperation"
    assert outcome(
        lambda: sdk_call(tcr(), "ManageReplication", {**request, **option("100000000002", "bad")})
    ) == ("UnauthorizedOperation")
    assert outcome(
        lambda: sdk_call(tcr(), "ManageReplication", {**request, **option("100000000003", "peer-tok")})
    ) == ("UnauthorizedOperation")
    sdk_call(tcr(), "ManageReplication", {**request, **option("100000000002", "peer-tok")})
    push(emu, "v2", registry="tcr-src")
    state = emu.state()
    assert digest_of(state, SG, "tcr-peer", "mirror", "app", "v2") == digest_of(
        state, GZ, "tcr-src", "prod", "app", "v2"
    )
    assert state["tcr"][SG]["registries"]["tcr-peer"]["peer_token_set"] is True
    assert "peer-tok" not in str(state)


def test_a_push_replicates_after_the_copy_time(demo: Emulator, tcr: TcrFactory) -> None:
    client = tcr()
    sdk_call(client, "ManageReplication", rule_request())
    policy_id = policy(client)["ID"]
    demo.faults({"copies": {"tcr": {"seconds": 120}}})
    push(demo, "v3")
    (running,) = executions(client, policy_id)
    assert (running["Status"], running["Total"], running["Succeed"], running["EndTime"]) == (
        "InProgress",
        1,
        0,
        "",
    )
    assert digest_of(demo.state(), SG, "tcr-yyy", "test", "app", "v3") is None
    demo.advance(120)
    (done,) = executions(client, policy_id)
    assert (done["Status"], done["Succeed"], done["PolicyID"]) == ("Succeed", 1, policy_id)
    assert ISO.match(done["StartTime"]) and ISO.match(done["EndTime"])
    state = demo.state()
    assert digest_of(state, SG, "tcr-yyy", "test", "app", "v3") == digest_of(
        state, GZ, "tcr-xxx", "prod", "app", "v3"
    )
    tasks = sdk_call(
        client, "DescribeReplicationTasks", {"RegistryId": "tcr-xxx", "ExecutionId": done["ExecutionID"]}
    )
    (task,) = tasks["ReplicationTaskList"]
    assert (task["ResourceType"], task["SrcResource"], task["DstResource"], task["Status"]) == (
        "image",
        "prod/app:v3",
        "test/app:v3",
        "Succeed",
    )
    assert outcome(
        lambda: sdk_call(client, "DescribeReplicationTasks", {"RegistryId": "tcr-xxx", "ExecutionId": 999})
    ) == ("ResourceNotFound")


def test_replication_runs_on_a_scaled_clock(demo: Emulator, tcr: TcrFactory) -> None:
    sdk_call(tcr(), "ManageReplication", rule_request())
    demo.faults({"copies": {"tcr": {"seconds": 30}}, "time_scale": 100})
    push(demo, "v4")
    started = time.monotonic()
    while digest_of(demo.state(), SG, "tcr-yyy", "test", "app", "v4") is None:
        assert time.monotonic() - started < 5
        time.sleep(0.02)
    assert time.monotonic() - started >= 0.25


@pytest.mark.parametrize(
    ("filters", "tag", "copied"),
    [
        ([{"Type": "tag", "Value": "v*"}], "v9", True),
        ([{"Type": "tag", "Value": "v*"}], "test2", False),
        ([{"Type": "name", "Value": "prod/*"}], "x", True),
        ([{"Type": "name", "Value": "other/**"}], "x", False),
        ([{"Type": "name", "Value": "prod/**"}, {"Type": "tag", "Value": "{rc,ga}-*"}], "ga-1", True),
        ([{"Type": "name", "Value": "prod/**"}, {"Type": "tag", "Value": "{rc,ga}-*"}], "beta-1", False),
        ([{"Type": "resource", "Value": "image"}], "x", True),
        ([{"Type": "resource", "Value": "chart"}], "x", False),
        ([{"Type": "tag", "Value": ""}], "anything", True),
    ],
)
def test_filters_decide_what_replicates(
    demo: Emulator, tcr: TcrFactory, filters: list[dict[str, str]], tag: str, copied: bool
) -> None:
    sdk_call(tcr(), "ManageReplication", rule_request(Filters=filters))
    push(demo, tag)
    assert (digest_of(demo.state(), SG, "tcr-yyy", "test", "app", tag) is not None) is copied
    assert len(executions(tcr(), policy(tcr())["ID"])) == int(copied)


def test_name_filter_globs_cross_segments_only_with_double_star(demo: Emulator, tcr: TcrFactory) -> None:
    sdk_call(tcr(), "ManageReplication", rule_request(Filters=[{"Type": "name", "Value": "prod/*"}]))
    sdk_call(
        tcr(),
        "ManageReplication",
        rule_request("deep", DestNamespace="prod", Filters=[{"Type": "name", "Value": "prod/**"}]),
    )
    push(demo, "v1", repository="team/app")
    state = demo.state()
    assert digest_of(state, SG, "tcr-yyy", "test", "team/app", "v1") is None
    assert digest_of(state, SG, "tcr-yyy", "prod", "team/app", "v1") is not None


def test_override_false_fails_the_task_and_keeps_the_destination(demo: Emulator, tcr: TcrFactory) -> None:
    push(demo, "v1", registry="tcr-yyy", namespace="test", region=SG, tag={"image": "b"})
    sdk_call(tcr(), "ManageReplication", rule_request(Override=False))
    push(demo, "v1", tag={"image": "c"})
    (failed,) = executions(tcr(), policy(tcr())["ID"])
    assert (failed["Status"], failed["Succeed"]) == ("Failed", 0)
    assert digest_of(demo.state(), SG, "tcr-yyy", "test", "app", "v1") == seeded_digest("b")
    sdk_call(
        tcr(),
        "ModifyReplication",
        {
            "SourceRegistryId": "tcr-xxx",
            "RuleName": "to-sg",
            "Rule": {"DestNamespace": "test", "Override": True, "Filters": []},
        },
    )
    push(demo, "v1", tag={"image": "d"})
    assert digest_of(demo.state(), SG, "tcr-yyy", "test", "app", "v1") == seeded_digest("d")


def test_deletion_propagates_only_when_asked(demo: Emulator, tcr: TcrFactory) -> None:
    sdk_call(tcr(), "ManageReplication", rule_request("keep", Filters=[{"Type": "tag", "Value": "v5"}]))
    sdk_call(
        tcr(),
        "ManageReplication",
        rule_request("mirror", DestNamespace="prod", Deletion=True, Filters=[{"Type": "tag", "Value": "v5"}]),
    )
    push(demo, "v5")
    assert digest_of(demo.state(), SG, "tcr-yyy", "test", "app", "v5") is not None
    assert digest_of(demo.state(), SG, "tcr-yyy", "prod", "app", "v5") is not None
    repo = {"RegistryId": "tcr-xxx", "NamespaceName": "prod", "RepositoryName": "app"}
    sdk_call(tcr(), "DeleteRepositoryTags", {**repo, "Tags": ["v5"]})
    state = demo.state()
    assert digest_of(state, SG, "tcr-yyy", "test", "app", "v5") is not None
    assert digest_of(state, SG, "tcr-yyy", "prod", "app", "v5") is None


def test_a_disabled_rule_does_not_replicate(demo: Emulator, tcr: TcrFactory) -> None:
    sdk_call(tcr(), "ManageReplication", rule_request())
    modify: dict[str, Any] = {
        "SourceRegistryId": "tcr-xxx",
        "RuleName": "to-sg",
        "Rule": {"DestNamespace": "test", "Override": True, "Filters": [], "Enabled": False},
    }
    sdk_call(tcr(), "ModifyReplication", modify)
    assert policy(tcr())["Enabled"] is False
    push(demo, "v6")
    assert digest_of(demo.state(), SG, "tcr-yyy", "test", "app", "v6") is None
    sdk_call(tcr(), "ModifyReplication", {**modify, "Rule": {**modify["Rule"], "Enabled": True}})
    push(demo, "v7")
    assert digest_of(demo.state(), SG, "tcr-yyy", "test", "app", "v7") is not None


def test_a_duplicate_is_a_push_that_rules_see(demo: Emulator, tcr: TcrFactory) -> None:
    sdk_call(tcr(), "ManageReplication", rule_request(Filters=[{"Type": "tag", "Value": "prd"}]))
    params = {
        "RegistryId": "tcr-xxx",
        "SourceNamespace": "prod",
        "SourceRepo": "app",
        "SourceReference": "v1",
        "DestinationTag": "prd",
    }
    sdk_call(tcr(), "DuplicateImage", params)
    state = demo.state()
    assert digest_of(state, SG, "tcr-yyy", "test", "app", "prd") == digest_of(
        state, GZ, "tcr-xxx", "prod", "app", "v1"
    )


def test_rules_both_ways_do_not_loop(emu: Emulator, tcr: TcrFactory) -> None:
    emu.seed(
        {
            "tcr": {
                "registries": [
                    {"id": "tcr-a", "region": GZ, "namespaces": [{"name": "ns"}]},
                    {"id": "tcr-b", "region": GZ, "namespaces": [{"name": "ns"}]},
                ]
            }
        }
    )
    for source, destination in (("tcr-a", "tcr-b"), ("tcr-b", "tcr-a")):
        rule = {"Name": "sync", "DestNamespace": "ns", "Override": True, "Filters": [], "Deletion": True}
        sdk_call(
            tcr(),
            "ManageReplication",
            {"SourceRegistryId": source, "DestinationRegistryId": destination, "Rule": rule},
        )
    push(emu, "v1", registry="tcr-a", namespace="ns")
    state = emu.state()
    assert digest_of(state, GZ, "tcr-b", "ns", "app", "v1") == digest_of(
        state, GZ, "tcr-a", "ns", "app", "v1"
    )
    assert sum(len(r["executions"]) for r in state["tcr"][GZ]["registries"].values()) == 2


def test_modify_and_delete_rules(demo: Emulator, tcr: TcrFactory) -> None:
    client = tcr()
    sdk_call(client, "ManageReplication", rule_request())
    modify: dict[str, Any] = {
        "SourceRegistryId": "tcr-xxx",
        "RuleName": "to-sg",
        "Description": "changed",
        "Rule": {
            "DestNamespace": "prod",
            "Override": False,
            "Filters": [{"Type": "tag", "Value": "x*"}],
            "Deletion": True,
        },
    }
    sdk_call(client, "ModifyReplication", modify)
    info = policy(client)
    assert (info["Description"], info["Override"], info["DestResource"]) == (
        "changed",
        False,
        "tcr-yyy/prod/** ap-singapore",
    )
    assert (
        outcome(lambda: sdk_call(client, "ModifyReplication", {**modify, "RuleName": "nope"}))
        == "ResourceNotFound"
    )
    bad_namespace = {**modify, "Rule": {**modify["Rule"], "DestNamespace": "nope"}}
    assert (
        outcome(lambda: sdk_call(client, "ModifyReplication", bad_namespace))
        == "ResourceNotFound.ErrNoNamespace"
    )
    sdk_call(client, "DeleteReplicationRule", {"SourceRegistryId": "tcr-xxx", "RuleName": "to-sg"})
    assert sdk_call(client, "DescribeReplicationPolicies", {"RegistryId": "tcr-xxx"})["TotalCount"] == 0
    assert outcome(
        lambda: sdk_call(
            client, "DeleteReplicationRule", {"SourceRegistryId": "tcr-xxx", "RuleName": "to-sg"}
        )
    ) == ("ResourceNotFound")


def test_policies_are_paged(demo: Emulator, tcr: TcrFactory) -> None:
    for i in range(5):
        sdk_call(tcr(), "ManageReplication", rule_request(f"r{i}"))
    page = sdk_call(tcr(), "DescribeReplicationPolicies", {"RegistryId": "tcr-xxx", "Page": 2, "PageSize": 2})
    assert page["TotalCount"] == 5
    assert [p["Name"] for p in page["ReplicationPolicyInfoList"]] == ["r2", "r3"]
