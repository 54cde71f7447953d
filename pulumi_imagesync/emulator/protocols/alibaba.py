"""Alibaba Cloud RPC APIs as the ``alibabacloud-tea-openapi`` clients speak them (ACR now).

Wire: ``POST /`` (``GET /`` for some actions) with every parameter in the query string and an
empty body; the action and version travel in ``x-acs-action`` / ``x-acs-version``. The SDK sends
no region: the real endpoint (``cr.<region>.aliyuncs.com``) is the region. Here every region
shares one address, so the region is the ``RegionId`` query parameter (the provider adds it to
every call with the SDK's ``GlobalParameters``), else a ``cr.<region>.aliyuncs.com`` Host header;
a call for region X acts on region X's state.

Answers are JSON with ``RequestId``, ``Code: "success"`` and ``IsSuccess: true``. Gateway errors
are HTTP 4xx/5xx ``{"Code", "Message", "RequestId"}`` (``x-acs-retry-after`` in
milliseconds on throttling). A service's business errors are answered, as ACR answers them, with
HTTP 200 and ``IsSuccess: false`` when the error's status is 200: the SDK raises nothing then, and
a client must look at ``IsSuccess`` itself. The same holds for an injected fault of kind
``error`` with ``status: 200``.

Authentication is ACS3-HMAC-SHA256 (see `acs3`): every signed header is verified, ``host``, the
``content-type`` and every ``x-acs-*`` header sent must be signed, ``x-acs-content-sha256`` must
be the body's, ``x-acs-date`` within 15 minutes of the server's clock and each
``x-acs-signature-nonce`` used once. Other algorithms and the legacy ``v2`` query signature are
rejected. A service plugs in with an `AlibabaResponses` subclass whose `action`-decorated methods
name their actions and declare their parameters.
"""

from __future__ import annotations

import hmac
import re
import time
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from ..accounts import Account, Accounts
from ..calls import Call
from ..errors import CloudError
from ..wire import Request, Response
from . import acs3
from .alibaba_errors import (
    AccessKeyNotFound,
    ActionNotFound,
    IncompleteSignature,
    InvalidRegionId,
    InvalidVersion,
    MissingRegionId,
    SecurityTokenMismatch,
    SignatureDoesNotMatch,
    SignatureNonceUsed,
    Throttling,
    TimestampExpired,
    TimestampFormat,
    UnsupportedSignature,
)
from .alibaba_params import RpcParams, Schema, parse
from .base import CloudProtocol, ServiceResponses, declare

if TYPE_CHECKING:
    from ..backend import ServiceBackend, ServiceSpec

MAX_CLOCK_SKEW = 900  # seconds between x-acs-date and the server's wall clock
CONTENT_TYPE = "application/json;charset=utf-8"
HOST_REGION = re.compile(r"^[a-z]+\.([a-z0-9-]+)\.aliyuncs\.com(?::\d+)?$")
ALWAYS_SIGNED = frozenset(
    {
        "host",
        "x-acs-action",
        "x-acs-version",
        "x-acs-date",
        "x-acs-signature-nonce",
        "x-acs-content-sha256",
    }
)

B = TypeVar("B")
Handler = Callable[[Any, RpcParams], dict[str, Any]]


def action(name: str, params: Schema) -> Callable[[Handler], Handler]:
    """Declare an `AlibabaResponses` method as the handler of API action ``name``."""
    return declare((name, params))


class AlibabaResponses(ServiceResponses[B]):
    """Base of an Alibaba service's responses: one `action` method per API action."""

    actions: ClassVar[dict[str, tuple[str, Schema]]] = {}  # action -> (method name, parameters)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.actions = {name: (attribute, params) for attribute, (name, params) in cls.declared()}


class AlibabaProtocol(CloudProtocol):
    cloud = "alibabacloud"

    def __init__(self, services: Sequence[ServiceSpec], *, wall: Callable[[], float] = time.time) -> None:
        super().__init__(services)
        self._wall = wall
        self._nonces: set[tuple[str, str]] = set()  # (access key, nonce) seen
        self._nonce_expiry: deque[tuple[float, tuple[str, str]]] = deque()  # oldest first
        for spec in services:
            if not issubclass(spec.responses, AlibabaResponses):
                raise TypeError(f"{spec.name}: responses must subclass AlibabaResponses")

    def matches(self, request: Request) -> bool:
        if request.header("x-acs-action") or request.header("authorization").startswith("ACS3-"):
            return True
        return self._legacy(request)

    def identify(self, request: Request) -> Call:
        params = dict(request.query_pairs())
        action_name = request.header("x-acs-action") or params.get("Action", "")
        return Call(self.cloud, self._service_of(action_name), action_name, self._region(request, params))

    def authenticate(self, request: Request, call: Call, accounts: Accounts) -> Account:
        header = request.header("authorization")
        auth = acs3.Authorization.parse(header)
        if auth is None:
            if self._legacy(request):
                raise UnsupportedSignature("The legacy query signature (signature_algorithm='v2')")
            raise IncompleteSignature(
                "the Authorization header is missing"
                if not header
                else "the Authorization header is malformed"
            )
        if auth.algorithm != acs3.ALGORITHM:
            raise UnsupportedSignature(f"The signature algorithm {auth.algorithm}")
        account = accounts.get(auth.access_key_id)
        if account is None:
            raise AccessKeyNotFound(auth.access_key_id)
        self._check_signed_headers(request, auth)
        now = self._wall()
        self._check_date(request, now)
        body_hash = request.header("x-acs-content-sha256")
        if body_hash != acs3.content_sha256(request.body):
            raise SignatureDoesNotMatch("x-acs-content-sha256 is not the sha256 of the body")
        expected = acs3.signature(
            account.access_key_secret,
            acs3.string_to_sign(
                acs3.canonical_request(
                    request.method,
                    request.path,
                    request.query_pairs(),
                    request.headers,
                    auth.signed_headers,
                    body_hash,
                )
            ),
        )
        if not hmac.compare_digest(expected, auth.signature.lower()):
            raise SignatureDoesNotMatch(
                "check the access key secret and that no signed header, parameter or the body "
                "was changed after signing"
            )
        self._check_nonce(auth.access_key_id, request.header("x-acs-signature-nonce"), now)
        if (
            account.security_token is not None
            and request.header("x-acs-security-token") != account.security_token
        ):
            raise SecurityTokenMismatch()
        return account

    def invoke(self, request: Request, call: Call, backends: Mapping[str, ServiceBackend]) -> Any:
        version = request.header("x-acs-version")
        if not call.service:
            raise ActionNotFound(call.action or "(none)", version)
        spec = self.services[call.service]
        if version != spec.api_version:
            raise InvalidVersion(version, spec.api_version or "")
        if not call.region:
            raise MissingRegionId()
        if call.region not in spec.regions:
            raise InvalidRegionId(call.region, spec.name.upper())
        responses: type[AlibabaResponses[Any]] = spec.responses
        method_name, schema = responses.actions[call.action]
        raw = dict(request.form_pairs())
        raw.update(request.query_pairs())
        handler = responses(backends[spec.name], call.region, call.account_id)
        return getattr(handler, method_name)(parse(schema, raw))

    def render(self, call: Call, payload: Any) -> Response:
        body = {"RequestId": call.request_id, **payload, "Code": "success", "IsSuccess": True}
        return Response.json(body, content_type=CONTENT_TYPE)

    def render_error(self, call: Call, error: CloudError) -> Response:
        if error.status == 200:  # a business error, the way ACR answers it
            body = {
                "RequestId": call.request_id,
                "Code": error.code,
                "Message": error.message,
                "IsSuccess": False,
            }
            return Response.json(body, content_type=CONTENT_TYPE)
        body = {"RequestId": call.request_id, "Code": error.code, "Message": error.message}
        response = Response.json(body, error.status, CONTENT_TYPE)
        retry_after = getattr(error, "retry_after_ms", None)
        if not retry_after:
            return response
        headers = [*response.headers, ("x-acs-retry-after", str(retry_after))]
        return Response(response.status, headers, response.body)

    def throttled(self, call: Call) -> CloudError:
        return Throttling(call.action)

    # --- helpers -------------------------------------------------------------------------------

    def _check_signed_headers(self, request: Request, auth: acs3.Authorization) -> None:
        signed = set(auth.signed_headers)
        if list(auth.signed_headers) != sorted(signed) or any(h != h.lower() for h in signed):
            raise IncompleteSignature("SignedHeaders must be lower-case, sorted and unique")
        must = {name for name in request.headers if name.startswith("x-acs-") or name == "content-type"}
        unsigned = sorted((ALWAYS_SIGNED | must) - signed)
        if unsigned:
            raise IncompleteSignature(f"the headers {', '.join(unsigned)} must be signed")
        absent = sorted(name for name in signed if name not in request.headers)
        if absent:
            raise IncompleteSignature(f"the signed headers {', '.join(absent)} are not in the request")

    def _check_date(self, request: Request, now: float) -> None:
        raw = request.header("x-acs-date")
        sent = acs3.parse_date(raw)
        if sent is None:
            raise TimestampFormat(raw)
        if abs(sent - now) > MAX_CLOCK_SKEW:
            raise TimestampExpired(raw, MAX_CLOCK_SKEW)

    def _check_nonce(self, access_key_id: str, nonce: str, now: float) -> None:
        """Each nonce once per access key while a request bearing it could still be accepted."""
        while self._nonce_expiry and self._nonce_expiry[0][0] < now:
            self._nonces.discard(self._nonce_expiry.popleft()[1])
        key = (access_key_id, nonce)
        if key in self._nonces:
            raise SignatureNonceUsed(nonce)
        self._nonces.add(key)
        self._nonce_expiry.append((now + 2 * MAX_CLOCK_SKEW, key))

    @staticmethod
    def _legacy(request: Request) -> bool:
        params = dict(request.form_pairs() or request.query_pairs())
        return "Signature" in params and "SignatureMethod" in params

    @staticmethod
    def _region(request: Request, params: Mapping[str, str]) -> str:
        region = params.get("RegionId")
        if region:
            return region
        match = HOST_REGION.match(request.header("host"))
        return match.group(1) if match else ""

    def _service_of(self, action_name: str) -> str:
        for name, spec in self.services.items():
            responses: type[AlibabaResponses[Any]] = spec.responses
            if action_name in responses.actions:
                return name
        return ""
