"""A create killed mid-way (a cancelled CI job) is resumed by the next `up`: no duplicate, no orphan.

The provider process is killed while its create waits on the cloud; the engine has no state for
the resource. A new process (same machine, so the same create journal) runs the create again.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

from pulumi_imagesync import alibabacloud, tencentcloud
from pulumi_imagesync.emulator import Emulator
from tests.conftest import EngineFactory
from tests.support.clouds import acr_call
from tests.support.engine import Engine, ProviderError, Registration, register

WORLD = {
    "tcr": {
        "registries": [
            {
                "id": "tcr-src00001",
                "region": "ap-guangzhou",
                "namespaces": [
                    {"name": "develop", "repositories": [{"name": "app", "tags": {"stg": {}}}]},
                    {"name": "release", "repositories": [{"name": "app", "tags": {"old": {}}}]},
                ],
            },
            {"id": "tcr-dst00001", "region": "ap-singapore", "namespaces": [{"name": "mirror"}]},
        ]
    }
}


@pytest.fixture(autouse=True)
def world(emulator: Emulator) -> None:
    emulator.seed(WORLD)


def crash_during_create(engine: Engine, emulator: Emulator, reg: Registration, after_action: str) -> None:
    """Start `up`, kill the provider process once `after_action` reached the cloud."""
    errors: list[BaseException] = []
    thread = threading.Thread(target=lambda: _run(engine, reg, errors))
    thread.start()
    deadline = time.monotonic() + 30
    while not any(c["action"] == after_action and c["outcome"] == "ok" for c in emulator.calls()["calls"]):
        assert time.monotonic() < deadline, f"{after_action} never happened"
        time.sleep(0.05)
    engine.process.kill()
    thread.join(timeout=30)
    assert errors and isinstance(errors[0], ProviderError), "the create should have died with its process"
    assert reg.name not in engine.state


def _run(engine: Engine, reg: Registration, errors: list[BaseException]) -> None:
    try:
        engine.up(reg)
    except BaseException as error:
        errors.append(error)


def rule() -> Registration:
    return register(
        lambda: tencentcloud.ReplicationRule(
            "rule",
            source_registry_id="tcr-src00001",
            destination_registry_id="tcr-dst00001",
            destination_region="ap-singapore",
            dest_namespace="mirror",
        )
    )


def copy(tag: str = "prd", **extra: Any) -> Registration:
    return register(
        lambda: tencentcloud.ImageDuplicate(
            "copy",
            registry_id="tcr-src00001",
            source_namespace="develop",
            source_repo="app",
            source_reference="stg",
            destination_namespace="release",
            destination_tag=tag,
            **extra,
        )
    )


def release_tags(emulator: Emulator) -> set[str]:
    registry = emulator.state()["tcr"]["ap-guangzhou"]["registries"]["tcr-src00001"]
    return set(registry["namespaces"]["release"]["repositories"]["app"]["tags"])


def rules(emulator: Emulator) -> list[str]:
    return list(emulator.state()["tcr"]["ap-guangzhou"]["registries"]["tcr-src00001"]["replication_rules"])


def test_an_interrupted_rule_create_is_resumed_without_a_duplicate(
    make_engine: EngineFactory, emulator: Emulator
) -> None:
    # The wait after ManageReplication is slow (the pre-check passes), so the kill lands mid-create.
    emulator.faults(
        {
            "rules": [
                {
                    "service": "tcr",
                    "action": "DescribeReplicationPolicies",
                    "kind": "latency",
                    "seconds": 30,
                    "skip": 1,
                    "times": 1,
                }
            ]
        }
    )
    first = make_engine()
    crash_during_create(first, emulator, rule(), "ManageReplication")
    emulator.faults({})

    second = make_engine()
    second.state = first.state
    assert second.up(rule()).op == "create"
    assert rules(emulator) == ["rule"]
    second.destroy("rule")
    assert rules(emulator) == []


def test_an_interrupted_copy_is_resumed_and_remains_the_resources_own(
    make_engine: EngineFactory, emulator: Emulator
) -> None:
    emulator.faults({"copies": {"tcr": {"seconds": 600}}})
    first = make_engine()
    crash_during_create(first, emulator, copy(), "DuplicateImage")
    emulator.advance(600)  # the copy the dead process started has arrived

    second = make_engine()
    second.up(copy())
    out = second.state["copy"].outputs
    assert out["existed_before"] is False  # made by this resource (its first, interrupted, create)
    second.destroy("copy")
    assert "prd" not in release_tags(emulator)


def test_a_resumed_copy_still_knows_the_tag_existed_before(
    make_engine: EngineFactory, emulator: Emulator
) -> None:
    emulator.faults({"copies": {"tcr": {"seconds": 600}}})
    first = make_engine()
    crash_during_create(first, emulator, copy("old", override=True), "DuplicateImage")
    emulator.advance(600)

    second = make_engine()
    second.up(copy("old", override=True))
    assert second.state["copy"].outputs["existed_before"] is True
    second.destroy("copy")
    assert "old" in release_tags(emulator)  # it was there before: never deleted


def test_without_a_journal_an_existing_rule_is_still_refused(
    make_engine: EngineFactory, emulator: Emulator
) -> None:
    # Another machine (no journal record): the rule could be anybody's.
    emulator.faults(
        {
            "rules": [
                {
                    "service": "tcr",
                    "action": "DescribeReplicationPolicies",
                    "kind": "latency",
                    "seconds": 30,
                    "skip": 1,
                    "times": 1,
                }
            ]
        }
    )
    first = make_engine()
    crash_during_create(first, emulator, rule(), "ManageReplication")
    emulator.faults({})
    other_machine = make_engine(env={"IMAGESYNC_JOURNAL_DIR": "/tmp/imagesync-other-machine-journal"})
    with pytest.raises(ProviderError, match="already exists"):
        other_machine.up(rule())


# -- Alibaba ACR: the same guarantees for a copy made by a sync task -----------------------------

ACR_WORLD = {
    "acr": {
        "instances": [
            {
                "id": "cri-src00000001",
                "region": "cn-beijing",
                "namespaces": [{"name": "ns1", "repositories": [{"name": "repo1", "tags": {"tag1": {}}}]}],
            },
            {
                "id": "cri-dst00000001",
                "region": "cn-hangzhou",
                "namespaces": [{"name": "ns1", "repositories": [{"name": "repo1", "tags": {"old": {}}}]}],
            },
        ]
    }
}


def acr_copy(tag: str = "prd", **extra: Any) -> Registration:
    return register(
        lambda: alibabacloud.SyncRepoTask(
            "acr-copy",
            instance_id="cri-src00000001",
            region="cn-beijing",
            namespace="ns1",
            repo_name="repo1",
            tag="tag1",
            target_instance_id="cri-dst00000001",
            target_region_id="cn-hangzhou",
            target_namespace="ns1",
            target_repo_name="repo1",
            target_tag=tag,
            **extra,
        )
    )


def target_tags(emulator: Emulator) -> set[str]:
    answer = acr_call(
        emulator,
        "cn-hangzhou",
        "ListRepoTag",
        {"InstanceId": "cri-dst00000001", "RepoId": _target_repo_id(emulator)},
    )
    return {image["Tag"] for image in answer.get("Images") or []}


def _target_repo_id(emulator: Emulator) -> str:
    answer = acr_call(
        emulator,
        "cn-hangzhou",
        "GetRepository",
        {"InstanceId": "cri-dst00000001", "RepoNamespaceName": "ns1", "RepoName": "repo1"},
    )
    return str(answer["RepoId"])


@pytest.mark.parametrize(("tag", "existed"), [("prd", False), ("old", True)])
def test_an_interrupted_acr_copy_is_resumed_knowing_what_was_there_before(
    make_engine: EngineFactory, emulator: Emulator, tag: str, existed: bool
) -> None:
    emulator.seed(ACR_WORLD)
    emulator.faults({"copies": {"acr": {"seconds": 600}}})
    first = make_engine()
    crash_during_create(
        first, emulator, acr_copy(tag, override=True, timeout_seconds=20), "CreateRepoSyncTask"
    )
    emulator.advance(600)

    second = make_engine()
    second.up(acr_copy(tag, override=True, timeout_seconds=20))
    assert second.state["acr-copy"].outputs["existed_before"] is existed
    tasks = [
        c for c in emulator.calls()["calls"] if c["action"] == "CreateRepoSyncTask" and c["outcome"] == "ok"
    ]
    assert len(tasks) == 1  # the resumed create found the task its predecessor started
    second.destroy("acr-copy")
    assert (tag in target_tags(emulator)) is existed
