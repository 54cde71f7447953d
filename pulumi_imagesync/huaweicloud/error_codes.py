"""Huawei Cloud's error codes for SWR (and its API gateway), each with its class.

The SDK ships no list of codes (`huaweicloudsdkswr` has none; `huaweicloudsdkcore` maps HTTP
statuses to exception classes only), so the table is built from Huawei's pages: the SWR error-code
appendix and the API gateway's error codes (URLs in docs/cloud-assumptions.md, H-ERR-1 to H-ERR-4).
SWR codes carry their HTTP status in their first three digits (`SVCSTG.SWR.4040010` is a 404).

Two things decide the "not found" class here, never the HTTP status alone: the gateway's
`APIGW.0101` ("the API does not exist or has not been published") is a 404 about the *address*
(a wrong endpoint, a region without the API), not about the object, so it is permanent; and only
SWR's own not-found codes are `not-found`. A code in no table keeps its status's meaning only for
429 (throttling) and 5xx (a server failure, which may have run half-way); any other is permanent.
The pseudo-codes `429`, `500`, ... are what the SDK reports when a body carries no code it reads.
"""

from __future__ import annotations

from ..provider.error_table import ErrorClass, ErrorTable

TABLE = ErrorTable.parse(
    "Huawei Cloud",
    """
# -- API gateway (APIGW), H-ERR-2
APIGW.0101 permanent        # 404: the API does not exist or has not been published (address, not object)
APIGW.0201 permanent        # 400: bad request
APIGW.0301 permanent        # 401: IAM authentication failed
APIGW.0302 permanent        # 403: the IAM user is not authorized
APIGW.0306 permanent        # 403: API access denied
APIGW.0307 permanent        # 401: the token expired or is invalid
APIGW.0308 throttle         # 429: the throttling threshold has been reached
# -- SWR, H-ERR-1 (the appendix) and H-ERR-3 (the codes the appendix does not list)
SVCSTG.SWR.4000013 permanent   # invalid digest
SVCSTG.SWR.4000014 permanent   # invalid parameter
SVCSTG.SWR.4000015 permanent   # invalid package name
SVCSTG.SWR.4000016 permanent   # invalid version number
SVCSTG.SWR.4001048 permanent   # failed to get the token from the context
SVCSTG.SWR.4001158 not-found   # DELETE .../sync_repo of a rule that does not exist (Terraform provider)
SVCSTG.SWR.4010000 permanent   # authentication failed
SVCSTG.SWR.4030001 permanent   # not allowed (the emulator's; SWR's 403 family)
SVCSTG.SWR.4040002 not-found   # the organization (namespace) does not exist
SVCSTG.SWR.4040003 not-found   # the repository does not exist (the emulator's; unverified, H-ERR-3)
SVCSTG.SWR.4040004 not-found   # the software package (image tag) does not exist
SVCSTG.SWR.4040009 not-found   # the image list cannot be found
SVCSTG.SWR.4040010 not-found   # the image (repository) does not exist
SVCSTG.SWR.4060012 permanent   # the repository holds images
SVCSTG.SWR.4090003 permanent   # the sync rule already exists (the emulator's; SWR's 409 family)
SVCSTG.SWR.4090006 permanent   # the image already exists
SVCSTG.SWR.5000001 maybe-applied
SVCSTG.SWR.5000002 maybe-applied
SVCSTG.SWR.5000003 maybe-applied
SVCSTG.SWR.5000005 maybe-applied
SVCSTG.SWR.5000007 maybe-applied
SVCSTG.SWR.5000008 maybe-applied
SVCSTG.SWR.5000011 maybe-applied
# -- what the SDK reports when a body carries no code it reads (the HTTP status), H-ERR-4
429 throttle
500 maybe-applied
502 maybe-applied
503 maybe-applied
504 maybe-applied
""",
)


def classify(code: str, status: int) -> ErrorClass:
    """The class of an answer: its code's, else (for a code no table lists) 429 and 5xx by status."""
    if code in TABLE.classes:
        return TABLE.classify(code)
    if status == 429:
        return ErrorClass.THROTTLE
    if status >= 500:
        return ErrorClass.MAYBE_APPLIED
    return ErrorClass.PERMANENT
