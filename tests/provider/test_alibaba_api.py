"""The Alibaba adapter: the real SDK against the emulator, and how each failure is translated."""

from __future__ import annotations

import socket
from typing import Any

import pytest

from pulumi_imagesync.alibabacloud.api import AlibabaApi, snake_case
from pulumi_imagesync.emulator import Emulator
from pulumi_imagesync.provider.errors import CloudError
from pulumi_imagesync.provider.retry import RetryPolicy
from pulumi_imagesync.provider.settings import Settings
from tests.conftest import base_config

INSTANCE = "cri-apitest00001"
WORLD = {
    "acr": {
        "instances": [
            {
                "id": INSTANCE,
                "region": "cn-hangzhou",
                "namespaces": [{"name": "ns", "repositories": [{"name": "app", "tags": {"v1": {}}}]}],
            }
        ]
    }
}
REPOSITORY = {"InstanceId": INSTANCE, "RepoNamespaceName": "ns", "RepoName": "app"}
ONCE = RetryPolicy(max_attempts=1)
FAST = RetryPolicy(base_delay=0.01, max_delay=0.05)


@pytest.fixture(autouse=True)
def world(emulator: Emulator) -> None:
    emulator.seed(WORLD)


def api(
    emulator: Emulator, region: str = "cn-hangzhou", policy: RetryPolicy = ONCE, **config: Any
) -> AlibabaApi:
    settings = Settings({**base_config(emulator), **config}, {})
    return AlibabaApi(settings, "cr", region, policy=policy)


def failure(call: Any) -> CloudError:
    with pytest.raises(CloudError) as caught:
        call()
    return caught.value


def rule(**fields: Any) -> dict[str, Any]:
    return {"rules": [{"cloud": "alibabacloud", "service": "acr", **fields}]}


def test_snake_case_names_the_sdk_methods() -> None:
    assert snake_case("CreateRepoSyncTask") == "create_repo_sync_task"
    assert snake_case("GetRepoTag") == "get_repo_tag"


def test_answers_are_the_json_the_api_sent_and_the_region_travels_in_the_query(emulator: Emulator) -> None:
    answer = api(emulator).call("GetRepository", REPOSITORY)
    assert answer["RepoName"] == "app" and answer["IsSuccess"] is True and answer["Code"] == "success"
    assert emulator.calls()["calls"][-1]["region"] == "cn-hangzhou"


def test_a_field_the_request_model_does_not_know_is_a_programming_error(emulator: Emulator) -> None:
    with pytest.raises(ValueError, match="RepoNmae"):
        api(emulator).call("GetRepository", {"InstanceId": INSTANCE, "RepoNmae": "app"})
    assert not emulator.calls()["calls"]


def test_is_success_false_is_an_error_with_code_message_and_request_id(emulator: Emulator) -> None:
    emulator.faults(
        rule(action="GetRepository", kind="error", status=200, code="SYSTEM_BUSY", message="busy")
    )
    error = failure(lambda: api(emulator).call("GetRepository", REPOSITORY))
    assert (error.code, error.message, error.http_status) == ("SYSTEM_BUSY", "busy", 200)
    assert error.request_id and len(error.request_id) == 36
    assert not error.retryable and not error.not_found
    assert str(error).startswith("Alibaba Cloud ACR GetRepository failed: SYSTEM_BUSY: busy (request id: ")


def test_business_not_found_errors_are_marked(emulator: Emulator) -> None:
    error = failure(lambda: api(emulator).call("GetRepository", {**REPOSITORY, "RepoName": "nope"}))
    assert (error.code, error.http_status, error.not_found) == ("REPO_NOT_EXIST", 200, True)
    assert "ns/nope" in error.message


def test_gateway_errors_keep_the_status_and_the_message(emulator: Emulator) -> None:
    error = failure(
        lambda: api(emulator).call("GetRepoSyncTask", {"InstanceId": INSTANCE, "SyncTaskId": "rst-x"})
    )
    assert (error.code, error.http_status, error.not_found, error.retryable) == (
        "SYNC_TASK_NOT_EXIST",
        400,
        True,
        False,
    )
    assert error.message == f"The sync task rst-x does not exist in instance {INSTANCE}."


def test_a_wrong_secret_is_not_retried(emulator: Emulator) -> None:
    error = failure(
        lambda: api(emulator, policy=FAST, **{"alicloud:secretKey": "wrong"}).call(
            "GetRepository", REPOSITORY
        )
    )
    assert error.code == "SignatureDoesNotMatch" and not error.retryable
    assert len(emulator.calls()["calls"]) == 1


def test_throttling_carries_the_servers_retry_after_and_is_retried(emulator: Emulator) -> None:
    emulator.faults(rule(action="GetRepository", kind="throttle", rate=0.001, times=1))
    api(emulator).call("GetRepository", REPOSITORY)  # the bucket's one token
    error = failure(lambda: api(emulator).call("GetRepository", REPOSITORY))
    assert (error.code, error.http_status, error.retryable, error.retry_after) == (
        "Throttling.User",
        400,
        True,
        1.0,
    )

    emulator.faults(rule(action="GetRepository", kind="throttle", rate=0.001, times=1))
    api(emulator).call("GetRepository", REPOSITORY)
    assert api(emulator, policy=FAST).call("GetRepository", REPOSITORY)["RepoName"] == "app"
    assert [c["outcome"] for c in emulator.calls()["calls"]][-2:] == ["Throttling.User", "ok"]


def test_server_errors_are_retried_and_may_have_been_applied(emulator: Emulator) -> None:
    emulator.faults(
        rule(action="GetRepository", kind="error", status=503, code="ServiceUnavailable", times=1)
    )
    error = failure(lambda: api(emulator).call("GetRepository", REPOSITORY))
    assert (error.code, error.http_status, error.retryable, error.maybe_applied) == (
        "ServiceUnavailable",
        503,
        True,
        True,
    )
    emulator.faults(
        rule(action="GetRepository", kind="error", status=503, code="ServiceUnavailable", times=1)
    )
    assert api(emulator, policy=FAST).call("GetRepository", REPOSITORY)["RepoName"] == "app"


def test_a_page_that_is_not_json_is_retried(emulator: Emulator) -> None:
    emulator.faults(rule(action="GetRepository", kind="http_error", status=502, times=1))
    error = failure(lambda: api(emulator).call("GetRepository", REPOSITORY))
    assert (error.code, error.retryable, error.maybe_applied) == ("InvalidResponse", True, True)


def test_a_dropped_connection_may_have_been_applied(emulator: Emulator) -> None:
    emulator.faults(rule(action="GetRepository", kind="drop"))
    error = failure(lambda: api(emulator).call("GetRepository", REPOSITORY))
    assert (error.code, error.retryable, error.maybe_applied) == ("ConnectionError", True, True)


def test_a_refused_connection_to_a_configured_endpoint_was_not_applied_and_fails_at_once(
    emulator: Emulator,
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    error = failure(
        lambda: api(emulator, **{"imagesync:emulator": f"http://127.0.0.1:{port}"}).call(
            "GetRepository", REPOSITORY
        )
    )
    assert (error.code, error.retryable, error.maybe_applied) == ("ConnectionRefused", False, False)
    assert f"127.0.0.1:{port}" in error.message


def test_without_an_emulator_or_endpoint_the_public_regional_endpoint_is_used(emulator: Emulator) -> None:
    client = api(emulator, "cn-shanghai", **{"imagesync:emulator": None})._sdk_client()
    assert (client._endpoint, client._protocol) == ("cr.cn-shanghai.aliyuncs.com", "https")
    custom = api(
        emulator,
        "cn-shanghai",
        **{"imagesync:emulator": None, "imagesync:endpoints": {"cr": {"*": "http://10.0.0.1:8080"}}},
    )
    client = custom._sdk_client()
    assert (client._endpoint, client._protocol) == ("10.0.0.1:8080", "http")
