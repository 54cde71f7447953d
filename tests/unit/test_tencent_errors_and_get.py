"""The Tencent adapter's reading of SDK errors, and `get()` with properties that qualify the look-up."""

from __future__ import annotations

import pytest
from tencentcloud.common.exception.tencent_cloud_sdk_exception import TencentCloudSDKException

from pulumi_imagesync import tencentcloud
from pulumi_imagesync.provider.settings import Settings
from pulumi_imagesync.tencentcloud.api import TencentApi
from tests.support.engine import register


def translate(code: str, message: str = "m") -> tuple[bool, bool, bool]:
    api = TencentApi(Settings.load(None), "cvm", "ap-beijing")
    error = api._translate("SyncImages", TencentCloudSDKException(code, message, "req-1"))
    assert error is not None and error.code == code and error.request_id == "req-1"
    return error.retryable, error.maybe_applied, error.not_found


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        # Busy, "retry later": not retried blindly; CvmImageSync waits for the source to be free.
        ("FailedOperation.InvalidImageState", (False, False, False)),
        ("InvalidParameterValue.InvalidImageState", (False, False, False)),
        ("InvalidImageId.IncorrectState", (False, False, False)),
        ("InvalidImageId.NotFound", (False, False, True)),
        ("RequestLimitExceeded", (True, False, False)),
        ("InternalError", (True, True, False)),
    ],
)
def test_cvm_error_codes(code: str, expected: tuple[bool, bool, bool]) -> None:
    assert translate(code) == expected


def test_get_passes_qualifying_properties_to_the_read() -> None:
    reg = register(
        lambda: tencentcloud.CvmImageSync.get(
            "seen", "ap-beijing#img-o3ycss2p", destination_regions=["ap-guangzhou"], image_name="golden"
        )
    )
    assert reg.read_id == "ap-beijing#img-o3ycss2p"
    assert reg.inputs["destination_regions"] == ["ap-guangzhou"] and reg.inputs["image_name"] == "golden"
    plain = register(lambda: tencentcloud.ImageDuplicate.get("seen", "ap-guangzhou#tcr-a#ns#repo#tag"))
    assert plain.read_id and "destination_tag" not in plain.inputs


def test_get_refuses_properties_the_resource_does_not_have() -> None:
    with pytest.raises(TypeError, match="unexpected arguments \\['colour'\\]"):
        register(
            lambda: tencentcloud.CvmImageSync._get("seen", "ap-beijing#img-o3ycss2p", None, colour="red")
        )
