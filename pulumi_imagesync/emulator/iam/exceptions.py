"""IAM error codes, one class each (IAM answers ``{"error_code", "error_msg"}``, which the SDK parses)."""

from __future__ import annotations

from ..protocols.huawei_errors import HuaweiError


class InvalidRequest(HuaweiError):
    code = "IAM.0011"
    status = 400

    def __init__(self, why: str) -> None:
        super().__init__(f"Request body is invalid: {why}")
