"""Where each side of a copy answers, and its login: from the configured credentials, through each
cloud's own API, for a short time, in this process only.

| cloud | registry endpoint | login |
|---|---|---|
| Tencent TCR | `DescribeInstances` → `Registries[].PublicDomain` (SDK model `tencentcloud/tcr/v20190924/models.py` `Registry.PublicDomain`; https://www.tencentcloud.com/document/api/1051/50703) | `CreateInstanceToken` (`RegistryId`, `TokenType=temp`) → `Username`, `Token`, `ExpTime`: a temporary credential valid one hour (SDK `CreateInstanceTokenRequest`; https://www.tencentcloud.com/document/api/1051/45154) |
| Huawei SWR | the host `CreateSecret` answers the login for (`swr.<region>.myhuaweicloud.com`) | `CreateSecret` (`POST /v2/manage/utils/secret?projectname=<region>`) → `auths.<host>.auth` = base64 `user:password`, valid 6 hours (SDK `huaweicloudsdkswr.v2.CreateSecretRequest` / `CreateSecretResponse`; https://support.huaweicloud.com/intl/en-us/api-swr/swr_02_0052.html) |
| Alibaba ACR Enterprise | `ListInstanceEndpoint` (`ModuleName=Registry`) → the `internet` endpoint's domain (SDK `alibabacloud_cr20181201.models.ListInstanceEndpointRequest`; https://www.alibabacloud.com/help/en/doc-detail/145277.htm) | `GetAuthorizationToken` (`InstanceId`) → `TempUsername`, `AuthorizationToken`, `ExpireTime` (ms): valid one hour by default (SDK `GetAuthorizationTokenRequest`; https://www.alibabacloud.com/help/en/acr/developer-reference/api-cr-2018-12-01-getauthorizationtoken) |
| any OCI registry | `host` | `username` / `password` of the reference, or none |

`imagesync:endpoints` service `registry`, keyed by instance id, SWR region or host, overrides the
endpoint (a VPC domain, a mirror): `{"registry": {"tcr-xxx": "https://tcr-xxx-vpc.tencentcloudcr.com"}}`.
A host is spoken to over HTTPS unless it is a loopback address (`localhost`, `127.0.0.0/8`,
`::1`, as go-containerregistry's `name.Registry.Scheme` decides) or the reference says `insecure`.

Logins are kept in memory for a while (under their lifetime), so that many copies from one
registry ask its cloud once, and are asked for anew when a registry refuses a cached one. They
never reach Pulumi state.
"""

from __future__ import annotations

import base64
import ipaddress
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from ..alibabacloud.api import alibaba_api
from ..huaweicloud.api import HuaweiApi
from ..provider.api import request_timeout
from ..provider.base import Operation
from ..provider.errors import CloudError, ImageSyncError, InputError
from ..provider.failures import Context, advice
from ..provider.pacing import account_digest
from ..tencentcloud.api import TencentApi
from .oci.client import Endpoint, Login, LoginSource, RegistryClient, RegistryLoginError
from .references import ALIBABA, HUAWEI, OCI, TENCENT, ImageRef

LIFETIMES = {TENCENT: 3600.0, HUAWEI: 6 * 3600.0, ALIBABA: 3600.0}
"""How long each cloud's temporary logins last (the documents above)."""
KEEP_FRACTION = 0.5
"""A login is used for half its life at most: a copy that starts with it must not outlive it."""
DOCKER_HUB = {"docker.io": "registry-1.docker.io", "index.docker.io": "registry-1.docker.io"}

_logins: dict[tuple[str, ...], Login] = {}
_endpoints: dict[tuple[str, ...], str] = {}
_lock = threading.Lock()


def open_registry(op: Operation, ref: ImageRef, *, connections: int = 8) -> RegistryClient:
    """A client of the registry of `ref`, logged in with the credentials of its cloud (or its own)."""
    endpoint, source = _access(op, ref)
    return RegistryClient(
        endpoint,
        source,
        timeout=request_timeout(op.settings),
        deadline=op.deadline,
        connections=connections,
    )


def url_for(host: str, insecure: bool = False) -> str:
    """`https://host`, or `http://` for a loopback host or an `insecure` registry."""
    if "://" in host:
        return host.rstrip("/")
    name = urlsplit(f"//{host}").hostname or host
    try:
        loopback = ipaddress.ip_address(name).is_loopback
    except ValueError:
        loopback = name == "localhost"
    return f"{'http' if insecure or loopback else 'https'}://{host}"


# -- per cloud -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Issued:
    host: str
    login: Login


def _access(op: Operation, ref: ImageRef) -> tuple[Endpoint, LoginSource]:
    override = op.settings.configured_endpoint("registry", ref.registry_key)
    if ref.cloud == OCI:
        return _plain_access(ref, override)
    keys = op.settings.credentials(ref.cloud, ref.profile)
    who = account_digest(keys.access_key_id)
    issue = {TENCENT: _tcr_login, HUAWEI: _swr_login, ALIBABA: _acr_login}[ref.cloud]
    cache_key = (ref.cloud, who, ref.registry_key, str(ref.region))

    def login(fresh: bool) -> Login | None:
        return _issued(op, ref, issue, cache_key, fresh).login

    host = override or _endpoint(op, ref, cache_key)
    labels = {
        TENCENT: ("Tencent Cloud", f"TCR registry {ref.registry}", "TCR CreateInstanceToken"),
        HUAWEI: ("Huawei Cloud", f"SWR registry {ref.region}", "SWR CreateSecret"),
        ALIBABA: ("Alibaba Cloud", f"ACR registry {ref.registry}", "ACR GetAuthorizationToken"),
    }
    cloud, service, issued_by = labels[ref.cloud]
    return Endpoint(url_for(host), cloud, service, issued_by, who), login


def _plain_access(ref: ImageRef, override: str | None) -> tuple[Endpoint, LoginSource]:
    """Any OCI registry: its host (Docker Hub's API host for `docker.io`), the reference's login."""
    host = DOCKER_HUB.get((ref.host or "").lower(), str(ref.host))
    login = Login(ref.username, ref.password) if ref.username and ref.password else None
    who = account_digest(f"{host}\n{ref.username or ''}")
    endpoint = Endpoint(url_for(override or host, ref.insecure), "OCI", f"registry {host}", "", who)
    return endpoint, lambda fresh: login


def _endpoint(op: Operation, ref: ImageRef, cache_key: tuple[str, ...]) -> str:
    with _lock:
        known = _endpoints.get(cache_key)
    if known is not None:
        return known
    if ref.cloud == HUAWEI:  # SWR says where with the login
        found = _issued(op, ref, _swr_login, cache_key, False).host
    else:
        found = _logging_in(ref, lambda: (_tcr_domain if ref.cloud == TENCENT else _acr_domain)(op, ref))
    with _lock:
        _endpoints[cache_key] = found
    return found


def _issued(
    op: Operation,
    ref: ImageRef,
    issue: Callable[[Operation, ImageRef], _Issued],
    cache_key: tuple[str, ...],
    fresh: bool,
) -> _Issued:
    now = time.time()
    with _lock:
        cached = _logins.get(cache_key)
        host = _endpoints.get(cache_key, "")
    if cached is not None and not fresh and (cached.expires_at or now + 1) > now:
        return _Issued(host, cached)
    issued = _logging_in(ref, lambda: issue(op, ref))
    with _lock:
        _logins[cache_key] = issued.login
        _endpoints.setdefault(cache_key, issued.host)
    return issued


def _logging_in(ref: ImageRef, work: Callable[[], Any]) -> Any:
    """A cloud call that a login needs: its failure names the registry it was for."""
    try:
        return work()
    except CloudError as error:
        raise RegistryLoginError(
            f"cannot log in to {ref.where} ({ref.side}): {error}",
            advice=advice(error, Context("create", ref.where, ref.profile)),
        ) from error


def _kept_until(cloud: str, expires: Any) -> float:
    """Until when a login is used: half its life, by the cloud's document or its own word."""
    now = time.time()
    lifetime = LIFETIMES[cloud]
    if isinstance(expires, int | float) and expires > 0:
        stated = expires / 1000 if expires > 1e11 else float(expires)  # milliseconds or seconds
        if stated > now:
            lifetime = min(lifetime, stated - now)
    return now + lifetime * KEEP_FRACTION


def _tcr_api(op: Operation, ref: ImageRef) -> TencentApi:
    return TencentApi.for_operation(op, "tcr", str(ref.region), profile=ref.profile)


def _tcr_domain(op: Operation, ref: ImageRef) -> str:
    answer = _tcr_api(op, ref).call("DescribeInstances", {"Registryids": [ref.registry]})
    for registry in answer.get("Registries") or []:
        if registry.get("RegistryId") == ref.registry and registry.get("PublicDomain"):
            return str(registry["PublicDomain"])
    raise InputError(
        f"{ref.side}.registry",
        f"TCR instance {ref.registry} does not exist in {ref.region} for these credentials",
    )


def _tcr_login(op: Operation, ref: ImageRef) -> _Issued:
    answer = _tcr_api(op, ref).call("CreateInstanceToken", {"RegistryId": ref.registry, "TokenType": "temp"})
    login = Login(str(answer["Username"]), str(answer["Token"]), _kept_until(TENCENT, answer.get("ExpTime")))
    return _Issued("", login)


def _swr_login(op: Operation, ref: ImageRef) -> _Issued:
    api = HuaweiApi.for_operation(op, "swr", str(ref.region), profile=ref.profile)
    answer = api.call("CreateSecret", {"projectname": ref.region})
    for host, entry in (answer.get("auths") or {}).items():
        username, _, password = base64.b64decode(entry["auth"]).decode().partition(":")
        return _Issued(str(host), Login(username, password, _kept_until(HUAWEI, None)))
    raise ImageSyncError(f"SWR CreateSecret answered no login for {ref.region}")


def _acr_domain(op: Operation, ref: ImageRef) -> str:
    answer = alibaba_api(op, str(ref.region), profile=ref.profile).call(
        "ListInstanceEndpoint", {"InstanceId": ref.registry, "ModuleName": "Registry"}
    )
    for endpoint in answer.get("Endpoints") or []:
        if endpoint.get("EndpointType") != "internet":
            continue
        domains = sorted(endpoint.get("Domains") or [], key=lambda d: d.get("Type") != "SYSTEM")
        if not endpoint.get("Enable") or not domains:
            raise ImageSyncError(
                f"the internet endpoint of ACR instance {ref.registry} is not enabled",
                advice="enable it in the console, or set imagesync:endpoints registry."
                f"{ref.registry} to the instance's VPC domain",
            )
        return str(domains[0]["Domain"])
    raise ImageSyncError(f"ACR instance {ref.registry} lists no internet endpoint for its registry")


def _acr_login(op: Operation, ref: ImageRef) -> _Issued:
    answer = alibaba_api(op, str(ref.region), profile=ref.profile).call(
        "GetAuthorizationToken", {"InstanceId": ref.registry}
    )
    login = Login(
        str(answer["TempUsername"]),
        str(answer["AuthorizationToken"]),
        _kept_until(ALIBABA, answer.get("ExpireTime")),
    )
    return _Issued("", login)
