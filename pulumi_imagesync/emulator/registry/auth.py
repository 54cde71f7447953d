"""How clients log in to an emulated registry: the Docker token flow, or Basic, per cloud.

Token flow (https://distribution.github.io/distribution/spec/auth/token/): a request without a
valid bearer token is answered ``401 UNAUTHORIZED`` with ``WWW-Authenticate: Bearer realm=...,
service=...,scope=...``; the client sends its login as Basic credentials to the realm (the token
service, here on the registry's own endpoint) and gets ``{"token", "access_token", "expires_in",
"issued_at"}``. The realm paths and service names are the vendors' own:

- TCR is Harbor: ``/service/token``, service ``harbor-registry`` (Harbor's token service; Harbor's
  own TCR adapter logs in this way with the ``CreateInstanceToken`` login,
  goharbor/harbor src/pkg/reg/adapter/tencentcr/auth.go);
- SWR: ``/swr/auth/v2/registry/auth/``, service ``dockyard`` (goharbor/harbor
  src/pkg/reg/adapter/huawei/image_registry.go; SWR answers Basic on ``/v2/`` with 401 too);
- ACR Enterprise: the realm is ``https://dockerauth-ee.<region>.aliyuncs.com/auth``, a host of its
  own; here ``/auth`` on the registry's endpoint, service ``registry.aliyuncs.com:<region>:<instance>``.

A plain registry (cloud ``oci``) takes Basic credentials on every request, as ``registry:2`` with
htpasswd does, or none when it was seeded without a user.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import parse_qsl

from .credentials import Credentials, Login, Token
from .errors import Unauthorized
from .keys import RegistryKey

BEARER, BASIC, ANONYMOUS = "bearer", "basic", "anonymous"
READ, WRITE, DELETE = "pull", "push", "delete"


@dataclass(frozen=True)
class AuthScheme:
    kind: str  # BEARER, BASIC or ANONYMOUS
    realm_path: str = ""  # BEARER: the token service's path on the registry's endpoint
    service: str = ""
    issued_by: str = ""  # the cloud API whose logins this registry takes (for error messages)

    def challenge(self, host: str, scopes: Iterable[str]) -> str:
        if self.kind == BASIC:
            return f'Basic realm="{self.service or "registry"}"'
        parts = [f'realm="http://{host}{self.realm_path}"', f'service="{self.service}"']
        scope = " ".join(scopes)
        if scope:
            parts.append(f'scope="{scope}"')
        return "Bearer " + ",".join(parts)


@dataclass(frozen=True)
class Principal:
    """Who a request acts for, and what its token allows (Basic and anonymous callers: everything
    their account may do)."""

    account_id: str | None
    login: Login | None = None
    token: Token | None = None

    def allows(self, repository: str, action: str) -> bool:
        return self.token is None or self.token.allows(repository, action)


def basic_credentials(header: str) -> tuple[str, str] | None:
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        username, sep, password = base64.b64decode(encoded.strip(), validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    return (username, password) if sep else None


def authenticate(
    scheme: AuthScheme, header: str, credentials: Credentials, key: RegistryKey
) -> Principal | None:
    """The caller of a registry request; None when it must authenticate (answer 401 + challenge)."""
    if scheme.kind == ANONYMOUS:
        return Principal(None)
    if scheme.kind == BASIC:
        pair = basic_credentials(header)
        login = credentials.check(key, *pair) if pair else None
        return Principal(login.account_id, login) if login else None
    kind, _, value = header.partition(" ")
    if kind.lower() != "bearer" or not value.strip():
        return None
    token = credentials.token(key, value.strip())
    return Principal(token.login.account_id, token.login, token) if token else None


def login_for_token(header: str, credentials: Credentials, key: RegistryKey, scheme: AuthScheme) -> Login:
    """The login a token request presents as Basic credentials (`Unauthorized` when it is not valid)."""
    pair = basic_credentials(header)
    login = credentials.check(key, *pair) if pair else None
    if login is None:
        raise Unauthorized(
            "authentication required: log in with the credentials "
            f"{scheme.issued_by or 'of this registry'} issues"
            if pair is None
            else f"invalid username or password (issued by {scheme.issued_by or 'this registry'}; they expire)"
        )
    return login


def requested_scopes(query: str) -> dict[str, frozenset[str]]:
    """``scope=repository:<name>:<actions>`` parameters (repeated, or space-separated in one)."""
    scopes: dict[str, frozenset[str]] = {}
    for key, value in parse_qsl(query, keep_blank_values=True):
        if key != "scope":
            continue
        for item in value.split():
            kind, _, rest = item.partition(":")
            name, _, actions = rest.rpartition(":")
            if kind == "repository" and name:
                scopes[name] = scopes.get(name, frozenset()) | frozenset(a for a in actions.split(",") if a)
    return scopes


def scope(repository: str, *actions: str) -> str:
    return f"repository:{repository}:{','.join(actions)}"
