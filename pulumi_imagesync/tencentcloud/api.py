"""Calling Tencent Cloud APIs (TCR, CVM) through the official per-product SDKs.

Requests and answers are plain dicts with the API's own PascalCase field names; the SDK's models
serialise them, sign them (TC3-HMAC-SHA256) and send them. The region travels in the signed
`X-TC-Region` header, so one client per region is all that routing needs.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlparse

from ..provider.api import CloudApi, request_timeout
from ..provider.base import Operation
from ..provider.errors import CloudError
from ..provider.pacing import Limits
from ..provider.sdk import require

# service -> (SDK package, client module, client class)
_SERVICES = {
    "tcr": ("tencentcloud.tcr.v20190924", "tcr_client", "TcrClient"),
    "cvm": ("tencentcloud.cvm.v20170312", "cvm_client", "CvmClient"),
}
# Where calls go without an endpoint setting: `<service>.tencentcloudapi.com`, nearest access region.
_PUBLIC_HOST = "tencentcloudapi.com"

# Documented limits, requests per second. Tencent counts them per API, access region (where the
# endpoint resolves, not the region a call acts in) and sub-account:
# https://cloud.tencent.com/document/product/1278/109059
TENCENT_LIMITS = Limits(
    {
        # TCR API category: https://www.tencentcloud.com/document/api/1051/41098
        ("tcr", "DuplicateImage"): 20,
        ("tcr", "DescribeImages"): 100,
        ("tcr", "DeleteRepositoryTags"): 20,
        ("tcr", "DescribeInstances"): 100,
        ("tcr", "DescribeRegions"): 20,
        # https://www.tencentcloud.com/document/api/1051/42669 (ManageReplication) and the pages of
        # ModifyReplication / DeleteReplicationRule (reference/cloud-apis.md 1.6)
        ("tcr", "ManageReplication"): 20,
        ("tcr", "ModifyReplication"): 20,
        ("tcr", "DeleteReplicationRule"): 20,
        ("tcr", "DescribeReplicationPolicies"): 20,  # https://cloud.tencent.com/document/api/1141/126602
        ("tcr", "DescribeReplicationExecutions"): 20,  # https://cloud.tencent.com/document/api/1141/137093
        ("cvm", "SyncImages"): 10,  # https://www.tencentcloud.com/document/api/213/33267
        ("cvm", "DeleteImages"): 10,  # https://cloud.tencent.com/document/product/213/15716
        ("cvm", "DescribeImages"): 40,  # https://cloud.tencent.com/document/api/213/15715
    }
)

_NOT_FOUND_PREFIXES = ("ResourceNotFound", "InvalidImageId.NotFound", "InternalError.ErrNotExist")
# Failures after which the request may have been carried out.
_AMBIGUOUS = ("ServerNetworkError", "InternalError")


def is_throttling(code: str) -> bool:
    return code.startswith("RequestLimitExceeded")


class TencentApi(CloudApi):
    """One Tencent Cloud service in one region."""

    cloud = "Tencent Cloud"
    credentials_of = "tencentcloud"
    limits = TENCENT_LIMITS

    _client: Any = None

    def pace_scope(self) -> str:
        """Tencent counts calls per access region, the endpoint's: the public one resolves to the
        access point nearest the caller whatever region a call acts in, so all regions share it."""
        endpoint = self.settings.endpoint(self.service, self.region)
        return (
            urlparse(endpoint if "://" in endpoint else f"https://{endpoint}").netloc
            if endpoint
            else _PUBLIC_HOST
        )

    def _sdk_client(self) -> Any:
        if self._client is not None:
            return self._client
        package, module, cls = _SERVICES[self.service]
        credential = require("tencentcloud.common.credential", "tencentcloud")
        profiles = require("tencentcloud.common.profile.client_profile", "tencentcloud")
        http_profiles = require("tencentcloud.common.profile.http_profile", "tencentcloud")
        client_class = getattr(require(f"{package}.{module}", "tencentcloud"), cls)

        keys = self.settings.credentials(self.credentials_of, self.profile)
        endpoint = self.settings.endpoint(self.service, self.region)
        http = http_profiles.HttpProfile(reqTimeout=request_timeout(self.settings))
        if endpoint:
            url = urlparse(endpoint if "://" in endpoint else f"https://{endpoint}")
            # The SDK wants host[:port] and the scheme apart (a scheme in `endpoint` ends up in
            # the Host header), and copies the scheme at construction.
            http = http_profiles.HttpProfile(
                protocol=url.scheme, endpoint=url.netloc, reqTimeout=request_timeout(self.settings)
            )
        self._client = client_class(
            credential.Credential(keys.access_key_id, keys.access_key_secret, keys.security_token),
            self.region,
            profiles.ClientProfile(httpProfile=http, language="en-US"),
        )
        return self._client

    def _invoke(self, action: str, request: Any) -> Any:
        client = self._sdk_client()
        models = require(f"{_SERVICES[self.service][0]}.models", "tencentcloud")
        model = getattr(models, f"{action}Request")()
        model._deserialize(request)
        return json.loads(getattr(client, action)(model).to_json_string())

    def _translate(self, action: str, error: Exception) -> CloudError | None:
        exceptions = require("tencentcloud.common.exception.tencent_cloud_sdk_exception", "tencentcloud")
        if not isinstance(error, exceptions.TencentCloudSDKException):
            return None
        code = error.get_code() or "Unknown"
        message = error.get_message()
        if isinstance(message, bytes):
            message = message.decode("utf-8", "replace")
        message = str(message or "")
        refused = code == "ClientNetworkError" and ("Failed to establish" in message or "refused" in message)
        # A TLS or proxy mismatch is a configuration error: retrying cannot fix it.
        misconfigured = code == "ClientNetworkError" and ("SSLError" in message or "ProxyError" in message)
        return CloudError(
            self.cloud,
            self.service.upper(),
            action,
            code,
            message[:500],
            error.get_request_id(),
            retryable=not misconfigured
            and (is_throttling(code) or code == "ClientNetworkError" or code.startswith(_AMBIGUOUS)),
            maybe_applied=(code == "ClientNetworkError" and not refused) or code.startswith(_AMBIGUOUS),
            not_found=code.startswith(_NOT_FOUND_PREFIXES),
            throttled=is_throttling(code),
        )


def tencent_api(
    op: Operation, service: str, region: str | None = None, *, cleanup: bool = False
) -> TencentApi:
    """The client for an operation of a resource, in its region (or ``region``) with its profile."""
    return TencentApi.for_operation(op, service, region or op["region"], profile=op.profile, cleanup=cleanup)
