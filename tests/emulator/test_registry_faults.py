"""Faults on registry traffic (``service: "registry"``), and the call log that counts it."""

from __future__ import annotations

import json

import httpx
import pytest

from pulumi_imagesync.emulator import Emulator
from tests.support.oci_client import OciClient, RegistryFailure
from tests.support.registry_logins import client

from .registry_world import GZ, SWR_BJ, TCR, WORLD


@pytest.fixture
def oci(emu: Emulator) -> OciClient:
    emu.seed(WORLD)
    connected = client(emu, "tencentcloud", TCR, GZ)
    connected.manifest("team/app", "v1")  # logged in before any fault
    return connected


def registry_calls(emu: Emulator, action: str) -> list[dict[str, object]]:
    return [c for c in emu.calls()["calls"] if c["service"] == "registry" and c["action"] == action]


def test_throttled_blob_downloads_answer_429_too_many_requests(oci: OciClient, emu: Emulator) -> None:
    emu.faults(
        {"rules": [{"service": "registry", "action": "GET blob", "kind": "throttle", "rate": 1, "tokens": 0}]}
    )
    layer = json.loads(oci.manifest("team/app", "v1").body)["layers"][0]["digest"]  # manifests still flow
    answer = oci.request("GET", f"/v2/team/app/blobs/{layer}", ok=False)
    assert (answer.status_code, answer.headers["retry-after"]) == (429, "1")
    assert answer.json()["errors"][0]["code"] == "TOOMANYREQUESTS"
    assert [c["outcome"] for c in registry_calls(emu, "GET blob")] == ["TOOMANYREQUESTS"]


def test_http_errors_error_envelopes_and_regions(oci: OciClient, emu: Emulator) -> None:
    emu.faults(
        {
            "rules": [
                {
                    "service": "registry",
                    "action": "GET tags",
                    "kind": "http_error",
                    "status": 502,
                    "times": 1,
                },
                {
                    "service": "registry",
                    "action": "GET referrers",
                    "kind": "error",
                    "code": "UNKNOWN",
                    "status": 500,
                },
                {"service": "registry", "region": SWR_BJ, "kind": "error", "code": "DENIED", "status": 403},
            ]
        }
    )
    bad_gateway = oci.request("GET", "/v2/team/app/tags/list", ok=False)
    assert bad_gateway.status_code == 502 and bad_gateway.headers["content-type"] == "text/html"
    assert oci.tags("team/app").json()["tags"]  # times: 1
    digest = oci.manifest("team/app", "v1").digest
    broken = oci.request("GET", f"/v2/team/app/referrers/{digest}", ok=False)
    assert (broken.status_code, broken.json()["errors"][0]["code"]) == (500, "UNKNOWN")
    swr_endpoint = emu.registry("huaweicloud", SWR_BJ)["endpoint"]
    assert httpx.get(f"http://{swr_endpoint}/v2/").status_code == 403  # only the SWR region's registry
    assert [rule["fired"] for rule in emu.world.faults_json()["rules"]] == [1, 1, 1]


def test_an_answer_lost_after_a_push_took_effect(oci: OciClient, emu: Emulator) -> None:
    pulled = oci.manifest("team/app", "v1")
    oci.push_manifest("team/app", "warm", pulled.body, pulled.media_type)  # holds a token for pushes now
    emu.faults(
        {"rules": [{"service": "registry", "action": "PUT manifest", "kind": "drop", "when": "after"}]}
    )
    with pytest.raises(httpx.TransportError):
        oci.push_manifest("team/app", "lost", pulled.body, pulled.media_type)
    put = registry_calls(emu, "PUT manifest")[-1]
    assert (put["outcome"], put["result"]) == ("dropped", "ok")
    emu.faults({})
    assert oci.manifest("team/app", "lost").digest == pulled.digest  # the tag was written


def test_latency_slows_registry_requests_and_the_rule_counts_them(oci: OciClient, emu: Emulator) -> None:
    emu.faults(
        {"rules": [{"service": "registry", "action": "HEAD manifest", "kind": "latency", "seconds": 0.05}]}
    )
    for _ in range(3):
        oci.request("HEAD", "/v2/team/app/manifests/v1")
    (rule,) = emu.world.faults_json()["rules"]
    assert (rule["seen"], rule["fired"]) == (3, 3)


def test_the_call_log_counts_the_blobs_a_pull_transfers(oci: OciClient, emu: Emulator) -> None:
    index = json.loads(oci.manifest("team/app", "multi").body)
    before = len(registry_calls(emu, "GET blob"))
    pulled = 0
    for entry in index["manifests"]:
        image = json.loads(oci.manifest("team/app", entry["digest"]).body)
        for blob in [image["config"], *image["layers"]]:
            pulled += len(oci.blob("team/app", blob["digest"]))
    downloads = registry_calls(emu, "GET blob")[before:]
    assert len(downloads) == 4 and sum(int(c["bytes"]) for c in downloads) == pulled  # type: ignore[call-overload]
    with pytest.raises(RegistryFailure):
        oci.blob("team/app", "sha256:" + "0" * 64)
    assert registry_calls(emu, "HEAD blob")[-1]["outcome"] == "BLOB_UNKNOWN"
