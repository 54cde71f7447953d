"""Every emulated registry holds real images: seeded tags, cloud copies and the cloud APIs agree.

Through the tests' OCI client (httpx, ``tests/support/oci_client.py``) and the clouds' real SDKs.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest

from pulumi_imagesync.emulator import Emulator
from pulumi_imagesync.emulator.registry.seeded import seeded_digest
from tests.support.clouds import acr_call, swr_call, tencent_call
from tests.support.oci_client import OciClient
from tests.support.registry_logins import client

from .registry_world import (
    ACR,
    ACR_HZ,
    GZ,
    PLAIN,
    PLAIN_LOGIN,
    REGISTRIES,
    SBOM,
    SIGNATURE,
    SWR_BJ,
    TCR,
    WORLD,
)


@pytest.fixture
def world(emu: Emulator) -> Emulator:
    emu.seed(WORLD)
    return emu


def connect(emu: Emulator, cloud: str, registry_id: str, region: str) -> OciClient:
    return client(emu, cloud, registry_id, region, **(PLAIN_LOGIN if cloud == "oci" else {}))


def sha256(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize(("cloud", "registry_id", "region", "repository"), REGISTRIES)
def test_a_seeded_tag_is_a_real_image_with_the_same_digest_everywhere(
    world: Emulator, cloud: str, registry_id: str, region: str, repository: str
) -> None:
    with connect(world, cloud, registry_id, region) as oci:
        pulled = oci.manifest(repository, "v1")
        assert pulled.digest == sha256(pulled.body) == seeded_digest("team/app:v1")
        manifest = json.loads(pulled.body)
        assert pulled.media_type == manifest["mediaType"] == "application/vnd.oci.image.manifest.v1+json"
        for blob in [manifest["config"], *manifest["layers"]]:
            data = oci.blob(repository, blob["digest"])
            assert (sha256(data), len(data)) == (blob["digest"], blob["size"])
        config = json.loads(oci.blob(repository, manifest["config"]["digest"]))
        assert config["rootfs"]["diff_ids"] == [layer["digest"] for layer in manifest["layers"]]


def test_the_clouds_report_real_digests_and_sizes(world: Emulator) -> None:
    image = tencent_call(
        world,
        "tcr",
        GZ,
        "DescribeImages",
        {
            "RegistryId": TCR,
            "NamespaceName": "team",
            "RepositoryName": "app",
            "ImageVersion": "v1",
            "ExactMatch": True,
        },
    )["ImageInfoList"][0]
    with connect(world, "tencentcloud", TCR, GZ) as oci:
        manifest = json.loads(oci.manifest("team/app", "v1").body)
    size = manifest["config"]["size"] + sum(layer["size"] for layer in manifest["layers"])
    assert (image["Digest"], image["Size"]) == (seeded_digest("team/app:v1"), size)
    shown = swr_call(world, SWR_BJ, "ShowRepoTag", namespace="team", repository="app", tag="v1")
    assert (shown["digest"], shown["size"], shown["image_id"]) == (
        seeded_digest("team/app:v1"),
        size,
        manifest["config"]["digest"].removeprefix("sha256:"),
    )
    tag = acr_call(world, ACR_HZ, "ListRepoTag", {"InstanceId": ACR, "RepoId": repo_id(world)})["Images"][0]
    assert (tag["Digest"], tag["ImageSize"], tag["ImageId"]) == (
        seeded_digest("team/app:v1"),
        size,
        manifest["config"]["digest"].removeprefix("sha256:"),
    )


def test_the_clouds_report_where_each_registry_answers(world: Emulator) -> None:
    listed = {(r["cloud"], r["id"]): r for r in world.registries()}
    assert set(listed) == {(c, r) for c, r, _, _ in REGISTRIES} | {
        ("tencentcloud", "tcr-peer0001"),
        ("oci", "public"),
    }
    endpoint = {key: found["endpoint"] for key, found in listed.items()}
    assert (
        all(e and e.startswith("127.0.0.1:") for e in endpoint.values()) and len(set(endpoint.values())) == 6
    )
    instance = tencent_call(world, "tcr", GZ, "DescribeInstances", {"Registryids": [TCR]})["Registries"][0]
    assert instance["PublicDomain"] == endpoint[("tencentcloud", TCR)]
    secret = swr_call(world, SWR_BJ, "CreateSecret", projectname=SWR_BJ)
    assert list(secret["auths"]) == [endpoint[("huaweicloud", SWR_BJ)]]
    (found,) = acr_call(world, ACR_HZ, "ListInstanceEndpoint", {"InstanceId": ACR})["Endpoints"]
    assert found["Domains"] == [{"Domain": endpoint[("alibabacloud", ACR)], "Type": "SYSTEM"}]
    assert listed[("oci", PLAIN)]["auth"] == {"scheme": "basic"}
    assert listed[("tencentcloud", TCR)]["auth"] == {
        "scheme": "bearer",
        "realm": "/service/token",
        "service": "harbor-registry",
        "logins": "TCR CreateInstanceToken",
    }
    world.reset("empty")
    world.seed(WORLD)
    again = {(r["cloud"], r["id"]): r["endpoint"] for r in world.registries()}
    assert again == endpoint, "a registry keeps its endpoint through resets"


def test_a_multi_arch_index_referrers_and_signature_tags_are_seeded(world: Emulator) -> None:
    with connect(world, "tencentcloud", TCR, GZ) as oci:
        index = oci.manifest("team/app", "multi")
        assert index.media_type == "application/vnd.oci.image.index.v1+json"
        entries = json.loads(index.body)["manifests"]
        assert [e["platform"] for e in entries] == [
            {"architecture": "amd64", "os": "linux"},
            {"architecture": "arm64", "os": "linux", "variant": "v8"},
        ]
        for entry in entries:
            child = oci.manifest("team/app", entry["digest"])
            assert (child.digest, len(child.body)) == (entry["digest"], entry["size"])
        signed = oci.manifest("team/app", "signed").digest
        referrers = oci.referrers("team/app", signed).json()
        assert referrers["mediaType"] == "application/vnd.oci.image.index.v1+json"
        assert sorted(r["artifactType"] for r in referrers["manifests"]) == [SBOM, SIGNATURE]
        only = oci.referrers("team/app", signed, SIGNATURE)
        assert only.headers["oci-filters-applied"] == "artifactType"
        assert [r["artifactType"] for r in only.json()["manifests"]] == [SIGNATURE]
        tags = oci.tags("team/app").json()["tags"]
        assert f"sha256-{signed.removeprefix('sha256:')}.sig" in tags
        docker = oci.manifest("team/app", "docker")
        assert docker.media_type == "application/vnd.docker.distribution.manifest.v2+json"


def test_tcr_copies_move_content(world: Emulator) -> None:
    tencent_call(
        world,
        "tcr",
        GZ,
        "DuplicateImage",
        {
            "RegistryId": TCR,
            "SourceNamespace": "team",
            "SourceRepo": "app",
            "SourceReference": "multi",
            "DestinationNamespace": "other",
            "DestinationTag": "copy",
        },
    )
    with connect(world, "tencentcloud", TCR, GZ) as oci:
        copied = oci.manifest("other/app", "copy")
        assert copied.digest == oci.manifest("team/app", "multi").digest
        for entry in json.loads(copied.body)["manifests"]:
            child = json.loads(oci.manifest("other/app", entry["digest"]).body)
            for blob in [child["config"], *child["layers"]]:
                assert sha256(oci.blob("other/app", blob["digest"])) == blob["digest"]


def test_swr_sync_jobs_move_content(world: Emulator) -> None:
    world.seed({"swr": {"namespaces": [{"region": "cn-east-3", "name": "team"}]}})
    swr_call(
        world,
        SWR_BJ,
        "CreateManualImageSyncRepo",
        namespace="team",
        repository="app",
        body={"remote_region_id": "cn-east-3", "remote_namespace": "team", "image_tag": ["v1"]},
    )
    with connect(world, "huaweicloud", "cn-east-3", "cn-east-3") as oci:
        pulled = oci.manifest("team/app", "v1")
        assert pulled.digest == seeded_digest("team/app:v1")
        layer = json.loads(pulled.body)["layers"][0]
        assert sha256(oci.blob("team/app", layer["digest"])) == layer["digest"]


def test_acr_sync_tasks_copy_the_image_blobs(world: Emulator) -> None:
    world.seed(
        {
            "acr": {
                "instances": [
                    {"id": "cri-oci00000002", "region": "cn-shanghai", "namespaces": [{"name": "ns"}]}
                ]
            }
        }
    )
    params = {
        "InstanceId": ACR,
        "RepoId": repo_id(world),
        "Tag": "v1",
        "TargetInstanceId": "cri-oci00000002",
        "TargetNamespace": "ns",
        "TargetRegionId": "cn-shanghai",
        "TargetRepoName": "copy",
        "TargetTag": "v1",
    }
    task_id = acr_call(world, ACR_HZ, "CreateRepoSyncTask", params)["SyncTaskId"]
    task = acr_call(world, ACR_HZ, "GetRepoSyncTask", {"InstanceId": ACR, "SyncTaskId": task_id})
    with connect(world, "alibabacloud", ACR, ACR_HZ) as oci:
        manifest = json.loads(oci.manifest("team/app", "v1").body)
    blobs = [manifest["config"], *manifest["layers"]]
    assert [(t["Digest"], t["Size"]) for t in task["LayerTasks"]] == [(b["digest"], b["size"]) for b in blobs]
    assert task["SyncedSize"] == sum(b["size"] for b in blobs)
    with connect(world, "alibabacloud", "cri-oci00000002", "cn-shanghai") as oci:
        assert oci.manifest("ns/copy", "v1").digest == seeded_digest("team/app:v1")


def test_a_push_through_the_oci_api_is_a_push_for_the_cloud(world: Emulator) -> None:
    world.seed(
        {
            "tcr": {
                "registries": [
                    {"id": "tcr-oci00002", "region": "ap-singapore", "namespaces": [{"name": "mirror"}]}
                ]
            }
        }
    )
    tencent_call(
        world,
        "tcr",
        GZ,
        "ManageReplication",
        {
            "SourceRegistryId": TCR,
            "DestinationRegistryId": "tcr-oci00002",
            "DestinationRegionId": 9,
            "Rule": {
                "Name": "all",
                "DestNamespace": "mirror",
                "Override": True,
                "Filters": [{"Type": "name", "Value": "team/**"}],
            },
        },
    )
    with connect(world, "tencentcloud", TCR, GZ) as oci:
        pulled = oci.manifest("team/app", "v1")
        oci.push_manifest("team/app", "pushed", pulled.body, pulled.media_type)
    state = world.state()["tcr"]["ap-singapore"]["registries"]["tcr-oci00002"]["namespaces"]["mirror"]
    assert state["repositories"]["app"]["tags"]["pushed"]["digest"] == pulled.digest  # the rule fired
    with connect(world, "tencentcloud", "tcr-oci00002", "ap-singapore") as oci:
        assert oci.manifest("mirror/app", "pushed").body == pulled.body


def repo_id(emu: Emulator) -> Any:
    state = emu.state()["acr"][ACR_HZ]["instances"][ACR]["namespaces"]["team"]["repositories"]["app"]
    return state["id"]
