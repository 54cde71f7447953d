"""Standard clients against the emulated registries: crane, and the OCI conformance suite.

Both are built from Go modules by ``scripts/install-oci-tools`` (``scripts/test`` does it first);
without Go these tests are skipped, saying so. Each registry is logged in to with its own cloud's
login API, as a user would (``docker login`` with the TCR instance token, the SWR secret, the ACR
authorization token, or a plain registry's user).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import tarfile
from pathlib import Path
from typing import Any

import pytest

from pulumi_imagesync.emulator import Emulator
from pulumi_imagesync.emulator.registry.seeded import seeded_digest
from tests.support.clouds import tencent_call
from tests.support.oci_tools import oci_tools_bin
from tests.support.registry_logins import login

from .registry_world import GZ, PLAIN_LOGIN, REGISTRIES, TCR, WORLD

CONFORMANCE_NAMESPACE = "conformance"


@pytest.fixture(scope="module")
def tools() -> Path:
    return oci_tools_bin()


class Crane:
    """``crane`` with a docker config of its own, logged in to registries as their clouds allow."""

    def __init__(self, binary: Path, home: Path) -> None:
        self.binary = binary
        self.env = {**os.environ, "DOCKER_CONFIG": str(home), "NO_PROXY": "127.0.0.1,localhost"}

    def __call__(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [str(self.binary), *args], env=self.env, capture_output=True, text=True, timeout=300, check=False
        )
        if check and done.returncode != 0:
            raise AssertionError(f"crane {' '.join(args)} failed:\n{done.stderr}")
        return done

    def login(self, emu: Emulator, cloud: str, registry_id: str, region: str) -> str:
        """Log in with the cloud's own login API; the registry's host (``127.0.0.1:<port>``)."""
        host = str(emu.registry(cloud, registry_id)["endpoint"])
        username, password = login(emu, cloud, registry_id, region, **PLAIN_LOGIN)
        self("auth", "login", host, "-u", username, "-p", password)
        return host


@pytest.fixture
def crane(tools: Path, tmp_path: Path, emu: Emulator) -> Crane:
    emu.seed(WORLD)
    return Crane(tools / "crane", tmp_path / "docker")


@pytest.fixture
def hosts(crane: Crane, emu: Emulator) -> dict[str, str]:
    """Every registry of the world, logged in: cloud -> host."""
    return {
        cloud: crane.login(emu, cloud, registry_id, region) for cloud, registry_id, region, _ in REGISTRIES
    }


def test_crane_pushes_a_new_image_and_the_cloud_sees_the_push(
    crane: Crane, hosts: dict[str, str], emu: Emulator, tmp_path: Path
) -> None:
    layer = tmp_path / "layer.tar"
    layer.write_bytes(_tar({"hello.txt": b"hello from crane\n"}))
    ref = f"{hosts['tencentcloud']}/team/pushed:v1"
    crane("append", "-f", str(layer), "-t", ref)
    digest = crane("digest", ref).stdout.strip()
    image = tencent_call(
        emu,
        "tcr",
        GZ,
        "DescribeImages",
        {"RegistryId": TCR, "NamespaceName": "team", "RepositoryName": "pushed"},
    )["ImageInfoList"][0]
    assert (image["ImageVersion"], image["Digest"]) == ("v1", digest)
    assert crane("ls", f"{hosts['tencentcloud']}/team/pushed").stdout.split() == ["v1"]


def test_crane_pulls_a_seeded_image_whose_blobs_hash_to_their_digests(
    crane: Crane, hosts: dict[str, str], tmp_path: Path
) -> None:
    layout = tmp_path / "layout"
    crane("pull", "--format", "oci", f"{hosts['alibabacloud']}/team/app:v1", str(layout))
    (entry,) = json.loads((layout / "index.json").read_text())["manifests"]
    assert entry["digest"] == seeded_digest("team/app:v1")
    blobs = list((layout / "blobs" / "sha256").iterdir())
    assert len(blobs) == 3  # manifest, config, layer
    for blob in blobs:
        assert hashlib.sha256(blob.read_bytes()).hexdigest() == blob.name


@pytest.mark.parametrize(
    ("source", "destination"),
    [
        ("tencentcloud", "alibabacloud"),
        ("alibabacloud", "huaweicloud"),
        ("huaweicloud", "oci"),
        ("oci", "tencentcloud"),
    ],
)
def test_crane_copies_between_registries_of_different_clouds(
    crane: Crane, hosts: dict[str, str], emu: Emulator, source: str, destination: str
) -> None:
    target = f"{hosts[destination]}/team/copied:v1"
    crane("copy", f"{hosts[source]}/team/app:v1", target)
    assert crane("digest", target).stdout.strip() == seeded_digest("team/app:v1")
    before = emu.calls()["calls"][-1]["seq"]
    crane("copy", f"{hosts[source]}/team/app:v1", target)  # again: nothing to move
    again = [c for c in emu.calls(before)["calls"] if c["service"] == "registry"]
    assert not [c for c in again if c["action"] in ("GET blob", "PATCH upload", "PUT upload")]


def test_crane_copies_a_multi_arch_index_whole(crane: Crane, hosts: dict[str, str], emu: Emulator) -> None:
    source, target = f"{hosts['tencentcloud']}/team/app:multi", f"{hosts['alibabacloud']}/team/mirror:multi"
    before = emu.calls()["calls"][-1]["seq"]
    crane("copy", source, target)
    assert crane("digest", target).stdout.strip() == crane("digest", source).stdout.strip()
    uploads = [
        c for c in emu.calls(before)["calls"] if c["action"] == "PUT upload" and c["cloud"] == "alibabacloud"
    ]
    assert len(uploads) == 4  # a config and a layer per platform
    index = json.loads(crane("manifest", target).stdout)
    assert {m["platform"]["architecture"] for m in index["manifests"]} == {"amd64", "arm64"}


def test_crane_deletes_and_a_wrong_password_is_refused(
    crane: Crane, hosts: dict[str, str], emu: Emulator
) -> None:
    ref = f"{hosts['huaweicloud']}/team/app"
    crane("tag", f"{ref}:v1", "doomed")
    crane("delete", f"{ref}@{crane('digest', f'{ref}:doomed').stdout.strip()}")
    assert crane("ls", ref).stdout.split() == []  # the manifest and both its tags
    crane("auth", "login", hosts["alibabacloud"], "-u", "cr_temp_user", "-p", "wrong")
    refused = crane("ls", f"{hosts['alibabacloud']}/team/app", check=False)
    assert refused.returncode != 0 and "UNAUTHORIZED" in refused.stderr


@pytest.mark.parametrize(("cloud", "registry_id", "region", "_repository"), REGISTRIES)
def test_the_oci_conformance_suite_passes(
    tools: Path, emu: Emulator, tmp_path: Path, cloud: str, registry_id: str, region: str, _repository: str
) -> None:
    """Pull, push, content discovery and content management, at distribution-spec 1.1, with the
    cloud's own login (its token flow), against one registry of each kind."""
    emu.seed(WORLD)
    emu.seed(_namespace(cloud, registry_id, region))
    username, password = login(emu, cloud, registry_id, region, **PLAIN_LOGIN)
    env = {
        **os.environ,
        "OCI_VERSION": "1.1",
        "OCI_REGISTRY": str(emu.registry(cloud, registry_id)["endpoint"]),
        "OCI_TLS": "disabled",
        "OCI_REPO1": f"{CONFORMANCE_NAMESPACE}/repo1",
        "OCI_REPO2": f"{CONFORMANCE_NAMESPACE}/repo2",
        "OCI_USERNAME": username,
        "OCI_PASSWORD": password,
        "OCI_API_BLOBS_UPLOAD_CANCEL": "true",  # a 1.1+dev endpoint the emulator has
        "OCI_RESULTS_DIR": str(tmp_path / "results"),
        "NO_PROXY": "127.0.0.1,localhost",
    }
    done = subprocess.run(
        [str(tools / "conformance.test")],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    summary = done.stdout[done.stdout.find("OCI Conformance Result") :]
    assert done.returncode == 0, (
        f"{summary}\n{done.stderr[-3000:]}\n(report: {tmp_path / 'results' / 'report.html'})"
    )
    assert (
        "FAIL..........................:          0" in summary
        and "Skip..........................:          0" in summary
    )


def _namespace(cloud: str, registry_id: str, region: str) -> dict[str, Any]:
    namespace = {"name": CONFORMANCE_NAMESPACE}
    return {
        "tencentcloud": {
            "tcr": {"registries": [{"id": registry_id, "region": region, "namespaces": [namespace]}]}
        },
        "huaweicloud": {"swr": {"namespaces": [{"region": region, **namespace}]}},
        "alibabacloud": {
            "acr": {"instances": [{"id": registry_id, "region": region, "namespaces": [namespace]}]}
        },
        "oci": {},
    }[cloud]


def _tar(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()
