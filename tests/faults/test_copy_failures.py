"""A copy that fails half-way, at create and at update, for each resource that copies; and a
replication rule whose executions fail.

A failed create leaves nothing (its rollback removes what it made); a failed update leaves what
was there before untouched, and the engine keeps the old state: both still match the world.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from pulumi_imagesync.emulator import Emulator
from tests.conftest import EngineFactory
from tests.support.engine import Engine, ProviderError

from .checks import (
    assert_matches_world,
    assert_nothing_left,
    converges,
    each_started_once,
    up_driving_the_clock,
)
from .subjects import COPIES, GZ, RULE_DESTINATION, RULE_SOURCE, SUBJECTS, Subject

UPDATES = [subject for subject in SUBJECTS if subject.update is not None]
RULE = next(subject for subject in SUBJECTS if subject.key == "tcr-rule")


@pytest.mark.parametrize("subject", COPIES, ids=str)
def test_a_copy_that_fails_half_way_fails_the_create_and_leaves_nothing(
    subject: Subject, seeded: dict[str, Any], engine: Engine, emulator: Emulator
) -> None:
    emulator.faults(subject.copy_fails)
    error = up_driving_the_clock(engine, emulator, subject.build(timeout_seconds=subject.copy_timeout))
    assert isinstance(error, ProviderError), error
    assert re.search(subject.copy_failure, error.text), error.text
    each_started_once(emulator, subject)
    assert_matches_world(engine, emulator, subject)  # not in the state, nothing in the world
    assert_nothing_left(emulator, subject, seeded)
    converges(engine, emulator, subject, seeded)


@pytest.mark.parametrize("subject", UPDATES, ids=str)
def test_an_update_whose_copy_fails_leaves_what_was_there(
    subject: Subject, seeded: dict[str, Any], engine: Engine, emulator: Emulator
) -> None:
    assert subject.update is not None
    engine.up(subject.build(**subject.update.before))
    before = subject.inventory(emulator.state())
    assert before is not None

    emulator.faults(subject.update.fails)
    error = up_driving_the_clock(
        engine, emulator, subject.build(**subject.update.after, timeout_seconds=subject.copy_timeout)
    )
    assert isinstance(error, ProviderError), error
    assert subject.inventory(emulator.state()) == before  # untouched
    assert_matches_world(engine, emulator, subject)  # the engine kept the old state
    converges(engine, emulator, subject, seeded)


def push(emulator: Emulator, seeded: dict[str, Any], tag: str) -> None:
    """A tag pushed into the rule's source (what starts an execution); part of the world from now on."""
    repository = {"name": "app", "tags": {tag: {}}}
    namespace = {"name": "prod", "repositories": [repository]}
    emulator.seed({"tcr": {"registries": [{"id": RULE_SOURCE, "region": GZ, "namespaces": [namespace]}]}})
    source = seeded["tcr"][GZ]["registries"][RULE_SOURCE]
    source["namespaces"] = emulator.state()["tcr"][GZ]["registries"][RULE_SOURCE]["namespaces"]


@pytest.mark.parametrize("subject", [RULE], ids=str)
def test_failing_replications_leave_the_rule_as_declared(
    subject: Subject, seeded: dict[str, Any], engine: Engine, emulator: Emulator
) -> None:
    engine.up(subject.build())
    emulator.faults({"copies": {"tcr": {"fail": [{"registry_id": RULE_DESTINATION}]}}})
    push(emulator, seeded, "v2")
    refreshed = engine.refresh(subject.name)
    assert refreshed is not None and refreshed.outputs["latest_execution"]["status"] == "Failed"
    assert_matches_world(engine, emulator, subject)
    assert engine.up(subject.build()).op == "same"  # the rule is as declared: nothing to change

    # Changed in place, the rule is still right when its next execution fails too.
    everything = [{"type": "tag", "value": "*"}]
    assert engine.up(subject.build(filters=everything)).op == "update"
    push(emulator, seeded, "latest")
    refreshed = engine.refresh(subject.name)
    assert refreshed is not None and refreshed.outputs["latest_execution"]["status"] == "Failed"
    assert refreshed.outputs["filters"] == everything
    assert_matches_world(engine, emulator, subject)
    converges(engine, emulator, subject, seeded)


@pytest.mark.parametrize("subject", [s for s in SUBJECTS if s.fails_after_making], ids=str)
def test_what_a_failed_clean_up_left_is_taken_over_by_the_next_up(
    subject: Subject, seeded: dict[str, Any], make_engine: EngineFactory, emulator: Emulator
) -> None:
    # The create fails once its object exists, and the role may not delete it again.
    doc = subject.fails_after_making
    emulator.faults(
        {**doc, "rules": [*doc.get("rules", []), subject.rule(action=subject.delete, **subject.denied)]}
    )
    first = make_engine()
    error = up_driving_the_clock(first, emulator, subject.build(timeout_seconds=subject.copy_timeout))
    assert isinstance(error, ProviderError), error
    text = error.text
    assert "Kept in this resource's record: the next `pulumi up` takes it over: " in text
    assert subject.denied["code"] in text
    assert subject.inventory(emulator.state()) is not None  # left behind, and named
    first.process.stop()  # that `pulumi up` is over

    emulator.faults({})
    second = make_engine()  # the next `pulumi up`, the permission fixed: what was left is its own
    assert second.up(subject.build()).op == "create"
    outputs = second.state[subject.name].outputs
    assert {k: outputs.get(k) for k in subject.owned} == subject.owned
    assert_matches_world(second, emulator, subject)
    converges(second, emulator, subject, seeded)  # and destroy removes it
