"""The Huawei adapter: SWR's own error bodies, and how each SDK failure is classified."""

from __future__ import annotations

import pytest
import requests
from huaweicloudsdkcore.exceptions import exceptions

from pulumi_imagesync.huaweicloud.api import HuaweiApi, configured_project, service_error, wire_repository
from pulumi_imagesync.provider.errors import CloudError
from pulumi_imagesync.provider.settings import Settings


def response_error(
    status: int, code: str, message: str, request_id: str = "abc"
) -> exceptions.ServiceResponseException:
    error = exceptions.SdkError(request_id=request_id, error_code=code, error_msg=message)
    kind = exceptions.ClientRequestException if status < 500 else exceptions.ServerResponseException
    return kind(status, error)


def translate(error: Exception) -> CloudError:
    api = HuaweiApi(Settings(), "swr", "cn-north-4")
    translated = api._translate("CreateImageSyncRepo", error)
    assert translated is not None
    return translated


@pytest.mark.parametrize(
    ("status", "code", "message", "expected"),
    [
        (
            404,
            "404",
            '{"errorCode":"SVCSTG.SWR.4040002","errorMessage":"Namespace x not found"}',
            ("SVCSTG.SWR.4040002", "Namespace x not found"),
        ),
        (
            400,
            "400",
            '{"errors":[{"errorCode":"SVCSTG.SWR.4001158","errorMessage":"no such task"}]}',
            ("SVCSTG.SWR.4001158", "no such task"),
        ),
        (
            401,
            "APIGW.0301",
            "Incorrect IAM authentication information",
            ("APIGW.0301", "Incorrect IAM authentication information"),
        ),
        (
            502,
            "502",
            "<html><body><h1>502 Bad Gateway</h1></body></html>",
            ("502", "HTTP 502: 502 Bad Gateway"),
        ),
        (500, "500", "", ("500", "HTTP 500")),
        (400, "400", '["not", "an object"]', ("400", '["not", "an object"]')),
    ],
    ids=["swr", "swr-errors-list", "parsed-by-the-sdk", "html", "empty", "other-json"],
)
def test_service_error_reads_swr_bodies(
    status: int, code: str, message: str, expected: tuple[str, str]
) -> None:
    assert service_error(status, code, message) == expected


def test_an_swr_error_becomes_a_one_line_cloud_error() -> None:
    error = translate(
        response_error(404, "404", '{"errorCode":"SVCSTG.SWR.4040003","errorMessage":"Repository gone"}')
    )
    assert str(error) == (
        "Huawei Cloud SWR CreateImageSyncRepo failed: SVCSTG.SWR.4040003: Repository gone (request id: abc)"
    )
    assert error.not_found and not error.retryable and error.http_status == 404


@pytest.mark.parametrize(
    ("error", "retryable", "maybe_applied", "not_found"),
    [
        (
            response_error(400, "400", '{"errors":[{"errorCode":"SVCSTG.SWR.4001158","errorMessage":"x"}]}'),
            False,
            False,
            True,
        ),
        (response_error(429, "429", "too many 429 error responses"), True, False, False),
        (
            response_error(500, "500", '{"errorCode":"SVCSTG.SWR.5000001","errorMessage":"db"}'),
            True,
            True,
            False,
        ),
        (
            response_error(409, "409", '{"errorCode":"SVCSTG.SWR.4090003","errorMessage":"exists"}'),
            False,
            False,
            False,
        ),
        (
            exceptions.ConnectionException(
                "Failed to establish a new connection: [Errno 111] Connection refused"
            ),
            True,
            False,
            False,
        ),
        (
            exceptions.ConnectionException("('Connection aborted.', RemoteDisconnected('closed'))"),
            True,
            True,
            False,
        ),
        (requests.exceptions.ReadTimeout("read timed out"), True, True, False),
        (exceptions.CallTimeoutException("timed out"), True, True, False),
        (exceptions.SslHandShakeException("certificate verify failed"), False, False, False),
        (exceptions.SdkException("Failed to get project id"), False, False, False),
    ],
    ids=[
        "not-found-400",
        "429",
        "500",
        "409",
        "refused",
        "aborted",
        "read-timeout",
        "call-timeout",
        "tls",
        "sdk",
    ],
)
def test_failures_are_classified(
    error: Exception, retryable: bool, maybe_applied: bool, not_found: bool
) -> None:
    translated = translate(error)
    assert (translated.retryable, translated.maybe_applied, translated.not_found) == (
        retryable,
        maybe_applied,
        not_found,
    )


def test_programming_errors_are_not_translated() -> None:
    assert HuaweiApi(Settings(), "swr", "cn-north-4")._translate("X", TypeError("bug")) is None


def test_repository_names_travel_with_dollars() -> None:
    assert wire_repository("team/web/app") == "team$web$app"


def test_the_configured_project_belongs_to_its_region_and_a_profile_has_its_own() -> None:
    settings = Settings(
        {
            "huaweicloud:region": "cn-north-4",
            "huaweicloud:projectId": "p-stack",
            "imagesync:profiles": '{"a": {"huaweicloud": {"region": "cn-east-3", "projectId": "p-a"}},'
            ' "b": {"huaweicloud": {"accessKey": "k", "secretKey": "s"}}}',
        }
    )
    assert configured_project(settings, None) == ("cn-north-4", "p-stack")
    assert configured_project(settings, "a") == ("cn-east-3", "p-a")
    assert configured_project(settings, "b") == ("cn-north-4", None)  # never the stack's project
