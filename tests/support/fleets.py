"""Fleets: many resources of one kind and the world they need, for what runs many creates at once.

`fleet.build(i)` registers the i-th resource (each with its own destination), `fleet.world(n)` is
the emulator seed for n of them, `fleet.makes` the action whose success is the object made (one per
resource: counted in the call log to prove nothing was made twice), `fleet.starts_copy` the call
after which a create waits for a copy, and `fleet.emulated` the emulator's (cloud, service) of the
actions, for fault rules.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pulumi_imagesync import alibabacloud, huaweicloud, tencentcloud

from .engine import Registration, register

TCR_SOURCE = "tcr-fleet0001"  # ap-guangzhou
TCR_MIRROR = "tcr-fleet0002"  # ap-singapore
ACR_SOURCE = "cri-fleet0source"  # cn-beijing
ACR_TARGET = "cri-fleet0target"  # cn-hangzhou


@dataclass(frozen=True)
class Fleet:
    build: Callable[[int], Registration]
    world: Callable[[int], dict[str, Any]]
    makes: str
    emulated: tuple[str, str]
    starts_copy: str | None = None


def _resource(cls: type, name: str, **args: Any) -> Registration:
    return register(lambda: cls(name, **args))


def _tcr_world(_: int) -> dict[str, Any]:
    source = {
        "id": TCR_SOURCE,
        "region": "ap-guangzhou",
        "namespaces": [
            {"name": "develop", "repositories": [{"name": "app", "tags": {"stg": {}}}]},
            {"name": "release"},
        ],
    }
    mirror = {"id": TCR_MIRROR, "region": "ap-singapore", "namespaces": [{"name": "mirror"}]}
    return {"tcr": {"registries": [source, mirror]}}


TCR_COPIES = Fleet(
    lambda i: _resource(
        tencentcloud.ImageDuplicate,
        f"copy-{i}",
        registry_id=TCR_SOURCE,
        source_namespace="develop",
        source_repo="app",
        source_reference="stg",
        destination_namespace="release",
        destination_tag=f"rc-{i}",
    ),
    _tcr_world,
    makes="DuplicateImage",
    emulated=("tencentcloud", "tcr"),
    starts_copy="DuplicateImage",
)

TCR_RULES = Fleet(
    lambda i: _resource(
        tencentcloud.ReplicationRule,
        f"rule-{i}",
        source_registry_id=TCR_SOURCE,
        destination_registry_id=TCR_MIRROR,
        destination_region="ap-singapore",
        dest_namespace="mirror",
        filters=[{"type": "tag", "value": f"v{i}*"}],
    ),
    _tcr_world,
    makes="ManageReplication",
    emulated=("tencentcloud", "tcr"),
)

CVM_COPIES = Fleet(
    lambda i: _resource(
        tencentcloud.CvmImageSync,
        f"vm-{i}",
        image_id=f"img-fleet{i:03d}",
        region="ap-beijing",
        destination_regions=["ap-guangzhou"],
    ),
    lambda n: {
        "cvm": {
            "images": [
                {"id": f"img-fleet{i:03d}", "region": "ap-beijing", "name": f"fleet-{i}"} for i in range(n)
            ]
        }
    },
    makes="SyncImages",
    emulated=("tencentcloud", "cvm"),
    starts_copy="SyncImages",
)


def swr_rules(region: str = "cn-north-4", remote: str = "cn-east-3", *, sync_existing: bool = False) -> Fleet:
    """SWR sync rules from `region` to `remote`; with `sync_existing`, each back-fills its tag and waits."""

    def world(n: int) -> dict[str, Any]:
        repositories = [{"name": f"app-{i}", "tags": {"v1": {}}} for i in range(n)]
        namespaces = [
            {"region": region, "name": "fleet", "repositories": repositories},
            {"region": remote, "name": "fleet"},
        ]
        return {"swr": {"namespaces": namespaces}}

    return Fleet(
        lambda i: _resource(
            huaweicloud.SyncRepoTask,
            f"swr-{i}",
            region=region,
            namespace="fleet",
            repository=f"app-{i}",
            remote_region_id=remote,
            remote_namespace="fleet",
            sync_existing=sync_existing,
        ),
        world,
        makes="CreateImageSyncRepo",
        emulated=("huaweicloud", "swr"),
        starts_copy="CreateManualImageSyncRepo" if sync_existing else None,
    )


ACR_COPIES = Fleet(
    lambda i: _resource(
        alibabacloud.SyncRepoTask,
        f"acr-{i}",
        instance_id=ACR_SOURCE,
        region="cn-beijing",
        namespace="ns1",
        repo_name="repo1",
        tag="tag1",
        target_instance_id=ACR_TARGET,
        target_region_id="cn-hangzhou",
        target_namespace="ns1",
        target_repo_name="repo1",
        target_tag=f"t-{i}",
    ),
    lambda n: {
        "acr": {
            "instances": [
                {
                    "id": ACR_SOURCE,
                    "region": "cn-beijing",
                    "namespaces": [
                        {"name": "ns1", "repositories": [{"name": "repo1", "tags": {"tag1": {}}}]}
                    ],
                },
                {"id": ACR_TARGET, "region": "cn-hangzhou", "namespaces": [{"name": "ns1"}]},
            ]
        }
    },
    makes="CreateRepoSyncTask",
    emulated=("alibabacloud", "acr"),
    starts_copy="CreateRepoSyncTask",
)
