"""`tencentcloud.ImageDuplicate` through the real provider server, the real SDK and the emulator."""

from __future__ import annotations

from typing import Any

import pytest

from pulumi_imagesync import tencentcloud
from pulumi_imagesync.emulator import Emulator
from pulumi_imagesync.emulator.registry.seeded import seeded_digest
from tests.support.clouds import tencent_call
from tests.support.engine import UNKNOWN, Engine, ProviderError, register

REGISTRY = "tcr-e8pg46c6"
STG = seeded_digest("stg", size=1000)
V2 = seeded_digest("v2")
OLD = seeded_digest("old")

WORLD = {
    "tcr": {
        "registries": [
            {
                "id": REGISTRY,
                "region": "ap-guangzhou",
                "name": "prod",
                "namespaces": [
                    {
                        "name": "develop",
                        "repositories": [
                            {
                                "name": "app",
                                "tags": {"stg": {"image": "stg", "size": 1000}, "v2": {"image": "v2"}},
                            }
                        ],
                    },
                    {"name": "release", "repositories": [{"name": "app", "tags": {"old": {"image": "old"}}}]},
                ],
            }
        ]
    }
}


@pytest.fixture(autouse=True)
def world(emulator: Emulator) -> None:
    emulator.seed(WORLD)


def promote(name: str = "promote", **overrides: Any) -> Any:
    args: dict[str, Any] = {
        "registry_id": REGISTRY,
        "source_namespace": "develop",
        "source_repo": "app",
        "source_reference": "stg",
        "destination_namespace": "release",
        "destination_repo": "app",
        "destination_tag": "prd",
        "override": True,
    }
    args.update(overrides)
    return register(lambda: tencentcloud.ImageDuplicate(name, **args))


def tags(emulator: Emulator, namespace: str = "release", repo: str = "app") -> dict[str, str]:
    answer = tencent_call(
        emulator,
        "tcr",
        "ap-guangzhou",
        "DescribeImages",
        {
            "RegistryId": REGISTRY,
            "NamespaceName": namespace,
            "RepositoryName": repo,
            "Limit": 100,
            "Offset": 1,
        },
    )
    return {i["ImageVersion"]: i["Digest"] for i in answer.get("ImageInfoList") or []}


def overwrite_prd_by_hand(emulator: Emulator) -> None:
    """Someone promotes v2 onto release/app:prd behind Pulumi's back."""
    tencent_call(
        emulator,
        "tcr",
        "ap-guangzhou",
        "DuplicateImage",
        {
            "RegistryId": REGISTRY,
            "SourceNamespace": "develop",
            "SourceRepo": "app",
            "SourceReference": "v2",
            "DestinationNamespace": "release",
            "DestinationRepo": "app",
            "DestinationTag": "prd",
            "Override": True,
        },
    )


def cloud_calls(emulator: Emulator) -> int:
    return len(emulator.calls()["calls"])


def test_create_copies_the_tag_and_reports_it(engine: Engine, emulator: Emulator) -> None:
    assert engine.up(promote()).op == "create"
    state = engine.state["promote"]
    assert state.id == f"ap-guangzhou#{REGISTRY}#release#app#prd"
    out = state.outputs
    assert out["digest"] == STG and out["copied_digest"] == STG and out["size"] == 1000
    assert out["existed_before"] is False and out["image_reference"].endswith("/release/app:prd")
    assert tags(emulator)["prd"] == STG

    before = cloud_calls(emulator)
    assert engine.up(promote()).op == "same"
    assert cloud_calls(emulator) == before


def test_destination_defaults_to_the_source_and_absent_equals_explicit(
    engine: Engine, emulator: Emulator
) -> None:
    implicit = register(
        lambda: tencentcloud.ImageDuplicate(
            "copy",
            registry_id=REGISTRY,
            source_namespace="develop",
            source_repo="app",
            source_reference="stg",
            destination_tag="stg-copy",
        )
    )
    engine.up(implicit)
    assert tags(emulator, "develop")["stg-copy"] == STG
    explicit = register(
        lambda: tencentcloud.ImageDuplicate(
            "copy",
            registry_id=REGISTRY,
            source_namespace="develop",
            source_repo="app",
            source_reference="stg",
            destination_tag="stg-copy",
            destination_namespace="develop",
            destination_repo="app",
        )
    )
    assert engine.preview(explicit).op == "same"


def test_promoting_a_new_source_is_an_update_onto_the_same_tag(engine: Engine, emulator: Emulator) -> None:
    engine.up(promote())
    step = engine.up(promote(source_reference="v2"))
    assert step.op == "update" and "Delete" not in step.calls
    assert tags(emulator)["prd"] == V2
    out = engine.state["promote"].outputs
    assert out["digest"] == V2 and out["copied_digest"] == V2


def test_triggers_copy_again_in_place(engine: Engine, emulator: Emulator) -> None:
    engine.up(promote(triggers={"build": 1}))
    assert engine.up(promote(triggers={"build": 1.0})).op == "same"
    assert engine.up(promote(triggers={"build": 2})).op == "update"
    duplicates = [c for c in emulator.calls()["calls"] if c["action"] == "DuplicateImage"]
    assert len(duplicates) == 2


def test_a_new_destination_replaces_and_removes_the_old_copy(engine: Engine, emulator: Emulator) -> None:
    engine.up(promote())
    step = engine.up(promote(destination_tag="prd2"))
    assert step.op == "replace" and step.replaces == ["destination_tag"] and not step.delete_before_replace
    current = tags(emulator)
    assert "prd" not in current and current["prd2"] == STG


def test_refresh_shows_an_overwritten_tag_and_the_next_up_copies_again(
    engine: Engine, emulator: Emulator
) -> None:
    engine.up(promote())
    overwrite_prd_by_hand(emulator)
    refreshed = engine.refresh("promote")
    assert refreshed is not None and refreshed.outputs["digest"] == V2
    assert engine.preview(promote()).op == "update"
    engine.up(promote())
    assert tags(emulator)["prd"] == STG


def test_a_tag_deleted_outside_pulumi_reads_as_gone_and_is_copied_again(
    engine: Engine, emulator: Emulator
) -> None:
    engine.up(promote())
    tencent_call(
        emulator,
        "tcr",
        "ap-guangzhou",
        "DeleteRepositoryTags",
        {"RegistryId": REGISTRY, "NamespaceName": "release", "RepositoryName": "app", "Tags": ["prd"]},
    )
    assert engine.refresh("promote") is None
    assert engine.up(promote()).op == "create"
    assert tags(emulator)["prd"] == STG


def test_destroy_deletes_only_the_copy_and_the_source_sharing_its_digest_survives(
    engine: Engine, emulator: Emulator
) -> None:
    engine.up(promote())
    assert tags(emulator)["prd"] == tags(emulator, "develop")["stg"]
    engine.destroy("promote")
    assert "prd" not in tags(emulator)
    assert tags(emulator, "develop")["stg"] == STG
    assert tags(emulator)["old"] == OLD


def test_an_existing_destination_without_override_is_an_error(engine: Engine, emulator: Emulator) -> None:
    with pytest.raises(ProviderError) as error:
        engine.up(promote(destination_tag="old", override=False))
    assert "already exists" in error.value.why and "override=True" in error.value.text
    assert tags(emulator)["old"] == OLD


def test_an_overwritten_tag_that_existed_before_is_kept_on_destroy(
    engine: Engine, emulator: Emulator
) -> None:
    reg = promote(destination_tag="old")
    engine.up(reg)
    out = engine.state["promote"].outputs
    assert out["existed_before"] is True and out["previous_digest"] == OLD and out["digest"] == STG
    engine.destroy("promote")
    assert tags(emulator)["old"] == STG
    # Said to the user, on the resource (the engine's Log service, with the resource's URN).
    stand_in = engine.process.engine_stand_in
    assert stand_in is not None
    assert stand_in.about(reg.urn) == [
        f"keeping TCR tag release/app:old in {REGISTRY}: it existed before this resource"
    ]


def test_a_wait_shows_the_copy_s_progress_as_the_resource_s_status(
    engine: Engine, emulator: Emulator
) -> None:
    emulator.faults({"copies": {"tcr": {"seconds": 20}}, "time_scale": 20})
    reg = promote()
    engine.up(reg)
    stand_in = engine.process.engine_stand_in
    assert stand_in is not None
    lines = stand_in.about(reg.urn, ephemeral=True)
    assert lines and all(line.startswith("waiting for copy of app:stg to release/app:prd") for line in lines)
    assert stand_in.about(reg.urn) == []  # a status line is never kept in the run's summary


def test_an_adopted_tag_is_deleted_on_destroy(engine: Engine, emulator: Emulator) -> None:
    engine.up(promote(destination_tag="old", override=False, adopt=True))
    assert engine.state["promote"].outputs["existed_before"] is False
    engine.destroy("promote")
    assert "old" not in tags(emulator)


def test_destroy_keeps_a_tag_that_now_holds_someone_elses_image(engine: Engine, emulator: Emulator) -> None:
    engine.up(promote())
    overwrite_prd_by_hand(emulator)
    engine.destroy("promote")
    assert tags(emulator)["prd"] == V2


def test_a_create_that_fails_after_copying_leaves_no_tag(engine: Engine, emulator: Emulator) -> None:
    emulator.faults(
        {
            "rules": [
                {
                    "service": "tcr",
                    "action": "DescribeInstances",
                    "kind": "error",
                    "code": "UnauthorizedOperation",
                    "message": "denied",
                }
            ]
        }
    )
    with pytest.raises(ProviderError) as error:
        engine.up(promote())
    assert "DescribeInstances failed: UnauthorizedOperation" in error.value.why
    assert "prd" not in tags(emulator)
    assert "promote" not in engine.state


def test_a_missing_source_tag_is_named(engine: Engine, emulator: Emulator) -> None:
    with pytest.raises(ProviderError) as error:
        engine.up(promote(source_reference="nope"))
    assert "source_reference" in error.value.why and "develop/app:nope does not exist" in error.value.why


def test_get_reads_a_tag_by_id(engine: Engine) -> None:
    engine.up(promote())
    got = engine.get(
        register(lambda: tencentcloud.ImageDuplicate.get("seen", f"ap-guangzhou#{REGISTRY}#release#app#prd"))
    )
    assert got is not None and got.outputs["digest"] == STG
    # DuplicateImage leaves no record of its source, nor of whether it was asked to override.
    unread = engine.state["promote"].inputs_unlike(got)
    assert set(unread) == {"source_namespace", "source_repo", "source_reference", "override"}


def test_unknown_values_in_a_preview(engine: Engine, emulator: Emulator) -> None:
    engine.up(promote())
    before = cloud_calls(emulator)
    assert engine.preview(promote().with_inputs(source_reference=UNKNOWN)).op == "update"
    plan = engine.preview(promote().with_inputs(destination_tag=UNKNOWN))
    assert plan.op == "replace" and plan.replaces == ["destination_tag"] and not plan.delete_before_replace
    assert cloud_calls(emulator) == before


def test_a_registry_not_found_is_an_error_on_refresh_and_nothing_to_remove_on_destroy(
    engine: Engine, emulator: Emulator
) -> None:
    # One rule for "gone" (provider/error_table.py): the tag's own code and its parents' mean gone;
    # the registry not found may be the wrong account or region rather than a deleted registry.
    engine.up(promote())
    emulator.world.backends["tcr"].registries.pop(REGISTRY)  # type: ignore[attr-defined]
    with pytest.raises(ProviderError, match="ResourceNotFound"):
        engine.refresh("promote")
    assert "promote" in engine.state
    engine.destroy("promote")  # already gone with its registry: success
    assert "promote" not in engine.state
