"""Calling Tencent Cloud APIs (TCR, CVM) through the official per-product SDKs.

Requests and answers are plain dicts with the API's own PascalCase field names; the SDK's models
serialise them, sign them (TC3-HMAC-SHA256) and send them. The models' `_deserialize` only warns
about a field it does not know (and sends nothing for it), so every request is checked against
its model first: a misspelled field is an error, never a silently dropped setting. The region
travels in the signed `X-TC-Region` header, so one client per region is all that routing needs.

What an error code means is `error_codes.TABLE`'s to say (built from the SDKs' own lists).
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlparse

from ..provider.api import CloudApi, request_timeout
from ..provider.base import Operation
from ..provider.error_table import ErrorClass
from ..provider.errors import CloudError
from ..provider.pacing import Limits
from ..provider.sdk import require
from .error_codes import TABLE

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


def is_throttling(code: str) -> bool:
    """Whether a code is Tencent's throttling (kept for callers outside the adapter)."""
    return TABLE.classify(code) is ErrorClass.THROTTLE


def check_request(model: Any, request: Any, path: str) -> None:
    """Raise when `request` names a field its SDK model does not have (at any depth).

    `_deserialize` has just filled `model` from `request`: a nested map became a model, a list of
    maps a list of models, so both are walked side by side.
    """
    if not isinstance(request, dict):
        return
    for key, value in request.items():
        if not hasattr(model, f"_{key}"):
            known = sorted(name[1:] for name in vars(model) if name.startswith("_"))
            raise ValueError(f"{path} has no field {key!r} (the SDK model has {', '.join(known)})")
        nested = getattr(model, f"_{key}")
        if isinstance(value, dict):
            check_request(nested, value, f"{path}.{key}")
        elif isinstance(value, list) and isinstance(nested, list):
            for index, (item, item_model) in enumerate(zip(value, nested, strict=False)):
                check_request(item_model, item, f"{path}.{key}[{index}]")


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
        check_request(model, request, f"{action}Request")
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
        kind = TABLE.classify(code)
        return CloudError(
            self.cloud,
            self.service.upper(),
            action,
            code,
            message[:500],
            error.get_request_id(),
            retryable=kind.retryable and not misconfigured,
            maybe_applied=kind.maybe_applied and not refused and not misconfigured,
            not_found=kind.not_found,
            throttled=kind is ErrorClass.THROTTLE,
            refused=refused,
        )


def tencent_api(
    op: Operation, service: str, region: str | None = None, *, cleanup: bool = False
) -> TencentApi:
    """The client for an operation of a resource, in its region (or ``region``) with its profile."""
    return TencentApi.for_operation(op, service, region or op["region"], profile=op.profile, cleanup=cleanup)
