"""Many creates at once through the real provider server: as many calls as the engine sends, paced.

The engine-like driver sends the creates of independent resources at once, as `pulumi up
--parallel N` does (`tests/support/parallel.py`). The emulator's clock is held (`time_scale`
near zero), so no copy can end before the test moves the clock on: every copy started before
then was started by a create still running in the server. The call log then tells how many ran at
once, whether anything was made twice, and what was throttled — no timing by the test's clock.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from typing import Any

from pulumi_imagesync import alibabacloud, huaweicloud, tencentcloud
from pulumi_imagesync.emulator import Emulator
from tests.conftest import EngineFactory
from tests.support.engine import Registration, Step, register
from tests.support.parallel import up_all

HELD = 1e-9  # the emulated clock barely moves: copies end when the test advances it
COPY_SECONDS = 60
ENOUGH_TIME = 300  # real seconds a condition may take on a loaded machine before the test gives up

WORLD: dict[str, Any] = {
    "tcr": {
        "registries": [
            {
                "id": "tcr-conc0001",
                "region": "ap-guangzhou",
                "namespaces": [
                    {"name": "develop", "repositories": [{"name": "app", "tags": {"stg": {}}}]},
                    {"name": "release"},
                ],
            },
            {"id": "tcr-conc0002", "region": "ap-singapore", "namespaces": [{"name": "mirror"}]},
        ]
    },
    "cvm": {
        "images": [{"id": f"img-conc000{i}", "region": "ap-beijing", "name": f"conc-{i}"} for i in range(6)]
    },
    "swr": {
        "namespaces": [
            {
                "region": "cn-east-3",  # not huaweicloud:region: its project id comes from IAM
                "name": "team-a",
                "repositories": [{"name": f"app-{i}", "tags": {"v1": {}}} for i in range(6)],
            },
            {"region": "cn-north-4", "name": "team-a"},
        ]
    },
    "acr": {
        "instances": [
            {
                "id": "cri-conc0source1",
                "region": "cn-beijing",
                "namespaces": [{"name": "ns1", "repositories": [{"name": "repo1", "tags": {"tag1": {}}}]}],
            },
            {"id": "cri-conc0target1", "region": "cn-hangzhou", "namespaces": [{"name": "ns1"}]},
        ]
    },
}


def resource(cls: type, name: str, **args: Any) -> Registration:
    return register(lambda: cls(name, **args))


def duplicate(i: int) -> Registration:
    return resource(
        tencentcloud.ImageDuplicate,
        f"copy-{i}",
        registry_id="tcr-conc0001",
        source_namespace="develop",
        source_repo="app",
        source_reference="stg",
        destination_namespace="release",
        destination_tag=f"rc-{i}",
    )


def replication(i: int) -> Registration:
    return resource(
        tencentcloud.ReplicationRule,
        f"rule-{i}",
        source_registry_id="tcr-conc0001",
        destination_registry_id="tcr-conc0002",
        destination_region="ap-singapore",
        dest_namespace="mirror",
        filters=[{"type": "tag", "value": f"v{i}*"}],
    )


def vm_image(i: int) -> Registration:
    return resource(
        tencentcloud.CvmImageSync,
        f"vm-{i}",
        image_id=f"img-conc000{i}",
        region="ap-beijing",
        destination_regions=["ap-guangzhou"],
    )


def swr_sync(i: int) -> Registration:
    return resource(
        huaweicloud.SyncRepoTask,
        f"swr-{i}",
        region="cn-east-3",
        namespace="team-a",
        repository=f"app-{i}",
        remote_region_id="cn-north-4",
        remote_namespace="team-a",
        sync_existing=True,
    )


def acr_copy(i: int) -> Registration:
    return resource(
        alibabacloud.SyncRepoTask,
        f"acr-{i}",
        instance_id="cri-conc0source1",
        region="cn-beijing",
        namespace="ns1",
        repo_name="repo1",
        tag="tag1",
        target_instance_id="cri-conc0target1",
        target_region_id="cn-hangzhou",
        target_namespace="ns1",
        target_repo_name="repo1",
        target_tag=f"t-{i}",
    )


# What each kind makes (the action whose success is the object made) and how many of it.
MIX: dict[str, tuple[Callable[[int], Registration], int]] = {
    "DuplicateImage": (duplicate, 10),
    "ManageReplication": (replication, 4),
    "SyncImages": (vm_image, 6),
    "CreateImageSyncRepo": (swr_sync, 6),
    "CreateRepoSyncTask": (acr_copy, 6),
}
# The call that starts each resource's copy: from then on its create waits for the copy.
COPY_STARTS = {"DuplicateImage": 10, "SyncImages": 6, "CreateManualImageSyncRepo": 6, "CreateRepoSyncTask": 6}


def made(emulator: Emulator) -> Counter[str]:
    """Calls that acted (`result == "ok"`), by action."""
    return Counter(c["action"] for c in emulator.calls()["calls"] if c["result"] == "ok")


def wait_until(condition: Callable[[], bool], what: Callable[[], str]) -> None:
    deadline = time.monotonic() + ENOUGH_TIME
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting: {what()}"
        time.sleep(0.25)


def run_in_background(work: Callable[[], dict[str, Step | Exception]]) -> Callable[[], dict[str, Any]]:
    import threading

    done: dict[str, Any] = {}
    thread = threading.Thread(target=lambda: done.update(work()), daemon=True)
    thread.start()

    def join() -> dict[str, Any]:
        thread.join(ENOUGH_TIME)
        assert not thread.is_alive(), "the creates did not end"
        return done

    return join


def test_32_creates_of_mixed_resources_at_once_each_object_made_once_none_throttled_out(
    make_engine: EngineFactory, emulator: Emulator
) -> None:
    emulator.seed(WORLD)
    emulator.faults(
        {
            "rate_limits": "documented",
            "rules": [
                # Limits nobody documents, here low, and already spent by other clients: the first
                # call of each is refused, and the pace must find the rate.
                {
                    "cloud": "huaweicloud",
                    "action": "CreateImageSyncRepo",
                    "kind": "throttle",
                    "rate": 2,
                    "tokens": 0,
                },
                {
                    "cloud": "alibabacloud",
                    "action": "CreateRepoSyncTask",
                    "kind": "throttle",
                    "rate": 2,
                    "tokens": 0,
                },
            ],
            "copies": {name: {"seconds": COPY_SECONDS} for name in ("tcr", "cvm", "swr", "acr")},
            "time_scale": HELD,
        }
    )
    registrations = [build(i) for build, count in MIX.values() for i in range(count)]
    assert len(registrations) == 32
    engine = make_engine()

    finished = run_in_background(lambda: up_all(engine, registrations, parallel=32))
    # Every copy is started while the clock is held: each started copy is a create still running.
    wait_until(
        lambda: all(made(emulator)[action] >= count for action, count in COPY_STARTS.items()),
        lambda: f"copies started: {dict(made(emulator))}",
    )
    # 28 creates were in the server at once (Pulumi's own server runs 4): each holds its copy.
    emulator.advance(2 * COPY_SECONDS)
    outcomes = finished()

    failed = {name: str(outcome) for name, outcome in outcomes.items() if not isinstance(outcome, Step)}
    assert failed == {}
    assert {step.op for step in outcomes.values() if isinstance(step, Step)} == {"create"}

    calls = emulator.calls()["calls"]
    acted = made(emulator)
    assert {action: acted[action] for action in MIX} == {action: count for action, (_, count) in MIX.items()}
    outcomes_by_action = Counter((c["action"], c["outcome"]) for c in calls if c["outcome"] != "ok")
    # Tencent's documented limits were kept; the undocumented ones were hit and paced down to.
    assert not any(outcome == "RequestLimitExceeded" for _, outcome in outcomes_by_action), outcomes_by_action
    assert outcomes_by_action[("CreateImageSyncRepo", "APIGW.0308")] >= 1
    assert outcomes_by_action[("CreateRepoSyncTask", "Throttling.User")] >= 1
    # The project id of cn-east-3, needed by six creates at the same moment, was looked up once.
    assert [c["region"] for c in calls if c["action"] == "KeystoneListProjects"] == ["cn-east-3"]

    state = emulator.state()
    release = state["tcr"]["ap-guangzhou"]["registries"]["tcr-conc0001"]["namespaces"]["release"]
    assert sorted(release["repositories"]["app"]["tags"]) == sorted(f"rc-{i}" for i in range(10))


def test_the_stack_config_bounds_the_calls_at_once(make_engine: EngineFactory, emulator: Emulator) -> None:
    """`imagesync:maxConcurrentCalls` arrives with the first call's configure(), and holds from then on."""
    emulator.seed(WORLD)
    emulator.faults({"copies": {"tcr": {"seconds": COPY_SECONDS}}, "time_scale": HELD})
    engine = make_engine({"imagesync:maxConcurrentCalls": "6"})
    registrations = [duplicate(i) for i in range(10)]

    finished = run_in_background(lambda: up_all(engine, registrations, parallel=10))
    wait_until(
        lambda: made(emulator)["DuplicateImage"] >= 6, lambda: f"copies started: {dict(made(emulator))}"
    )
    # Six creates wait for copies that cannot end while the clock is held; the other four wait for
    # a place in the server, so no seventh copy can have started.
    assert made(emulator)["DuplicateImage"] == 6
    emulator.faults({"copies": {"tcr": {"seconds": COPY_SECONDS}}, "time_scale": 1000})  # copies now end
    outcomes = finished()
    assert all(isinstance(outcome, Step) for outcome in outcomes.values()), outcomes
    assert made(emulator)["DuplicateImage"] == 10
