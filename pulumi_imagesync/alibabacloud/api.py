"""Calling Alibaba Cloud APIs (ACR, cr 2018-12-01) through the official product SDK.

Requests and answers are plain dicts with the API's own PascalCase field names; the SDK's request
models build the query, sign it (ACS3-HMAC-SHA256) and send it. The region is the endpoint
(``cr.<region>.aliyuncs.com``, or the emulator / ``imagesync:endpoints``), and ``RegionId`` is
added to every query through the SDK's global parameters so that one address can serve many
regions (the emulator, a private gateway).

Two things the SDK leaves to its caller: an answer of HTTP 200 whose body says ``IsSuccess:
false`` (ACR's business errors) raises nothing, so it is turned into a `CloudError` here; and
the body's ``Message`` is dropped by the response models, so the answer is taken as the JSON the
SDK parsed. What a code means is `error_codes`' to say. Requests are checked against the SDK's
request models: a field a model does not know is an error, not a setting silently dropped.
"""

from __future__ import annotations

import functools
import re
from typing import Any
from urllib.parse import urlparse

from ..provider.api import CloudApi, request_timeout
from ..provider.base import Operation
from ..provider.error_table import ErrorClass
from ..provider.errors import CloudError
from ..provider.pacing import Limits
from ..provider.sdk import require
from . import error_codes

CLOUD = "alibabacloud"
_SERVICES = {"cr": ("alibabacloud_cr20181201", "ACR")}  # service -> (SDK package, label in errors)

# Connection failures after which the request cannot have reached the server.
_NOT_SENT = ("Connection refused", "Failed to establish a new connection", "Name or service not known")
# Configuration problems that no retry can fix.
_REFUSED = ("Connection refused", "Failed to establish a new connection")
_MISCONFIGURED = ("SSLError", "ProxyError", "CERTIFICATE_VERIFY_FAILED")


def snake_case(action: str) -> str:
    """`CreateRepoSyncTask` -> `create_repo_sync_task`, the SDK's method names."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", action).lower()


@functools.cache
def _recording_client(package: str) -> type:
    """The product client, keeping the JSON body of its last answer (the models drop `Message`)."""
    base = require(f"{package}.client", CLOUD).Client

    class RecordingClient(base):  # type: ignore[misc, valid-type]
        last_body: Any = None

        def call_api(self, params: Any, request: Any, runtime: Any) -> Any:
            answer = super().call_api(params, request, runtime)
            self.last_body = answer.get("body") if isinstance(answer, dict) else None
            return answer

    return RecordingClient


# Alibaba publishes an API's flow control on its reference page or a product's "flow control
# information" page (https://www.alibabacloud.com/help/en/openapi/throttling-and-quota-management);
# none was found for ACR's cr 2018-12-01 actions (e.g. CreateRepoSyncTask,
# https://www.alibabacloud.com/help/pt-br/acr/developer-reference/api-cr-2018-12-01-createreposynctask,
# GetRepoSyncTask, https://help.aliyun.com/zh/acr/developer-reference/api-cr-2018-12-01-getreposynctask).
# A call over the quota is answered `Throttling.*`, with `x-acs-retry-after` (reference/cloud-apis.md
# 5.7). So every action is paced at the conservative default, slowing down when refused.
ALIBABA_LIMITS = Limits({})


class AlibabaApi(CloudApi):
    """One Alibaba Cloud service in one region."""

    cloud = "Alibaba Cloud"
    credentials_of = CLOUD
    limits = ALIBABA_LIMITS

    @property
    def label(self) -> str:
        return _SERVICES[self.service][1]

    def _sdk_client(self) -> Any:
        """A fresh client per call: each keeps the body of its own last answer."""
        package = _SERVICES[self.service][0]
        openapi = require("alibabacloud_tea_openapi.models", CLOUD)
        keys = self.settings.credentials(CLOUD, self.profile)
        endpoint = self.settings.endpoint(self.service, self.region)
        url = urlparse(
            endpoint if endpoint and "://" in endpoint else f"https://{endpoint or self._public_host()}"
        )
        timeout_ms = int(request_timeout(self.settings) * 1000)
        config = openapi.Config(
            access_key_id=keys.access_key_id,
            access_key_secret=keys.access_key_secret,
            security_token=keys.security_token,
            region_id=self.region,
            # The SDK wants host[:port] and the scheme apart (a scheme in `endpoint` ends up in
            # the signed Host header).
            endpoint=url.netloc,
            protocol=url.scheme,
            read_timeout=timeout_ms,
            connect_timeout=min(timeout_ms, 10_000),
            global_parameters=openapi.GlobalParameters(queries={"RegionId": self.region}),
        )
        return _recording_client(package)(config)

    def _public_host(self) -> str:
        return f"{self.service}.{self.region}.aliyuncs.com"

    def _invoke(self, action: str, request: Any) -> Any:
        package = _SERVICES[self.service][0]
        models = require(f"{package}.models", CLOUD)
        runtime = require("darabonba.runtime", CLOUD).RuntimeOptions()
        model = getattr(models, f"{action}Request")().from_map(request)
        dropped = set(request) - set(model.to_map())
        if dropped:  # from_map ignores names it does not know: a typo would go unnoticed
            raise ValueError(f"{action}Request has no fields {sorted(dropped)}")
        client = self._sdk_client()
        getattr(client, f"{snake_case(action)}_with_options")(model, runtime)
        body = client.last_body if isinstance(client.last_body, dict) else {}
        if body.get("IsSuccess") is False:
            code = str(body.get("Code") or "Unknown")
            raise CloudError(
                self.cloud,
                self.label,
                action,
                code,
                str(body.get("Message") or "the answer says IsSuccess=false"),
                body.get("RequestId"),
                not_found=error_codes.classify(code, 200, retry_after=False).not_found,
                http_status=200,
            )
        return body

    def _translate(self, action: str, error: Exception) -> CloudError | None:
        tea = require("Tea.exceptions", CLOUD)
        if not isinstance(error, tea.TeaException):
            return None
        inner = getattr(error, "inner_exception", None)
        if inner is not None:  # UnretryableException: no (parsable) answer came back
            return self._connection_error(action, inner)
        status = getattr(error, "status_code", None)
        data = error.data if isinstance(error.data, dict) else {}
        code = str(data.get("Code") or (error.code if error.code not in (None, "None") else "Unknown"))
        message = str(data.get("Message") or error.message or "")
        retry_after_ms = getattr(error, "retry_after", None)
        kind = error_codes.classify(code, status, retry_after=retry_after_ms is not None)
        return CloudError(
            self.cloud,
            self.label,
            action,
            code,
            message[:500],
            getattr(error, "request_id", None) or data.get("RequestId"),
            retryable=kind.retryable,
            maybe_applied=kind.maybe_applied,
            not_found=kind.not_found,
            http_status=status,
            retry_after=retry_after_ms / 1000 if retry_after_ms else None,
            throttled=kind is ErrorClass.THROTTLE,
        )

    def _connection_error(self, action: str, inner: BaseException) -> CloudError:
        text = str(getattr(inner, "message", None) or inner)
        misconfigured = any(marker in text for marker in _MISCONFIGURED)
        if isinstance(inner, require("darabonba.exceptions", CLOUD).RetryError):  # the SDK's wrap of IOError
            code, sent = "ConnectionError", not any(marker in text for marker in _NOT_SENT)
        else:  # an answer that could not be read (not JSON: a proxy's or load balancer's page)
            code, sent = "InvalidResponse", True
        return CloudError(
            self.cloud,
            self.label,
            action,
            code,
            text[:500],
            retryable=not misconfigured,
            maybe_applied=sent and not misconfigured,
            refused=any(marker in text for marker in _REFUSED),
        )


def alibaba_api(op: Operation, region: str, *, profile: str | None, cleanup: bool = False) -> AlibabaApi:
    """The ACR client for an operation, in ``region`` with credential set ``profile`` (None: the stack's own)."""
    return AlibabaApi.for_operation(op, "cr", region, profile=profile, cleanup=cleanup)
