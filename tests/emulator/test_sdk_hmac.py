"""SDK-HMAC-SHA256: the verifier against the SDK-produced test vector (docs/cloud-assumptions.md, "Signatures")."""

from __future__ import annotations

import pytest

from pulumi_imagesync.emulator.accounts import Account, Accounts
from pulumi_imagesync.emulator.calls import Call
from pulumi_imagesync.emulator.protocols import sdk_hmac
from pulumi_imagesync.emulator.protocols.huawei import HuaweiProtocol
from pulumi_imagesync.emulator.protocols.huawei_errors import AuthenticationFailed
from pulumi_imagesync.emulator.services import SERVICES
from pulumi_imagesync.emulator.wire import Request

from .huawei_helpers import sdk_hmac_authorization

PATH = "/v2/manage/namespaces/ns1/repos/app/sync_repo"
BODY = b'{"remoteRegionId": "cn-east-3", "remoteNamespace": "ns2"}'
SDK_DATE = "20261123T021647Z"
SIGNED_AT = 1795400207.0  # 2026-11-23T02:16:47Z
EXPECTED = "40c4cbd604bdb68a2d967f0dc08a8fe57dd8d083995f95b7630beb509411d3ba"
HEADERS = {
    "content-type": "application/json",
    "host": "127.0.0.1:18080",
    "user-agent": "huaweicloud-usdk-python/3.0; os/Linux##1_SMP_PREEMPT_DYNAMIC_@0#x86_64 python/3.11.7 "
    "impl/CPython; app/89fa42d4-b204-4323-b32f-585ed2a12cdf",
    "x-project-id": "0123456789abcdef0123456789abcdef",
    "x-sdk-date": SDK_DATE,
}
SIGNED = tuple(sorted(HEADERS))
ACCOUNTS = Accounts([Account("dummyAK", "dummySK", "100000000009")])


def vector_request(body: bytes = BODY, signed: tuple[str, ...] = SIGNED, **changed: str) -> Request:
    authorization = f"SDK-HMAC-SHA256 Access=dummyAK, SignedHeaders={';'.join(signed)}, Signature={EXPECTED}"
    return Request("DELETE", PATH, "", {**HEADERS, **changed, "authorization": authorization}, body)


def protocol_at(now: float) -> HuaweiProtocol:
    return HuaweiProtocol([s for s in SERVICES if s.cloud == "huaweicloud"], wall=lambda: now)


def authenticate(request: Request, now: float = SIGNED_AT) -> Account:
    # Call("huaweicloud") names no service: the signature is checked, not the (dummy) project.
    return protocol_at(now).authenticate(request, Call("huaweicloud"), ACCOUNTS)


def test_signature_functions_reproduce_the_vector() -> None:
    canonical = sdk_hmac.canonical_request(
        "DELETE", PATH, "", HEADERS, SIGNED, sdk_hmac.payload_hash(BODY, None)
    )
    assert canonical.splitlines()[1] == PATH + "/"  # the canonical URI ends with a slash
    assert sdk_hmac.signature("dummySK", sdk_hmac.string_to_sign(SDK_DATE, canonical)) == EXPECTED


def test_the_test_signer_reproduces_the_vector() -> None:
    header = sdk_hmac_authorization(
        "dummyAK", "dummySK", method="DELETE", path=PATH, query="", headers=HEADERS, body=BODY
    )
    assert header == f"SDK-HMAC-SHA256 Access=dummyAK, SignedHeaders={';'.join(SIGNED)}, Signature={EXPECTED}"


def test_verifier_accepts_the_vector_request() -> None:
    assert authenticate(vector_request()).account_id == "100000000009"


@pytest.mark.parametrize(
    "changed",
    [
        {"body": BODY.replace(b"ns2", b"ns3")},
        {"user-agent": "curl/8.0"},
        {"x-project-id": "fedcba9876543210fedcba9876543210"},
        {"host": "127.0.0.1:18081"},
    ],
    ids=["body", "user-agent", "x-project-id", "host"],
)
def test_verifier_rejects_any_signed_part_changed(changed: dict[str, str]) -> None:
    body = changed.pop("body", BODY)
    with pytest.raises(AuthenticationFailed, match="signature does not match"):
        authenticate(vector_request(body.encode() if isinstance(body, str) else body, **changed))


def test_headers_that_are_sent_must_be_signed() -> None:
    unsigned_project = tuple(h for h in SIGNED if h != "x-project-id")
    with pytest.raises(AuthenticationFailed, match="SignedHeaders must include x-project-id"):
        authenticate(vector_request(signed=unsigned_project))


def test_the_vector_expires_after_fifteen_minutes() -> None:
    assert authenticate(vector_request(), SIGNED_AT + 899)
    with pytest.raises(AuthenticationFailed, match="expired"):
        authenticate(vector_request(), SIGNED_AT + 901)
    with pytest.raises(AuthenticationFailed, match="X-Sdk-Date must look like"):
        authenticate(vector_request(**{"x-sdk-date": "2026-11-23T02:16:47Z"}))


def test_canonical_query_and_uri() -> None:
    assert sdk_hmac.canonical_query("filter=limit%3A%3A10%7Coffset%3A%3A0&b=2&a=1") == (
        "a=1&b=2&filter=limit%3A%3A10%7Coffset%3A%3A0"
    )
    assert sdk_hmac.canonical_uri("/v2/manage/namespaces/ns/repos/web%24app/sync_repo") == (
        "/v2/manage/namespaces/ns/repos/web%24app/sync_repo/"
    )


def test_authorization_header_parsing() -> None:
    auth = sdk_hmac.Authorization.parse(vector_request().headers["authorization"])
    assert auth is not None
    assert (auth.access_key, auth.signed_headers, auth.signature) == ("dummyAK", SIGNED, EXPECTED)
    assert sdk_hmac.Authorization.parse("TC3-HMAC-SHA256 Credential=a/b/c/d") is None
    assert sdk_hmac.Authorization.parse("SDK-HMAC-SHA256 Access=a, Signature=x") is None
