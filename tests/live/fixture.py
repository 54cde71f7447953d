"""The objects a live run uses: a small JSON file naming real registries, an image and regions.

`IMAGESYNC_LIVE_FIXTURE` names the file (docs/live-acceptance.md shows one). Every section is
optional: a resource whose section is missing is skipped, saying so. Without `IMAGESYNC_LIVE=1` the
same scenarios run against the emulator with `EMULATOR_FIXTURE` and the world `emulator_world()`
makes for it, reached through `imagesync:endpoints` as private endpoints are.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

Fixture = dict[str, Any]

EMULATOR_FIXTURE: Fixture = {
    "tencentcloud": {
        "region": "ap-guangzhou",
        "tcr": {
            "registry_id": "tcr-live0001",
            "namespace": "live-src",
            "repository": "app",
            "tag": "v1",
            "destination_namespace": "live-dst",
            "rule_destination_registry_id": "tcr-live0002",
            "rule_destination_region": "ap-singapore",
            "rule_dest_namespace": "live-mirror",
        },
        "cvm": {"region": "ap-beijing", "image_id": "img-live0001", "destination_region": "ap-shanghai"},
    },
    "huaweicloud": {
        "region": "cn-north-4",
        "namespace": "live-src",
        "repository": "web/app",
        "tag": "v1",
        "remote_region": "cn-east-3",
        "remote_namespace": "live-dst",
    },
    "alibabacloud": {
        "region": "cn-beijing",
        "instance_id": "cri-live00000001",
        "namespace": "live-src",
        "repo_name": "app",
        "tag": "v1",
        "target_instance_id": "cri-live00000002",
        "target_region": "cn-hangzhou",
        "target_namespace": "live-dst",
    },
}


def load(path: str) -> Fixture:
    fixture = json.loads(Path(path).read_text())
    if not isinstance(fixture, dict):
        raise ValueError(f"{path}: the live fixture is a JSON object with sections per cloud")
    return fixture


def emulator_world(fixture: Fixture) -> dict[str, Any]:
    """The emulator seed that holds what `fixture` names (the emulator's stand-in for a real account)."""
    tcr, cvm = fixture["tencentcloud"]["tcr"], fixture["tencentcloud"]["cvm"]
    swr, acr = fixture["huaweicloud"], fixture["alibabacloud"]
    source_repo = {"name": tcr["repository"], "tags": {tcr["tag"]: {}}}
    return {
        "tcr": {
            "registries": [
                {
                    "id": tcr["registry_id"],
                    "region": fixture["tencentcloud"]["region"],
                    "namespaces": [
                        {"name": tcr["namespace"], "repositories": [source_repo]},
                        {"name": tcr["destination_namespace"]},
                    ],
                },
                {
                    "id": tcr["rule_destination_registry_id"],
                    "region": tcr["rule_destination_region"],
                    "namespaces": [{"name": tcr["rule_dest_namespace"]}],
                },
            ]
        },
        "cvm": {"images": [{"id": cvm["image_id"], "region": cvm["region"], "name": "live-golden"}]},
        "swr": {
            "namespaces": [
                {
                    "region": swr["region"],
                    "name": swr["namespace"],
                    "repositories": [{"name": swr["repository"], "tags": {swr["tag"]: {}}}],
                },
                {"region": swr["remote_region"], "name": swr["remote_namespace"]},
            ]
        },
        "acr": {
            "instances": [
                {
                    "id": acr["instance_id"],
                    "region": acr["region"],
                    "namespaces": [
                        {
                            "name": acr["namespace"],
                            "repositories": [{"name": acr["repo_name"], "tags": {acr["tag"]: {}}}],
                        }
                    ],
                },
                {
                    "id": acr["target_instance_id"],
                    "region": acr["target_region"],
                    "namespaces": [{"name": acr["target_namespace"]}],
                },
            ]
        },
    }
