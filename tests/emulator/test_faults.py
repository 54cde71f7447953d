"""Fault injection through the real SDK: errors, 5xx, dropped connections, latency, throttling."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from tencentcloud.common.exception.tencent_cloud_sdk_exception import TencentCloudSDKException
from tencentcloud.tcr.v20190924 import tcr_client

from pulumi_imagesync.emulator import Emulator

from .helpers import digest_of, outcome, raw_http, sdk_call

TcrFactory = Callable[..., tcr_client.TcrClient]
GZ = "ap-guangzhou"
PROMOTE = {
    "RegistryId": "tcr-e8pg46c6",
    "SourceNamespace": "develop",
    "SourceRepo": "app",
    "SourceReference": "stg",
    "DestinationNamespace": "release",
    "DestinationTag": "prd",
    "Override": True,
}
IMAGES = {"RegistryId": "tcr-e8pg46c6", "NamespaceName": "develop", "RepositoryName": "app"}


def rule(**fields: Any) -> dict[str, Any]:
    return {"rules": [{"cloud": "tencentcloud", "service": "tcr", **fields}]}


def promoted(emu: Emulator) -> bool:
    return digest_of(emu.state(), GZ, "tcr-e8pg46c6", "release", "app", "prd") is not None


def test_error_before_answers_the_cloud_envelope_and_does_nothing(demo: Emulator, tcr: TcrFactory) -> None:
    demo.faults(rule(action="DuplicateImage", kind="error", code="InternalError.DbError", message="db down"))
    with pytest.raises(TencentCloudSDKException) as caught:
        sdk_call(tcr(), "DuplicateImage", PROMOTE)
    assert (caught.value.code, caught.value.message) == ("InternalError.DbError", "db down")
    assert caught.value.requestId
    assert not promoted(demo)


def test_error_after_executes_the_action(demo: Emulator, tcr: TcrFactory) -> None:
    demo.faults(rule(action="DuplicateImage", kind="error", when="after"))
    assert outcome(lambda: sdk_call(tcr(), "DuplicateImage", PROMOTE)) == "InternalError"
    assert promoted(demo)
    demo.faults({})
    retry = outcome(lambda: sdk_call(tcr(), "DuplicateImage", {**PROMOTE, "Override": False}))
    assert retry == "FailedOperation.PreconditionFailed"  # a blind retry must cope with its own success


def test_the_call_log_tells_what_the_caller_got_from_what_the_action_did(
    demo: Emulator, tcr: TcrFactory
) -> None:
    demo.faults(
        {
            "rules": [
                {"action": "DuplicateImage", "kind": "error", "times": 1},
                {"action": "DuplicateImage", "kind": "drop", "when": "after", "times": 1},
            ]
        }
    )
    for _ in range(3):
        outcome(lambda: sdk_call(tcr(), "DuplicateImage", PROMOTE))
    outcome(lambda: sdk_call(tcr(), "DuplicateImage", {**PROMOTE, "Override": False}))
    log = [(c["outcome"], c["result"]) for c in demo.calls()["calls"]]
    assert log == [
        ("InternalError", None),  # answered before it ran
        ("dropped", "ok"),  # it ran; the caller never heard
        ("ok", "ok"),
        ("FailedOperation.PreconditionFailed", "FailedOperation.PreconditionFailed"),
    ]


def test_http_error_is_a_server_network_error(demo: Emulator, tcr: TcrFactory) -> None:
    demo.faults(rule(kind="http_error", status=502))
    with pytest.raises(TencentCloudSDKException) as caught:
        sdk_call(tcr(), "DescribeImages", IMAGES)
    assert caught.value.code == "ServerNetworkError"
    assert b"502" in caught.value.message
    assert demo.calls()["calls"][-1]["outcome"] == "http_502"


def test_drop_before_is_a_client_network_error_and_does_nothing(demo: Emulator, tcr: TcrFactory) -> None:
    demo.faults(rule(action="DuplicateImage", kind="drop"))
    assert outcome(lambda: sdk_call(tcr(), "DuplicateImage", PROMOTE)) == "ClientNetworkError"
    assert not promoted(demo)
    assert demo.calls()["calls"][-1]["outcome"] == "dropped"


def test_drop_after_executes_the_action(demo: Emulator, tcr: TcrFactory) -> None:
    demo.faults(rule(action="DuplicateImage", kind="drop", when="after"))
    assert outcome(lambda: sdk_call(tcr(), "DuplicateImage", PROMOTE)) == "ClientNetworkError"
    assert promoted(demo)


def test_latency_past_the_client_timeout(demo: Emulator, tcr: TcrFactory) -> None:
    demo.faults(rule(action="DescribeImages", kind="latency", seconds=1.0))
    started = time.monotonic()
    assert outcome(lambda: sdk_call(tcr(timeout=0.3), "DescribeImages", IMAGES)) == "ClientNetworkError"
    assert time.monotonic() - started < 0.9
    started = time.monotonic()
    assert sdk_call(tcr(timeout=5), "DescribeImages", IMAGES)["TotalCount"] == 2
    assert time.monotonic() - started >= 1.0


def test_latency_before_still_executes(demo: Emulator, tcr: TcrFactory) -> None:
    demo.faults(rule(action="DuplicateImage", kind="latency", seconds=0.6))
    assert outcome(lambda: sdk_call(tcr(timeout=0.2), "DuplicateImage", PROMOTE)) == "ClientNetworkError"
    deadline = time.monotonic() + 3
    while not promoted(demo):
        assert time.monotonic() < deadline
        time.sleep(0.05)


def test_throttle_at_a_rate(demo: Emulator, tcr: TcrFactory) -> None:
    demo.faults(rule(action="DescribeImages", kind="throttle", rate=4))
    client = tcr()
    results = [outcome(lambda: sdk_call(client, "DescribeImages", IMAGES)) for _ in range(12)]
    assert results[:4] == ["ok"] * 4
    assert results.count("RequestLimitExceeded") >= 6
    time.sleep(0.6)
    assert outcome(lambda: sdk_call(client, "DescribeImages", IMAGES)) == "ok"
    assert outcome(lambda: sdk_call(client, "DescribeRegions")) == "ok"  # other actions have their own bucket


def test_times_and_skip(demo: Emulator, tcr: TcrFactory) -> None:
    demo.faults(rule(action="DescribeImages", kind="error", code="InternalError", skip=1, times=2))
    client = tcr()
    results = [outcome(lambda: sdk_call(client, "DescribeImages", IMAGES)) for _ in range(4)]
    assert results == ["ok", "InternalError", "InternalError", "ok"]
    (listed,) = demo.faults({**rule(kind="drop", times=0)})["rules"]
    assert listed["fired"] == 0


def test_match_keys_narrow_a_rule(demo: Emulator, tcr: TcrFactory) -> None:
    demo.faults(
        {"rules": [{"region": "ap-singapore", "kind": "error"}, {"cloud": "huaweicloud", "kind": "drop"}]}
    )
    assert outcome(lambda: sdk_call(tcr(), "DescribeImages", IMAGES)) == "ok"
    assert outcome(lambda: sdk_call(tcr("ap-singapore"), "DescribeRegions")) == "InternalError"
    demo.faults({"rules": [{"action": "*", "kind": "error", "code": "Everything"}]})
    assert outcome(lambda: sdk_call(tcr(), "DescribeRegions")) == "Everything"


class FrozenMonotonic:
    """The dispatcher's clock stopped: a burst of calls all arrive in the same instant, however
    slow the machine, so the buckets cannot refill between them."""

    def __init__(self) -> None:
        self.now = time.monotonic()
        self.time = time.time
        self.sleep = time.sleep

    def monotonic(self) -> float:
        return self.now


def test_documented_rate_limits(demo: Emulator, tcr: TcrFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    from pulumi_imagesync.emulator import dispatch

    monkeypatch.setattr(dispatch, "time", FrozenMonotonic())
    demo.faults({"rate_limits": "documented"})
    client = tcr()
    reads = [outcome(lambda: sdk_call(client, "DescribeImages", IMAGES)) for _ in range(30)]
    assert set(reads) == {"ok"}  # DescribeImages: 100 a second
    writes = [outcome(lambda: sdk_call(client, "DuplicateImage", PROMOTE)) for _ in range(30)]
    assert writes == ["ok"] * 20 + ["RequestLimitExceeded"] * 10
    assert demo.faults({})["rules"] == []


def test_documented_limits_count_per_caller_not_per_region(
    demo: Emulator, tcr: TcrFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tencent counts API + access region + sub-account; the emulator is one access region."""
    from pulumi_imagesync.emulator import dispatch

    monkeypatch.setattr(dispatch, "time", FrozenMonotonic())
    demo.seed(
        {"accounts": [{"access_key_id": "AKIDpeer", "access_key_secret": "s", "account_id": "100000000002"}]}
    )
    demo.faults({"rate_limits": "documented"})
    for _ in range(20):
        outcome(lambda: sdk_call(tcr(), "DuplicateImage", PROMOTE))
    assert outcome(lambda: sdk_call(tcr("ap-singapore"), "DuplicateImage", PROMOTE)) == "RequestLimitExceeded"
    peer = outcome(lambda: sdk_call(tcr(secret_id="AKIDpeer", secret_key="s"), "DuplicateImage", PROMOTE))
    assert peer != "RequestLimitExceeded"


def test_throttle_with_the_burst_already_spent(
    demo: Emulator, tcr: TcrFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pulumi_imagesync.emulator import dispatch

    clock = FrozenMonotonic()
    monkeypatch.setattr(dispatch, "time", clock)
    (listed,) = demo.faults(rule(kind="throttle", rate=4, tokens=0))["rules"]
    assert listed["tokens"] == 0
    client = tcr()
    assert outcome(lambda: sdk_call(client, "DescribeImages", IMAGES)) == "RequestLimitExceeded"
    assert (
        outcome(lambda: sdk_call(client, "DescribeRegions")) == "RequestLimitExceeded"
    )  # each action's bucket
    clock.now += 0.25  # one request's worth refilled
    assert outcome(lambda: sdk_call(client, "DescribeImages", IMAGES)) == "ok"
    assert outcome(lambda: sdk_call(client, "DescribeImages", IMAGES)) == "RequestLimitExceeded"


def test_faults_document_round_trip_and_validation(demo: Emulator) -> None:
    current = demo.faults(
        {**rule(kind="latency", seconds=0.5, when="after"), "rate_limits": "documented", "time_scale": 10}
    )
    assert current["rate_limits"] == "documented" and current["time_scale"] == 10
    assert current["rules"][0]["kind"] == "latency" and current["rules"][0]["fired"] == 0
    assert demo.state()["time_scale"] == 10
    status, _, body = raw_http(demo.endpoint, "GET", "/_emulator/faults", b"", {})
    assert (status, body) == (200, current)
    bad_docs: list[dict[str, Any]] = [
        {"rules": [{"kind": "explode"}]},
        {"rules": [{"kind": "latency"}]},
        {"rules": [{"kind": "error", "colour": "red"}]},
        {"rules": [{"kind": "error", "tokens": 0}]},
        {"rules": [{"kind": "throttle", "rate": 1, "tokens": -1}]},
        {"copies": {"nope": {}}},
        {"copies": {"tcr": {"fail": [{"image": "x"}]}}},
        {"copies": {"tcr": {"durations": [{"tag": "v1"}]}}},
        {"copies": {"tcr": {"durations": [{"image": "x", "seconds": 1}]}}},
        {"copies": {"tcr": {"durations": [{"tag": "v1", "seconds": -1}]}}},
        {"time_scale": 0},
    ]
    for bad in bad_docs:
        status, _, body = raw_http(
            demo.endpoint, "POST", "/_emulator/faults", _json(bad), {"Content-Type": "application/json"}
        )
        assert status == 400 and body["error"]
    assert demo.faults({}) == {"rules": []}


def _json(doc: Any) -> bytes:
    import json

    return json.dumps(doc).encode()


def test_sdk_standard_retryer_reports_a_stale_error(demo: Emulator, tcr: TcrFactory) -> None:
    """Canary for an SDK bug (tencentcloud-sdk-python-common 3.1.195): StandardRetryer never clears
    the first error, so it retries a call that already succeeded and raises that first error anyway.
    Providers must retry themselves instead of using it."""
    from tencentcloud.common.retry import StandardRetryer

    demo.faults(rule(action="DuplicateImage", kind="error", code="RequestLimitExceeded", times=1))
    client = tcr(retryer=StandardRetryer(max_attempts=3, backoff_fn=lambda attempt: 0))
    assert outcome(lambda: sdk_call(client, "DuplicateImage", PROMOTE)) == "RequestLimitExceeded"
    assert [c["outcome"] for c in demo.calls()["calls"]] == ["RequestLimitExceeded", "ok", "ok"]
    assert promoted(demo)
