"""Calling Huawei Cloud APIs (SWR v2, and IAM for project ids) through the official SDK.

Requests are plain dicts: path and query parameters under the SDK request model's attribute names
(`namespace`, `repository`, `filter`, ...) and the JSON body under `"body"` with the API's own
camelCase wire names. Answers are the JSON the API returns (an object, or an array for lists).
A repository name travels with `$` in place of `/`, as SWR requires; callers pass the real name.

No region travels in SWR requests: the project id in the signed `X-Project-Id` header selects it.
`huaweicloud:projectId` is the project of `huaweicloud:region` only (a profile's, of the profile's
region); any other region's project id is looked up with IAM `GET /v3/projects?name=<region>`,
as the SDK does for a client built with a region and no project id, and cached per
(IAM endpoint, access key, region) in the provider process: looked up once, however many
resources need it at the same moment.

An `SwrClient` owns a thread pool and cannot be pickled, so a provider never holds one: a client
is built for each call (retries off: the machinery retries) and closed after it. SWR's own error
bodies, `{"errorCode", "errorMessage"}` and `{"errors": [...]}`, are not parsed by the SDK (the code
arrives as the HTTP status and the body as the message): they are parsed here, so that users see
SWR's code and message, and what the code means is `error_codes`' to say (an HTTP 404 is not
"not found" by itself: the gateway answers 404 for an address without the API).
"""

from __future__ import annotations

import json
import logging
import re
import threading
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from ..provider.api import CloudApi, request_timeout
from ..provider.base import Operation
from ..provider.error_table import ErrorClass
from ..provider.errors import CloudError, ConfigurationError
from ..provider.pacing import Limits
from ..provider.sdk import require
from ..provider.settings import Settings
from . import error_codes

T = TypeVar("T")

SDK = "huaweicloud"

_project_ids: dict[tuple[str, str, str], str] = {}
_project_lookups: dict[tuple[str, str, str], threading.Lock] = {}
_project_ids_lock = threading.Lock()


def wire_repository(name: str) -> str:
    """A repository name as SWR paths take it: `/` becomes `$`."""
    return name.replace("/", "$")


def configured_project(settings: Settings, profile: str | None) -> tuple[str | None, str | None]:
    """(region, project id) of the configured project: a profile's own, or the stack's.

    A profile never borrows the stack's project id: projects belong to accounts.
    """
    if profile:
        section = settings.profile(profile).get("huaweicloud") or {}
        project = str(section.get("projectId") or "").strip() or None
        return settings.region(SDK, profile), project
    return settings.region(SDK), settings.extra(SDK, "projectId")


# SWR's API reference documents no rate limit ("Constraints: None" on every page, e.g.
# https://support.huaweicloud.com/eu/api-swr/swr_02_0012.html for CreateImageSyncRepo); the
# API gateway in front of it refuses calls over a per-user quota with HTTP 429, APIG(W).0308 "policy
# user over ratelimit" (https://support.huaweicloud.com/intl/en-us/oce_faq/en-us_topic_0000001887959462.html).
# So every action is paced at the conservative default, slowing down when refused.
HUAWEI_LIMITS = Limits({})


class HuaweiApi(CloudApi):
    """One Huawei Cloud service (`swr`, or `iam` for project look-ups) in one region."""

    cloud = "Huawei Cloud"
    credentials_of = SDK
    limits = HUAWEI_LIMITS

    def call(
        self, action: str, request: Any, *, already_applied: Callable[[], T | None] | None = None
    ) -> Any:
        if self.service != "iam":
            self.project_id()  # resolved (with its own retries) before this call's retries start
        return super().call(action, request, already_applied=already_applied)

    # -- project ids ----------------------------------------------------------------------------

    def project_id(self) -> str:
        region, project = configured_project(self.settings, self.profile)
        if project and region == self.region:
            return project
        keys = self.settings.credentials(SDK, self.profile)
        cache_key = (self._iam_endpoint(), keys.access_key_id, self.region)
        with _project_ids_lock:
            looking_up = _project_lookups.setdefault(cache_key, threading.Lock())
        # One look-up per project: the calls of other resources that need it wait for its answer.
        with looking_up:
            cached = _project_ids.get(cache_key)
            if cached is None:
                cached = _project_ids[cache_key] = self._look_up_project(keys.access_key_id)
            return cached

    def _look_up_project(self, access_key_id: str) -> str:
        iam = HuaweiApi(
            self.settings,
            "iam",
            self.region,
            profile=self.profile,
            deadline=self.deadline,
            policy=self.policy,
        )
        answer = iam.call("KeystoneListProjects", {"name": self.region}) or {}
        found = [p.get("id") for p in answer.get("projects") or [] if p.get("name") == self.region]
        if len(found) != 1 or not found[0]:
            raise ConfigurationError(
                f"Huawei Cloud IAM lists {len(found)} projects named {self.region} for access key "
                f"{access_key_id}; check that the account has the region, or set "
                f"huaweicloud:region to {self.region} and huaweicloud:projectId to its project id"
            )
        return str(found[0])

    # -- calls ----------------------------------------------------------------------------------

    def _invoke(self, action: str, request: Any) -> Any:
        if self.service == "iam":
            return self._list_projects(request)
        swr = require("huaweicloudsdkswr.v2", SDK)
        params = dict(request)
        body = params.pop("body", None)
        if "repository" in params:
            params["repository"] = wire_repository(params["repository"])
        model = getattr(swr, f"{action}Request")(**params)
        if body is not None:
            body_class = getattr(swr, f"{action}RequestBody")
            model.body = body_class(**_attributes(body_class, body))
        client = (
            swr.SwrClient.new_builder()
            .with_credentials(self._credentials(self.project_id()))
            .with_http_config(self._http_config())
            .with_endpoints([self._swr_endpoint()])
            .build()
        )
        try:
            response = getattr(client, _snake_case(action))(model)
        finally:
            _close(client.get_http_client())
        return response.to_json_object()

    def _list_projects(self, request: Mapping[str, str]) -> Any:
        """IAM `GET /v3/projects?name=`, signed and sent exactly as the SDK's own look-up does."""
        internal = require("huaweicloudsdkcore.auth.internal", SDK)
        http = require("huaweicloudsdkcore.http.http_client", SDK)
        handlers = require("huaweicloudsdkcore.exceptions.exception_handler", SDK)
        config = self._http_config()
        client = http.HttpClient(
            config, None, handlers.DefaultExceptionHandler(), logging.getLogger("HuaweiCloud-SDK-IAM")
        )
        try:
            unsigned = internal.IamHelper.get_keystone_list_projects_request(
                config, self._iam_endpoint(), region_id=request["name"]
            )
            signed = self._credentials(None).process_auth_request(unsigned, client).result()
            response = client.do_request_sync(signed)
        finally:
            _close(client)
        return json.loads(response.content or b"{}")

    def _credentials(self, project_id: str | None) -> Any:
        credentials = require("huaweicloudsdkcore.auth.credentials", SDK)
        keys = self.settings.credentials(SDK, self.profile)
        basic = credentials.BasicCredentials(keys.access_key_id, keys.access_key_secret, project_id)
        if keys.security_token:
            basic.with_security_token(keys.security_token)
        return basic

    def _http_config(self) -> Any:
        http_config = require("huaweicloudsdkcore.http.http_config", SDK)
        config = http_config.HttpConfig.get_default_config()
        config.timeout = request_timeout(self.settings)
        config.retry_times = 0
        return config

    def _swr_endpoint(self) -> str:
        endpoint = self.settings.endpoint("swr", self.region)
        if endpoint is None:
            regions = require("huaweicloudsdkswr.v2.region.swr_region", SDK)
            try:
                endpoint = regions.SwrRegion.value_of(self.region).endpoints[0]
            except KeyError:
                endpoint = f"https://swr-api.{self.region}.myhuaweicloud.com"
        return _with_scheme(str(endpoint))

    def _iam_endpoint(self) -> str:
        endpoint = self.settings.endpoint("iam", self.region)
        if endpoint is None:
            internal = require("huaweicloudsdkcore.auth.internal", SDK)
            endpoint = internal.IamHelper.get_iam_endpoint(self.region)
        return _with_scheme(str(endpoint))

    # -- errors ---------------------------------------------------------------------------------

    def _translate(self, action: str, error: Exception) -> CloudError | None:
        exceptions = require("huaweicloudsdkcore.exceptions.exceptions", SDK)
        timeouts = require("requests.exceptions", SDK).Timeout
        service = self.service.upper()
        if isinstance(error, exceptions.ServiceResponseException):
            status = int(error.status_code or 0)
            code, message = service_error(status, error.error_code, error.error_msg)
            kind = error_codes.classify(code, status)
            return CloudError(
                self.cloud,
                service,
                action,
                code,
                message[:500],
                error.request_id or None,
                retryable=kind.retryable,
                maybe_applied=kind.maybe_applied,
                not_found=kind.not_found,
                http_status=status,
                throttled=kind is ErrorClass.THROTTLE,
            )
        if isinstance(error, exceptions.RequestTimeoutException | timeouts):
            return CloudError(
                self.cloud, service, action, "RequestTimeout", str(error), retryable=True, maybe_applied=True
            )
        if isinstance(error, exceptions.SslHandShakeException):
            # A TLS mismatch is a configuration error: retrying cannot fix it.
            return CloudError(self.cloud, service, action, "SslHandShakeException", error.error_msg)
        if isinstance(error, exceptions.ConnectionException):
            message = str(error.error_msg)
            refused = "Connection refused" in message or "Failed to establish" in message
            return CloudError(
                self.cloud,
                service,
                action,
                type(error).__name__,
                message,
                retryable=True,
                maybe_applied=not refused,
                refused=refused,
            )
        if isinstance(error, exceptions.SdkException):
            return CloudError(self.cloud, service, action, type(error).__name__, str(error.error_msg))
        return None


def service_error(status: int, code: str | None, message: str | None) -> tuple[str, str]:
    """The code and message of an error answer, from SWR's own bodies when the SDK missed them.

    The SDK recognises `{"error_code", "error_msg"}` and similar pairs; for anything else it
    reports the HTTP status as the code and the raw body as the message.
    """
    code, message = code or str(status), message or ""
    if code != str(status):
        return code, message
    try:
        body = json.loads(message)
    except ValueError:
        page = " ".join(re.sub(r"<[^>]+>", " ", message).split())  # a load balancer's HTML page
        return code, f"HTTP {status}: {page}" if page else f"HTTP {status}"
    if isinstance(body, dict):
        errors = body.get("errors")
        if isinstance(errors, list) and errors and isinstance(errors[0], dict):
            body = errors[0]
        found = body.get("errorCode") or body.get("error_code") or body.get("code")
        if found:
            said = (
                body.get("errorMessage")
                or body.get("errorMsg")
                or body.get("error_msg")
                or body.get("message")
            )
            return str(found), str(said or "")
    return code, message


def _attributes(body_class: type, wire: Mapping[str, Any]) -> dict[str, Any]:
    names = {wire_name: attribute for attribute, wire_name in body_class.attribute_map.items()}  # type: ignore[attr-defined]
    unknown = set(wire) - set(names)
    if unknown:
        raise ValueError(f"{body_class.__name__} has no fields {sorted(unknown)}")
    return {names[key]: value for key, value in wire.items()}


def _snake_case(action: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", action).lower()


def _with_scheme(url: str) -> str:
    # The SDK prepends https:// to an endpoint without a scheme; say it here, once.
    return url if "://" in url else f"https://{url}"


def _close(client: Any) -> None:
    client.close()
    client.executor.shutdown(wait=False)


def huawei_api(op: Operation, *, cleanup: bool = False) -> HuaweiApi:
    """The SWR client for an operation of a resource, in its region with its profile."""
    return HuaweiApi.for_operation(op, "swr", op["region"], profile=op.profile, cleanup=cleanup)
