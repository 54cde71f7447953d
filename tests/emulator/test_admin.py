"""The /_emulator/ admin API over HTTP, and the in-process methods that mirror it."""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Callable
from typing import Any

from tencentcloud.common.exception.tencent_cloud_sdk_exception import TencentCloudSDKException
from tencentcloud.tcr.v20190924 import tcr_client

from pulumi_imagesync.emulator import DEFAULT_ACCESS_KEY_ID, Emulator

from .helpers import digest_of, outcome, raw_http, sdk_call, seed_tags

TcrFactory = Callable[..., tcr_client.TcrClient]
GZ = "ap-guangzhou"


def admin(emu: Emulator, method: str, name: str, doc: Any = None) -> tuple[int, Any]:
    body = b"" if doc is None else json.dumps(doc).encode()
    status, headers, answer = raw_http(
        emu.endpoint, method, f"/_emulator/{name}", body, {"Content-Type": "application/json"}
    )
    assert headers["Content-Type"] == "application/json"
    return status, answer


def test_health(emu: Emulator) -> None:
    assert admin(emu, "GET", "health") == (200, {"ok": True})


def test_state_is_the_whole_world_without_secrets(demo: Emulator) -> None:
    status, state = admin(demo, "GET", "state")
    assert status == 200
    assert {"emulated_time", "time_scale", "accounts", "tcr"} <= set(state)
    assert state["accounts"] == [{"access_key_id": DEFAULT_ACCESS_KEY_ID, "account_id": "100000000001"}]
    assert sorted(state["tcr"]) == ["ap-guangzhou", "ap-singapore"]
    gz = state["tcr"][GZ]["registries"]
    assert sorted(gz) == ["tcr-e8pg46c6", "tcr-xxx"]
    assert sorted(gz["tcr-xxx"]["namespaces"]) == ["prod", "test"]
    assert sorted(gz["tcr-xxx"]["namespaces"]["prod"]["repositories"]["app"]["tags"]) == ["test", "v1", "v2"]
    assert "secret" not in json.dumps(state)
    assert state == json.loads(json.dumps(demo.state())) | {"emulated_time": state["emulated_time"]}


def test_seed_merges_and_tags_get_derived_digests(emu: Emulator) -> None:
    doc = {
        "tcr": {"registries": [{"id": "tcr-a", "region": GZ, "name": "a", "namespaces": [seed_tags("v1")]}]}
    }
    assert admin(emu, "POST", "seed", doc) == (200, {"ok": True})
    more = {
        "tcr": {
            "registries": [{"id": "tcr-a", "region": GZ, "namespaces": [seed_tags("v2"), {"name": "other"}]}]
        }
    }
    emu.seed(more)
    state = emu.state()
    registry = state["tcr"][GZ]["registries"]["tcr-a"]
    assert (registry["name"], registry["account_id"], registry["status"]) == ("a", "100000000001", "Running")
    assert sorted(registry["namespaces"]["develop"]["repositories"]["app"]["tags"]) == ["v1", "v2"]
    v1 = digest_of(state, GZ, "tcr-a", "develop", "app", "v1")
    assert v1 is not None and v1.startswith("sha256:") and len(v1) == 71
    emu.seed({"tcr": {"registries": [{"id": "tcr-b", "region": GZ, "namespaces": [seed_tags("v1")]}]}})
    assert digest_of(emu.state(), GZ, "tcr-b", "develop", "app", "v1") == v1  # same names, same image


def test_a_bad_seed_changes_nothing_and_names_the_problem(emu: Emulator) -> None:
    bad = {
        "accounts": [{"access_key_id": "AKIDx", "access_key_secret": "s", "account_id": "2"}],
        "tcr": {"registries": [{"id": "tcr-a", "region": GZ}, {"id": "tcr-b", "region": "mars-1"}]},
    }
    status, answer = admin(emu, "POST", "seed", bad)
    assert status == 400
    assert "tcr.registries[1].region" in answer["error"]
    assert emu.state()["tcr"] == {} and len(emu.state()["accounts"]) == 1
    bad_docs: list[Any] = [{"nope": {}}, {"tcr": {"registries": [{"region": GZ}]}}, [1]]
    for doc in bad_docs:
        assert admin(emu, "POST", "seed", doc)[0] == 400
    tag = {
        "tcr": {
            "registries": [
                {
                    "id": "tcr-a",
                    "region": GZ,
                    "namespaces": [
                        {"name": "n", "repositories": [{"name": "r", "tags": {"t": {"digest": "md5:1"}}}]}
                    ],
                }
            ]
        }
    }
    assert "digest" in admin(emu, "POST", "seed", tag)[1]["error"]


def test_seeded_accounts_can_call(emu: Emulator, tcr: TcrFactory) -> None:
    emu.seed(
        {"accounts": [{"access_key_id": "AKIDpeer", "access_key_secret": "p", "account_id": "100000000002"}]}
    )
    assert sdk_call(tcr(secret_id="AKIDpeer", secret_key="p"), "DescribeInstances")["TotalCount"] == 0
    assert {"access_key_id": "AKIDpeer", "account_id": "100000000002"} in emu.state()["accounts"]


def test_reset_restores_a_named_world_and_clears_faults_calls_and_scale(
    emu: Emulator, tcr: TcrFactory
) -> None:
    emu.faults({"rules": [{"kind": "error"}], "time_scale": 50})
    assert admin(emu, "POST", "reset", {"world": "demo"}) == (200, {"ok": True})
    assert emu.faults({"rules": []}) == {"rules": []}
    assert emu.state()["time_scale"] == 1.0
    assert "tcr-xxx" in emu.state()["tcr"][GZ]["registries"]
    sdk_call(tcr(), "DescribeRegions")
    assert len(emu.calls()["calls"]) == 1
    assert admin(emu, "POST", "reset") == (200, {"ok": True})  # back to the start world: empty
    assert emu.state()["tcr"] == {} and emu.calls() == {"calls": []}
    assert admin(emu, "POST", "reset", {"world": "nope"})[0] == 400


def test_clock_advance_and_scale(emu: Emulator) -> None:
    before = emu.state()["emulated_time"]
    status, clock = admin(emu, "POST", "clock", {"advance": 3600})
    assert status == 200 and clock["emulated_time"] >= before + 3600
    status, clock = admin(emu, "POST", "clock", {"time_scale": 20})
    assert (status, clock["time_scale"]) == (200, 20)
    assert admin(emu, "POST", "clock", {"advance": -1})[0] == 400
    assert admin(emu, "GET", "clock")[1]["time_scale"] == 20


def test_the_call_log(demo: Emulator, tcr: TcrFactory) -> None:
    client = tcr()
    sdk_call(client, "DescribeRegions")
    with contextlib.suppress(TencentCloudSDKException):
        sdk_call(client, "DescribeNamespaces", {"RegistryId": "tcr-nope"})
    demo.faults({"rules": [{"action": "DescribeImages", "kind": "http_error", "status": 503}]})
    with contextlib.suppress(TencentCloudSDKException):
        sdk_call(
            client,
            "DescribeImages",
            {"RegistryId": "tcr-xxx", "NamespaceName": "prod", "RepositoryName": "app"},
        )
    admin(demo, "GET", "state")
    status, log = admin(demo, "GET", "calls")
    assert status == 200
    calls = log["calls"]
    assert [(c["action"], c["outcome"]) for c in calls] == [
        ("DescribeRegions", "ok"),
        ("DescribeNamespaces", "ResourceNotFound"),
        ("DescribeImages", "http_503"),
    ]
    first = calls[0]
    assert {k: first[k] for k in ("seq", "cloud", "service", "region", "account_id")} == {
        "seq": 1,
        "cloud": "tencentcloud",
        "service": "tcr",
        "region": GZ,
        "account_id": "100000000001",
    }
    assert first["real_time"] > 1e9 and first["emulated_time"] > 1e9
    assert [c["seq"] for c in admin(demo, "GET", "calls?since=2")[1]["calls"]] == [3]
    assert admin(demo, "GET", "calls?since=x")[0] == 400


def test_unknown_admin_endpoints(emu: Emulator) -> None:
    assert admin(emu, "GET", "nope")[0] == 404
    assert admin(emu, "DELETE", "state")[0] == 405
    status, _, answer = raw_http(emu.endpoint, "POST", "/_emulator/seed", b"{not json", {})
    assert status == 400 and "JSON" in answer["error"]


def test_a_call_in_flight_during_a_reset_does_not_reach_the_new_world(demo: Emulator, tcr: Any) -> None:
    demo.faults({"rules": [{"action": "DescribeImages", "kind": "latency", "seconds": 1.0}]})
    params = {"RegistryId": "tcr-e8pg46c6", "NamespaceName": "develop", "RepositoryName": "app"}
    client = tcr()
    results: list[str] = []
    slow = threading.Thread(
        target=lambda: results.append(outcome(lambda: sdk_call(client, "DescribeImages", params)))
    )
    slow.start()
    time.sleep(0.3)  # the call is inside its second of latency
    demo.reset(world="demo")
    slow.join()
    assert results == ["ClientNetworkError"]  # its answer was dropped with its world
    assert demo.calls()["calls"] == []
