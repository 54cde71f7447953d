"""TC3-HMAC-SHA256, Tencent Cloud API 3.0's signature: pure functions, no HTTP.

CanonicalRequest = METHOD, path, the raw query string, ``name:value\\n`` per signed header (names and
values lower-cased and stripped), the signed header names, hex sha256 of the payload (of the literal
``UNSIGNED-PAYLOAD`` when ``X-TC-Content-SHA256`` says so, as the SDK does). The key is derived
from ``"TC3" + secret`` through the date, the service and ``tc3_request``.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

ALGORITHM = "TC3-HMAC-SHA256"
TERMINATOR = "tc3_request"
UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD"


@dataclass(frozen=True)
class Authorization:
    """The parts of an ``Authorization: TC3-HMAC-SHA256 ...`` header."""

    secret_id: str
    date: str
    service: str
    terminator: str
    signed_headers: tuple[str, ...]
    signature: str

    @classmethod
    def parse(cls, header: str) -> Authorization | None:
        algorithm, _, rest = header.strip().partition(" ")
        if algorithm != ALGORITHM:
            return None
        fields = {}
        for item in rest.split(","):
            name, sep, value = item.strip().partition("=")
            if not sep:
                return None
            fields[name] = value.strip()
        scope = fields.get("Credential", "").split("/")
        signed = fields.get("SignedHeaders", "")
        signature = fields.get("Signature", "")
        if len(scope) != 4 or not all(scope) or not signed or not signature:
            return None
        secret_id, date, service, terminator = scope
        return cls(secret_id, date, service, terminator, tuple(signed.split(";")), signature)


def utc_date(timestamp: int) -> str:
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d")


def payload_hash(body: bytes, *, method: str, unsigned: bool) -> str:
    if unsigned:
        body = UNSIGNED_PAYLOAD.encode()
    elif method == "GET":
        body = b""
    return hashlib.sha256(body).hexdigest()


def canonical_request(
    method: str,
    path: str,
    query: str,
    headers: Mapping[str, str],
    signed_headers: Sequence[str],
    hashed_payload: str,
) -> str:
    canonical_headers = "".join(
        f"{name}:{headers.get(name, '').strip().lower()}\n" for name in signed_headers
    )
    return "\n".join((method, path, query, canonical_headers, ";".join(signed_headers), hashed_payload))


def string_to_sign(timestamp: int, date: str, service: str, request: str) -> str:
    digest = hashlib.sha256(request.encode("utf-8")).hexdigest()
    return f"{ALGORITHM}\n{timestamp}\n{date}/{service}/{TERMINATOR}\n{digest}"


def signature(secret_key: str, date: str, service: str, to_sign: str) -> str:
    key = _hmac(("TC3" + secret_key).encode("utf-8"), date)
    key = _hmac(key, service)
    key = _hmac(key, TERMINATOR)
    return hmac.new(key, to_sign.encode("utf-8"), hashlib.sha256).hexdigest()


def _hmac(key: bytes, message: str) -> bytes:
    return hmac.new(key, message.encode("utf-8"), hashlib.sha256).digest()
