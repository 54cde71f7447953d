"""SDK-HMAC-SHA256, Huawei Cloud's AK/SK request signature: pure functions, no HTTP.

CanonicalRequest = METHOD, the canonical URI (the path url-decoded, each segment re-encoded, with a
trailing ``/``), the canonical query (pairs sorted, keys and values encoded), ``name:value\\n`` per
signed header (values stripped, case kept), the signed header names, and the payload hash (of the
empty string for no body; the ``X-Sdk-Content-Sha256`` header's value when sent, as the SDK sends
``UNSIGNED-PAYLOAD`` for non-JSON bodies; else hex sha256 of the body). StringToSign =
algorithm, ``X-Sdk-Date``, hex sha256 of the CanonicalRequest; the signature is HMAC-SHA256 keyed
with the secret key itself (no derivation).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import parse_qsl, quote, unquote

ALGORITHM = "SDK-HMAC-SHA256"
DATE_FORMAT = "%Y%m%dT%H%M%SZ"
CONTENT_HASH_HEADER = "x-sdk-content-sha256"
EMPTY_HASH = hashlib.sha256(b"").hexdigest()


@dataclass(frozen=True)
class Authorization:
    """The parts of an ``Authorization: SDK-HMAC-SHA256 Access=..., SignedHeaders=..., Signature=...``."""

    access_key: str
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
        access, signed, signature = (fields.get(k, "") for k in ("Access", "SignedHeaders", "Signature"))
        if not access or not signed or not signature:
            return None
        return cls(access, tuple(signed.split(";")), signature)


def parse_date(value: str) -> float | None:
    """``X-Sdk-Date`` (``YYYYMMDDTHHMMSSZ``, UTC) as epoch seconds; None when malformed."""
    try:
        return datetime.strptime(value, DATE_FORMAT).replace(tzinfo=UTC).timestamp()
    except ValueError:
        return None


def canonical_uri(path: str) -> str:
    uri = "/".join(quote(segment, safe="~") for segment in unquote(path).split("/"))
    return uri if uri.endswith("/") else uri + "/"


def canonical_query(query: str) -> str:
    pairs = sorted(parse_qsl(query, keep_blank_values=True))
    return "&".join(f"{quote(key, safe='~')}={quote(value, safe='~')}" for key, value in pairs)


def payload_hash(body: bytes, content_hash: str | None) -> str:
    if not body:
        return EMPTY_HASH
    if content_hash:
        return content_hash
    return hashlib.sha256(body).hexdigest()


def canonical_request(
    method: str,
    path: str,
    query: str,
    headers: Mapping[str, str],
    signed_headers: Sequence[str],
    hashed_payload: str,
) -> str:
    """``headers``: lower-cased names, values as sent (decoded as UTF-8)."""
    canonical_headers = "".join(f"{name}:{headers.get(name, '').strip()}\n" for name in signed_headers)
    return "\n".join(
        (
            method.upper(),
            canonical_uri(path),
            canonical_query(query),
            canonical_headers,
            ";".join(signed_headers),
            hashed_payload,
        )
    )


def string_to_sign(sdk_date: str, request: str) -> str:
    return f"{ALGORITHM}\n{sdk_date}\n{hashlib.sha256(request.encode('utf-8')).hexdigest()}"


def signature(secret_key: str, to_sign: str) -> str:
    return hmac.new(secret_key.encode("utf-8"), to_sign.encode("utf-8"), hashlib.sha256).hexdigest()
