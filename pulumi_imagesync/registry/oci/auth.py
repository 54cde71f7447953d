"""How a registry wants its callers to log in: the challenge of its `401`, and bearer tokens by scope.

A registry answers a request it will not serve anonymously with `401` and `WWW-Authenticate`:
`Basic realm=...` (send the login on every request, as `registry:2` with htpasswd does), or
`Bearer realm=...,service=...,scope=...` — the Docker token flow
(https://distribution.github.io/distribution/spec/auth/token/): present the login as Basic
credentials to the realm (the token service) with the service and the scopes wanted, and send
the token it answers as `Authorization: Bearer ...` for the repositories and actions it names.
TCR (Harbor), SWR and ACR Enterprise all answer this way, each with its own realm.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

_PARAM = re.compile(r'(\w+)\s*=\s*"([^"]*)"')
TOKEN_SECONDS = 60.0
"""How long a token lasts when the token service does not say (the token spec's default)."""
MARGIN_SECONDS = 30.0
"""A token is not used within this long of its end: a request must not be refused half-way."""


@dataclass(frozen=True)
class Challenge:
    scheme: str  # "basic" or "bearer"
    realm: str = ""
    service: str = ""
    scopes: tuple[str, ...] = ()


def parse_challenge(header: str) -> Challenge | None:
    """The challenge of a `WWW-Authenticate` header (None: a scheme this client does not speak)."""
    scheme, _, rest = header.strip().partition(" ")
    params = dict(_PARAM.findall(rest))
    if scheme.lower() == "basic":
        return Challenge("basic", params.get("realm", ""))
    if scheme.lower() == "bearer" and params.get("realm"):
        return Challenge(
            "bearer", params["realm"], params.get("service", ""), tuple(params.get("scope", "").split())
        )
    return None


def scope(repository: str, *actions: str) -> str:
    return f"repository:{repository}:{','.join(actions)}"


@dataclass(frozen=True)
class Token:
    header: str  # "Bearer ..."
    expires_at: float

    @classmethod
    def of(cls, answer: dict[str, object], now: float | None = None) -> Token:
        value = answer.get("token") or answer.get("access_token")
        if not isinstance(value, str) or not value:
            raise ValueError("the token service answered without a token")
        seconds = answer.get("expires_in")
        lasts = float(seconds) if isinstance(seconds, int | float) and seconds > 0 else TOKEN_SECONDS
        return cls(f"Bearer {value}", (time.time() if now is None else now) + lasts)

    def fresh(self, now: float | None = None) -> bool:
        return (time.time() if now is None else now) < self.expires_at - MARGIN_SECONDS
