"""The OCI distribution API (v1.1) of an emulated registry, endpoint by endpoint, through httpx.

The OCI conformance suite covers the same ground with its own client (``test_oci_tools.py``); these
pin the answers down where they matter to the copy engine that will be built on them.
"""

from __future__ import annotations

import hashlib
import json
import os
from typing import Any

import pytest

from pulumi_imagesync.emulator import Emulator
from tests.support.oci_client import OciClient, refusal
from tests.support.registry_logins import client

from .registry_world import GZ, PLAIN, PLAIN_LOGIN, TCR, WORLD

OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_INDEX = "application/vnd.oci.image.index.v1+json"


@pytest.fixture
def oci(emu: Emulator) -> Any:
    emu.seed(WORLD)
    with client(emu, "tencentcloud", TCR, GZ) as connected:
        yield connected


def digest(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def image(oci: OciClient, repository: str, payload: bytes, **extra: Any) -> tuple[bytes, str]:
    """Push a one-layer image's blobs; its manifest (not pushed) and digest."""
    config = json.dumps(
        {"architecture": "amd64", "os": "linux", "rootfs": {"type": "layers", "diff_ids": []}}
    ).encode()
    for blob in (config, payload):
        oci.push_blob(repository, blob, digest(blob))
    doc = {
        "schemaVersion": 2,
        "mediaType": OCI_MANIFEST,
        "config": {
            "mediaType": "application/vnd.oci.image.config.v1+json",
            "digest": digest(config),
            "size": len(config),
        },
        "layers": [
            {
                "mediaType": "application/vnd.oci.image.layer.v1.tar",
                "digest": digest(payload),
                "size": len(payload),
            }
        ],
        **extra,
    }
    body = json.dumps(doc).encode()
    return body, digest(body)


def test_the_base_endpoint_answers_with_the_api_version(oci: OciClient) -> None:
    answer = oci.ping()
    assert answer.status_code == 200 and answer.headers["docker-distribution-api-version"] == "registry/2.0"


def test_monolithic_chunked_and_single_post_uploads(oci: OciClient) -> None:
    whole = os.urandom(3000)
    assert oci.push_blob("team/app", whole, digest(whole)).status_code == 201
    streamed = [os.urandom(1000) for _ in range(3)]
    joined = b"".join(streamed)
    created = oci.push_blob("team/streamed", iter(streamed), digest(joined))  # chunked transfer encoding
    assert created.headers["location"] == f"/v2/team/streamed/blobs/{digest(joined)}"
    pieces = [os.urandom(700), os.urandom(700), os.urandom(5)]
    chunked = oci.push_blob_chunked("team/app", pieces, digest(b"".join(pieces)))
    assert chunked.headers["docker-content-digest"] == digest(b"".join(pieces))
    single = os.urandom(100)
    answer = oci.request(
        "POST", "/v2/team/app/blobs/uploads/", params={"digest": digest(single)}, content=single
    )
    assert answer.status_code == 201
    for blob in (whole, b"".join(pieces), single):
        assert oci.blob("team/app", digest(blob)) == blob
    assert oci.blob("team/streamed", digest(joined)) == joined


def test_an_upload_takes_chunks_in_order_and_reports_where_it_stands(oci: OciClient) -> None:
    location = oci.request("POST", "/v2/team/app/blobs/uploads/").headers["location"]
    first = oci.request("PATCH", location, content=b"abc", headers={"Content-Range": "0-2"})
    assert (first.status_code, first.headers["range"]) == (202, "0-2")
    late = oci.request("PATCH", location, content=b"xyz", headers={"Content-Range": "5-7"}, ok=False)
    assert (late.status_code, late.json()["errors"][0]["code"]) == (416, "BLOB_UPLOAD_INVALID")
    status = oci.request("GET", location)
    assert (status.status_code, status.headers["range"]) == (204, "0-2")
    wrong = oci.request("PUT", location, params={"digest": digest(b"nope")}, ok=False)
    assert wrong.json()["errors"][0]["code"] == "DIGEST_INVALID"
    gone = oci.request("GET", location, ok=False)
    assert (gone.status_code, gone.json()["errors"][0]["code"]) == (404, "BLOB_UPLOAD_UNKNOWN")
    cancelled = oci.request("POST", "/v2/team/app/blobs/uploads/").headers["location"]
    assert oci.request("DELETE", cancelled).status_code == 204


def test_blobs_mount_from_repositories_the_caller_can_read(oci: OciClient, emu: Emulator) -> None:
    layer = json.loads(oci.manifest("team/app", "v1").body)["layers"][0]["digest"]
    mounted = oci.mount("other/mounted", layer, "team/app")
    assert (mounted.status_code, mounted.headers["location"]) == (201, f"/v2/other/mounted/blobs/{layer}")
    anonymous = oci.mount("other/anon", layer, None)  # OCI 1.1: mount without from
    assert anonymous.status_code == 201
    missing = oci.mount("other/mounted", digest(b"not here"), "team/app")
    assert (
        missing.status_code == 202 and "/blobs/uploads/" in missing.headers["location"]
    )  # an upload instead
    assert oci.blob("other/mounted", layer) == oci.blob("team/app", layer)


def test_manifests_by_tag_and_digest_with_their_references_checked(oci: OciClient) -> None:
    body, manifest_digest = image(oci, "team/new", b"layer")
    created = oci.push_manifest("team/new", "v1", body, OCI_MANIFEST)
    assert (created.status_code, created.headers["docker-content-digest"]) == (201, manifest_digest)
    assert created.headers["location"] == f"/v2/team/new/manifests/{manifest_digest}"
    by_digest = oci.push_manifest("team/new", manifest_digest, body, OCI_MANIFEST)
    assert by_digest.status_code == 201
    head = oci.request("HEAD", "/v2/team/new/manifests/v1")
    assert (head.headers["content-length"], head.headers["docker-content-digest"]) == (
        str(len(body)),
        manifest_digest,
    )
    wrong = refusal(lambda: oci.push_manifest("team/new", digest(b"other"), body, OCI_MANIFEST))
    assert wrong.codes == ["DIGEST_INVALID"]
    dangling = json.loads(body)
    dangling["layers"][0]["digest"] = digest(b"never pushed")
    refused = refusal(
        lambda: oci.push_manifest("team/new", "v2", json.dumps(dangling).encode(), OCI_MANIFEST)
    )
    assert refused.codes == ["MANIFEST_BLOB_UNKNOWN"]
    mismatch = refusal(lambda: oci.push_manifest("team/new", "v2", body, OCI_INDEX))
    assert mismatch.codes == ["MANIFEST_INVALID"]
    assert refusal(lambda: oci.push_manifest("team/new", "v2", b"{", OCI_MANIFEST)).codes == [
        "MANIFEST_INVALID"
    ]
    index = {
        "schemaVersion": 2,
        "mediaType": OCI_INDEX,
        "manifests": [{"mediaType": OCI_MANIFEST, "digest": digest(b"x"), "size": 1}],
    }
    missing_child = refusal(
        lambda: oci.push_manifest("team/new", "idx", json.dumps(index).encode(), OCI_INDEX)
    )
    assert missing_child.codes == ["MANIFEST_BLOB_UNKNOWN"]
    assert refusal(lambda: oci.manifest("team/new", "nope")).codes == ["MANIFEST_UNKNOWN"]
    assert refusal(lambda: oci.manifest("team/nothing", "v1")).codes == ["NAME_UNKNOWN"]
    assert refusal(lambda: oci.manifest("team/new", "sha256:bad")).status == 400


def test_a_manifest_with_a_subject_is_a_referrer(oci: OciClient) -> None:
    subject = oci.manifest("team/app", "v1")
    subject_descriptor = {
        "mediaType": subject.media_type,
        "digest": subject.digest,
        "size": len(subject.body),
    }
    body, referrer = image(
        oci, "team/app", b"sbom", artifactType="application/spdx+json", subject=subject_descriptor
    )
    pushed = oci.push_manifest("team/app", referrer, body, OCI_MANIFEST)
    assert pushed.headers["oci-subject"] == subject.digest
    (listed,) = oci.referrers("team/app", subject.digest).json()["manifests"]
    assert (listed["digest"], listed["artifactType"], listed["size"]) == (
        referrer,
        "application/spdx+json",
        len(body),
    )
    assert oci.referrers("team/app", digest(b"nothing refers to this")).json()["manifests"] == []


def test_tags_are_listed_in_order_a_page_at_a_time(oci: OciClient) -> None:
    body, _ = image(oci, "team/paged", b"x")
    for tag in ("c", "a", "b", "d"):
        oci.push_manifest("team/paged", tag, body, OCI_MANIFEST)
    assert oci.tags("team/paged").json() == {"name": "team/paged", "tags": ["a", "b", "c", "d"]}
    first = oci.tags("team/paged", n=2)
    assert first.json()["tags"] == ["a", "b"]
    assert first.headers["link"] == '</v2/team/paged/tags/list?n=2&last=b>; rel="next"'
    last = oci.tags("team/paged", n=2, last="b")
    assert last.json()["tags"] == ["c", "d"] and "link" not in last.headers
    assert refusal(lambda: oci.tags("team/unknown")).codes == ["NAME_UNKNOWN"]


def test_deletes_of_tags_manifests_and_blobs(oci: OciClient, emu: Emulator) -> None:
    body, manifest_digest = image(oci, "team/gone", b"bye")
    for tag in ("one", "two", "keep"):
        oci.push_manifest("team/gone", tag, body, OCI_MANIFEST)
    assert oci.delete("team/gone", "manifests", "keep").status_code == 202
    assert oci.tags("team/gone").json()["tags"] == ["one", "two"]
    assert oci.delete("team/gone", "manifests", manifest_digest).status_code == 202  # and its tags
    assert oci.tags("team/gone").json()["tags"] == []
    assert (
        emu.state()["tcr"][GZ]["registries"][TCR]["namespaces"]["team"]["repositories"]["gone"]["tags"] == {}
    )
    assert refusal(lambda: oci.manifest("team/gone", manifest_digest)).codes == ["MANIFEST_UNKNOWN"]
    layer = digest(b"bye")
    assert oci.delete("team/gone", "blobs", layer).status_code == 202
    assert refusal(lambda: oci.blob("team/gone", layer)).status == 404
    assert refusal(lambda: oci.delete("team/gone", "blobs", layer)).codes == ["BLOB_UNKNOWN"]


def test_blob_ranges(oci: OciClient) -> None:
    data = bytes(range(256)) * 4
    oci.push_blob("team/app", data, digest(data))
    part = oci.request("GET", f"/v2/team/app/blobs/{digest(data)}", headers={"Range": "bytes=10-19"})
    assert (part.status_code, part.content, part.headers["content-range"]) == (
        206,
        data[10:20],
        "bytes 10-19/1024",
    )
    tail = oci.request("GET", f"/v2/team/app/blobs/{digest(data)}", headers={"Range": "bytes=-4"})
    assert tail.content == data[-4:]


def test_the_catalog_lists_the_repositories_of_the_callers_account(oci: OciClient) -> None:
    assert oci.request("GET", "/v2/_catalog").json() == {"repositories": ["team/app"]}
    paged = oci.request("GET", "/v2/_catalog", params={"n": 0})
    assert paged.json() == {"repositories": []}


def test_names_and_namespaces(oci: OciClient) -> None:
    assert refusal(lambda: oci.tags("Team/App")).codes == ["NAME_INVALID"]
    assert refusal(lambda: oci.tags("nonamespace")).codes == ["NAME_UNKNOWN"]
    refused = refusal(lambda: oci.request("POST", "/v2/missing/app/blobs/uploads/"))
    assert refused.codes == ["NAME_UNKNOWN"]  # TCR makes repositories on push, not namespaces


def test_a_plain_registry_takes_any_repository_and_lists_its_catalog(emu: Emulator) -> None:
    emu.seed(WORLD)
    with client(emu, "oci", PLAIN, **PLAIN_LOGIN) as oci:
        body, _ = image(oci, "deep/nested/name", b"plain")
        oci.push_manifest("deep/nested/name", "v1", body, OCI_MANIFEST)
        assert oci.request("GET", "/v2/_catalog").json() == {"repositories": ["deep/nested/name", "team/app"]}
        assert emu.state()["oci"]["registries"][PLAIN]["repositories"]["deep/nested/name"]["tags"]["v1"]
    with client(emu, "oci", "public") as anonymous:  # a plain registry seeded without a user
        assert anonymous.ping().status_code == 200
