"""Alibaba Cloud's error codes for ACR (cr 2018-12-01) and its API gateway, each with its class.

The SDK ships no list of codes (`alibabacloud_cr20181201` has none; `alibabacloud_tea_openapi`
raises `ThrottlingException` on an `x-acs-retry-after` header and names `InvalidCredentials` and
`ParameterMissing` itself), so the table is built from Alibaba Cloud's pages and the Terraform
providers for ACR (URLs and paths in docs/cloud-assumptions.md, A-ERR-1 to A-ERR-4). ACR's own
codes arrive in an HTTP 200 answer with `IsSuccess: false`, the gateway's with a 4xx/5xx status.

A code in no table keeps its status's meaning only for a throttling header and 5xx (a server
failure, which may have run half-way); any other is permanent.
"""

from __future__ import annotations

from ..provider.error_table import ErrorClass, ErrorTable

TABLE = ErrorTable.parse(
    "Alibaba Cloud",
    """
# -- the API gateway's common codes, A-ERR-1
Throttling throttle
Throttling.User throttle
Throttling.Api throttle
ServiceUnavailable maybe-applied        # 503: a gateway may answer it after the backend ran
InternalError maybe-applied             # 500
UnknownError maybe-applied              # 500
InvalidAccessKeyId.NotFound permanent
InvalidAccessKeyId.Inactive permanent
SignatureDoesNotMatch permanent
IncompleteSignature permanent
InvalidTimeStamp.Expired permanent
SignatureNonceUsed permanent
InvalidSecurityToken.Expired permanent
InvalidSecurityToken.Malformed permanent
Forbidden permanent
Forbidden.RAM permanent
Forbidden.AccessKeyDisabled permanent
MissingParameter permanent
InvalidParameter permanent
InvalidRegionId permanent
InvalidAction.NotFound permanent        # 404 about the address (no such action here), not an object
InvalidApi.NotFound permanent
# -- raised by the SDK or this adapter itself, A-ERR-2
InvalidCredentials permanent            # alibabacloud_tea_openapi/client.py: no access key
ParameterMissing permanent              # darabonba: a required model field is missing
ConnectionError maybe-applied           # refined by the adapter: a refused connection was not sent
InvalidResponse maybe-applied           # an answer that is not the API's (a proxy's page)
# -- ACR's own (HTTP 200, IsSuccess: false), A-ERR-3
INSTANCE_NOT_EXIST not-found
NAMESPACE_NOT_EXIST not-found
REPO_NOT_EXIST not-found
TAG_NOT_EXIST not-found
SYNC_TASK_NOT_EXIST not-found           # documented for CancelRepoSyncTask (HTTP 400)
SYNC_TASK_STATUS_INVALID permanent      # the emulator's own: no code is documented for it
""",
)


def classify(code: str, status: int | None, *, retry_after: bool) -> ErrorClass:
    """The class of an answer: its code's, else a throttling header, else 5xx by status."""
    if code in TABLE.classes:
        return TABLE.classify(code)
    if retry_after:
        return ErrorClass.THROTTLE
    if isinstance(status, int) and status >= 500:
        return ErrorClass.MAYBE_APPLIED
    return ErrorClass.PERMANENT
