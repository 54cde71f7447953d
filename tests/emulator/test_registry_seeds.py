"""What a seed can ask of its images, what it may not, and big blobs in bounded memory."""

from __future__ import annotations

import hashlib
import json
import os
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pulumi_imagesync.emulator import Emulator
from pulumi_imagesync.emulator.errors import AdminError
from pulumi_imagesync.emulator.registry.generated import GeneratedBytes
from pulumi_imagesync.emulator.registry.seeded import seeded_digest
from tests.support.clouds import tencent_call
from tests.support.registry_logins import client

from .registry_world import GZ, TCR

MiB = 1 << 20


def seed(emu: Emulator, **tags: Any) -> None:
    repository = {"name": "app", "tags": tags}
    emu.seed(
        {
            "tcr": {
                "registries": [
                    {"id": TCR, "region": GZ, "namespaces": [{"name": "team", "repositories": [repository]}]}
                ]
            }
        }
    )


def described(emu: Emulator, tag: str) -> dict[str, Any]:
    params = {
        "RegistryId": TCR,
        "NamespaceName": "team",
        "RepositoryName": "app",
        "ImageVersion": tag,
        "ExactMatch": True,
    }
    found: dict[str, Any] = tencent_call(emu, "tcr", GZ, "DescribeImages", params)["ImageInfoList"][0]
    return found


def test_sizes_layers_labels_and_pinned_digests(emu: Emulator) -> None:
    seed(
        emu,
        sized={"size": 5000},
        layered={"layers": [10, 2000, 0]},
        labelled={"image": "shared"},
        pinned={"image": "shared", "digest": seeded_digest("shared")},
    )
    assert described(emu, "sized")["Size"] == 5000
    with client(emu, "tencentcloud", TCR, GZ) as oci:
        layers = json.loads(oci.manifest("team/app", "layered").body)["layers"]
        assert [layer["size"] for layer in layers] == [10, 2000, 0]
        assert oci.blob("team/app", layers[2]["digest"]) == b""
    assert (
        described(emu, "labelled")["Digest"] == described(emu, "pinned")["Digest"] == seeded_digest("shared")
    )
    assert (
        seeded_digest("shared")
        != seeded_digest("shared", size=5000)
        != seeded_digest("shared", format="docker")
    )


@pytest.mark.parametrize(
    ("tag", "message"),
    [
        ({"size": 10}, "size must be at least"),
        ({"size": 5000, "layers": [1]}, "size or layers"),
        ({"layers": [-1]}, "layers[0] must be a non-negative integer"),
        ({"platforms": ["linux"]}, "platforms[0]"),
        ({"platforms": ["linux/amd64", "linux/amd64"]}, "must not repeat"),
        ({"format": "helm"}, "format must be one of"),
        ({"signatures": ["sig", "nope"]}, "signatures[1]"),
        ({"referrers": [{"annotations": {}}]}, "artifact_type"),
        ({"digest": "sha256:" + "0" * 64}, "this seed makes the image"),
        ({"digest": "md5:1"}, "digest must look like"),
        ({"opaque": True}, "digest must be a non-empty string"),
        (
            {"opaque": True, "digest": "sha256:" + "0" * 64, "image": "x"},
            "opaque tag takes digest and size only",
        ),
        ({"colour": "blue"}, "unknown keys"),
    ],
)
def test_a_bad_image_seed_changes_nothing_and_names_the_problem(
    emu: Emulator, tag: Any, message: str
) -> None:
    with pytest.raises(AdminError, match=message.replace("[", r"\[").replace("]", r"\]")) as error:
        seed(emu, bad=tag)
    assert "tags.bad" in str(error.value)
    assert emu.state()["tcr"] == {} and emu.registries() == []


def test_an_opaque_tag_holds_its_digest_and_no_manifest(emu: Emulator) -> None:
    recorded = "sha256:" + "ab" * 32
    seed(emu, old={"opaque": True, "digest": recorded, "size": 123})
    assert (described(emu, "old")["Digest"], described(emu, "old")["Size"]) == (recorded, 123)
    with client(emu, "tencentcloud", TCR, GZ) as oci:
        assert oci.tags("team/app").json()["tags"] == ["old"]
        assert oci.request("GET", "/v2/team/app/manifests/old", ok=False).status_code == 404


def test_plain_registry_seeds_are_checked(emu: Emulator) -> None:
    for registry, message in [
        ({"id": "Bad_Id"}, "lower-case"),
        ({"id": "mirror", "username": "u"}, "go together"),
        ({"id": "mirror", "repositories": [{"name": "UPPER/case"}]}, "not an OCI repository name"),
    ]:
        with pytest.raises(AdminError, match=message):
            emu.seed({"oci": {"registries": [registry]}})
    assert emu.state()["oci"] == {"registries": {}}


def test_generated_bytes_are_deterministic_and_any_range_stands_alone() -> None:
    generated = GeneratedBytes("seed", 3 * MiB + 17)
    whole = b"".join(generated.chunks())
    assert len(whole) == generated.size and whole == b"".join(GeneratedBytes("seed", 3 * MiB + 17).chunks())
    assert b"".join(generated.chunks(MiB - 5, 2 * MiB + 9)) == whole[MiB - 5 : 2 * MiB + 9]
    assert generated.digest == "sha256:" + hashlib.sha256(whole).hexdigest()
    assert whole[:MiB] != whole[MiB : 2 * MiB]  # blocks differ


def test_a_big_layer_is_streamed_both_ways_in_bounded_memory(emu: Emulator) -> None:
    """A 48 MiB seeded layer pulled, and pushed again to another repository, with less than 8 MiB
    ever allocated (by the emulator and the client together: they share this process)."""
    seed(emu, big={"layers": [48 * MiB]})
    with client(emu, "tencentcloud", TCR, GZ) as oci:
        layer = json.loads(oci.manifest("team/app", "big").body)["layers"][0]
        oci.request("POST", "/v2/team/copy/blobs/uploads/")  # logs in for pushes before measuring
        tracemalloc.start()
        try:
            pulled = sum(len(piece) for piece in oci.stream_blob("team/app", layer["digest"]))
            pushed = oci.push_blob("team/copy", regenerate(48 * MiB, "team/app:big||0"), layer["digest"])
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert pulled == 48 * MiB and pushed.status_code == 201
    assert peak < 8 * MiB, f"peak {peak / MiB:.1f} MiB"
    stored = [path for path in blob_files(emu) if path.stat().st_size == 48 * MiB]
    assert stored == [], "an upload of a blob the store has is dropped, not kept twice"


def test_uploaded_blobs_live_in_files_that_a_reset_removes(emu: Emulator) -> None:
    seed(emu)
    data = os.urandom(200_000)
    with client(emu, "tencentcloud", TCR, GZ) as oci:
        oci.push_blob("team/app", data, "sha256:" + hashlib.sha256(data).hexdigest())
    (stored,) = [path for path in blob_files(emu) if path.stat().st_size == len(data)]
    assert stored.read_bytes() == data
    root = emu.world.hub.store.root
    emu.reset("empty")
    assert not root.exists() and emu.world.hub.store.root.exists()


def regenerate(size: int, seed_label: str) -> Iterator[bytes]:
    """The bytes of a generated layer again, in pieces (what a copy tool would stream)."""
    yield from GeneratedBytes(seed_label, size).chunks()


def blob_files(emu: Emulator) -> list[Path]:
    return [path for path in emu.world.hub.store.root.iterdir() if path.name.startswith("blob-")]
