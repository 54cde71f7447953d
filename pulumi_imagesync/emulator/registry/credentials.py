"""Registry logins the cloud APIs issue, and the bearer tokens registries' token services grant.

A login is a username/password pair bound to one registry and one account (TCR
``CreateInstanceToken``, SWR ``CreateSecret``, ACR ``GetAuthorizationToken``; a plain registry's
seeded user). A token is what a registry's token service trades a login for, scoped to repositories
and actions. Both expire on the emulated clock. Secrets stay in these objects: nothing here is in
the state snapshot.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..clock import Clock
from .keys import RegistryKey

TOKEN_SECONDS = 900  # how long a bearer token lives (SWR's are about 900 s; Harbor's 30 min)


@dataclass(frozen=True)
class Login:
    key: RegistryKey
    username: str
    password: str = field(repr=False)
    account_id: str | None
    expires_at: float | None  # emulated epoch seconds; None: never


@dataclass(frozen=True)
class Token:
    value: str = field(repr=False)
    login: Login
    scopes: Mapping[str, frozenset[str]]  # repository -> actions granted ("pull", "push", "delete", "*")
    expires_at: float

    def allows(self, repository: str, action: str) -> bool:
        actions = self.scopes.get(repository, frozenset())
        return action in actions or "*" in actions or (action == "delete" and "push" in actions)


class Credentials:
    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._logins: dict[tuple[RegistryKey, str], Login] = {}  # by (registry, password)
        self._tokens: dict[str, Token] = {}

    def issue(self, key: RegistryKey, account_id: str | None, username: str, seconds: float | None) -> Login:
        """A new login with a fresh random password; ``seconds`` None: a long-term one."""
        expires_at = None if seconds is None else self._clock.now() + seconds
        login = Login(key, username, secrets.token_urlsafe(24), account_id, expires_at)
        self.add(login)
        return login

    def add(self, login: Login) -> None:
        self._logins[(login.key, login.password)] = login

    def check(self, key: RegistryKey, username: str, password: str) -> Login | None:
        login = self._logins.get((key, password))
        if (
            login is None
            or not secrets.compare_digest(login.username, username)
            or self._expired(login.expires_at)
        ):
            return None
        return login

    def grant(self, login: Login, scopes: Mapping[str, frozenset[str]]) -> Token:
        token = Token(secrets.token_urlsafe(32), login, dict(scopes), self._clock.now() + TOKEN_SECONDS)
        self._tokens[token.value] = token
        return token

    def token(self, key: RegistryKey, value: str) -> Token | None:
        token = self._tokens.get(value)
        if token is None or token.login.key != key or self._expired(token.expires_at):
            return None
        if self._expired(token.login.expires_at):
            return None
        return token

    def _expired(self, expires_at: float | None) -> bool:
        return expires_at is not None and self._clock.now() >= expires_at
