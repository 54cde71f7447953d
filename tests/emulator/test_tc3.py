"""TC3-HMAC-SHA256: the verifier against the SDK-produced test vector (docs/cloud-assumptions.md, "Signatures")."""

from __future__ import annotations

import pytest

from pulumi_imagesync.emulator.accounts import Account, Accounts
from pulumi_imagesync.emulator.calls import Call
from pulumi_imagesync.emulator.protocols import tc3
from pulumi_imagesync.emulator.protocols.tencent import TencentProtocol
from pulumi_imagesync.emulator.protocols.tencent_errors import SignatureExpire, SignatureFailure
from pulumi_imagesync.emulator.services import SERVICES
from pulumi_imagesync.emulator.wire import Request

from .helpers import tc3_authorization

BODY = (
    b'{"RegistryId": "tcr-src001", "SourceNamespace": "ns1", "SourceRepo": "app", "SourceReference": "v1", '
    b'"DestinationTag": "v1-copy", "DestinationNamespace": "ns2", "DestinationRepo": "app2", "Override": false}'
)
TIMESTAMP = 1795400205
EXPECTED = "ee06f744beb7f0dee05a22080f691c82f592fdad455e6db8d62c633059a9141b"
HEADERS = {"content-type": "application/json", "host": "127.0.0.1:18080"}


def vector_request(body: bytes = BODY) -> Request:
    headers = {
        **HEADERS,
        "x-tc-action": "DuplicateImage",
        "x-tc-version": "2019-09-24",
        "x-tc-timestamp": str(TIMESTAMP),
        "x-tc-region": "ap-guangzhou",
        "authorization": "TC3-HMAC-SHA256 Credential=AKIDdummySecretId/2026-11-23/tcr/tc3_request, "
        f"SignedHeaders=content-type;host, Signature={EXPECTED}",
    }
    return Request("POST", "/", "", headers, body)


def protocol_at(now: float) -> TencentProtocol:
    return TencentProtocol([s for s in SERVICES if s.cloud == "tencentcloud"], wall=lambda: now)


def test_signature_functions_reproduce_the_vector() -> None:
    date = tc3.utc_date(TIMESTAMP)
    hashed = tc3.payload_hash(BODY, method="POST", unsigned=False)
    canonical = tc3.canonical_request("POST", "/", "", HEADERS, ["content-type", "host"], hashed)
    assert date == "2026-11-23"
    assert (
        tc3.signature("dummySecretKey", date, "tcr", tc3.string_to_sign(TIMESTAMP, date, "tcr", canonical))
        == EXPECTED
    )


def test_the_test_signer_reproduces_the_vector() -> None:
    header = tc3_authorization(
        "AKIDdummySecretId",
        "dummySecretKey",
        method="POST",
        query="",
        headers=HEADERS,
        body=BODY,
        timestamp=TIMESTAMP,
        service="tcr",
    )
    assert header.endswith(f"Signature={EXPECTED}")


def test_verifier_accepts_the_vector_request() -> None:
    accounts = Accounts([Account("AKIDdummySecretId", "dummySecretKey", "100000000009")])
    account = protocol_at(TIMESTAMP + 10).authenticate(vector_request(), Call("tencentcloud"), accounts)
    assert account.account_id == "100000000009"


def test_verifier_rejects_a_changed_body() -> None:
    accounts = Accounts([Account("AKIDdummySecretId", "dummySecretKey", "100000000009")])
    with pytest.raises(SignatureFailure):
        protocol_at(TIMESTAMP).authenticate(
            vector_request(BODY.replace(b"v1-copy", b"v2-copy")), Call("x"), accounts
        )


def test_verifier_rejects_the_vector_five_minutes_later() -> None:
    accounts = Accounts([Account("AKIDdummySecretId", "dummySecretKey", "100000000009")])
    with pytest.raises(SignatureExpire):
        protocol_at(TIMESTAMP + 301).authenticate(vector_request(), Call("x"), accounts)


def test_authorization_header_parsing() -> None:
    auth = tc3.Authorization.parse(vector_request().headers["authorization"])
    assert auth is not None
    assert (auth.secret_id, auth.date, auth.service, auth.signed_headers) == (
        "AKIDdummySecretId",
        "2026-11-23",
        "tcr",
        ("content-type", "host"),
    )
    assert tc3.Authorization.parse("HmacSHA256 whatever") is None
    assert tc3.Authorization.parse("TC3-HMAC-SHA256 Credential=a/b, Signature=x") is None
