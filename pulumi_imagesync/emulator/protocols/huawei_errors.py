"""Errors of Huawei Cloud's API gateway, in front of every service (SWR, IAM).

Huawei services answer errors with an HTTP status and a JSON body whose shape differs by service:
the gateway (authentication, throttling, unknown routes) and IAM send
``{"error_code", "error_msg", "request_id"}``, which the SDK parses; SWR sends its own
``{"errorCode", "errorMessage"}`` or ``{"errors": [{"errorCode", "errorMessage"}]}``, which the SDK
does not (see ``swr/exceptions.py``). An error class names its shape.
"""

from __future__ import annotations

from ..errors import CloudError

GATEWAY, SWR, SWR_LIST = "gateway", "swr", "swr_list"


class HuaweiError(CloudError):
    """A Huawei error answer; ``shape`` picks the body layout (gateway, swr or swr_list)."""

    shape: str = GATEWAY


class AuthenticationFailed(HuaweiError):
    code = "APIGW.0301"
    status = 401

    def __init__(self, why: str) -> None:
        super().__init__(f"Incorrect IAM authentication information: {why}")


class RouteNotFound(HuaweiError):
    code = "APIGW.0101"
    status = 404

    def __init__(self, method: str, path: str) -> None:
        super().__init__(
            f"The API does not exist or has not been published in the environment: {method} {path}"
        )


class Throttled(HuaweiError):
    code = "APIGW.0308"
    status = 429

    def __init__(self, action: str) -> None:
        super().__init__(f"The throttling threshold has been reached: policy user over ratelimit ({action})")
