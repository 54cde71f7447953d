"""`examples/registry-image-copy` through the real Pulumi CLI: a copy from TCR to ACR and its life.

The engine decides from the provider's `diff` that a new source is copied in place, that an
unchanged program and a refresh change nothing, and that a tag changed by hand is drift; the
registries' traffic (the emulator's call log) shows what moved.
"""

from __future__ import annotations

import pytest

from pulumi_imagesync.emulator import Emulator
from pulumi_imagesync.emulator.stack_config import emulator_stack_config
from tests.e2e.conftest import StackFactory
from tests.support.inventory import leftovers

pytestmark = pytest.mark.e2e

SOURCE, TARGET = "tcr-e8pg46c6", "cri-ibxs3piklys3"
# A push makes a repository; destroy deletes the tag, not the repository (README).
KEPT = f"acr/cn-hangzhou/instances/{TARGET}/namespaces/ns1/repositories/app (added)"


def held(emulator: Emulator, cloud: str, registry_id: str, repository: str, tag: str) -> str | None:
    repositories = emulator.registry(cloud, registry_id)["repositories"]
    return (repositories.get(repository) or {}).get("tags", {}).get(tag)


def bytes_sent(emulator: Emulator, since: int) -> int:
    calls = emulator.calls(since)["calls"]
    return sum(c["bytes"] for c in calls if c["service"] == "registry" and c["action"] == "PUT upload")


def test_a_copy_across_clouds_goes_up_is_updated_in_place_and_destroyed(
    make_stack: StackFactory, emulator: Emulator
) -> None:
    emulator.reset(world="demo")
    before = emulator.state()
    stack = make_stack("examples/registry-image-copy").init(emulator_stack_config(emulator.url))
    assert stack.preview().ops("release-to-hangzhou") == ["create"]
    assert emulator.calls()["calls"] == [], "a preview calls no cloud and no registry"

    stack.up()
    stg = held(emulator, "tencentcloud", SOURCE, "develop/app", "stg")
    assert stg is not None and held(emulator, "alibabacloud", TARGET, "ns1/app", "release") == stg
    outputs = stack.outputs()
    assert outputs["digest"] == stg and outputs["reference"].endswith("/ns1/app:release")
    mark = len(emulator.calls()["calls"])
    stack.up("--expect-no-changes")
    stack.refresh("--expect-no-changes")
    assert bytes_sent(emulator, mark) == 0

    stack.config("build", "v1")
    plan = stack.preview()
    assert plan.ops("release-to-hangzhou") == ["update"]
    assert plan.changed_inputs("release-to-hangzhou", "update") == ["source"]
    stack.up()
    v1 = held(emulator, "tencentcloud", SOURCE, "develop/app", "v1")
    assert v1 is not None and held(emulator, "alibabacloud", TARGET, "ns1/app", "release") == v1
    stack.up("--expect-no-changes")

    stack.destroy()
    assert held(emulator, "alibabacloud", TARGET, "ns1/app", "release") is None
    assert leftovers(before, emulator.state()) == [KEPT]
