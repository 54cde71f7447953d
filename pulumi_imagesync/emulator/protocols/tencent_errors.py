"""Tencent Cloud API 3.0 common error codes (shared by every Tencent service)."""

from __future__ import annotations

from ..errors import CloudError


class TencentError(CloudError):
    """Tencent answers every error with HTTP 200 and the code in the envelope."""

    status = 200


class InvalidAuthorization(TencentError):
    code = "AuthFailure.InvalidAuthorization"

    def __init__(self, why: str) -> None:
        super().__init__(f"The Authorization header is not valid: {why}.")


class SecretIdNotFound(TencentError):
    code = "AuthFailure.SecretIdNotFound"

    def __init__(self, secret_id: str) -> None:
        super().__init__(f"The SecretId {secret_id} is not found; check the access key.")


class SignatureExpire(TencentError):
    code = "AuthFailure.SignatureExpire"

    def __init__(self, timestamp: int, server_time: int) -> None:
        super().__init__(
            f"Signature expired: X-TC-Timestamp {timestamp} is more than 300 s from server time {server_time}."
        )


class SignatureFailure(TencentError):
    code = "AuthFailure.SignatureFailure"


class TokenFailure(TencentError):
    code = "AuthFailure.TokenFailure"

    def __init__(self) -> None:
        super().__init__("The X-TC-Token is missing or does not match the temporary credentials.")


class InvalidAction(TencentError):
    code = "InvalidAction"

    def __init__(self, action: str, service: str) -> None:
        super().__init__(f"The action `{action}` is not supported by service `{service}`.")


class NoSuchVersion(TencentError):
    code = "NoSuchVersion"

    def __init__(self, version: str, service: str, expected: str) -> None:
        super().__init__(f"The API version `{version}` does not exist for `{service}` (use `{expected}`).")


class UnsupportedRegion(TencentError):
    code = "UnsupportedRegion"

    def __init__(self, region: str, service: str) -> None:
        super().__init__(f"The region `{region}` is not supported by `{service}`.")


class MissingParameter(TencentError):
    code = "MissingParameter"

    def __init__(self, name: str) -> None:
        super().__init__(f"The request is missing a required parameter `{name}`.")


class InvalidParameter(TencentError):
    code = "InvalidParameter"


class UnknownParameter(TencentError):
    code = "UnknownParameter"

    def __init__(self, name: str) -> None:
        super().__init__(f"The parameter `{name}` is not recognized.")


class RequestLimitExceeded(TencentError):
    code = "RequestLimitExceeded"

    def __init__(self, action: str) -> None:
        super().__init__(f"Requests to `{action}` exceed its frequency limit; please reduce the call rate.")
