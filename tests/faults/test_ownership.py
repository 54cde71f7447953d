"""Ownership: a resource owns what it recorded making, and nothing else (README, "Ownership").

Each numbered case of issue 10 is a test here, through the real provider server: objects of the
user's that carry a copy's name, records left by other stacks and resources, engines that die
(a `pulumi` killed mid-create, modelled by killing the process that started the provider),
creates that time out with a copy still on its way, a busy source, unknown ownership, and drift
that must stay visible. Order and counts come from the emulator's call log and state, never from
the wall clock.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Any

import pytest

from pulumi_imagesync import tencentcloud
from pulumi_imagesync.emulator import Emulator
from tests.conftest import EngineFactory
from tests.support.clouds import tencent_call
from tests.support.engine import Engine, ProviderError, register

from .checks import (
    assert_matches_world,
    calls,
    converges,
    crash_during_create,
    each_started_once,
    took_effect,
    up_in_background,
    wait_until,
)
from .subjects import BJ, DUP_REGISTRY, GOLDEN, GZ, SG, SH, SUBJECTS, Subject

CVM = next(s for s in SUBJECTS if s.key == "cvm")
DUPLICATE = next(s for s in SUBJECTS if s.key == "tcr-duplicate")
USER_IMAGE = "img-user0001"


def user_image(region: str, name: str = "golden-2026-11") -> dict[str, Any]:
    """An image of the user's, made by hand, that happens to carry the copies' name."""
    return {"cvm": {"images": [{"id": USER_IMAGE, "region": region, "name": name}]}}


def cvm_images(emulator: Emulator, region: str) -> dict[str, Any]:
    return dict(emulator.state()["cvm"].get(region, {}).get("images", {}))


def records(tmp_path: Path) -> list[dict[str, Any]]:
    """The ownership records on the test's machine (tests/conftest.py: one journal per test)."""
    directory = tmp_path / "journal"
    return [json.loads(p.read_text()) for p in sorted(directory.glob("*.json"))] if directory.exists() else []


# -- 1. an update never takes the user's image for its copy --------------------------------------


@pytest.mark.parametrize("subject", [CVM], ids=str)
def test_an_update_never_takes_an_image_of_the_users_for_its_copy(
    subject: Subject, seeded: dict[str, Any], engine: Engine, emulator: Emulator
) -> None:
    engine.up(subject.build(destination_regions=[GZ]))
    emulator.seed(user_image(SH))
    # SyncImages fails once before it acts: the update looks for what it might have made.
    emulator.faults(
        {"rules": [subject.rule(action="SyncImages", code="InternalError", kind="error", times=1)]}
    )
    with pytest.raises(ProviderError, match=f"already exists in {SH} \\({USER_IMAGE}\\).*adopt=True"):
        engine.up(subject.build(destination_regions=[GZ, SH]))
    assert SH not in engine.state[subject.name].outputs["image_ids"]
    assert took_effect(emulator, "SyncImages") == 1  # the create's; the update sent none
    engine.destroy(subject.name)
    assert USER_IMAGE in cvm_images(emulator, SH)  # never touched


@pytest.mark.parametrize("subject", [CVM], ids=str)
def test_an_update_whose_answer_was_lost_finds_the_copy_it_made(
    subject: Subject, seeded: dict[str, Any], engine: Engine, emulator: Emulator
) -> None:
    engine.up(subject.build(destination_regions=[GZ]))
    emulator.faults(
        {
            "rules": [
                subject.rule(action="SyncImages", code="InternalError", kind="error", when="after", times=1)
            ]
        }
    )
    engine.up(subject.build(destination_regions=[GZ, SH]))
    assert took_effect(emulator, "SyncImages") == 2  # made once, found after the lost answer
    assert_matches_world(engine, emulator, subject)
    converges(engine, emulator, subject, seeded)


# -- 2. records belong to one resource of one stack ------------------------------------------------


@pytest.mark.parametrize("subject", [CVM], ids=str)
def test_a_record_left_by_another_stack_or_resource_adopts_nothing(
    subject: Subject, seeded: dict[str, Any], make_engine: EngineFactory, emulator: Emulator, tmp_path: Path
) -> None:
    emulator.faults(subject.slow)
    first = make_engine()
    crash_during_create(first, emulator, subject.build(destination_regions=[GZ]), "SyncImages")
    assert [r["state"] for r in records(tmp_path)] == ["running"]  # left by the dead process
    emulator.faults({})
    emulator.advance(subject.slow_seconds)
    emulator.seed(user_image(SG))

    other = make_engine()  # the same machine: the record is there to be (mis)taken
    other_stack = register(lambda: subject.declare(destination_regions=[SG]), stack="other-stack")
    same_stack_other_resource = register(
        lambda: tencentcloud.CvmImageSync(
            "another", image_id=GOLDEN, region=BJ, destination_regions=[SG], image_name="golden-2026-11"
        )
    )
    for reg in (other_stack, same_stack_other_resource):
        with pytest.raises(ProviderError, match=f"already exists in {SG} \\({USER_IMAGE}\\)"):
            other.up(reg)
    assert took_effect(emulator, "SyncImages") == 1

    # The resource whose record it is takes its own copy over, and only that.
    other.up(subject.build(destination_regions=[GZ]))
    each_started_once(emulator, subject)
    other.destroy(subject.name)
    assert list(cvm_images(emulator, SG)) == [USER_IMAGE]
    assert records(tmp_path) == []


# -- 3. the engine gone: the provider stops, keeps its records, and the next up converges ---------------


def test_when_its_engine_dies_the_provider_stops_and_the_next_up_resumes(
    subject: Subject, seeded: dict[str, Any], make_engine: EngineFactory, emulator: Emulator, tmp_path: Path
) -> None:
    emulator.faults(subject.slow)
    first = make_engine(engine_process=True)
    up_in_background(first, subject.build())
    wait_until(lambda: took_effect(emulator, subject.starts[-1]) > 0, f"{subject.starts[-1]}", 30)
    first.process.kill_engine()  # `pulumi` killed with SIGKILL: nobody will save this create
    killed_at = len(emulator.calls()["calls"])

    # The provider notices within a minute and stops, as a crash would: its record stays.
    wait_until(lambda: not first.process.alive(), "the provider stopping", 60)
    assert [r["state"] for r in records(tmp_path)] == ["running"]
    made_after = [
        c["action"]
        for c in emulator.calls()["calls"][killed_at:]
        if c["action"] in (*subject.starts, subject.delete)
    ]
    assert made_after == [], f"the provider kept working for a dead engine: {made_after}"

    emulator.faults({})
    emulator.advance(subject.slow_seconds)
    second = make_engine()  # the next `pulumi up`: no state for the resource, no adopt
    assert second.up(subject.build()).op == "create"
    each_started_once(emulator, subject)
    assert_matches_world(second, emulator, subject)
    converges(second, emulator, subject, seeded)
    assert records(tmp_path) == []


def test_a_create_the_engine_never_saved_is_taken_over_by_the_next_up(
    subject: Subject, seeded: dict[str, Any], make_engine: EngineFactory, emulator: Emulator, tmp_path: Path
) -> None:
    first = make_engine()
    first.up(subject.build())  # the provider answered ...
    del first.state[subject.name]  # ... and the engine died before it saved the answer
    assert [r["state"] for r in records(tmp_path)] == ["done"]

    second = make_engine()
    assert second.up(subject.build()).op == "create"  # not "already exists": its own, recorded
    each_started_once(emulator, subject)
    assert_matches_world(second, emulator, subject)
    converges(second, emulator, subject, seeded)
    assert records(tmp_path) == []


# -- 4 and 5. a copy that names no task: followed, never sent twice, never left to land alone ---------


@pytest.mark.parametrize("subject", [DUPLICATE], ids=str)
def test_a_create_that_times_out_keeps_its_copy_recorded_and_the_next_up_takes_it_over(
    subject: Subject, seeded: dict[str, Any], make_engine: EngineFactory, emulator: Emulator, tmp_path: Path
) -> None:
    emulator.faults({"copies": {"tcr": {"seconds": 1000}}})  # emulated seconds: never, unless advanced
    first = make_engine()
    with pytest.raises(ProviderError) as error:
        first.up(subject.build(timeout_seconds=3))
    line = error.value.text
    assert "raise timeout_seconds, or set wait=False" in line  # ImageDuplicate has `wait` now
    assert re.search(r"the copy may still land until \d{4}-\d\d-\d\dT", line), line
    assert [r["state"] for r in records(tmp_path)] == ["failed"]

    emulator.advance(1000)  # the copy lands, after the create gave up on it
    second = make_engine()
    assert second.up(subject.build(timeout_seconds=3)).op == "create"  # taken over, not refused
    each_started_once(emulator, subject)  # DuplicateImage once in all
    assert second.state[subject.name].outputs["existed_before"] is False
    converges(second, emulator, subject, seeded)


@pytest.mark.parametrize("subject", [DUPLICATE], ids=str)
def test_a_destroy_waits_for_a_copy_still_on_its_way_and_nothing_lands_after_it(
    subject: Subject, seeded: dict[str, Any], engine: Engine, emulator: Emulator
) -> None:
    emulator.faults({"copies": {"tcr": {"seconds": 30}}, "time_scale": 10})  # 3 real seconds
    engine.up(subject.build(wait=False))
    outputs = engine.state[subject.name].outputs
    assert outputs["copy_state"] == "COPYING" and outputs["copying_until"]
    refreshed = engine.refresh(subject.name)  # on its way: not gone, and not drift
    assert refreshed is not None and refreshed.outputs["copy_state"] in ("COPYING", "COPIED")
    assert engine.preview(subject.build(wait=False)).op == "same"
    engine.destroy(subject.name)
    emulator.advance(3600)  # whatever was on its way has landed by now
    assert subject.inventory(emulator.state()) is None  # the tag is gone, and stays gone
    assert took_effect(emulator, "DeleteRepositoryTags") == 1


@pytest.mark.parametrize("subject", [DUPLICATE], ids=str)
def test_a_copy_that_never_arrives_is_copied_again_by_the_next_up(
    subject: Subject, seeded: dict[str, Any], engine: Engine, emulator: Emulator
) -> None:
    target = {"registry_id": DUP_REGISTRY, "namespace": "release", "repository": "app", "tag": "prd"}
    emulator.faults({"copies": {"tcr": {"seconds": 0, "fail": [target]}}})
    engine.up(subject.build(wait=False, timeout_seconds=1))
    time.sleep(2.5)  # the copy's window: twice timeout_seconds of real time, since it was sent
    assert engine.refresh(subject.name) is None  # not there, and no longer on its way: gone
    emulator.faults({})
    assert engine.up(subject.build(wait=False, timeout_seconds=1)).op == "create"
    assert took_effect(emulator, "DuplicateImage") == 2
    assert_matches_world(engine, emulator, subject)


# -- 6. a CVM create that times out: clean-up that fits the copy, or the copies kept on record -----------


@pytest.mark.parametrize("subject", [CVM], ids=str)
def test_copies_too_far_from_done_to_wait_for_are_recorded_and_taken_over(
    subject: Subject, seeded: dict[str, Any], make_engine: EngineFactory, emulator: Emulator, tmp_path: Path
) -> None:
    emulator.faults({"copies": {"cvm": {"seconds": 36000}}})  # ten emulated hours: barely started
    first = make_engine()
    with pytest.raises(ProviderError) as error:
        first.up(subject.build(timeout_seconds=2))
    line = error.value.text
    assert "Kept in this resource's record: the next `pulumi up` takes it over" in line, line
    assert [r["state"] for r in records(tmp_path)] == ["failed"]
    assert took_effect(emulator, "DeleteImages") == 0  # it did not wait hours for them

    emulator.advance(36000)
    second = make_engine()
    assert second.up(subject.build()).op == "create"
    each_started_once(emulator, subject)  # the recorded copies, taken over
    converges(second, emulator, subject, seeded)


@pytest.mark.parametrize("subject", [CVM], ids=str)
def test_copies_near_their_end_are_waited_for_and_deleted(
    subject: Subject, seeded: dict[str, Any], make_engine: EngineFactory, emulator: Emulator, tmp_path: Path
) -> None:
    emulator.faults({"copies": {"cvm": {"seconds": 12}}})  # at the 2 s timeout, about a sixth done
    engine = make_engine()
    with pytest.raises(ProviderError, match="did not finish"):
        engine.up(subject.build(timeout_seconds=2))
    assert took_effect(emulator, "DeleteImages") == 3  # each copy, once it could be deleted
    assert subject.inventory(emulator.state()) is None
    assert records(tmp_path) == []


# -- 7. a busy source is waited for --------------------------------------------------------------------


@pytest.mark.parametrize("subject", [CVM], ids=str)
def test_a_second_copy_of_a_busy_source_waits_for_it(
    subject: Subject, seeded: dict[str, Any], engine: Engine, emulator: Emulator
) -> None:
    emulator.faults({"copies": {"cvm": {"seconds": 60}}})  # emulated: ends when the test moves the clock
    engine.up(subject.build(destination_regions=[GZ], wait=False))
    second = register(
        lambda: tencentcloud.CvmImageSync(
            "second", image_id=GOLDEN, region=BJ, destination_regions=[SH], image_name="second-copy"
        )
    )
    thread, errors = up_in_background(engine, second)
    busy = "FailedOperation.InvalidImageState"
    wait_until(lambda: busy in [c["outcome"] for c in calls(emulator, "SyncImages")], "the refusal", 60)
    while thread.is_alive():  # the first copy ends (the source is free), then the second
        emulator.advance(20)
        thread.join(0.25)
    assert not errors, errors  # the source was busy with the first copy: waited for, not failed
    outcomes = [c["outcome"] for c in calls(emulator, "SyncImages")]
    assert outcomes.count(busy) == 1, outcomes  # no blind retries
    assert outcomes[-1] == "ok"
    assert engine.state["second"].outputs["image_states"] == {SH: "NORMAL"}


# -- 8. unknown ownership is kept; a parent that is gone is gone ---------------------------------


@pytest.mark.parametrize("subject", [DUPLICATE], ids=str)
def test_a_tag_whose_past_is_unknown_is_kept_with_a_warning(
    subject: Subject, seeded: dict[str, Any], engine: Engine, emulator: Emulator
) -> None:
    reg = subject.build()
    engine.up(reg)
    del engine.state[subject.name].outputs["existed_before"]  # state written without the fact
    engine.destroy(subject.name)
    assert subject.inventory(emulator.state()) is not None
    stand_in = engine.process.engine_stand_in
    assert stand_in is not None
    assert stand_in.about(reg.urn) == [
        f"keeping TCR tag release/app:prd in {DUP_REGISTRY}: whether it existed before is not recorded"
    ]
    assert [m.severity for m in stand_in.messages if m.urn == reg.urn and not m.ephemeral] == ["WARNING"]


@pytest.mark.parametrize("subject", [DUPLICATE], ids=str)
def test_a_tag_whose_namespace_was_deleted_by_hand_is_gone_and_its_destroy_succeeds(
    subject: Subject, seeded: dict[str, Any], engine: Engine, emulator: Emulator
) -> None:
    engine.up(subject.build())
    saved = engine.state[subject.name]
    tencent_call(
        emulator, "tcr", GZ, "DeleteNamespace", {"RegistryId": DUP_REGISTRY, "NamespaceName": "release"}
    )
    assert engine.refresh(subject.name) is None  # gone with its namespace
    engine.state[subject.name] = saved  # a destroy without a refresh first
    engine.destroy(subject.name)  # already gone: success, not ResourceNotFound.ErrNoNamespace


# -- 9. drift stays visible until up repairs it -----------------------------------------------------


@pytest.mark.parametrize("subject", [CVM], ids=str)
def test_a_copy_renamed_by_hand_shows_as_drift_until_up_renames_it_back(
    subject: Subject, seeded: dict[str, Any], engine: Engine, emulator: Emulator
) -> None:
    engine.up(subject.build())
    copy_id = engine.state[subject.name].outputs["image_ids"][SH]
    tencent_call(emulator, "cvm", SH, "ModifyImageAttribute", {"ImageId": copy_id, "ImageName": "renamed"})
    for _ in range(3):  # the same answer every time: no flip-flop
        refreshed = engine.refresh(subject.name)
        assert refreshed is not None
        assert refreshed.outputs["image_name"] == "renamed"
        assert refreshed.outputs["copy_name"] == "golden-2026-11"
        assert refreshed.outputs["image_names"][SH] == "renamed"
        assert engine.preview(subject.build()).op == "update"
    assert engine.up(subject.build()).op == "update"
    assert cvm_images(emulator, SH)[copy_id]["name"] == "golden-2026-11"
    engine.refresh(subject.name)
    assert engine.preview(subject.build()).op == "same"
    assert_matches_world(engine, emulator, subject)
