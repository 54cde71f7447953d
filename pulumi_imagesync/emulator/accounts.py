"""Accounts and their key pairs: who may call, and which account a call acts for.

One key pair (the CLI's) always exists and maps to `DEFAULT_ACCOUNT_ID`; a seed adds more (a peer
account for cross-account replication, a key with a security token). The same pairs serve every
cloud. Secrets never leave this module's objects: `to_json` lists ids only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .docparse import expect_object, optional_text, required_text

DEFAULT_ACCESS_KEY_ID = "AKIDimagesyncEmulator"
DEFAULT_ACCESS_KEY_SECRET = "imagesync-emulator-secret"
DEFAULT_ACCOUNT_ID = "100000000001"


@dataclass(frozen=True)
class Account:
    access_key_id: str
    access_key_secret: str
    account_id: str
    security_token: str | None = None

    @classmethod
    def from_seed(cls, doc: Any, where: str) -> Account:
        doc = expect_object(
            doc, where, {"access_key_id", "access_key_secret", "account_id", "security_token"}
        )
        return cls(
            required_text(doc, "access_key_id", where),
            required_text(doc, "access_key_secret", where),
            required_text(doc, "account_id", where),
            optional_text(doc, "security_token", where),
        )


class Accounts:
    """Key pairs by access key id."""

    def __init__(self, accounts: Iterable[Account] = ()) -> None:
        self._by_key: dict[str, Account] = {}
        for account in accounts:
            self.add(account)

    def add(self, account: Account) -> None:
        self._by_key[account.access_key_id] = account

    def get(self, access_key_id: str) -> Account | None:
        return self._by_key.get(access_key_id)

    def account_ids(self) -> set[str]:
        return {account.account_id for account in self._by_key.values()}

    def to_json(self) -> list[dict[str, str]]:
        return [{"access_key_id": a.access_key_id, "account_id": a.account_id} for a in self._by_key.values()]
