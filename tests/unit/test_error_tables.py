"""The error tables (provider/error_table.py and each cloud's error_codes.py) against the SDKs' own
lists, and the classes the issue of record named (issue 13): a permission error is never retried,
a not-found code is nothing else, a gateway's "no such API" is not "not found"."""

from __future__ import annotations

import pytest
from huaweicloudsdkcore.exceptions import exceptions as huawei
from tencentcloud.common.exception.tencent_cloud_sdk_exception import TencentCloudSDKException
from tencentcloud.cvm.v20170312 import errorcodes as cvm_codes
from tencentcloud.tcr.v20190924 import errorcodes as tcr_codes

from pulumi_imagesync.alibabacloud import error_codes as alibaba
from pulumi_imagesync.alibabacloud import sync_repo_task_provider as acr
from pulumi_imagesync.alibabacloud import sync_tasks
from pulumi_imagesync.huaweicloud import error_codes as huawei_codes
from pulumi_imagesync.huaweicloud import sync_repo_task_provider as swr
from pulumi_imagesync.huaweicloud.api import HuaweiApi
from pulumi_imagesync.provider.error_table import ErrorClass, ErrorTable, gone
from pulumi_imagesync.provider.errors import CloudError
from pulumi_imagesync.provider.settings import Settings
from pulumi_imagesync.tencentcloud import cvm_image_sync_provider as cvm
from pulumi_imagesync.tencentcloud import image_duplicate_provider as duplicate
from pulumi_imagesync.tencentcloud import replication_rule_provider as rule
from pulumi_imagesync.tencentcloud.api import TencentApi
from pulumi_imagesync.tencentcloud.error_codes import TABLE as TENCENT


def sdk_codes(module: object) -> set[str]:
    """The codes an SDK's `errorcodes.py` lists (its upper-case string constants)."""
    return {v for k, v in vars(module).items() if k.isupper() and isinstance(v, str)}


@pytest.mark.parametrize("module", [tcr_codes, cvm_codes], ids=["tcr", "cvm"])
def test_every_code_the_tencent_sdks_list_is_classified(module: object) -> None:
    # A new SDK that adds a code fails here until somebody decides what the code means.
    assert TENCENT.unknown(sdk_codes(module)) == []


def tencent(code: str) -> CloudError:
    error = TencentApi(Settings.load(None), "tcr", "ap-guangzhou")._translate(
        "X", TencentCloudSDKException(code, "m", "req-1")
    )
    assert error is not None
    return error


def flags(error: CloudError) -> tuple[bool, bool, bool]:
    return error.retryable, error.maybe_applied, error.not_found


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("InternalError.ErrorTcrUnauthorized", (False, False, False)),  # a missing permission
        ("InternalError.ErrUnauthorized", (False, False, False)),
        ("InternalError.ErrorConflict", (False, False, False)),
        ("InternalError.ErrNotExist", (False, False, True)),  # not found, and nothing else
        ("InternalError", (True, True, False)),
        ("InternalError.DbError", (True, True, False)),
        ("RequestLimitExceeded.UinLimitExceeded", (True, False, False)),
        ("ResourceNotFound.ErrNoTag", (False, False, True)),
        ("UnauthorizedOperation", (False, False, False)),
        ("ServerNetworkError", (True, True, False)),
        ("SomethingNoTableLists.Foo", (False, False, False)),  # unknown: permanent
    ],
)
def test_tencent_codes_are_read_from_the_table(code: str, expected: tuple[bool, bool, bool]) -> None:
    error = tencent(code)
    assert flags(error) == expected
    assert error.code == code  # shown as the cloud sent it


def huawei_answer(status: int, body: str) -> CloudError:
    raw = huawei.ClientRequestException if status < 500 else huawei.ServerResponseException
    error = HuaweiApi(Settings(), "swr", "cn-north-4")._translate(
        "ListImageAutoSyncReposDetails", raw(status, huawei.SdkError("req", str(status), body))
    )
    assert error is not None
    return error


def test_the_gateways_no_such_api_is_not_not_found() -> None:
    # A wrong endpoint, or a region where the API is not published: the rule is not gone.
    error = huawei_answer(404, '{"error_code": "APIGW.0101", "error_msg": "The API does not exist"}')
    assert (error.code, flags(error)) == ("APIGW.0101", (False, False, False))
    assert not gone(error, swr.REPOSITORY_GONE)


@pytest.mark.parametrize(
    ("status", "body", "code", "expected"),
    [
        (
            404,
            '{"errorCode": "SVCSTG.SWR.4040010", "errorMessage": "x"}',
            "SVCSTG.SWR.4040010",
            (False, False, True),
        ),
        (
            404,
            '{"errorCode": "SVCSTG.SWR.4049999", "errorMessage": "x"}',
            "SVCSTG.SWR.4049999",
            (False, False, False),
        ),
        (404, "<html>not found</html>", "404", (False, False, False)),
        (429, '{"error_code": "APIGW.0308", "error_msg": "x"}', "APIGW.0308", (True, False, False)),
        (503, "", "503", (True, True, False)),
        (
            500,
            '{"errorCode": "SVCSTG.SWR.5009999", "errorMessage": "x"}',
            "SVCSTG.SWR.5009999",
            (True, True, False),
        ),
    ],
    ids=["swr-not-found", "unlisted-404", "bare-404", "throttled", "bare-503", "unlisted-5xx"],
)
def test_huawei_answers_are_classified_by_code_then_status(
    status: int, body: str, code: str, expected: tuple[bool, bool, bool]
) -> None:
    error = huawei_answer(status, body)
    assert (error.code, flags(error)) == (code, expected)


@pytest.mark.parametrize(
    ("code", "status", "retry_after", "expected"),
    [
        ("Throttling.User", 400, True, ErrorClass.THROTTLE),
        ("SomeGatewayCode", 400, True, ErrorClass.THROTTLE),  # the header says so
        ("ServiceUnavailable", 503, False, ErrorClass.MAYBE_APPLIED),
        ("Unlisted", 502, False, ErrorClass.MAYBE_APPLIED),
        ("Forbidden.RAM", 403, False, ErrorClass.PERMANENT),
        ("InvalidAction.NotFound", 404, False, ErrorClass.PERMANENT),  # the address, not an object
        ("TAG_NOT_EXIST", 200, False, ErrorClass.NOT_FOUND),
        ("Unlisted", 400, False, ErrorClass.PERMANENT),
    ],
)
def test_alibaba_answers_are_classified_by_code_then_status(
    code: str, status: int, retry_after: bool, expected: ErrorClass
) -> None:
    assert alibaba.classify(code, status, retry_after=retry_after) is expected


# What "gone" means, resource by resource: the object's own not-found codes and its parents'
# inside the instance, each of them a not-found code of its cloud's table.
GONE = {
    "tcr-rule (delete)": (TENCENT, rule.RULE_GONE),
    "tcr-duplicate": (TENCENT, duplicate.TAG_GONE | duplicate.NAMESPACE_GONE),
    "tcr-registry (delete)": (TENCENT, duplicate.REGISTRY_GONE),
    "cvm": (TENCENT, cvm.IMAGE_GONE),
    "swr": (huawei_codes.TABLE, swr.RULE_GONE),
    "acr": (alibaba.TABLE, acr.TAG_GONE | sync_tasks.TASK_GONE | acr.INSTANCE_GONE),
}


@pytest.mark.parametrize("resource", list(GONE))
def test_every_gone_code_is_a_not_found_code_of_its_table(resource: str) -> None:
    table, codes = GONE[resource]
    assert {code: table.classify(code) for code in codes} == dict.fromkeys(codes, ErrorClass.NOT_FOUND)


def test_a_not_found_code_of_something_else_is_not_gone() -> None:
    # A CVM "not found" about a key pair says nothing about an image.
    assert not gone(tencent("ResourceNotFound.KeyPairNotFound"), cvm.IMAGE_GONE)
    assert gone(tencent("InvalidImageId.NotFound"), cvm.IMAGE_GONE)
    # A registry not found is not a tag gone (on read it is an error).
    assert not gone(tencent("ResourceNotFound"), duplicate.TAG_GONE | duplicate.NAMESPACE_GONE)


def test_a_table_lists_each_code_once() -> None:
    with pytest.raises(ValueError, match="listed twice"):
        ErrorTable.parse("X", "A permanent\nA throttle\n")
