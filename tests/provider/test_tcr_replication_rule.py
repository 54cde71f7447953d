"""`tencentcloud.ReplicationRule` through the real provider server, the real SDK and the emulator."""

from __future__ import annotations

from typing import Any

import pytest
from pulumi.runtime.proto import provider_pb2

from pulumi_imagesync import tencentcloud
from pulumi_imagesync.emulator import Emulator
from tests.support.clouds import tencent_call
from tests.support.engine import UNKNOWN, CheckFailed, Engine, ProviderError, register

WORLD = {
    "tcr": {
        "registries": [
            {
                "id": "tcr-src00001",
                "region": "ap-guangzhou",
                "name": "source",
                "namespaces": [
                    {"name": "prod", "repositories": [{"name": "app", "tags": {"v1": {}, "test": {}}}]}
                ],
            },
            {
                "id": "tcr-dst00001",
                "region": "ap-singapore",
                "name": "dest",
                "namespaces": [{"name": "mirror"}, {"name": "other"}],
            },
            {
                "id": "tcr-dst00002",
                "region": "ap-singapore",
                "name": "dest2",
                "namespaces": [{"name": "mirror"}],
            },
        ]
    }
}


@pytest.fixture(autouse=True)
def world(emulator: Emulator) -> None:
    emulator.seed(WORLD)


def rule(name: str = "prod-to-sg", **overrides: Any) -> Any:
    args: dict[str, Any] = {
        "source_registry_id": "tcr-src00001",
        "destination_registry_id": "tcr-dst00001",
        "destination_region": "ap-singapore",
        "dest_namespace": "mirror",
        "override": True,
        "filters": [{"type": "tag", "value": "v*"}],
        "description": "prod images to Singapore",
    }
    args.update(overrides)
    return register(lambda: tencentcloud.ReplicationRule(name, **args))


def policies(emulator: Emulator) -> list[dict[str, Any]]:
    answer = tencent_call(
        emulator, "tcr", "ap-guangzhou", "DescribeReplicationPolicies", {"RegistryId": "tcr-src00001"}
    )
    return answer.get("ReplicationPolicyInfoList") or []


def cloud_calls(emulator: Emulator) -> int:
    return len(emulator.calls()["calls"])


def test_create_reports_the_rule_and_a_second_up_changes_nothing(engine: Engine, emulator: Emulator) -> None:
    step = engine.up(rule())
    assert step.op == "create"
    state = engine.state["prod-to-sg"]
    assert state.id == "ap-guangzhou#tcr-src00001#prod-to-sg"
    out = state.outputs
    assert out["name"] == "prod-to-sg" and out["dest_namespace"] == "mirror"
    assert out["destination_region_id"] == 9 and out["enabled"] is True
    assert isinstance(out["policy_id"], int | float) and out["destination_resource"].startswith(
        "tcr-dst00001/mirror"
    )
    [policy] = policies(emulator)
    assert policy["Name"] == "prod-to-sg" and policy["Override"] is True

    before = cloud_calls(emulator)
    again = engine.up(rule())
    assert again.op == "same" and again.calls == ["Check", "Diff"]
    assert cloud_calls(emulator) == before  # preview and a no-op up make no cloud call


def test_in_place_update_of_filters_override_and_enabled(engine: Engine, emulator: Emulator) -> None:
    engine.up(rule())
    changed = rule(
        filters=[{"type": "tag", "value": "release-*"}, {"type": "name", "value": "prod/**"}],
        override=False,
        enabled=False,
    )
    assert engine.preview(changed).op == "update"
    step = engine.up(changed)
    assert step.op == "update"
    [policy] = policies(emulator)
    assert policy["Override"] is False and policy["Enabled"] is False
    assert {(f["Type"], f["Value"]) for f in policy["Filters"]} == {("tag", "release-*"), ("name", "prod/**")}
    assert engine.state["prod-to-sg"].outputs["enabled"] is False
    assert engine.up(changed).op == "same"


def test_a_destination_region_by_name_or_by_id_is_one_region(engine: Engine, emulator: Emulator) -> None:
    engine.up(rule())  # destination_region="ap-singapore"
    made = cloud_calls(emulator)
    by_id = rule(destination_region=None, destination_region_id=9)
    assert engine.preview(by_id).op == "same"
    assert engine.up(by_id).op == "same"
    assert engine.preview(rule()).op == "same"
    elsewhere = engine.preview(rule(destination_region=None, destination_region_id=25))
    assert elsewhere.op == "replace" and "destination_region_id" in elsewhere.replaces
    assert cloud_calls(emulator) == made  # and no diff calls the cloud


def test_a_refresh_that_reads_the_default_destination_region_changes_nothing(
    engine: Engine, emulator: Emulator
) -> None:
    emulator.seed(
        {
            "tcr": {
                "registries": [
                    {"id": "tcr-dstgz001", "region": "ap-guangzhou", "namespaces": [{"name": "mirror"}]}
                ]
            }
        }
    )
    local = rule("local", destination_registry_id="tcr-dstgz001", destination_region=None)
    engine.up(local)
    refreshed = engine.refresh("local")
    assert refreshed is not None and refreshed.outputs["destination_region_id"] == 1  # the source's region
    assert engine.up(local).op == "same"


def test_a_new_destination_replaces_deleting_the_old_rule_first(engine: Engine, emulator: Emulator) -> None:
    engine.up(rule())
    moved = rule(destination_registry_id="tcr-dst00002")
    plan = engine.preview(moved)
    assert (
        plan.op == "replace" and plan.replaces == ["destination_registry_id"] and plan.delete_before_replace
    )
    engine.up(moved)
    [policy] = policies(emulator)
    assert policy["DestResource"].startswith("tcr-dst00002/")


def test_a_new_name_is_a_new_rule_created_before_the_old_is_deleted(
    engine: Engine, emulator: Emulator
) -> None:
    engine.up(rule())
    renamed = register(
        lambda: tencentcloud.ReplicationRule(
            "prod-to-sg",
            name="prod-to-sg-v2",
            source_registry_id="tcr-src00001",
            destination_registry_id="tcr-dst00001",
            dest_namespace="mirror",
            destination_region="ap-singapore",
            override=True,
            filters=[{"type": "tag", "value": "v*"}],
            description="prod images to Singapore",
        )
    )
    step = engine.up(renamed)
    assert step.op == "replace" and step.replaces == ["name"] and not step.delete_before_replace
    assert [p["Name"] for p in policies(emulator)] == ["prod-to-sg-v2"]


def test_refresh_shows_drift_and_the_next_up_repairs_it(engine: Engine, emulator: Emulator) -> None:
    engine.up(rule())
    tencent_call(
        emulator,
        "tcr",
        "ap-guangzhou",
        "ModifyReplication",
        {
            "SourceRegistryId": "tcr-src00001",
            "RuleName": "prod-to-sg",
            "Description": "changed by hand",
            "Rule": {
                "DestNamespace": "other",
                "Override": False,
                "Deletion": False,
                "Filters": [],
                "Enabled": True,
            },
        },
    )
    refreshed = engine.refresh("prod-to-sg")
    assert refreshed is not None
    out = refreshed.outputs
    assert (out["description"], out["dest_namespace"], out["override"], out["filters"]) == (
        "changed by hand",
        "other",
        False,
        [],
    )
    assert (
        out["deletion"] is False and out["destination_region_id"] == 9
    )  # not returned by the API: carried over
    assert engine.preview(rule()).op == "update"
    engine.up(rule())
    [policy] = policies(emulator)
    assert policy["Description"] == "prod images to Singapore" and policy["DestResource"].startswith(
        "tcr-dst00001/mirror"
    )


def test_a_rule_deleted_outside_pulumi_reads_as_gone_and_is_created_again(
    engine: Engine, emulator: Emulator
) -> None:
    engine.up(rule())
    tencent_call(
        emulator,
        "tcr",
        "ap-guangzhou",
        "DeleteReplicationRule",
        {"SourceRegistryId": "tcr-src00001", "RuleName": "prod-to-sg"},
    )
    assert engine.refresh("prod-to-sg") is None
    assert engine.up(rule()).op == "create"
    assert len(policies(emulator)) == 1


def test_destroy_deletes_the_rule_and_an_already_deleted_rule_is_fine(
    engine: Engine, emulator: Emulator
) -> None:
    engine.up(rule())
    engine.up(rule("second"))
    tencent_call(
        emulator,
        "tcr",
        "ap-guangzhou",
        "DeleteReplicationRule",
        {"SourceRegistryId": "tcr-src00001", "RuleName": "second"},
    )
    engine.destroy("prod-to-sg")
    engine.destroy("second")
    assert policies(emulator) == []


def test_an_existing_rule_is_refused_unless_adopted_and_adoption_converges_it(
    engine: Engine, emulator: Emulator
) -> None:
    tencent_call(
        emulator,
        "tcr",
        "ap-guangzhou",
        "ManageReplication",
        {
            "SourceRegistryId": "tcr-src00001",
            "DestinationRegistryId": "tcr-dst00001",
            "DestinationRegionId": 9,
            "Rule": {"Name": "prod-to-sg", "DestNamespace": "other", "Override": False, "Filters": []},
        },
    )
    with pytest.raises(ProviderError) as error:
        engine.up(rule())
    assert "already exists" in error.value.why and "adopt=True" in error.value.text
    assert "prod-to-sg" not in engine.state

    engine.up(rule(adopt=True))
    [policy] = policies(emulator)
    assert policy["Override"] is True and policy["DestResource"].startswith("tcr-dst00001/mirror")
    assert engine.up(rule(adopt=True)).op == "same"


def test_a_rule_that_cannot_be_disabled_is_deleted_again(engine: Engine, emulator: Emulator) -> None:
    emulator.faults(
        {
            "rules": [
                {
                    "service": "tcr",
                    "action": "ModifyReplication",
                    "kind": "error",
                    "code": "UnauthorizedOperation",
                    "message": "no",
                }
            ]
        }
    )
    with pytest.raises(ProviderError) as error:
        engine.up(rule(enabled=False))
    assert "ModifyReplication failed: UnauthorizedOperation" in error.value.why
    assert policies(emulator) == []  # the half-made rule is gone
    assert "prod-to-sg" not in engine.state


def test_unknown_values_in_a_preview(engine: Engine) -> None:
    engine.up(rule())
    assert engine.preview(rule().with_inputs(dest_namespace=UNKNOWN)).op == "update"
    plan = engine.preview(rule().with_inputs(destination_registry_id=UNKNOWN))
    assert plan.op == "replace" and plan.replaces == ["destination_registry_id"]
    plan = engine.preview(rule().with_inputs(name=UNKNOWN))
    assert plan.op == "replace" and not plan.delete_before_replace


def test_a_non_retryable_error_ends_with_code_message_and_request_id(
    engine: Engine, emulator: Emulator
) -> None:
    with pytest.raises(ProviderError) as error:
        engine.up(rule(dest_namespace="missing"))
    line = error.value.why
    assert "Tencent Cloud TCR ManageReplication failed: ResourceNotFound" in line
    assert "(request id: " in line and "request id: none" not in line
    assert policies(emulator) == []


def test_missing_credentials_name_the_config_key_and_the_variable(
    make_engine: Any, emulator: Emulator
) -> None:
    engine = make_engine({"tencentcloud:secretKey": None})
    with pytest.raises(ProviderError) as error:
        engine.up(rule())
    assert "tencentcloud:secretKey" in error.value.why and "TENCENTCLOUD_SECRET_KEY" in error.value.why


def test_credentials_and_region_from_the_environment(make_engine: Any, emulator: Emulator) -> None:
    from pulumi_imagesync.emulator import DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET

    engine = make_engine(
        {"imagesync:emulator": emulator.url},
        env={
            "TENCENTCLOUD_SECRET_ID": DEFAULT_ACCESS_KEY_ID,
            "TENCENTCLOUD_SECRET_KEY": DEFAULT_ACCESS_KEY_SECRET,
            "TENCENTCLOUD_REGION": "ap-guangzhou",
        },
        replace=True,
    )
    engine.up(rule())
    assert engine.state["prod-to-sg"].outputs["region"] == "ap-guangzhou"


def test_a_profile_supplies_other_credentials(make_engine: Any, emulator: Emulator) -> None:
    emulator.seed(
        {
            "accounts": [
                {
                    "access_key_id": "AKIDother",
                    "access_key_secret": "other-secret",
                    "account_id": "100000000002",
                }
            ]
        }
    )
    profiles = '{"other": {"tencentcloud": {"secretId": "AKIDother", "secretKey": "wrong"}}}'
    engine = make_engine({"imagesync:profiles": profiles})
    with pytest.raises(ProviderError) as error:
        engine.up(rule(profile="other"))
    assert "AuthFailure" in error.value.why  # the profile's (wrong) key was used, not the default


def test_import_fails_as_the_readme_says(engine: Engine) -> None:
    # `pulumi import` sends Read with the id alone (pulumi/pulumi#16175): the dynamic provider
    # server finds no provider to load. The README sends users to adopt=True and get() instead.
    engine.up(rule())
    with pytest.raises(ProviderError) as error:
        engine._rpc(
            "Read",
            provider_pb2.ReadRequest(
                id="ap-guangzhou#tcr-src00001#prod-to-sg",
                urn=engine.state["prod-to-sg"].urn.replace("prod-to-sg", "imported"),
            ),
        )
    assert "'__provider'" in error.value.why


def test_a_profile_without_its_secret_key_fails_the_preview(make_engine: Any, emulator: Emulator) -> None:
    engine = make_engine({"imagesync:profiles": '{"other": {"tencentcloud": {"secretId": "AKIDother"}}}'})
    with pytest.raises(CheckFailed) as failed:
        engine.preview(rule(profile="other"))
    assert failed.value.reason("profile").startswith(
        "profile 'other' has no Tencent Cloud secretKey: set it with"
    )
    assert cloud_calls(emulator) == 0


def test_get_reads_an_existing_rule_by_id(engine: Engine) -> None:
    engine.up(rule())
    got = engine.get(
        register(lambda: tencentcloud.ReplicationRule.get("imported", "ap-guangzhou#tcr-src00001#prod-to-sg"))
    )
    assert got is not None
    assert got.outputs["dest_namespace"] == "mirror" and got.outputs["source_registry_id"] == "tcr-src00001"
    # Every input the cloud's answer names: the destination and its region come from `DestResource`.
    assert engine.state["prod-to-sg"].inputs_unlike(got) == {}
    assert (got.inputs["destination_registry_id"], got.inputs["destination_region_id"]) == ("tcr-dst00001", 9)
    assert (
        engine.get(register(lambda: tencentcloud.ReplicationRule.get("x", "ap-guangzhou#tcr-src00001#nope")))
        is None
    )


def test_the_peer_token_is_secret_in_and_out(engine: Engine, emulator: Emulator) -> None:
    emulator.seed(
        {
            "accounts": [
                {
                    "access_key_id": "AKIDpeer",
                    "access_key_secret": "peer-secret",
                    "account_id": "100000000002",
                }
            ],
            "tcr": {
                "registries": [
                    {
                        "id": "tcr-peer0001",
                        "region": "ap-singapore",
                        "account_id": "100000000002",
                        "peer_token": "tok-123",
                        "namespaces": [{"name": "mirror"}],
                    }
                ]
            },
        }
    )
    reg = rule(
        destination_registry_id="tcr-peer0001",
        peer_registry_uin="100000000002",
        peer_registry_token="tok-123",
    )
    assert "peer_registry_token" in reg.secret_inputs
    assert "peer_registry_token" in reg.additional_secret_outputs
    engine.up(reg)
    state = engine.state["prod-to-sg"]
    assert state.outputs["peer_registry_token"] == "tok-123"  # carried over: the API does not return it
    assert "peer_registry_token" in state.secret_outputs
