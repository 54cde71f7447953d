"""Alibaba Cloud OpenAPI gateway errors (shared by every Alibaba RPC service).

The gateway answers these with an HTTP 4xx/5xx status and ``{"Code", "Message", "RequestId"}``;
the SDK raises `ClientException` (4xx) or `ServerException` (5xx), or `ThrottlingException` when
the answer carries ``x-acs-retry-after`` (milliseconds, as the SDK's back-off reads it). A service's own business errors are in its ``exceptions.py``.
"""

from __future__ import annotations

from ..errors import CloudError

# Milliseconds a throttled caller is told to wait: a per-second bucket has a token again by then.
RETRY_AFTER_MS = 1000


class AlibabaError(CloudError):
    """An error of the OpenAPI gateway: HTTP 4xx/5xx."""

    status = 400


class IncompleteSignature(AlibabaError):
    code = "IncompleteSignature"

    def __init__(self, why: str) -> None:
        super().__init__(f"The request signature does not conform to Alibaba Cloud standards: {why}.")


class UnsupportedSignature(AlibabaError):
    code = "IncompleteSignature"

    def __init__(self, what: str) -> None:
        super().__init__(
            f"{what} is not supported by imagesync-emulator; use the SDK's default signature "
            "algorithm ACS3-HMAC-SHA256 (do not set Config.signature_algorithm)."
        )


class AccessKeyNotFound(AlibabaError):
    code = "InvalidAccessKeyId.NotFound"
    status = 404

    def __init__(self, access_key_id: str) -> None:
        super().__init__(f"Specified access key {access_key_id} is not found.")


class SignatureDoesNotMatch(AlibabaError):
    code = "SignatureDoesNotMatch"

    def __init__(self, why: str) -> None:
        super().__init__(f"Specified signature does not match our calculation: {why}.")


class SignatureNonceUsed(AlibabaError):
    code = "SignatureNonceUsed"

    def __init__(self, nonce: str) -> None:
        super().__init__(f"Specified signature nonce {nonce} was used already.")


class TimestampExpired(AlibabaError):
    code = "InvalidTimeStamp.Expired"

    def __init__(self, date: str, window: int) -> None:
        super().__init__(
            f"Specified time stamp or date value is expired: x-acs-date {date} is more than "
            f"{window} s from the server time."
        )


class TimestampFormat(AlibabaError):
    code = "InvalidTimeStamp.Format"

    def __init__(self, date: str) -> None:
        super().__init__(f"Specified x-acs-date {date!r} is not in the format YYYY-MM-DDThh:mm:ssZ.")


class SecurityTokenMismatch(AlibabaError):
    code = "InvalidSecurityToken.Mismatch"

    def __init__(self) -> None:
        super().__init__("The x-acs-security-token is missing or does not match the temporary credentials.")


class ActionNotFound(AlibabaError):
    code = "InvalidAction.NotFound"
    status = 404

    def __init__(self, action: str, version: str) -> None:
        super().__init__(f"Specified api {action} of version {version} is not found.")


class InvalidVersion(AlibabaError):
    code = "InvalidVersion"

    def __init__(self, version: str, expected: str) -> None:
        super().__init__(f"Specified parameter Version {version!r} is not valid (use {expected}).")


class MissingRegionId(AlibabaError):
    code = "MissingRegionId"

    def __init__(self) -> None:
        super().__init__(
            "RegionId is mandatory for this action: imagesync-emulator serves every region on one "
            "address, so send it in the query (Config(global_parameters=GlobalParameters("
            'queries={"RegionId": region}))).'
        )


class InvalidRegionId(AlibabaError):
    code = "InvalidRegionId"

    def __init__(self, region: str, service: str) -> None:
        super().__init__(f"The specified region {region} does not exist or does not offer {service}.")


class MissingParameter(AlibabaError):
    """The gateway names the parameter in the code: ``MissingInstanceId``."""

    def __init__(self, name: str) -> None:
        super().__init__(f"{name} is mandatory for this action.", code=f"Missing{name}")


class InvalidParameter(AlibabaError):
    code = "InvalidParameter"


class Throttling(AlibabaError):
    code = "Throttling.User"
    retry_after_ms = RETRY_AFTER_MS

    def __init__(self, action: str) -> None:
        super().__init__(f"Request was denied due to user flow control ({action}).")
