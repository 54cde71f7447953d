"""Huawei Cloud REST APIs as the ``huaweicloudsdk*`` clients speak them (SWR v2, IAM v3 projects).

Wire: REST paths (``/v2/manage/...`` for SWR, ``/v3/projects`` for IAM), JSON bodies (DELETE may
carry one), answers as JSON objects or arrays with an ``X-Request-Id`` header (list totals in
``Content-Range``). No region is sent anywhere: an SWR call names its project in the signed
``X-Project-Id`` header, and the project stands for one account's region (``huawei_regions``); an
IAM project look-up names its region in ``?name=``.

Paths are url-decoded before routing, as Huawei's gateway does: a ``/`` inside a path parameter
(``%2F``) splits it, so an SWR repository with ``/`` must be sent with ``$`` in its place.

Authentication is SDK-HMAC-SHA256 (``sdk_hmac``), verified against the access key's secret over
every signed header: ``host`` and ``x-sdk-date`` must be signed, and so must ``content-type``,
``user-agent``, ``x-project-id`` and ``x-security-token`` whenever they are sent. ``X-Sdk-Date``
may be 15 minutes off. Errors: see ``huawei_errors``. A service plugs in with a `HuaweiResponses`
subclass whose `route`-decorated methods name their method, path template and action.
"""

from __future__ import annotations

import hmac
import json
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar
from urllib.parse import parse_qsl, unquote

from ..accounts import Account, Accounts
from ..calls import Call
from ..errors import CloudError
from ..huawei_regions import SWR_REGION_NAMES, project_of_account, region_of_project
from ..wire import Request, Response
from . import sdk_hmac
from .base import CloudProtocol, ServiceResponses, declare
from .huawei_errors import GATEWAY, SWR, SWR_LIST, AuthenticationFailed, RouteNotFound, Throttled

if TYPE_CHECKING:
    from ..backend import ServiceBackend, ServiceSpec

MAX_CLOCK_SKEW = 15 * 60  # seconds between X-Sdk-Date and the server's wall clock
ALWAYS_SIGNED = ("host", "x-sdk-date")
SIGNED_WHEN_SENT = ("content-type", "user-agent", "x-project-id", "x-security-token")
PATH_PREFIXES = ("/v2/manage/", "/v3/projects")
PROJECT_SERVICES = frozenset({"swr"})  # services that act in the region of X-Project-Id

B = TypeVar("B")


@dataclass(frozen=True)
class Answer:
    """A success answer: a JSON body (None: no body), its status, extra headers."""

    body: Any = None
    status: int = 200
    headers: tuple[tuple[str, str], ...] = ()


Handler = Callable[[Any, "HuaweiParams"], Any]


def route(method: str, template: str, action: str) -> Callable[[Handler], Handler]:
    """Declare a `HuaweiResponses` method as the handler of ``method template`` (API ``action``)."""
    return declare((method, template, action))


class HuaweiParams:
    """The parameters of one call: path parameters, query, JSON body; bad ones are the service's error."""

    def __init__(
        self, path: Mapping[str, str], request: Request, invalid: Callable[[str], CloudError]
    ) -> None:
        self._path = dict(path)
        self._request = request
        self._query = dict(parse_qsl(request.query, keep_blank_values=True))
        self.invalid = invalid
        self._body: dict[str, Any] | None = None

    def path(self, name: str) -> str:
        return self._path[name]

    def query(self, name: str) -> str | None:
        return self._query.get(name)

    def body(self) -> dict[str, Any]:
        if self._body is None:
            if self._request.content_type != "application/json":
                raise self.invalid(
                    f"Content-Type must be application/json, got {self._request.content_type!r}"
                )
            try:
                body = json.loads(self._request.body or b"{}")
            except ValueError:
                raise self.invalid("the request body is not valid JSON") from None
            if not isinstance(body, dict):
                raise self.invalid("the request body must be a JSON object")
            self._body = body
        return self._body

    def text(self, name: str) -> str:
        value = self.body().get(name)
        if not isinstance(value, str) or not value:
            raise self.invalid(f"{name} is required and must be a non-empty string")
        return value

    def boolean(self, name: str, default: bool = False) -> bool:
        value = self.body().get(name, default)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise self.invalid(f"{name} must be true or false")
        return value

    def texts(self, name: str) -> list[str]:
        value = self.body().get(name)
        if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
            raise self.invalid(f"{name} is required and must be a non-empty list of strings")
        return list(value)


class HuaweiResponses(ServiceResponses[B]):
    """Base of a Huawei service's responses: one `route` method per API action."""

    routes: ClassVar[list[tuple[str, tuple[str, ...], str, str]]] = []  # method, segments, action, attr
    invalid: ClassVar[type[CloudError]]
    """The service's own "invalid parameter" error class, built from a message alone."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.routes = [
            (method, tuple(template.strip("/").split("/")), action, attribute)
            for attribute, (method, template, action) in cls.declared()
        ]


@dataclass(frozen=True)
class _Route:
    service: str
    action: str
    attribute: str
    params: dict[str, str]


class HuaweiProtocol(CloudProtocol):
    cloud = "huaweicloud"

    def __init__(self, services: Sequence[ServiceSpec], *, wall: Callable[[], float] = time.time) -> None:
        super().__init__(services)
        self._wall = wall
        for spec in services:
            if not issubclass(spec.responses, HuaweiResponses):
                raise TypeError(f"{spec.name}: responses must subclass HuaweiResponses")

    def matches(self, request: Request) -> bool:
        if request.header("authorization").startswith(sdk_hmac.ALGORITHM):
            return True
        return request.path.startswith(PATH_PREFIXES)

    def identify(self, request: Request) -> Call:
        found = self._route(request)
        if found is None:
            return Call(self.cloud)
        if found.service in PROJECT_SERVICES:
            region = region_of_project(request.header("x-project-id")) or ""
        else:  # IAM: the region a project look-up asks about
            name = dict(parse_qsl(request.query)).get("name", "")
            region = name if name in SWR_REGION_NAMES else ""
        return Call(self.cloud, found.service, found.action, region)

    def authenticate(self, request: Request, call: Call, accounts: Accounts) -> Account:
        header = request.header("authorization")
        auth = sdk_hmac.Authorization.parse(header)
        if auth is None:
            raise AuthenticationFailed(
                "the Authorization header is missing"
                if not header
                else f"expected `{sdk_hmac.ALGORITHM} Access=..., SignedHeaders=..., Signature=...`"
            )
        account = accounts.get(auth.access_key)
        if account is None:
            raise AuthenticationFailed(f"the access key {auth.access_key} does not exist")
        self._check_date(request.header("x-sdk-date"))
        missing = [name for name in ALWAYS_SIGNED if name not in auth.signed_headers] + [
            name for name in SIGNED_WHEN_SENT if request.header(name) and name not in auth.signed_headers
        ]
        if missing:
            raise AuthenticationFailed(f"SignedHeaders must include {', '.join(missing)}")
        expected = sdk_hmac.signature(
            account.access_key_secret,
            sdk_hmac.string_to_sign(request.header("x-sdk-date"), self._canonical_request(request, auth)),
        )
        if not hmac.compare_digest(expected, auth.signature.lower()):
            raise AuthenticationFailed(
                "the signature does not match (check the secret key, and that no signed header "
                "and not the body changed after signing)"
            )
        self._check_token(request, account)
        if call.service in PROJECT_SERVICES:
            self._check_project(request, account)
        return account

    def invoke(self, request: Request, call: Call, backends: Mapping[str, ServiceBackend]) -> Any:
        found = self._route(request)
        if found is None:
            raise RouteNotFound(request.method, unquote(request.path))
        spec = self.services[found.service]
        responses: type[HuaweiResponses[Any]] = spec.responses
        params = HuaweiParams(found.params, request, responses.invalid)
        handler = responses(backends[spec.name], call.region, call.account_id)
        result = getattr(handler, found.attribute)(params)
        return result if isinstance(result, Answer) else Answer(result)

    def render(self, call: Call, payload: Any) -> Response:
        answer: Answer = payload
        headers = [("X-Request-Id", _request_id(call)), *answer.headers]
        if answer.body is None:
            return Response(answer.status, headers)
        response = Response.json(answer.body, answer.status)
        return Response(response.status, [*response.headers, *headers], response.body)

    def render_error(self, call: Call, error: CloudError) -> Response:
        shape = getattr(error, "shape", None) or (SWR if call.service in PROJECT_SERVICES else GATEWAY)
        request_id = _request_id(call)
        body: dict[str, Any]
        if shape == SWR:
            body = {"errorCode": error.code, "errorMessage": error.message}
        elif shape == SWR_LIST:
            body = {"errors": [{"errorCode": error.code, "errorMessage": error.message}]}
        else:
            body = {"error_code": error.code, "error_msg": error.message, "request_id": request_id}
        response = Response.json(body, error.status)
        return Response(response.status, [*response.headers, ("X-Request-Id", request_id)], response.body)

    def throttled(self, call: Call) -> CloudError:
        return Throttled(call.action)

    # -- helpers ----------------------------------------------------------------------------------

    def _route(self, request: Request) -> _Route | None:
        segments = tuple(unquote(request.path).strip("/").split("/"))
        for name, spec in self.services.items():
            responses: type[HuaweiResponses[Any]] = spec.responses
            for method, template, action, attribute in responses.routes:
                if method != request.method or len(template) != len(segments):
                    continue
                params = _match(template, segments)
                if params is not None:
                    return _Route(name, action, attribute, params)
        return None

    def _check_date(self, value: str) -> None:
        if not value:
            raise AuthenticationFailed("the X-Sdk-Date header is missing")
        signed_at = sdk_hmac.parse_date(value)
        if signed_at is None:
            raise AuthenticationFailed(f"X-Sdk-Date must look like 20261123T021647Z, got {value!r}")
        if abs(signed_at - self._wall()) > MAX_CLOCK_SKEW:
            raise AuthenticationFailed(
                f"the signature expired: X-Sdk-Date {value} is more than 15 minutes from the server time"
            )

    def _canonical_request(self, request: Request, auth: sdk_hmac.Authorization) -> str:
        headers = {name: _as_sent(value) for name, value in request.headers.items()}
        return sdk_hmac.canonical_request(
            request.method,
            request.path,
            request.query,
            headers,
            auth.signed_headers,
            sdk_hmac.payload_hash(request.body, request.header(sdk_hmac.CONTENT_HASH_HEADER) or None),
        )

    @staticmethod
    def _check_token(request: Request, account: Account) -> None:
        token = request.header("x-security-token")
        if account.security_token is None and token:
            raise AuthenticationFailed("a security token was sent with a permanent access key")
        if account.security_token is not None and token != account.security_token:
            raise AuthenticationFailed(
                "the X-Security-Token is missing or does not match the temporary credentials"
            )

    @staticmethod
    def _check_project(request: Request, account: Account) -> None:
        project = request.header("x-project-id")
        if not project:
            raise AuthenticationFailed(
                "the X-Project-Id header (the project of the region to act in) is missing"
            )
        if region_of_project(project) is None or not project_of_account(project, account.account_id):
            raise AuthenticationFailed(
                f"the project {project} is not a project of this account; "
                "look the region's project id up with GET /v3/projects?name=<region>"
            )


def _match(template: Sequence[str], segments: Sequence[str]) -> dict[str, str] | None:
    params = {}
    for expected, actual in zip(template, segments, strict=True):
        if expected.startswith("{") and expected.endswith("}"):
            if not actual:
                return None
            params[expected[1:-1]] = actual
        elif expected != actual:
            return None
    return params


def _as_sent(value: str) -> str:
    """A header value as the client sent it: the SDK sends UTF-8, the server decodes ISO-8859-1."""
    try:
        return value.encode("iso-8859-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return value


def _request_id(call: Call) -> str:
    return call.request_id.replace("-", "")
