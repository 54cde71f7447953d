"""ACS3-HMAC-SHA256, Alibaba Cloud's V3 request signature: pure functions, no HTTP.

CanonicalRequest = METHOD, the path (``/``), the canonical query (parameters sorted by name,
``name=quote(value, safe="~")`` joined by ``&``, from the *decoded* received query), ``name:value\\n``
per signed header (names lower-cased, values stripped),
an empty line, the signed header names joined by ``;``, and the ``x-acs-content-sha256`` value.
StringToSign = ``ACS3-HMAC-SHA256\\n`` + hex sha256(CanonicalRequest); the signature is hex
HMAC-SHA256 keyed with the access key secret. The string to sign holds no date: freshness
(``x-acs-date``) and replay (``x-acs-signature-nonce``) are checked apart, by the protocol.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote

ALGORITHM = "ACS3-HMAC-SHA256"
DATE_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


@dataclass(frozen=True)
class Authorization:
    """The parts of an ``Authorization: ACS3-HMAC-SHA256 Credential=...,SignedHeaders=...,Signature=...``."""

    algorithm: str
    access_key_id: str
    signed_headers: tuple[str, ...]
    signature: str

    @classmethod
    def parse(cls, header: str) -> Authorization | None:
        algorithm, _, rest = header.strip().partition(" ")
        if not algorithm.startswith("ACS3-"):
            return None
        fields = {}
        for item in rest.split(","):
            name, sep, value = item.strip().partition("=")
            if not sep:
                return None
            fields[name] = value.strip()
        access_key_id = fields.get("Credential", "")
        signed = fields.get("SignedHeaders", "")
        signature = fields.get("Signature", "")
        if not access_key_id or not signed or not signature:
            return None
        return cls(algorithm, access_key_id, tuple(signed.split(";")), signature)


def canonical_query(pairs: Sequence[tuple[str, str]]) -> str:
    """The decoded query parameters, sorted and re-encoded as the SDK encodes them."""
    return "&".join(f"{name}={quote(value, safe='~')}" for name, value in sorted(pairs))


def canonical_headers(headers: Mapping[str, str], signed: Sequence[str]) -> str:
    """``name:value\\n`` for each signed header, the value stripped (the SDK never repeats one)."""
    return "".join(f"{name}:{headers.get(name, '').strip()}\n" for name in signed)


def canonical_request(
    method: str,
    path: str,
    query: Sequence[tuple[str, str]],
    headers: Mapping[str, str],
    signed: Sequence[str],
    content_sha256: str,
) -> str:
    return "\n".join(
        (
            method,
            path or "/",
            canonical_query(query),
            canonical_headers(headers, signed),
            ";".join(signed),
            content_sha256,
        )
    )


def string_to_sign(request: str) -> str:
    return f"{ALGORITHM}\n{hashlib.sha256(request.encode('utf-8')).hexdigest()}"


def signature(secret: str, to_sign: str) -> str:
    return hmac.new(secret.encode("utf-8"), to_sign.encode("utf-8"), hashlib.sha256).hexdigest()


def content_sha256(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def parse_date(value: str) -> float | None:
    """Epoch seconds of an ``x-acs-date`` (``2026-11-23T02:16:48Z``), or None when malformed."""
    try:
        return datetime.strptime(value, DATE_FORMAT).replace(tzinfo=UTC).timestamp()
    except ValueError:
        return None
