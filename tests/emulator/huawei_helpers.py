"""Test helpers for the Huawei protocol: SWR calls with the real SDK, and raw SDK-HMAC-SHA256 requests.

The raw signer is written here independently of the emulator's verifier (and checked against the
published test vector), so that the verifier is never tested against itself.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote, unquote

from huaweicloudsdkcore.exceptions.exceptions import ServiceResponseException
from huaweicloudsdkswr import v2

from pulumi_imagesync.emulator import (
    DEFAULT_ACCESS_KEY_ID,
    DEFAULT_ACCESS_KEY_SECRET,
    DEFAULT_ACCOUNT_ID,
    Emulator,
)
from pulumi_imagesync.emulator.huawei_regions import project_id
from tests.support.clouds import swr

from .helpers import raw_http

USER_AGENT = "huaweicloud-usdk-python/3.0; imagesync-tests"


def call(
    emu: Emulator,
    region: str,
    action: str,
    *,
    access_key: str = DEFAULT_ACCESS_KEY_ID,
    secret_key: str = DEFAULT_ACCESS_KEY_SECRET,
    account_id: str = DEFAULT_ACCOUNT_ID,
    **params: Any,
) -> Any:
    """`<action>` with the real SDK; the SDK's response object (`.body`, `.content_range`, ...)."""
    body = params.pop("body", None)
    if "repository" in params:
        params["repository"] = params["repository"].replace("/", "$")
    request = getattr(v2, f"{action}Request")(**params)
    if body is not None:
        request.body = getattr(v2, f"{action}RequestBody")(**body)
    client = swr(emu, region, access_key=access_key, secret_key=secret_key, account_id=account_id)
    try:
        return getattr(client, re.sub(r"(?<!^)(?=[A-Z])", "_", action).lower())(request)
    finally:
        client.close()


def error_of(action: Callable[[], object]) -> ServiceResponseException:
    """The SDK exception `action` raises (failing the test when it raises none)."""
    try:
        action()
    except ServiceResponseException as error:
        return error
    raise AssertionError("expected the SDK to raise")


def swr_error(error: ServiceResponseException) -> dict[str, str]:
    """SWR's own error body, which the SDK leaves in `error_msg`: `errorCode`/`errorMessage`."""
    body = json.loads(error.error_msg)
    found: dict[str, str] = body["errors"][0] if "errors" in body else body
    return found


def sdk_hmac_authorization(
    access_key: str,
    secret_key: str,
    *,
    method: str,
    path: str,
    query: str,
    headers: dict[str, str],
    body: bytes,
) -> str:
    """`Authorization` over every header given (lower-cased names), as the SDK signs them."""
    lower = {k.lower(): v for k, v in headers.items()}
    signed = sorted(lower)
    segments = [quote(s, safe="~") for s in unquote(path).split("/")]
    uri = "/".join(segments) + ("" if path.endswith("/") else "/")
    pairs = sorted(tuple(p.split("=", 1)) for p in query.split("&") if p)
    canonical_query = "&".join(
        f"{quote(unquote(k), safe='~')}={quote(unquote(v), safe='~')}" for k, v in pairs
    )
    canonical_headers = "".join(f"{name}:{lower[name].strip()}\n" for name in signed)
    payload = hashlib.sha256(body).hexdigest()
    canonical = f"{method}\n{uri}\n{canonical_query}\n{canonical_headers}\n{';'.join(signed)}\n{payload}"
    to_sign = f"SDK-HMAC-SHA256\n{lower['x-sdk-date']}\n{hashlib.sha256(canonical.encode()).hexdigest()}"
    signature = hmac.new(secret_key.encode(), to_sign.encode(), hashlib.sha256).hexdigest()
    return f"SDK-HMAC-SHA256 Access={access_key}, SignedHeaders={';'.join(signed)}, Signature={signature}"


def raw_request(
    emu: Emulator,
    method: str,
    path: str,
    body: dict[str, Any] | None = None,
    *,
    query: str = "",
    region: str | None = "cn-north-4",
    project: str | None = None,
    access_key: str = DEFAULT_ACCESS_KEY_ID,
    secret_key: str = DEFAULT_ACCESS_KEY_SECRET,
    extra_headers: dict[str, str] | None = None,
    unsigned_headers: dict[str, str] | None = None,
    date: datetime | None = None,
) -> tuple[int, dict[str, str], Any]:
    """One SDK-HMAC-SHA256 signed request; `unsigned_headers` are added after signing."""
    payload = json.dumps(body).encode() if body is not None else b""
    headers = {
        "Host": emu.endpoint,
        "User-Agent": USER_AGENT,
        "X-Sdk-Date": (date or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ"),
    }
    if body is not None:
        headers["Content-Type"] = "application/json"
    if project is not None or region is not None:
        headers["X-Project-Id"] = project or project_id(DEFAULT_ACCOUNT_ID, str(region))
    headers.update(extra_headers or {})
    headers["Authorization"] = sdk_hmac_authorization(
        access_key, secret_key, method=method, path=path, query=query, headers=headers, body=payload
    )
    headers.update(unsigned_headers or {})
    return raw_http(emu.endpoint, method, f"{path}?{query}" if query else path, payload, headers)
