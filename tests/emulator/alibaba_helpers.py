"""Raw ACS3-signed requests for what the Alibaba SDK will not send (tampered, replayed, stale).

The signer is written here independently of the emulator's verifier (and checked against the
published test vector), so that the verifier is never tested against itself.
"""

from __future__ import annotations

import hashlib
import hmac
import time
import uuid
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

from pulumi_imagesync.emulator import DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET

from .helpers import raw_http

ACR_VERSION = "2018-12-01"
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()


def acs3_signature(
    secret: str,
    method: str,
    query: dict[str, str],
    headers: dict[str, str],
    signed: list[str],
    body_hash: str,
) -> str:
    canonical_query = "&".join(f"{k}={quote(query[k], safe='~')}" for k in sorted(query))
    canonical_headers = "".join(f"{name}:{headers[name].strip()}\n" for name in signed)
    canonical = f"{method}\n/\n{canonical_query}\n{canonical_headers}\n{';'.join(signed)}\n{body_hash}"
    to_sign = "ACS3-HMAC-SHA256\n" + hashlib.sha256(canonical.encode()).hexdigest()
    return hmac.new(secret.encode(), to_sign.encode(), hashlib.sha256).hexdigest()


def acs3_call(
    endpoint: str,
    action: str,
    params: dict[str, str] | None = None,
    *,
    method: str = "POST",
    region: str | None = "cn-hangzhou",
    access_key_id: str = DEFAULT_ACCESS_KEY_ID,
    secret: str = DEFAULT_ACCESS_KEY_SECRET,
    version: str = ACR_VERSION,
    date: float | None = None,
    nonce: str | None = None,
    body: bytes = b"",
    extra_headers: dict[str, str] | None = None,
    unsigned: tuple[str, ...] = (),
    after_signing: dict[str, str] | None = None,
    tamper_query: dict[str, str] | None = None,
) -> tuple[int, dict[str, str], dict[str, Any]]:
    """Send one ACS3-signed request; leave ``unsigned`` headers out of the signature, change
    ``after_signing`` headers or ``tamper_query`` parameters once it is signed."""
    query = dict(params or {})
    if region is not None:
        query["RegionId"] = region
    headers = {
        "host": endpoint,
        "accept": "application/json",
        "x-acs-action": action,
        "x-acs-version": version,
        "x-acs-date": datetime.fromtimestamp(date if date is not None else time.time(), UTC).strftime(
            "%Y-%m-%dT%H:%M:%SZ"
        ),
        "x-acs-signature-nonce": nonce or uuid.uuid4().hex,
        "x-acs-content-sha256": hashlib.sha256(body).hexdigest(),
        **(extra_headers or {}),
    }
    signed = sorted(name for name in headers if name not in unsigned)
    signature = acs3_signature(secret, method, query, headers, signed, headers["x-acs-content-sha256"])
    headers["authorization"] = (
        f"ACS3-HMAC-SHA256 Credential={access_key_id},SignedHeaders={';'.join(signed)},Signature={signature}"
    )
    headers.update(after_signing or {})
    query.update(tamper_query or {})
    path = "/?" + "&".join(f"{k}={quote(v, safe='~')}" for k, v in query.items()) if query else "/"
    return raw_http(endpoint, method, path, body, headers)
