"""Test helpers: SDK calls from plain dicts, and raw TC3-signed requests for what the SDK won't send.

The raw signer is written here independently of the emulator's verifier (and checked against the
published test vector), so that the verifier is never tested against itself.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import importlib
import json
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from tencentcloud.common import credential
from tencentcloud.common.exception.tencent_cloud_sdk_exception import TencentCloudSDKException
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile
from tencentcloud.cvm.v20170312 import cvm_client
from tencentcloud.tcr.v20190924 import tcr_client

from pulumi_imagesync.emulator import DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET

TCR_VERSION = "2019-09-24"
CVM_VERSION = "2017-03-12"


def tcr_client_for(
    endpoint: str,
    region: str = "ap-guangzhou",
    *,
    secret_id: str = DEFAULT_ACCESS_KEY_ID,
    secret_key: str = DEFAULT_ACCESS_KEY_SECRET,
    token: str | None = None,
    timeout: float = 5,
    **profile: Any,
) -> tcr_client.TcrClient:
    return tcr_client.TcrClient(
        credential.Credential(secret_id, secret_key, token), region, _profile(endpoint, timeout, profile)
    )


def cvm_client_for(endpoint: str, region: str, *, timeout: float = 5) -> cvm_client.CvmClient:
    credentials = credential.Credential(DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET)
    return cvm_client.CvmClient(credentials, region, _profile(endpoint, timeout, {}))


def _profile(endpoint: str, timeout: float, profile: dict[str, Any]) -> ClientProfile:
    http = HttpProfile(
        endpoint=endpoint, protocol="http", reqTimeout=timeout, reqMethod=profile.pop("method", "POST")
    )
    unsigned = profile.pop("unsignedPayload", False)
    client_profile = ClientProfile(httpProfile=http, **profile)
    client_profile.unsignedPayload = unsigned  # an attribute, not a constructor argument
    return client_profile


def sdk_call(client: Any, action: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
    """``client.<action>(<action>Request from params)`` as a plain dict (RequestId included).

    The request and response models are the client's product's own (TCR or CVM).
    """
    models = importlib.import_module(type(client).__module__.rpartition(".")[0] + ".models")
    request = getattr(models, f"{action}Request")()
    request.from_json_string(json.dumps(params or {}))
    response = getattr(client, action)(request)
    result: dict[str, Any] = json.loads(response.to_json_string())
    return result


def sdk_error(call: Callable[[], object]) -> TencentCloudSDKException:
    """The SDK exception ``call`` raises (failing the test when it raises none)."""
    try:
        call()
    except TencentCloudSDKException as error:
        return error
    raise AssertionError("expected the SDK to raise")


def outcome(call: Callable[[], object]) -> str:
    """``"ok"``, or the code of the SDK exception ``call`` raises."""
    try:
        call()
    except TencentCloudSDKException as error:
        return str(error.code)
    return "ok"


def tc3_authorization(
    secret_id: str,
    secret_key: str,
    *,
    method: str,
    query: str,
    headers: dict[str, str],
    body: bytes,
    timestamp: int,
    service: str,
    signed_headers: tuple[str, ...] = ("content-type", "host"),
    date: str | None = None,
) -> str:
    date = date or datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d")
    lower = {k.lower(): v for k, v in headers.items()}
    canonical_headers = "".join(f"{name}:{lower[name].lower()}\n" for name in signed_headers)
    payload = hashlib.sha256(b"" if method == "GET" else body).hexdigest()
    canonical = f"{method}\n/\n{query}\n{canonical_headers}\n{';'.join(signed_headers)}\n{payload}"
    scope = f"{date}/{service}/tc3_request"
    to_sign = f"TC3-HMAC-SHA256\n{timestamp}\n{scope}\n{hashlib.sha256(canonical.encode()).hexdigest()}"

    def step(key: bytes, msg: str) -> bytes:
        return hmac.new(key, msg.encode(), hashlib.sha256).digest()

    key = step(step(step(f"TC3{secret_key}".encode(), date), service), "tc3_request")
    signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    return (
        f"TC3-HMAC-SHA256 Credential={secret_id}/{scope}, "
        f"SignedHeaders={';'.join(signed_headers)}, Signature={signature}"
    )


def raw_call(
    endpoint: str,
    action: str,
    body: dict[str, Any] | bytes | None = None,
    *,
    region: str | None = "ap-guangzhou",
    secret_id: str = DEFAULT_ACCESS_KEY_ID,
    secret_key: str = DEFAULT_ACCESS_KEY_SECRET,
    service: str = "tcr",
    version: str = TCR_VERSION,
    timestamp: int | None = None,
    sign: dict[str, Any] | None = None,
    tamper: bytes | None = None,
    extra_headers: dict[str, str] | None = None,
) -> tuple[int, dict[str, str], dict[str, Any]]:
    """POST one TC3-signed request; ``sign`` overrides signing inputs, ``tamper`` replaces the body after."""
    payload = body if isinstance(body, bytes) else json.dumps(body or {}).encode()
    timestamp = int(time.time()) if timestamp is None else timestamp
    headers = {
        "Content-Type": "application/json",
        "Host": endpoint,
        "X-TC-Action": action,
        "X-TC-Version": version,
    }
    headers["X-TC-Timestamp"] = str(timestamp)
    if region is not None:
        headers["X-TC-Region"] = region
    headers["Authorization"] = tc3_authorization(
        secret_id,
        secret_key,
        method="POST",
        query="",
        headers=headers,
        body=payload,
        timestamp=timestamp,
        service=service,
        **(sign or {}),
    )
    headers.update(extra_headers or {})
    return raw_http(endpoint, "POST", "/", tamper if tamper is not None else payload, headers)


def raw_http(
    endpoint: str, method: str, path: str, body: bytes, headers: dict[str, str]
) -> tuple[int, dict[str, str], dict[str, Any]]:
    host, port = endpoint.rsplit(":", 1)
    connection = http.client.HTTPConnection(host, int(port), timeout=5)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
        answer_headers = {k: v for k, v in response.getheaders()}
        try:
            parsed = json.loads(data) if data else {}
        except ValueError:
            parsed = {"raw": data.decode("utf-8", "replace")}
        return response.status, answer_headers, parsed
    finally:
        connection.close()


def error_of(answer: tuple[int, dict[str, str], dict[str, Any]]) -> dict[str, str]:
    """The ``Response.Error`` of a raw answer (asserting Tencent's HTTP 200 envelope)."""
    status, _, body = answer
    assert status == 200, body
    error: dict[str, str] = body["Response"]["Error"]
    return error


def seed_tags(*tags: str, namespace: str = "develop", repository: str = "app") -> dict[str, Any]:
    """A namespaces entry for a seed, each tag with a derived digest."""
    return {"name": namespace, "repositories": [{"name": repository, "tags": {tag: {} for tag in tags}}]}


def digest_of(
    state: dict[str, Any], region: str, registry: str, namespace: str, repository: str, tag: str
) -> str | None:
    """A tag's digest in ``GET /_emulator/state`` (None when absent)."""
    namespaces = state["tcr"].get(region, {}).get("registries", {}).get(registry, {}).get("namespaces", {})
    repo = namespaces.get(namespace, {}).get("repositories", {}).get(repository, {})
    found = repo.get("tags", {}).get(tag)
    return None if found is None else str(found["digest"])
