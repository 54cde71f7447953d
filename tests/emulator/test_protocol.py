"""The Tencent wire as the SDK sees it: envelopes, content type, signatures, parameter checks."""

from __future__ import annotations

import json
import re
import time
import uuid
from collections.abc import Callable

import pytest
from tencentcloud.tcr.v20190924 import tcr_client

from pulumi_imagesync.emulator import Emulator

from .helpers import error_of, outcome, raw_call, raw_http, sdk_call, sdk_error, seed_tags

TcrFactory = Callable[..., tcr_client.TcrClient]
DUPLICATE = {
    "RegistryId": "tcr-e8pg46c6",
    "SourceNamespace": "develop",
    "SourceRepo": "app",
    "SourceReference": "stg",
    "DestinationNamespace": "release",
    "DestinationTag": "prd",
}


# --- envelopes ---------------------------------------------------------------------------------


def test_success_envelope_is_exactly_json_with_a_request_id(demo: Emulator) -> None:
    status, headers, body = raw_call(demo.endpoint, "DescribeRegions")
    assert status == 200
    assert headers["Content-Type"] == "application/json"
    assert int(headers["Content-Length"]) > 0
    assert body["Response"]["TotalCount"] == 23
    uuid.UUID(body["Response"]["RequestId"])


def test_error_envelope_is_http_200_exactly_json(demo: Emulator) -> None:
    params = {"RegistryId": "tcr-nope", "NamespaceName": "a", "RepositoryName": "b"}
    status, headers, body = raw_call(demo.endpoint, "DescribeImages", params)
    assert (status, headers["Content-Type"]) == (200, "application/json")
    assert set(body["Response"]) == {"Error", "RequestId"}
    assert body["Response"]["Error"]["Code"] == "ResourceNotFound"
    assert "tcr-nope" in body["Response"]["Error"]["Message"]


def test_the_sdk_raises_with_code_message_and_request_id(demo: Emulator, tcr: TcrFactory) -> None:
    error = sdk_error(lambda: sdk_call(tcr(), "DuplicateImage", {**DUPLICATE, "SourceReference": "nope"}))
    assert error.code == "ResourceNotFound.ErrNoTag"
    assert "nope" in error.message
    uuid.UUID(error.requestId)


def test_the_sdk_parses_answers(demo: Emulator, tcr: TcrFactory) -> None:
    answer = sdk_call(
        tcr(), "DescribeImages", {"RegistryId": "tcr-xxx", "NamespaceName": "prod", "RepositoryName": "app"}
    )
    assert answer["TotalCount"] == 3
    assert {image["ImageVersion"] for image in answer["ImageInfoList"]} == {"v1", "v2", "test"}


def test_connections_are_kept_alive(demo: Emulator) -> None:
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", demo.port, timeout=5)
    for _ in range(3):
        connection.request("GET", "/_emulator/health")
        response = connection.getresponse()
        assert json.loads(response.read()) == {"ok": True}
    connection.close()


def test_get_with_a_flattened_query_is_understood(demo: Emulator, tcr: TcrFactory) -> None:
    client = tcr(method="GET")
    sdk_call(
        client,
        "ManageReplication",
        {
            "SourceRegistryId": "tcr-xxx",
            "DestinationRegistryId": "tcr-yyy",
            "DestinationRegionId": 9,
            "Rule": {
                "Name": "by-get",
                "DestNamespace": "test",
                "Override": True,
                "Filters": [{"Type": "tag", "Value": "v*"}, {"Type": "name", "Value": "prod/**"}],
            },
        },
    )
    rules = demo.state()["tcr"]["ap-guangzhou"]["registries"]["tcr-xxx"]["replication_rules"]
    assert rules["by-get"]["override"] is True
    assert rules["by-get"]["filters"] == [
        {"type": "tag", "value": "v*"},
        {"type": "name", "value": "prod/**"},
    ]


def test_requests_of_no_cloud_get_404(emu: Emulator) -> None:
    status, _, _ = raw_http(emu.endpoint, "GET", "/nothing", b"", {})
    assert status == 404


# --- signatures ---------------------------------------------------------------------------------


def test_wrong_secret_is_a_signature_failure(demo: Emulator, tcr: TcrFactory) -> None:
    error = sdk_error(lambda: sdk_call(tcr(secret_key="wrong"), "DescribeRegions"))
    assert error.code == "AuthFailure.SignatureFailure"


def test_unknown_key_is_secret_id_not_found(demo: Emulator, tcr: TcrFactory) -> None:
    error = sdk_error(lambda: sdk_call(tcr(secret_id="AKIDunknown"), "DescribeRegions"))
    assert error.code == "AuthFailure.SecretIdNotFound"


def test_timestamps_older_than_five_minutes_are_expired(demo: Emulator) -> None:
    now = int(time.time())
    assert error_of(raw_call(demo.endpoint, "DescribeRegions", timestamp=now - 301))["Code"] == (
        "AuthFailure.SignatureExpire"
    )
    assert error_of(raw_call(demo.endpoint, "DescribeRegions", timestamp=now + 301))["Code"] == (
        "AuthFailure.SignatureExpire"
    )
    assert "Error" not in raw_call(demo.endpoint, "DescribeRegions", timestamp=now - 250)[2]["Response"]


def test_scope_date_service_and_signed_headers_are_checked(demo: Emulator) -> None:
    endpoint = demo.endpoint
    wrong_date = raw_call(endpoint, "DescribeRegions", sign={"date": "2020-01-01"})
    wrong_service = raw_call(endpoint, "DescribeRegions", service="foo")
    host_unsigned = raw_call(endpoint, "DescribeRegions", sign={"signed_headers": ("content-type",)})
    for answer in (wrong_date, wrong_service, host_unsigned):
        assert error_of(answer)["Code"] == "AuthFailure.SignatureFailure"
    assert "foo" in error_of(wrong_service)["Message"]


def test_a_body_changed_after_signing_is_rejected(demo: Emulator) -> None:
    answer = raw_call(
        demo.endpoint,
        "DuplicateImage",
        DUPLICATE,
        tamper=json.dumps({**DUPLICATE, "DestinationTag": "x"}).encode(),
    )
    assert error_of(answer)["Code"] == "AuthFailure.SignatureFailure"
    assert "prd" not in json.dumps(demo.state())


def test_missing_authorization_is_rejected(demo: Emulator) -> None:
    headers = {
        "Content-Type": "application/json",
        "X-TC-Action": "DescribeRegions",
        "X-TC-Version": "2019-09-24",
    }
    status, _, body = raw_http(demo.endpoint, "POST", "/", b"{}", headers)
    assert (status, body["Response"]["Error"]["Code"]) == (200, "AuthFailure.InvalidAuthorization")


@pytest.mark.parametrize("method", ["HmacSHA256", "HmacSHA1"])
def test_legacy_signatures_are_refused(demo: Emulator, tcr: TcrFactory, method: str) -> None:
    error = sdk_error(lambda: sdk_call(tcr(signMethod=method), "DescribeRegions"))
    assert error.code == "AuthFailure.SignatureFailure"
    assert "TC3-HMAC-SHA256" in error.message
    assert demo.calls()["calls"][-1]["action"] == "DescribeRegions"


def test_unsigned_payload_mode_is_accepted(demo: Emulator, tcr: TcrFactory) -> None:
    assert sdk_call(tcr(unsignedPayload=True), "DescribeRegions")["TotalCount"] == 23


def test_temporary_credentials_need_their_token(emu: Emulator, tcr: TcrFactory) -> None:
    emu.seed(
        {
            "accounts": [
                {
                    "access_key_id": "AKIDsts",
                    "access_key_secret": "s3",
                    "account_id": "100000000001",
                    "security_token": "tok",
                }
            ],
            "tcr": {
                "registries": [{"id": "tcr-a", "region": "ap-guangzhou", "namespaces": [seed_tags("v1")]}]
            },
        }
    )
    ok = sdk_call(
        tcr(secret_id="AKIDsts", secret_key="s3", token="tok"), "DescribeNamespaces", {"RegistryId": "tcr-a"}
    )
    assert ok["TotalCount"] == 1
    without, wrong = (tcr(secret_id="AKIDsts", secret_key="s3", token=token) for token in (None, "other"))
    assert outcome(lambda: sdk_call(without, "DescribeRegions")) == "AuthFailure.TokenFailure"
    assert outcome(lambda: sdk_call(wrong, "DescribeRegions")) == "AuthFailure.TokenFailure"


# --- routing and parameters --------------------------------------------------------------------


def test_unknown_action_version_and_region(demo: Emulator, tcr: TcrFactory) -> None:
    assert error_of(raw_call(demo.endpoint, "DescribeNothing"))["Code"] == "InvalidAction"
    assert (
        error_of(raw_call(demo.endpoint, "DescribeRegions", version="2017-03-12"))["Code"] == "NoSuchVersion"
    )
    error = sdk_error(lambda: sdk_call(tcr("mars-north-1"), "DescribeRegions"))
    assert error.code == "UnsupportedRegion"
    assert error_of(raw_call(demo.endpoint, "DescribeRegions", region=None))["Code"] == "MissingParameter"


def test_missing_parameters_are_named(demo: Emulator) -> None:
    missing_top = error_of(
        raw_call(demo.endpoint, "DuplicateImage", {k: v for k, v in DUPLICATE.items() if k != "SourceRepo"})
    )
    assert missing_top["Code"] == "MissingParameter"
    assert "`SourceRepo`" in missing_top["Message"]
    rule = {"DestNamespace": "test", "Override": True, "Filters": []}
    nested = raw_call(
        demo.endpoint,
        "ManageReplication",
        {
            "SourceRegistryId": "tcr-xxx",
            "DestinationRegistryId": "tcr-yyy",
            "DestinationRegionId": 9,
            "Rule": rule,
        },
    )
    assert error_of(nested)["Code"] == "MissingParameter"
    assert "`Rule.Name`" in error_of(nested)["Message"]


@pytest.mark.parametrize(
    ("params", "name", "kind"),
    [
        ({**DUPLICATE, "Override": "yes"}, "Override", "Boolean"),
        ({**DUPLICATE, "RegistryId": 7}, "RegistryId", "String"),
        (
            {"RegistryId": "tcr-xxx", "NamespaceName": "prod", "RepositoryName": "app", "Limit": 2.0},
            "Limit",
            "Integer",
        ),
        (
            {"RegistryId": "tcr-xxx", "NamespaceName": "prod", "RepositoryName": "app", "Limit": "2"},
            "Limit",
            "Integer",
        ),
    ],
)
def test_wrong_types_are_invalid_parameters(
    demo: Emulator, params: dict[str, object], name: str, kind: str
) -> None:
    action = "DescribeImages" if "Limit" in params else "DuplicateImage"
    error = error_of(raw_call(demo.endpoint, action, params))
    assert error["Code"] == "InvalidParameter"
    assert f"`{name}`" in error["Message"] and kind in error["Message"]


def test_nested_wrong_type_is_named_by_path(demo: Emulator) -> None:
    rule = {"Name": "r", "DestNamespace": "test", "Override": True, "Filters": [{"Type": "tag", "Value": 1}]}
    answer = raw_call(
        demo.endpoint,
        "ManageReplication",
        {
            "SourceRegistryId": "tcr-xxx",
            "DestinationRegistryId": "tcr-yyy",
            "DestinationRegionId": 9,
            "Rule": rule,
        },
    )
    assert error_of(answer)["Code"] == "InvalidParameter"
    assert "`Rule.Filters.0.Value`" in error_of(answer)["Message"]


def test_unknown_parameters_are_rejected(demo: Emulator) -> None:
    error = error_of(raw_call(demo.endpoint, "DuplicateImage", {**DUPLICATE, "Force": True}))
    assert (error["Code"], "`Force`" in error["Message"]) == ("UnknownParameter", True)


def test_a_body_that_is_not_json_is_invalid(demo: Emulator) -> None:
    assert error_of(raw_call(demo.endpoint, "DuplicateImage", b"{nope"))["Code"] == "InvalidParameter"


def test_request_ids_are_distinct(demo: Emulator, tcr: TcrFactory) -> None:
    ids = {sdk_call(tcr(), "DescribeRegions")["RequestId"] for _ in range(3)}
    assert len(ids) == 3 and all(re.fullmatch(r"[0-9a-f-]{36}", i) for i in ids)
