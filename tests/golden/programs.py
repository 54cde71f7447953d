"""The programs whose state each release records, one resource each, and the worlds they need.

A release's state (`<version>.json`, written by `record.py`) must keep working with every later
release: refresh, an unchanged program with no diff, destroy. Add a resource here when it lands
and record the release's state again; never edit a recorded file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pulumi_imagesync import alibabacloud, huaweicloud, registry, tencentcloud


@dataclass(frozen=True)
class Program:
    name: str
    build: Callable[[], Any]
    world: dict[str, Any]


# The source tags hold the digest release 0.1.0 recorded: that emulator derived digests from names,
# and no content can have them, so they are opaque images (tags without a manifest).
STG = {
    "digest": "sha256:81de51c73d239f271771346bda2a3a5ff73abfd20dddb6c1f3abbe1f7b15585e",
    "size": 137225488,
    "opaque": True,
}

TCR_WORLD: dict[str, Any] = {
    "tcr": {
        "registries": [
            {
                "id": "tcr-golden01",
                "region": "ap-guangzhou",
                "namespaces": [
                    {"name": "develop", "repositories": [{"name": "team/app", "tags": {"stg": STG}}]},
                    {"name": "release"},
                ],
            },
            {"id": "tcr-golden02", "region": "ap-singapore", "namespaces": [{"name": "mirror"}]},
        ]
    }
}

SWR_WORLD: dict[str, Any] = {
    "swr": {
        "namespaces": [
            {
                "region": "cn-north-4",
                "name": "golden",
                "repositories": [{"name": "web/app", "tags": {"v1": {}}}],
            },
            {"region": "cn-east-3", "name": "golden"},
        ]
    }
}

ACR_WORLD: dict[str, Any] = {
    "acr": {
        "instances": [
            {
                "id": "cri-golden0src01",
                "region": "cn-beijing",
                "namespaces": [
                    {"name": "develop", "repositories": [{"name": "team/app", "tags": {"stg": STG}}]}
                ],
            },
            {"id": "cri-golden0dst01", "region": "cn-hangzhou", "namespaces": [{"name": "release"}]},
        ]
    }
}

CVM_WORLD: dict[str, Any] = {
    "cvm": {"images": [{"id": "img-golden01", "region": "ap-beijing", "name": "golden-source"}]}
}

# A registry copy moves content: its source is a real image (not one of the opaque tags above).
COPY_WORLD: dict[str, Any] = {
    "tcr": {
        "registries": [
            {
                "id": "tcr-golden03",
                "region": "ap-guangzhou",
                "namespaces": [{"name": "develop", "repositories": [{"name": "app", "tags": {"stg": {}}}]}],
            }
        ]
    },
    "acr": {
        "instances": [
            {"id": "cri-golden0dst02", "region": "cn-hangzhou", "namespaces": [{"name": "release"}]}
        ]
    },
}

# Keyed by class name; `<cloud module>.<class>` where two clouds have a class of the same name.
PROGRAMS: dict[str, Program] = {
    "ReplicationRule": Program(
        "golden-rule",
        lambda: tencentcloud.ReplicationRule(
            "golden-rule",
            source_registry_id="tcr-golden01",
            destination_registry_id="tcr-golden02",
            destination_region="ap-singapore",
            dest_namespace="mirror",
            filters=[{"type": "tag", "value": "v*"}],
            override=True,
            description="golden",
        ),
        TCR_WORLD,
    ),
    "ImageDuplicate": Program(
        "golden-copy",
        lambda: tencentcloud.ImageDuplicate(
            "golden-copy",
            registry_id="tcr-golden01",
            source_namespace="develop",
            source_repo="team/app",
            source_reference="stg",
            destination_namespace="release",
            destination_tag="prd",
            triggers={"build": 1},
        ),
        TCR_WORLD,
    ),
    "CvmImageSync": Program(
        "golden-vm-image",
        lambda: tencentcloud.CvmImageSync(
            "golden-vm-image",
            image_id="img-golden01",
            region="ap-beijing",
            destination_regions=["ap-guangzhou", "ap-singapore"],
            image_name="golden-copy",
            triggers={"build": 1},
        ),
        CVM_WORLD,
    ),
    "huaweicloud.SyncRepoTask": Program(
        "golden-swr-sync",
        lambda: huaweicloud.SyncRepoTask(
            "golden-swr-sync",
            region="cn-north-4",
            namespace="golden",
            repository="web/app",
            remote_region_id="cn-east-3",
            remote_namespace="golden",
            override=True,
            sync_existing=True,
        ),
        SWR_WORLD,
    ),
    "alibabacloud.SyncRepoTask": Program(
        "golden-sync",
        lambda: alibabacloud.SyncRepoTask(
            "golden-sync",
            instance_id="cri-golden0src01",
            region="cn-beijing",
            namespace="develop",
            repo_name="team/app",
            tag="stg",
            target_instance_id="cri-golden0dst01",
            target_region_id="cn-hangzhou",
            target_namespace="release",
            target_repo_name="team/app",
            target_tag="prd",
            triggers={"build": 1},
        ),
        ACR_WORLD,
    ),
    "SyncRule": Program(
        "golden-sync-rule",
        lambda: alibabacloud.SyncRule(
            "golden-sync-rule",
            instance_id="cri-golden0src01",
            region="cn-beijing",
            sync_scope="NAMESPACE",
            namespace_name="develop",
            tag_filter=".*",
            target_instance_id="cri-golden0dst01",
            target_region_id="cn-hangzhou",
            target_namespace_name="release",
            sync_existing=True,
        ),
        ACR_WORLD,
    ),
    "ImageCopy": Program(
        "golden-image-copy",
        lambda: registry.ImageCopy(
            "golden-image-copy",
            source={
                "cloud": "tencentcloud",
                "registry": "tcr-golden03",
                "region": "ap-guangzhou",
                "repository": "develop/app",
                "tag": "stg",
            },
            destination={
                "cloud": "alibabacloud",
                "registry": "cri-golden0dst02",
                "region": "cn-hangzhou",
                "repository": "release/app",
                "tag": "stg",
            },
            triggers={"build": 1},
        ),
        COPY_WORLD,
    ),
    "RepositoryMirror": Program(
        "golden-repository-mirror",
        lambda: registry.RepositoryMirror(
            "golden-repository-mirror",
            source={
                "cloud": "tencentcloud",
                "registry": "tcr-golden03",
                "region": "ap-guangzhou",
                "repository": "develop/app",
            },
            destination={
                "cloud": "alibabacloud",
                "registry": "cri-golden0dst02",
                "region": "cn-hangzhou",
                "repository": "release/mirror",
            },
            tags={"include": ["stg"]},
        ),
        COPY_WORLD,
    ),
}
