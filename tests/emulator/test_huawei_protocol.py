"""The Huawei wire through the real SDK: signatures, projects and regions, IAM, error bodies, faults."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException, ServerResponseException
from huaweicloudsdkcore.http.http_config import HttpConfig
from huaweicloudsdkcore.region.region import Region
from huaweicloudsdkswr.v2 import ListImageAutoSyncReposDetailsRequest, SwrClient

from pulumi_imagesync.emulator import (
    DEFAULT_ACCESS_KEY_ID,
    DEFAULT_ACCESS_KEY_SECRET,
    DEFAULT_ACCOUNT_ID,
    Emulator,
)
from pulumi_imagesync.emulator.huawei_regions import project_id, region_of_project

from .helpers import raw_http
from .huawei_helpers import call, error_of, raw_request, swr_error

BJ, SH = "cn-north-4", "cn-east-3"
RULES = "/v2/manage/namespaces/team-a/repos/web$app/sync_repo"


@pytest.fixture(autouse=True)
def world(emu: Emulator) -> None:
    emu.seed(
        {
            "accounts": [
                {
                    "access_key_id": "AKtemp",
                    "access_key_secret": "temp-secret",
                    "account_id": "100000000003",
                    "security_token": "tok-1",
                },
                {
                    "access_key_id": "AKother",
                    "access_key_secret": "other-secret",
                    "account_id": "100000000002",
                },
            ],
            "swr": {
                "namespaces": [
                    {
                        "region": BJ,
                        "name": "team-a",
                        "repositories": [{"name": "web/app", "tags": {"v1": {}}}],
                    },
                    {"region": SH, "name": "team-a"},
                    {
                        "region": BJ,
                        "name": "temp",
                        "account_id": "100000000003",
                        "repositories": [{"name": "app"}],
                    },
                ]
            },
        }
    )


def rules(emu: Emulator, region: str = BJ, **kwargs: Any) -> Any:
    return call(
        emu, region, "ListImageAutoSyncReposDetails", namespace="team-a", repository="web/app", **kwargs
    )


def test_answers_carry_a_request_id_and_lists_are_json_arrays(emu: Emulator) -> None:
    status, headers, body = raw_request(emu, "GET", RULES)
    assert (status, body) == (200, [])
    assert headers["Content-Type"] == "application/json"
    assert len(headers["X-Request-Id"]) == 32


def test_the_project_id_selects_the_region(emu: Emulator) -> None:
    assert rules(emu).to_json_object() == []  # (`.body` is None: the SDK maps an empty array to None)
    error = error_of(lambda: rules(emu, SH))  # team-a exists in cn-east-3, web/app does not
    assert (error.status_code, swr_error(error)["errorCode"]) == (404, "SVCSTG.SWR.4040003")
    assert [c["region"] for c in emu.calls()["calls"]] == [BJ, SH]
    assert region_of_project(project_id(DEFAULT_ACCOUNT_ID, SH)) == SH


def test_swr_error_bodies_are_not_parsed_by_the_sdk_but_carry_the_request_id(emu: Emulator) -> None:
    error = error_of(
        lambda: call(
            emu,
            BJ,
            "DeleteImageSyncRepo",
            namespace="team-a",
            repository="web/app",
            body={"remote_region_id": SH, "remote_namespace": "team-a"},
        )
    )
    assert isinstance(error, ClientRequestException)
    assert (error.status_code, error.error_code) == (400, "400")  # the SDK did not find SWR's code
    assert swr_error(error) == {
        "errorCode": "SVCSTG.SWR.4001158",
        "errorMessage": "The image sync task of team-a/web/app to team-a in cn-east-3 does not exist",
    }
    assert error.request_id and len(error.request_id) == 32


def test_a_wrong_secret_is_an_authentication_failure_the_sdk_parses(emu: Emulator) -> None:
    error = error_of(lambda: rules(emu, secret_key="wrong"))
    assert (error.status_code, error.error_code) == (401, "APIGW.0301")
    assert "signature does not match" in error.error_msg
    error = error_of(lambda: rules(emu, access_key="AKnobody"))
    assert "the access key AKnobody does not exist" in error.error_msg


def test_a_project_of_another_account_is_refused(emu: Emulator) -> None:
    error = error_of(lambda: rules(emu, account_id="100000000002"))  # the default key, another's project
    assert error.error_code == "APIGW.0301" and "is not a project of this account" in error.error_msg
    other = error_of(
        lambda: rules(emu, access_key="AKother", secret_key="other-secret", account_id="100000000002")
    )
    assert (
        swr_error(other)["errorCode"] == "SVCSTG.SWR.4040002"
    )  # its own project: the namespace is not its own


def test_swr_calls_need_a_signed_project(emu: Emulator) -> None:
    status, _, body = raw_request(emu, "GET", RULES, region=None)
    assert (status, body["error_code"]) == (401, "APIGW.0301") and "X-Project-Id" in body["error_msg"]
    status, _, body = raw_request(
        emu, "GET", RULES, region=None, unsigned_headers={"X-Project-Id": project_id(DEFAULT_ACCOUNT_ID, BJ)}
    )
    assert status == 401 and "SignedHeaders must include x-project-id" in body["error_msg"]


def test_old_signatures_are_expired(emu: Emulator) -> None:
    status, _, body = raw_request(emu, "GET", RULES, date=datetime.now(UTC) - timedelta(minutes=16))
    assert status == 401 and "expired" in body["error_msg"]


def test_temporary_credentials_need_their_token(emu: Emulator) -> None:
    path = "/v2/manage/namespaces/temp/repos/app/sync_repo"
    project = project_id("100000000003", BJ)
    signed = {"access_key": "AKtemp", "secret_key": "temp-secret", "project": project}
    assert raw_request(emu, "GET", path, extra_headers={"X-Security-Token": "tok-1"}, **signed)[0] == 200
    status, _, body = raw_request(emu, "GET", path, **signed)
    assert status == 401 and "X-Security-Token" in body["error_msg"]
    status, _, body = raw_request(emu, "GET", path, extra_headers={"X-Security-Token": "tok-1"})
    assert status == 401 and "permanent access key" in body["error_msg"]


def test_the_sdk_finds_a_region_project_through_iam(emu: Emulator) -> None:
    config = HttpConfig.get_default_config()
    config.timeout = 5
    credentials = BasicCredentials(DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET).with_iam_endpoint(
        emu.url
    )
    client = SwrClient.new_builder().with_credentials(credentials).with_region(Region(SH, emu.url))
    client = client.with_http_config(config).build()
    assert credentials.project_id == project_id(DEFAULT_ACCOUNT_ID, SH)
    error = error_of(
        lambda: client.list_image_auto_sync_repos_details(
            ListImageAutoSyncReposDetailsRequest(namespace="team-a", repository="web$app")
        )
    )
    assert swr_error(error)["errorCode"] == "SVCSTG.SWR.4040003"  # acting in cn-east-3
    calls = [(c["service"], c["action"], c["region"]) for c in emu.calls()["calls"]]
    assert calls == [("iam", "KeystoneListProjects", SH), ("swr", "ListImageAutoSyncReposDetails", SH)]


def test_iam_lists_one_project_per_region_and_none_for_other_names(emu: Emulator) -> None:
    status, _, body = raw_request(emu, "GET", "/v3/projects", query="name=cn-east-3", region=None)
    assert status == 200
    assert [(p["id"], p["name"]) for p in body["projects"]] == [(project_id(DEFAULT_ACCOUNT_ID, SH), SH)]
    assert raw_request(emu, "GET", "/v3/projects", query="name=mars-1", region=None)[2]["projects"] == []
    state = emu.state()["iam"]["projects"]
    assert state[DEFAULT_ACCOUNT_ID][BJ] == project_id(DEFAULT_ACCOUNT_ID, BJ)


def test_a_slash_in_a_path_parameter_splits_the_path(emu: Emulator) -> None:
    status, _, body = raw_request(emu, "GET", "/v2/manage/namespaces/team-a/repos/web%2Fapp/sync_repo")
    assert (status, body["error_code"]) == (404, "APIGW.0101")
    assert raw_request(emu, "GET", "/v2/manage/namespaces/team-a/repos/web%24app/sync_repo")[0] == 200


def test_unsigned_requests_of_huawei_paths_are_refused(emu: Emulator) -> None:
    status, headers, body = raw_http(emu.endpoint, "GET", RULES, b"", {})
    assert (status, body["error_code"]) == (401, "APIGW.0301") and "X-Request-Id" in headers


def test_injected_errors_use_swr_bodies_and_throttling_is_429(emu: Emulator) -> None:
    emu.faults(
        {
            "rules": [
                {"service": "swr", "kind": "error", "code": "SVCSTG.SWR.5000001", "message": "db", "times": 1}
            ]
        }
    )
    error = error_of(lambda: rules(emu))
    assert isinstance(error, ServerResponseException)
    assert (error.status_code, swr_error(error)) == (
        500,
        {"errorCode": "SVCSTG.SWR.5000001", "errorMessage": "db"},
    )
    emu.faults({"rules": [{"service": "swr", "region": BJ, "kind": "throttle", "rate": 1}]})
    rules(emu)
    throttled = error_of(lambda: rules(emu))
    assert throttled.status_code == 429  # the SDK (retries off) reports "too many 429 error responses"
    status, _, body = raw_request(emu, "GET", RULES)
    assert (status, body["error_code"]) == (429, "APIGW.0308")


def test_bodies_must_be_json(emu: Emulator) -> None:
    status, _, body = raw_request(
        emu, "POST", RULES, {"remoteRegionId": SH}, extra_headers={"Content-Type": "text/plain"}
    )
    assert (
        status == 400 and body["errorCode"] == "SVCSTG.SWR.4000014" and "Content-Type" in body["errorMessage"]
    )
    status, _, body = raw_request(emu, "POST", RULES, {"remoteRegionId": SH})
    assert (status, body["errorMessage"]) == (
        400,
        "Invalid param: remoteNamespace is required and must be a non-empty string",
    )
