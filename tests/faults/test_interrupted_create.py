"""A create killed mid-way (a cancelled CI job) and the `up` run again, for each resource.

The provider process is killed while its create waits on the cloud, after the cloud has started
the work; the engine has no state for the resource. A new process on the same machine (so with
the same create journal) runs the create again: it takes over what the dead one made, makes
nothing twice, and what it reports is what the world holds; destroy then leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pulumi_imagesync.emulator import Emulator
from tests.conftest import EngineFactory
from tests.support.engine import ProviderError

from .checks import assert_matches_world, converges, crash_during_create, each_started_once, took_effect
from .subjects import ACR_TARGET, DUP_REGISTRY, GZ, HANGZHOU, SUBJECTS, Subject, World


@pytest.mark.parametrize("resumed", ["once-done", "while-in-flight"])
def test_a_create_killed_mid_way_is_resumed_without_a_duplicate_or_an_orphan(
    subject: Subject, seeded: dict[str, Any], make_engine: EngineFactory, emulator: Emulator, resumed: str
) -> None:
    emulator.faults(subject.slow)
    first = make_engine()
    crash_during_create(first, emulator, subject.build(), subject.starts[-1])
    if resumed == "once-done":
        emulator.advance(subject.slow_seconds)  # the work the dead process started is done
        emulator.faults({})
    else:  # the next `up` comes at once: the work goes on while it runs (at 600x: minutes in a second)
        emulator.faults({"time_scale": 600})

    second = make_engine()
    second.state = first.state
    assert second.up(subject.build()).op == "create"
    each_started_once(emulator, subject, f"resumed-{resumed}")  # taken over, not made again
    outputs = second.state[subject.name].outputs
    assert {
        k: outputs.get(k) for k in subject.owned
    } == subject.owned  # the resource's own, as if uninterrupted
    assert_matches_world(second, emulator, subject)
    converges(second, emulator, subject, seeded)  # destroy removes what the dead process made, too


# -- a copy onto a tag that was there before --------------------------------------------------------


def _tags(path: Callable[[World], dict[str, Any]]) -> Callable[[World], set[str]]:
    return lambda world: set(path(world)["tags"])


EXISTING_TAG: dict[str, tuple[dict[str, Any], Callable[[World], set[str]]]] = {
    "tcr-duplicate": (
        {"destination_tag": "old"},
        _tags(
            lambda w: w["tcr"][GZ]["registries"][DUP_REGISTRY]["namespaces"]["release"]["repositories"]["app"]
        ),
    ),
    "acr": (
        {"target_tag": "old"},
        _tags(
            lambda w: w["acr"][HANGZHOU]["instances"][ACR_TARGET]["namespaces"]["ns1"]["repositories"][
                "repo1"
            ]
        ),
    ),
}


@pytest.mark.parametrize("subject", [s for s in SUBJECTS if s.key in EXISTING_TAG], ids=str)
def test_a_resumed_copy_still_knows_the_tag_existed_before(
    subject: Subject, seeded: dict[str, Any], make_engine: EngineFactory, emulator: Emulator
) -> None:
    overrides, tags = EXISTING_TAG[subject.key]
    emulator.faults(subject.slow)
    first = make_engine()
    crash_during_create(first, emulator, subject.build(**overrides), subject.create)
    emulator.advance(subject.slow_seconds)  # by now the tag exists either way

    second = make_engine()
    second.up(subject.build(**overrides))
    assert second.state[subject.name].outputs["existed_before"] is True
    assert took_effect(emulator, subject.create) == 1
    second.destroy(subject.name)
    assert "old" in tags(emulator.state())  # it was there before: never deleted


# -- another machine: no journal record ---------------------------------------------------------


@pytest.mark.parametrize("subject", [s for s in SUBJECTS if s.key in ("tcr-rule", "acr-rule")], ids=str)
def test_without_the_journal_what_exists_is_still_refused(
    subject: Subject, seeded: dict[str, Any], make_engine: EngineFactory, emulator: Emulator, tmp_path: Path
) -> None:
    emulator.faults(subject.slow)
    first = make_engine()
    crash_during_create(first, emulator, subject.build(), subject.create)
    emulator.faults({})
    # Another machine has no record of the create: the rule could be anybody's.
    other_machine = make_engine(env={"IMAGESYNC_JOURNAL_DIR": str(tmp_path / "other-machine")})
    with pytest.raises(ProviderError, match="already exists"):
        other_machine.up(subject.build())
