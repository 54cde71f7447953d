"""`tencentcloud.CvmImageSync` through the real provider server, the real SDK and the emulator."""

from __future__ import annotations

from typing import Any

import pytest

from pulumi_imagesync import tencentcloud
from pulumi_imagesync.emulator import Emulator
from tests.support.clouds import tencent_call
from tests.support.engine import UNKNOWN, Engine, ProviderError, register

BJ, GZ, SH, SG = "ap-beijing", "ap-guangzhou", "ap-shanghai", "ap-singapore"
GOLDEN = "img-o3ycss2p"
GOLDEN_2 = "img-golden02"
SHARED = "img-5h4r3d00"
DESTINATIONS = [GZ, SH, SG]

WORLD = {
    "cvm": {
        "images": [
            {
                "id": GOLDEN,
                "region": BJ,
                "name": "golden",
                "snapshots": [{"usage": "SYSTEM_DISK", "size": 50}, {"usage": "DATA_DISK", "size": 100}],
            },
            {"id": GOLDEN_2, "region": BJ, "name": "golden-next"},
            {"id": SHARED, "region": GZ, "name": "partner-base", "type": "SHARED_IMAGE"},
        ]
    }
}


@pytest.fixture(autouse=True)
def world(emulator: Emulator) -> None:
    emulator.seed(WORLD)


def golden(name: str = "golden", **overrides: Any) -> Any:
    args: dict[str, Any] = {
        "image_id": GOLDEN,
        "region": BJ,
        "destination_regions": DESTINATIONS,
        "image_name": "golden-2026-11",
    }
    args.update(overrides)
    return register(
        lambda: tencentcloud.CvmImageSync(name, **{k: v for k, v in args.items() if v is not None})
    )


def slow_copies(emulator: Emulator, seconds: dict[str, float], *, scale: float = 200, **extra: Any) -> None:
    """Copies take `seconds[region]` emulated seconds, the clock running `scale` times real time."""
    durations = [{"region": region, "seconds": s} for region, s in seconds.items()]
    emulator.faults({"copies": {"cvm": {"durations": durations, **extra}}, "time_scale": scale})


def cvm_state(emulator: Emulator) -> dict[str, Any]:
    return emulator.state()["cvm"]


def copies_in(emulator: Emulator, region: str) -> dict[str, dict[str, Any]]:
    """The custom images of the default account in a region, other than the seeded ones."""
    images = cvm_state(emulator).get(region, {}).get("images", {})
    return {i: image for i, image in images.items() if image["copied_from"] is not None}


def snapshots_in(emulator: Emulator, region: str) -> dict[str, Any]:
    return cvm_state(emulator).get(region, {}).get("snapshots", {})


def calls(emulator: Emulator, action: str | None = None, region: str | None = None) -> list[dict[str, Any]]:
    return [
        c
        for c in emulator.calls()["calls"]
        if c["service"] == "cvm" and action in (None, c["action"]) and region in (None, c["region"])
    ]


def test_create_waits_for_every_region_in_parallel(engine: Engine, emulator: Emulator) -> None:
    slow_copies(emulator, {GZ: 200, SH: 400, SG: 600})
    assert engine.up(golden()).op == "create"
    state = engine.state["golden"]
    assert state.id == f"{BJ}#{GOLDEN}"
    out = state.outputs
    assert sorted(out["image_ids"]) == DESTINATIONS
    assert out["image_states"] == {r: "NORMAL" for r in DESTINATIONS}
    assert out["sync_percents"] == {r: 100 for r in DESTINATIONS}
    assert out["copy_name"] == "golden-2026-11" and out["destination_regions"] == DESTINATIONS
    for region in DESTINATIONS:
        [copy] = copies_in(emulator, region).items()
        assert copy[0] == out["image_ids"][region] and copy[1]["state"] == "NORMAL"
        assert copy[1]["name"] == "golden-2026-11" and len(copy[1]["snapshot_ids"]) == 2

    # The waits overlapped: every region was polled before the first copy ended, and each until its own end.
    ended = {r: cvm_state(emulator)[r]["copies"][0]["ended_at"] for r in DESTINATIONS}
    assert ended[GZ] < ended[SH] < ended[SG]
    [sync] = calls(emulator, "SyncImages")
    for region in DESTINATIONS:
        polls = [
            c["emulated_time"] for c in calls(emulator, "DescribeImages", region) if c["seq"] > sync["seq"]
        ]
        assert min(polls) < min(ended.values()), f"{region} was first polled after a copy had ended"
        assert max(polls) >= ended[region]

    before = len(emulator.calls()["calls"])
    assert engine.up(golden()).op == "same"
    assert engine.up(golden(destination_regions=[SG, GZ, SH])).op == "same"  # order does not matter
    assert len(emulator.calls()["calls"]) == before  # check and diff make no cloud call


def test_a_region_added_is_copied_alone_and_a_region_dropped_loses_its_copy(
    engine: Engine, emulator: Emulator
) -> None:
    engine.up(golden(destination_regions=[GZ, SH]))
    first = dict(engine.state["golden"].outputs["image_ids"])

    step = engine.up(golden(destination_regions=[GZ, SH, SG]))
    assert step.op == "update"
    ids = engine.state["golden"].outputs["image_ids"]
    assert ids[GZ] == first[GZ] and ids[SH] == first[SH] and ids[SG] in copies_in(emulator, SG)
    assert len(calls(emulator, "SyncImages")) == 2
    assert len(copies_in(emulator, GZ)) == len(copies_in(emulator, SH)) == 1

    step = engine.up(golden(destination_regions=[GZ, SG]))
    assert step.op == "update"
    assert copies_in(emulator, SH) == {} and snapshots_in(emulator, SH) == {}
    assert engine.state["golden"].outputs["image_ids"] == {GZ: first[GZ], SG: ids[SG]}
    assert len(calls(emulator, "SyncImages")) == 2


def test_a_new_image_name_renames_every_copy_in_place(engine: Engine, emulator: Emulator) -> None:
    engine.up(golden())
    ids = dict(engine.state["golden"].outputs["image_ids"])
    step = engine.up(golden(image_name="golden-renamed"))
    assert step.op == "update" and len(calls(emulator, "SyncImages")) == 1
    assert engine.state["golden"].outputs["image_ids"] == ids
    assert engine.state["golden"].outputs["copy_name"] == "golden-renamed"
    for region in DESTINATIONS:
        assert copies_in(emulator, region)[ids[region]]["name"] == "golden-renamed"
    assert len(calls(emulator, "ModifyImageAttribute")) == 3


def test_refresh_shows_a_copy_deleted_outside_pulumi_and_the_next_up_copies_it_again(
    engine: Engine, emulator: Emulator
) -> None:
    engine.up(golden())
    ids = dict(engine.state["golden"].outputs["image_ids"])
    tencent_call(emulator, "cvm", SH, "DeleteImages", {"ImageIds": [ids[SH]], "DeleteBindedSnap": True})

    refreshed = engine.refresh("golden")
    assert refreshed is not None
    assert refreshed.outputs["destination_regions"] == [GZ, SG] and SH not in refreshed.outputs["image_ids"]
    assert engine.preview(golden()).op == "update"
    engine.up(golden())
    again = engine.state["golden"].outputs["image_ids"]
    assert again[GZ] == ids[GZ] and again[SG] == ids[SG] and again[SH] != ids[SH]
    assert again[SH] in copies_in(emulator, SH)


def test_refresh_of_copies_all_deleted_reports_the_resource_gone(engine: Engine, emulator: Emulator) -> None:
    engine.up(golden(destination_regions=[GZ]))
    copy = engine.state["golden"].outputs["image_ids"][GZ]
    tencent_call(emulator, "cvm", GZ, "DeleteImages", {"ImageIds": [copy]})
    assert engine.refresh("golden") is None
    assert engine.up(golden(destination_regions=[GZ])).op == "create"


def test_a_copy_renamed_outside_pulumi_is_renamed_back(engine: Engine, emulator: Emulator) -> None:
    engine.up(golden(destination_regions=[GZ]))
    copy = engine.state["golden"].outputs["image_ids"][GZ]
    tencent_call(emulator, "cvm", GZ, "ModifyImageAttribute", {"ImageId": copy, "ImageName": "by-hand"})
    assert engine.refresh("golden").inputs["image_name"] == "by-hand"  # type: ignore[union-attr]
    assert engine.up(golden(destination_regions=[GZ])).op == "update"
    assert copies_in(emulator, GZ)[copy]["name"] == "golden-2026-11"


def test_a_timeout_fails_the_create_and_the_copies_are_deleted_once_they_can_be(
    engine: Engine, emulator: Emulator
) -> None:
    slow_copies(emulator, {GZ: 100, SH: 300}, scale=200)
    with pytest.raises(ProviderError) as error:
        engine.up(golden(destination_regions=[GZ, SH], timeout_seconds=0.6))
    line = error.value.why
    assert error.value.lines[0] == "Creating the copies of CVM image img-o3ycss2p (ap-beijing) failed"
    assert "timed out after 0.6s" in line
    assert "did not finish in" in line and f"{SH}: timed out" in line and "SYNCING" in line
    for region in (GZ, SH):
        assert copies_in(emulator, region) == {} and snapshots_in(emulator, region) == {}
    # A copy being made cannot be deleted: the clean-up waited for it to end first.
    deletes = calls(emulator, "DeleteImages", SH)
    assert [d["outcome"] for d in deletes] == ["ok"]
    assert deletes[0]["emulated_time"] >= cvm_state(emulator)[SH]["copies"][0]["ended_at"]


def test_a_shared_image_is_copied_into_its_own_region(engine: Engine, emulator: Emulator) -> None:
    shared = register(
        lambda: tencentcloud.CvmImageSync(
            "partner",
            image_id=SHARED,
            destination_regions=[GZ],
            image_name="partner-base-copy",
            region=GZ,
        )
    )
    engine.up(shared)
    copy = engine.state["partner"].outputs["image_ids"][GZ]
    image = cvm_state(emulator)[GZ]["images"][copy]
    assert (image["type"], image["name"], image["state"]) == ("PRIVATE_IMAGE", "partner-base-copy", "NORMAL")
    engine.destroy("partner")
    assert list(cvm_state(emulator)[GZ]["images"]) == [SHARED]


def test_a_shared_image_to_another_region_is_refused_before_any_copy(
    engine: Engine, emulator: Emulator
) -> None:
    shared = register(
        lambda: tencentcloud.CvmImageSync("partner", image_id=SHARED, destination_regions=[SH], region=GZ)
    )
    with pytest.raises(ProviderError) as error:
        engine.up(shared)
    assert "destination_regions" in error.value.why and "shared with this account" in error.value.why
    assert calls(emulator, "SyncImages") == []


def test_a_custom_image_into_its_own_region_is_refused(engine: Engine, emulator: Emulator) -> None:
    with pytest.raises(ProviderError) as error:
        engine.up(golden(destination_regions=[BJ]))
    assert "is a custom image of ap-beijing" in error.value.why
    assert calls(emulator, "SyncImages") == []


def test_api_errors_surface_with_region_action_code_and_request_id(
    engine: Engine, emulator: Emulator
) -> None:
    with pytest.raises(ProviderError) as error:
        engine.up(golden(destination_regions=["ap-shanghai-fsi"]))
    line = error.value.why
    assert "Tencent Cloud CVM SyncImages failed: InvalidRegion.Unavailable" in line
    assert "ap-shanghai-fsi" in line and "request id: " in line


def test_wait_false_returns_at_once_and_refresh_reports_progress(engine: Engine, emulator: Emulator) -> None:
    slow_copies(emulator, {GZ: 3000, SH: 6000}, scale=1)
    program = golden(destination_regions=[GZ, SH], wait=False)
    engine.up(program)
    out = engine.state["golden"].outputs
    assert out["image_states"] == {GZ: "SYNCING", SH: "SYNCING"} and out["sync_percents"] == {GZ: 0, SH: 0}

    emulator.advance(1500)
    refreshed = engine.refresh("golden")
    assert refreshed is not None
    assert refreshed.outputs["image_states"] == {GZ: "SYNCING", SH: "SYNCING"}
    assert (
        45 <= refreshed.outputs["sync_percents"][GZ] <= 55
        and 20 <= refreshed.outputs["sync_percents"][SH] <= 30
    )
    assert engine.up(program).op == "same"

    emulator.advance(4600)
    refreshed = engine.refresh("golden")
    assert refreshed is not None and refreshed.outputs["image_states"] == {GZ: "NORMAL", SH: "NORMAL"}
    assert refreshed.outputs["sync_percents"] == {GZ: 100, SH: 100}
    assert engine.up(program).op == "same"


def test_a_failed_copy_seen_by_refresh_is_copied_again_by_the_next_up(
    engine: Engine, emulator: Emulator
) -> None:
    slow_copies(emulator, {GZ: 100, SH: 100}, scale=1, fail=[{"region": SH}])
    program = golden(destination_regions=[GZ, SH], wait=False)
    engine.up(program)
    failed_copy = engine.state["golden"].outputs["image_ids"][SH]
    emulator.advance(100)
    refreshed = engine.refresh("golden")
    assert refreshed is not None and refreshed.outputs["image_states"] == {GZ: "NORMAL", SH: "CREATEFAILED"}

    emulator.faults({})  # copies succeed (instantly) again
    assert engine.preview(program).op == "update"
    engine.up(program)
    out = engine.state["golden"].outputs
    assert out["image_states"][SH] == "NORMAL" and out["image_ids"][SH] != failed_copy
    assert list(copies_in(emulator, SH)) == [out["image_ids"][SH]]


def test_adding_a_region_while_the_source_is_busy_retries_until_it_is_free(
    engine: Engine, emulator: Emulator
) -> None:
    slow_copies(emulator, {GZ: 400}, scale=200)  # 2 s
    engine.up(golden(destination_regions=[GZ], wait=False))
    engine.up(golden(destination_regions=[GZ, SH], wait=False))
    outcomes = [c["outcome"] for c in calls(emulator, "SyncImages")]
    assert outcomes[0] == "ok" and outcomes[-1] == "ok"
    assert "FailedOperation.InvalidImageState" in outcomes  # busy: the documents say retry later
    assert sorted(engine.state["golden"].outputs["image_ids"]) == [GZ, SH]


def test_triggers_copy_again_and_no_region_is_ever_without_a_copy(engine: Engine, emulator: Emulator) -> None:
    engine.up(golden(triggers={"build": 1}))
    old = dict(engine.state["golden"].outputs["image_ids"])
    assert engine.up(golden(triggers={"build": 1.0})).op == "same"

    slow_copies(emulator, {GZ: 200, SH: 200, SG: 200})
    assert engine.up(golden(triggers={"build": 2})).op == "update"
    new = engine.state["golden"].outputs["image_ids"]
    for region in DESTINATIONS:
        assert new[region] != old[region]
        assert list(copies_in(emulator, region)) == [new[region]]
        assert copies_in(emulator, region)[new[region]]["name"] == "golden-2026-11"
        [delete] = calls(emulator, "DeleteImages", region)
        new_copy = next(c for c in cvm_state(emulator)[region]["copies"] if c["image_id"] == new[region])
        assert delete["emulated_time"] >= new_copy["ended_at"], f"{region} was left without a copy"


def test_a_failed_resync_deletes_the_new_copies_and_gives_the_old_ones_their_name_back(
    engine: Engine, emulator: Emulator
) -> None:
    engine.up(golden(triggers={"build": 1}))
    old = dict(engine.state["golden"].outputs["image_ids"])
    slow_copies(emulator, {GZ: 100, SH: 100, SG: 100}, fail=[{"region": SH}])
    with pytest.raises(ProviderError) as error:
        engine.up(golden(triggers={"build": 2}))
    assert f"failed in {SH}" in error.value.why
    assert engine.state["golden"].outputs["image_ids"] == old  # the engine keeps the old state
    for region in DESTINATIONS:
        assert {i: c["name"] for i, c in copies_in(emulator, region).items()} == {
            old[region]: "golden-2026-11"
        }
    emulator.faults({})
    engine.up(golden(triggers={"build": 2}))
    for region in DESTINATIONS:
        assert list(copies_in(emulator, region)) == [engine.state["golden"].outputs["image_ids"][region]]


def test_a_new_source_with_a_new_name_is_copied_before_the_old_copies_go(
    engine: Engine, emulator: Emulator
) -> None:
    engine.up(golden())
    old = dict(engine.state["golden"].outputs["image_ids"])
    step = engine.up(golden(image_id=GOLDEN_2, image_name="golden-2026-12"))
    assert step.op == "replace" and step.replaces == ["image_id"] and not step.delete_before_replace
    new = engine.state["golden"].outputs["image_ids"]
    assert engine.state["golden"].id == f"{BJ}#{GOLDEN_2}"
    for region in DESTINATIONS:
        assert list(copies_in(emulator, region)) == [new[region]] and new[region] != old[region]


def test_a_new_source_keeping_the_name_deletes_the_old_copies_first(
    engine: Engine, emulator: Emulator
) -> None:
    engine.up(golden())
    plan = engine.preview(golden(image_id=GOLDEN_2))
    assert plan.op == "replace" and plan.delete_before_replace  # names are unique in a region
    assert engine.preview(golden(image_id=GOLDEN_2, image_name=None)).delete_before_replace
    engine.up(golden(image_id=GOLDEN_2))
    for region in DESTINATIONS:
        [copy] = copies_in(emulator, region).values()
        assert copy["copied_from"] == f"{BJ}/{GOLDEN_2}"


def test_an_existing_image_with_the_copy_name_is_refused_or_adopted(
    engine: Engine, emulator: Emulator
) -> None:
    emulator.seed({"cvm": {"images": [{"id": "img-bymanual", "region": SH, "name": "golden-2026-11"}]}})
    with pytest.raises(ProviderError) as error:
        engine.up(golden())
    assert "already exists in ap-shanghai (img-bymanual)" in error.value.why
    assert calls(emulator, "SyncImages") == []

    engine.up(golden(adopt=True))
    out = engine.state["golden"].outputs
    assert out["image_ids"][SH] == "img-bymanual" and sorted(out["image_ids"]) == DESTINATIONS
    engine.destroy("golden")
    assert copies_in(emulator, SH) == {} and SH not in cvm_state(emulator)  # adopted: the resource's own


def test_destroy_deletes_every_copy_with_its_snapshots_and_nothing_else(
    engine: Engine, emulator: Emulator
) -> None:
    engine.up(golden())
    source_snapshots = set(snapshots_in(emulator, BJ))
    engine.destroy("golden")
    for region in DESTINATIONS:
        assert copies_in(emulator, region) == {} and snapshots_in(emulator, region) == {}
    assert set(cvm_state(emulator)[BJ]["images"]) == {GOLDEN, GOLDEN_2}
    assert set(snapshots_in(emulator, BJ)) == source_snapshots
    assert all(c["outcome"] == "ok" for c in calls(emulator, "DeleteImages"))


def test_destroy_waits_for_copies_still_being_made(engine: Engine, emulator: Emulator) -> None:
    slow_copies(emulator, {GZ: 200}, scale=200)
    engine.up(golden(destination_regions=[GZ], wait=False))
    engine.destroy("golden")
    assert copies_in(emulator, GZ) == {} and snapshots_in(emulator, GZ) == {}


def test_destroy_of_copies_already_gone_succeeds(engine: Engine, emulator: Emulator) -> None:
    engine.up(golden(destination_regions=[GZ]))
    copy = engine.state["golden"].outputs["image_ids"][GZ]
    tencent_call(emulator, "cvm", GZ, "DeleteImages", {"ImageIds": [copy], "DeleteBindedSnap": True})
    engine.destroy("golden")


def test_get_finds_the_copies_by_name_in_the_regions_named(engine: Engine) -> None:
    engine.up(golden())
    ids = engine.state["golden"].outputs["image_ids"]
    got = engine.get(
        register(
            lambda: tencentcloud.CvmImageSync.get(
                "seen", f"{BJ}#{GOLDEN}", destination_regions=[GZ, SH], image_name="golden-2026-11"
            )
        )
    )
    assert got is not None and got.outputs["image_ids"] == {GZ: ids[GZ], SH: ids[SH]}
    by_ids = engine.get(
        register(lambda: tencentcloud.CvmImageSync.get("seen2", f"{BJ}#{GOLDEN}", image_ids={SG: ids[SG]}))
    )
    assert by_ids is not None and by_ids.outputs["image_states"] == {SG: "NORMAL"}
    # Every input the copies tell, their name too when only their ids were given.
    assert by_ids.inputs["image_name"] == by_ids.outputs["copy_name"] == "golden-2026-11"
    every = engine.get(
        register(lambda: tencentcloud.CvmImageSync.get("seen3", f"{BJ}#{GOLDEN}", image_ids=ids))
    )
    assert every is not None and engine.state["golden"].inputs_unlike(every) == {}


def test_get_without_the_regions_says_what_it_needs(engine: Engine) -> None:
    with pytest.raises(ProviderError) as error:
        engine.get(register(lambda: tencentcloud.CvmImageSync.get("seen", f"{BJ}#{GOLDEN}")))
    assert "destination_regions" in error.value.why and "get() needs" in error.value.why


def test_unknown_values_in_a_preview(engine: Engine) -> None:
    engine.up(golden())
    assert engine.preview(golden().with_inputs(destination_regions=UNKNOWN)).op == "update"
    plan = engine.preview(golden().with_inputs(image_id=UNKNOWN))
    assert plan.op == "replace" and plan.replaces == ["image_id"]


def test_an_encrypted_copy_is_made_beside_its_source(engine: Engine, emulator: Emulator) -> None:
    engine.up(golden(destination_regions=[BJ], encrypt=True, kms_key_id="kms-abc", image_name="golden-enc"))
    copy = engine.state["golden"].outputs["image_ids"][BJ]
    image = cvm_state(emulator)[BJ]["images"][copy]
    assert (image["encrypted"], image["kms_key_id"], image["name"]) == (True, "kms-abc", "golden-enc")
