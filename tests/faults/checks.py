"""What every fault case asserts: the state matches the world, nothing was made twice, nothing is
left behind, and once the cloud is healthy again refresh and up converge."""

from __future__ import annotations

import threading
import time
from typing import Any

from pulumi_imagesync.emulator import Emulator
from tests.support.engine import Engine, ProviderError, Registration
from tests.support.inventory import leftovers

from .subjects import Subject


def calls(emulator: Emulator, action: str) -> list[dict[str, Any]]:
    return [c for c in emulator.calls()["calls"] if c["action"] == action]


def outcomes(emulator: Emulator, action: str) -> list[str]:
    """What the provider was answered, call by call."""
    return [c["outcome"] for c in calls(emulator, action)]


def took_effect(emulator: Emulator, action: str) -> int:
    """How many calls of `action` did their work, whatever the provider was answered."""
    return sum(c["result"] == "ok" for c in calls(emulator, action))


def gave_up_on(emulator: Emulator, action: str) -> bool:
    """Whether the provider stopped waiting for the first call of `action` (its client timed out):
    a call it sent later was answered first (the log is in order of answers, `real_time` is
    when a call arrived)."""
    first = min(calls(emulator, action), key=lambda c: c["real_time"])
    return any(
        c["seq"] < first["seq"] and c["real_time"] > first["real_time"] for c in emulator.calls()["calls"]
    )


def fired(emulator: Emulator) -> list[int]:
    """How often each fault rule fired, in order."""
    return [rule["fired"] for rule in emulator.world.faults_json()["rules"]]


def each_started_once(emulator: Emulator, subject: Subject, scenario: str = "") -> None:
    """Nothing was made or started twice; or, where the API cannot tell (`Subject.may_repeat`),
    the second start did no harm."""
    harm = subject.may_repeat.get(scenario)
    if harm is not None:
        problems = harm(emulator.state())
        assert not problems, f"a repeated start did harm: {problems}"
        return
    made = {action: took_effect(emulator, action) for action in subject.starts}
    assert made == dict.fromkeys(subject.starts, 1), f"made or started more than once (or never): {made}"


def mismatches(engine: Engine, emulator: Emulator, subject: Subject) -> list[str]:
    """How the engine's checkpoint differs from what the world holds for the resource.

    The resource is in the state iff the cloud holds its object, with the id the create gave, and
    every output the world determines (ids, digests, per-region image ids, statuses) as the world has it.
    """
    world = emulator.state()
    expected = subject.inventory(world)
    state = engine.state.get(subject.name)
    if state is None:
        return [] if expected is None else [f"not in the state, but the world holds {expected}"]
    if expected is None:
        return [f"in the state ({state.id}), but the world holds nothing of it"]
    problems = [] if state.id == subject.id else [f"id {state.id}, expected {subject.id}"]
    problems += _differences(expected, state.outputs, "outputs")
    return problems + subject.also(world, state.outputs)


def _differences(expected: Any, actual: Any, path: str) -> list[str]:
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{path} is {actual!r}, the world has {expected!r}"]
        return [
            d
            for key, value in expected.items()
            for d in _differences(value, actual.get(key), f"{path}.{key}")
        ]
    # Numbers come back from the engine as floats: 7.0 == 7.
    return [] if expected == actual else [f"{path} is {actual!r}, the world has {expected!r}"]


def assert_matches_world(engine: Engine, emulator: Emulator, subject: Subject) -> None:
    problems = mismatches(engine, emulator, subject)
    assert not problems, "the state does not match the world:\n  " + "\n  ".join(problems)


def assert_nothing_left(emulator: Emulator, subject: Subject, seeded: dict[str, Any]) -> None:
    """Only what the subject keeps by design differs from the world as seeded."""
    found = leftovers(seeded, emulator.state(), ignore=frozenset({"time_scale"}))  # a test's own knob
    extra = [path for path in found if path not in subject.retained]
    assert not extra, f"left behind: {extra}"


def converges(engine: Engine, emulator: Emulator, subject: Subject, seeded: dict[str, Any]) -> None:
    """The end of every case: with the cloud healthy again (and any work in flight finished),
    refresh reports the world, `up` makes the declared resource, a second `up` has nothing to do,
    and `destroy` leaves the world as it was seeded."""
    emulator.faults({})
    emulator.advance(3600)
    if subject.name in engine.state:
        engine.refresh(subject.name)
        assert_matches_world(engine, emulator, subject)
    engine.up(subject.build())
    assert_matches_world(engine, emulator, subject)
    assert engine.up(subject.build()).op == "same"
    engine.destroy(subject.name)
    assert_matches_world(engine, emulator, subject)
    assert_nothing_left(emulator, subject, seeded)
    emulator.advance(3600)  # nothing this resource started lands after its destroy
    assert_nothing_left(emulator, subject, seeded)


def up_in_background(engine: Engine, reg: Registration) -> tuple[threading.Thread, list[BaseException]]:
    """Start `up` of `reg` in a thread (build `reg` first, in the main thread: the SDK's mocks want
    it); the list receives what the `up` raised."""
    errors: list[BaseException] = []

    def run() -> None:
        try:
            engine.up(reg)
        except BaseException as error:
            errors.append(error)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, errors


def up_driving_the_clock(
    engine: Engine, emulator: Emulator, reg: Registration, step: float = 20.0
) -> BaseException | None:
    """Run `up` while moving the emulator's clock on (`step` emulated seconds every quarter of a real
    second): copies end by emulated time, whatever the load on this machine. What `up` raised, or None."""
    thread, errors = up_in_background(engine, reg)
    while thread.is_alive():
        emulator.advance(step)
        thread.join(0.25)
    return errors[0] if errors else None


def crash_during_create(engine: Engine, emulator: Emulator, reg: Registration, after_action: str) -> None:
    """Start `up`, and kill the provider process (a cancelled CI job) once `after_action` took effect."""
    thread, errors = up_in_background(engine, reg)
    wait_until(lambda: took_effect(emulator, after_action) > 0, after_action, 30)
    engine.process.kill()
    thread.join(timeout=30)
    assert errors and isinstance(errors[0], ProviderError), "the create should have died with its process"
    assert reg.name not in engine.state


def wait_until(condition: Any, what: str, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"{what} never happened"
        time.sleep(0.05)
