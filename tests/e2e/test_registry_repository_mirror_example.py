"""`examples/registry-repository-mirror` through the real Pulumi CLI: a mirror from TCR to SWR.

The engine decides from the provider's `diff`: an unchanged program and a refresh with nothing new
change nothing; a new matching tag at the source, seen by a refresh, is an update that copies it;
a narrower filter with `prune` removes what the mirror copied and no longer selects.
"""

from __future__ import annotations

import pytest

from pulumi_imagesync.emulator import Emulator
from pulumi_imagesync.emulator.stack_config import emulator_stack_config
from tests.e2e.conftest import StackFactory
from tests.support.inventory import leftovers

pytestmark = pytest.mark.e2e

SOURCE, REGION = "tcr-e8pg46c6", "cn-north-4"
NAME = "app-to-beijing"


def mirrored(emulator: Emulator) -> dict[str, str]:
    repositories = emulator.registry("huaweicloud", REGION)["repositories"]
    return dict((repositories.get("team-a/app-mirror") or {}).get("tags") or {})


def source(emulator: Emulator) -> dict[str, str]:
    return dict(emulator.registry("tencentcloud", SOURCE)["repositories"]["develop/app"]["tags"])


def test_a_mirror_goes_up_follows_its_source_prunes_and_is_destroyed(
    make_stack: StackFactory, emulator: Emulator
) -> None:
    emulator.reset(world="demo")
    before = emulator.state()
    stack = make_stack("examples/registry-repository-mirror").init(emulator_stack_config(emulator.url))
    assert stack.preview().ops(NAME) == ["create"]
    assert emulator.calls()["calls"] == [], "a preview calls no cloud and no registry"

    stack.up()
    tags = source(emulator)
    assert mirrored(emulator) == {"stg": tags["stg"], "v1": tags["v1"]}
    outputs = stack.outputs()
    assert outputs["selected"] == ["stg", "v1"] and outputs["failed"] == {}
    assert outputs["latest_order"] == "push_time"  # `stg` is not a version
    stack.up("--expect-no-changes")
    stack.refresh("--expect-no-changes")

    # A new release tag at the source: a refresh sees it, the next `up` copies it.
    emulator.seed(
        {
            "tcr": {
                "registries": [
                    {
                        "id": SOURCE,
                        "region": "ap-guangzhou",
                        "namespaces": [
                            {"name": "develop", "repositories": [{"name": "app", "tags": {"v2.0.0": {}}}]}
                        ],
                    }
                ]
            }
        }
    )
    stack.refresh()
    assert stack.preview().ops(NAME) == ["update"]
    stack.up()
    assert "v2.0.0" in mirrored(emulator)
    stack.refresh("--expect-no-changes")

    # The newest two only, with prune: the oldest copy is removed.
    stack.config("latest", "2")
    stack.config("prune", "true")
    stack.up()
    assert sorted(mirrored(emulator)) == sorted(stack.outputs()["selected"])
    assert len(mirrored(emulator)) == 2

    stack.destroy()
    assert mirrored(emulator) == {}
    added = [path for path in leftovers(before, emulator.state())]
    assert all("app-mirror" in path or "v2.0.0" in path for path in added), added
