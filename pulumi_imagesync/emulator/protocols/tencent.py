"""Tencent Cloud API 3.0 as the ``tencentcloud-sdk-python`` clients speak it (TCR now, CVM later).

Wire: ``POST /`` with a JSON body (or TC3 ``GET /?<flattened query>``); the action, version and
region travel in ``X-TC-Action``/``X-TC-Version``/``X-TC-Region``; the service is the third part of
the TC3 credential scope. Answers are HTTP 200 with ``Content-Type: application/json`` exactly (the
SDK ignores error envelopes under any other content type) and ``{"Response": {..., "RequestId"}}``;
errors are ``{"Response": {"Error": {"Code", "Message"}, "RequestId"}}``, also HTTP 200.

Authentication is TC3-HMAC-SHA256 only, verified against the access key's account; the legacy
HmacSHA1/HmacSHA256 form signatures are rejected with ``AuthFailure.SignatureFailure``. A service
plugs in with a `TencentResponses` subclass whose `action`-decorated methods name their actions and
declare their parameters.
"""

from __future__ import annotations

import hmac
import json
import time
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from ..accounts import Account, Accounts
from ..calls import Call
from ..errors import CloudError
from ..wire import Request, Response
from . import tc3
from .base import CloudProtocol, ServiceResponses, declare
from .tencent_errors import (
    InvalidAction,
    InvalidAuthorization,
    InvalidParameter,
    MissingParameter,
    NoSuchVersion,
    RequestLimitExceeded,
    SecretIdNotFound,
    SignatureExpire,
    SignatureFailure,
    TokenFailure,
    UnsupportedRegion,
)
from .tencent_params import Params, Struct, unflatten, validate

if TYPE_CHECKING:
    from ..backend import ServiceBackend, ServiceSpec

MAX_CLOCK_SKEW = 300  # seconds between X-TC-Timestamp and the server's wall clock
ONLY_TC3 = (
    "Only TC3-HMAC-SHA256 signatures are supported by imagesync-emulator; use the SDK's default "
    'ClientProfile(signMethod="TC3-HMAC-SHA256").'
)

B = TypeVar("B")
Handler = Callable[[Any, Params], dict[str, Any]]


def action(name: str, params: Struct) -> Callable[[Handler], Handler]:
    """Declare a `TencentResponses` method as the handler of API action ``name``."""
    return declare((name, params))


class TencentResponses(ServiceResponses[B]):
    """Base of a Tencent service's responses: one `action` method per API action."""

    actions: ClassVar[dict[str, tuple[str, Struct]]] = {}  # action -> (method name, parameters)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.actions = {name: (attribute, params) for attribute, (name, params) in cls.declared()}


class TencentProtocol(CloudProtocol):
    cloud = "tencentcloud"

    def __init__(self, services: Sequence[ServiceSpec], *, wall: Callable[[], float] = time.time) -> None:
        super().__init__(services)
        self._wall = wall
        for spec in services:
            if not issubclass(spec.responses, TencentResponses):
                raise TypeError(f"{spec.name}: responses must subclass TencentResponses")

    def matches(self, request: Request) -> bool:
        if request.header("x-tc-action") or request.header("authorization").startswith(tc3.ALGORITHM):
            return True
        return self._legacy_params(request) is not None

    def identify(self, request: Request) -> Call:
        auth = tc3.Authorization.parse(request.header("authorization"))
        legacy = self._legacy_params(request) if auth is None else None
        action_name = request.header("x-tc-action") or (legacy or {}).get("Action", "")
        region = request.header("x-tc-region") or (legacy or {}).get("Region", "")
        service = auth.service if auth else self._service_of(action_name)
        return Call(self.cloud, service, action_name, region, caller=auth.secret_id if auth else "")

    def authenticate(self, request: Request, call: Call, accounts: Accounts) -> Account:
        header = request.header("authorization")
        auth = tc3.Authorization.parse(header)
        if auth is None:
            if self._legacy_params(request) is not None:
                raise SignatureFailure(ONLY_TC3)
            raise InvalidAuthorization(
                "it is missing" if not header else "expected `TC3-HMAC-SHA256 Credential=..., ...`"
            )
        account = accounts.get(auth.secret_id)
        if account is None:
            raise SecretIdNotFound(auth.secret_id)
        timestamp = self._timestamp(request)
        server_time = int(self._wall())
        if abs(timestamp - server_time) > MAX_CLOCK_SKEW:
            raise SignatureExpire(timestamp, server_time)
        self._check_scope(auth, timestamp)
        expected = tc3.signature(
            account.access_key_secret,
            auth.date,
            auth.service,
            tc3.string_to_sign(timestamp, auth.date, auth.service, self._canonical_request(request, auth)),
        )
        if not hmac.compare_digest(expected, auth.signature.lower()):
            raise SignatureFailure(
                "The provided credentials could not be validated: the signature does not match "
                "(check the secret key and that the request was not changed after signing)."
            )
        if account.security_token is not None and request.header("x-tc-token") != account.security_token:
            raise TokenFailure()
        return account

    def invoke(self, request: Request, call: Call, backends: Mapping[str, ServiceBackend]) -> Any:
        spec = self.services[call.service]  # authenticate() checked the scope's service
        version = request.header("x-tc-version")
        if not version:
            raise MissingParameter("Version")
        if version != spec.api_version:
            raise NoSuchVersion(version, spec.name, spec.api_version or "")
        if not call.action:
            raise MissingParameter("Action")
        responses: type[TencentResponses[Any]] = spec.responses
        declared = responses.actions.get(call.action)
        if declared is None:
            raise InvalidAction(call.action, spec.name)
        if not call.region:
            raise MissingParameter("Region")
        if call.region not in spec.regions:
            raise UnsupportedRegion(call.region, spec.name)
        method_name, schema = declared
        params = self._params(request, schema)
        handler = responses(backends[spec.name], call.region, call.account_id)
        return getattr(handler, method_name)(params)

    def render(self, call: Call, payload: Any) -> Response:
        return Response.json({"Response": {**payload, "RequestId": call.request_id}})

    def render_error(self, call: Call, error: CloudError) -> Response:
        body = {"Error": {"Code": error.code, "Message": error.message}, "RequestId": call.request_id}
        return Response.json({"Response": body})

    def throttled(self, call: Call) -> CloudError:
        return RequestLimitExceeded(call.action)

    def _check_scope(self, auth: tc3.Authorization, timestamp: int) -> None:
        if auth.date != tc3.utc_date(timestamp):
            raise SignatureFailure(
                f"The credential scope date {auth.date} is not the UTC date of X-TC-Timestamp "
                f"({tc3.utc_date(timestamp)})."
            )
        if auth.terminator != tc3.TERMINATOR:
            raise SignatureFailure(f"The credential scope must end with `{tc3.TERMINATOR}`.")
        if auth.service not in self.services:
            raise SignatureFailure(
                f"The credential scope service `{auth.service}` is not served here "
                f"(served: {', '.join(sorted(self.services))})."
            )
        if not {"content-type", "host"} <= set(auth.signed_headers):
            raise SignatureFailure("SignedHeaders must include content-type and host.")

    def _canonical_request(self, request: Request, auth: tc3.Authorization) -> str:
        unsigned = request.header("x-tc-content-sha256") == tc3.UNSIGNED_PAYLOAD
        return tc3.canonical_request(
            request.method,
            request.path,
            request.query,
            request.headers,
            auth.signed_headers,
            tc3.payload_hash(request.body, method=request.method, unsigned=unsigned),
        )

    def _timestamp(self, request: Request) -> int:
        raw = request.header("x-tc-timestamp")
        if not raw:
            raise MissingParameter("Timestamp")
        try:
            return int(raw)
        except ValueError:
            raise SignatureFailure(f"X-TC-Timestamp must be unix seconds, got `{raw}`.") from None

    def _params(self, request: Request, schema: Struct) -> Params:
        if request.method == "GET":
            return validate(schema, unflatten(request.query_pairs()), textual=True)
        content_type = request.content_type
        if content_type == "application/x-www-form-urlencoded":
            return validate(schema, unflatten(request.form_pairs()), textual=True)
        if content_type != "application/json":
            raise InvalidParameter(
                f"The Content-Type `{content_type}` is not supported; use application/json."
            )
        try:
            body = json.loads(request.body or b"{}")
        except ValueError:
            raise InvalidParameter("The request body is not valid JSON.") from None
        return validate(schema, body)

    def _legacy_params(self, request: Request) -> dict[str, str] | None:
        """The common parameters of a legacy (HmacSHA1/HmacSHA256) request, if it is one."""
        params = dict(request.form_pairs() or request.query_pairs())
        return params if "SecretId" in params and "Signature" in params else None

    def _service_of(self, action_name: str) -> str:
        for name, spec in self.services.items():
            responses: type[TencentResponses[Any]] = spec.responses
            if action_name in responses.actions:
                return name
        return ""
