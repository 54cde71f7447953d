"""ACS3-HMAC-SHA256: the verifier against the SDK-produced vector, and every check it makes on the wire."""

from __future__ import annotations

import time
import uuid
from urllib.parse import urlencode

import pytest

from pulumi_imagesync.emulator import Emulator
from pulumi_imagesync.emulator.accounts import Account, Accounts
from pulumi_imagesync.emulator.calls import Call
from pulumi_imagesync.emulator.protocols import acs3
from pulumi_imagesync.emulator.protocols.alibaba import AlibabaProtocol
from pulumi_imagesync.emulator.protocols.alibaba_errors import (
    SignatureDoesNotMatch,
    SignatureNonceUsed,
    TimestampExpired,
)
from pulumi_imagesync.emulator.services import SERVICES
from pulumi_imagesync.emulator.wire import Request

from .alibaba_helpers import EMPTY_SHA256, acs3_call, acs3_signature

# docs/cloud-assumptions.md, "Signatures": produced by alibabacloud-tea-openapi 0.4.6 for CreateRepoSyncTask.
QUERY = {
    "InstanceId": "cri-src001",
    "Override": "True",
    "RepoId": "crr-repo001",
    "Tag": "v1",
    "TargetInstanceId": "cri-dst001",
    "TargetNamespace": "ns2",
    "TargetRegionId": "cn-shanghai",
    "TargetRepoName": "app2",
    "TargetTag": "v1-copy",
    "TargetUserId": "1234567890",
}
HEADERS = {
    "accept": "application/json",
    "host": "127.0.0.1:18080",
    "user-agent": "AlibabaCloud (Linux; x86_64) Python/3.11.7 Core/0.4.3 TeaDSL/2",
    "x-acs-action": "CreateRepoSyncTask",
    "x-acs-content-sha256": EMPTY_SHA256,
    "x-acs-credentials-provider": "static_ak",
    "x-acs-date": "2026-11-23T02:16:48Z",
    "x-acs-signature-nonce": "a360ddb7db87fef69b7d682b7000e7ff",
    "x-acs-version": "2018-12-01",
}
EXPECTED = "fb4362cc61dda995bede16385ec83ad1489725388a338e16f92c919bdfcf830c"
VECTOR_TIME = 1795400208.0  # 2026-11-23T02:16:48Z
ACCOUNTS = Accounts([Account("dummyAK", "dummySecret", "100000000009")])


def vector_request(**changes: str) -> Request:
    signed = ";".join(sorted(HEADERS))
    headers = {
        **HEADERS,
        "authorization": f"ACS3-HMAC-SHA256 Credential=dummyAK,SignedHeaders={signed},Signature={EXPECTED}",
        "accept-encoding": "gzip, deflate",  # added by the HTTP layer after signing, not signed
        **changes,
    }
    return Request("POST", "/", urlencode(QUERY), headers, b"")


def protocol_at(now: float) -> AlibabaProtocol:
    return AlibabaProtocol([s for s in SERVICES if s.cloud == "alibabacloud"], wall=lambda: now)


def test_signature_functions_reproduce_the_vector() -> None:
    canonical = acs3.canonical_request(
        "POST", "/", list(QUERY.items()), HEADERS, sorted(HEADERS), EMPTY_SHA256
    )
    assert acs3.signature("dummySecret", acs3.string_to_sign(canonical)) == EXPECTED


def test_the_test_signer_reproduces_the_vector() -> None:
    assert acs3_signature("dummySecret", "POST", QUERY, HEADERS, sorted(HEADERS), EMPTY_SHA256) == EXPECTED


def test_verifier_accepts_the_vector_once() -> None:
    protocol = protocol_at(VECTOR_TIME + 60)
    assert (
        protocol.authenticate(vector_request(), Call("alibabacloud"), ACCOUNTS).account_id == "100000000009"
    )
    with pytest.raises(SignatureNonceUsed):
        protocol.authenticate(vector_request(), Call("alibabacloud"), ACCOUNTS)


@pytest.mark.parametrize(
    "changes",
    [
        {"user-agent": "AlibabaCloud (Linux; x86_64) Python/3.11.8 Core/0.4.3 TeaDSL/2"},
        {"x-acs-action": "DeleteRepoTag"},
        {"host": "127.0.0.1:18081"},
    ],
    ids=["user-agent", "action", "host"],
)
def test_verifier_rejects_any_changed_signed_header(changes: dict[str, str]) -> None:
    with pytest.raises(SignatureDoesNotMatch):
        protocol_at(VECTOR_TIME).authenticate(vector_request(**changes), Call("x"), ACCOUNTS)


def test_verifier_rejects_the_vector_a_quarter_of_an_hour_later() -> None:
    with pytest.raises(TimestampExpired):
        protocol_at(VECTOR_TIME + 901).authenticate(vector_request(), Call("x"), ACCOUNTS)


def test_authorization_header_parsing() -> None:
    auth = acs3.Authorization.parse(vector_request().headers["authorization"])
    assert auth is not None
    assert (auth.algorithm, auth.access_key_id, auth.signed_headers[0]) == (
        "ACS3-HMAC-SHA256",
        "dummyAK",
        "accept",
    )
    assert acs3.Authorization.parse("TC3-HMAC-SHA256 Credential=a/b/c/d") is None
    assert acs3.Authorization.parse("ACS3-HMAC-SHA256 Credential=a,Signature=x") is None


# --- on the wire -------------------------------------------------------------------------------------


def code_of(answer: tuple[int, dict[str, str], dict[str, object]]) -> tuple[int, object]:
    status, _, body = answer
    return status, body.get("Code")


def test_a_well_signed_request_is_answered(emu: Emulator) -> None:
    status, headers, body = acs3_call(emu.endpoint, "GetRepository", {"InstanceId": "cri-nothere1"})
    assert status == 200 and headers["Content-Type"].startswith("application/json")
    assert (body["Code"], body["IsSuccess"]) == ("INSTANCE_NOT_EXIST", False)
    uuid.UUID(str(body["RequestId"]))


def test_signature_checks_on_the_wire(emu: Emulator) -> None:
    ep, params = emu.endpoint, {"InstanceId": "cri-nothere1"}
    now = time.time()
    assert code_of(acs3_call(ep, "GetRepository", params, secret="wrong")) == (400, "SignatureDoesNotMatch")
    assert code_of(acs3_call(ep, "GetRepository", params, access_key_id="LTAIunknown")) == (
        404,
        "InvalidAccessKeyId.NotFound",
    )
    tampered = acs3_call(ep, "GetRepository", params, tamper_query={"InstanceId": "cri-other001"})
    assert code_of(tampered) == (400, "SignatureDoesNotMatch")
    changed = acs3_call(ep, "GetRepository", params, after_signing={"x-acs-version": "2018-12-02"})
    assert code_of(changed) == (400, "SignatureDoesNotMatch")
    unsigned = acs3_call(
        ep, "GetRepository", params, extra_headers={"x-acs-extra": "1"}, unsigned=("x-acs-extra",)
    )
    assert code_of(unsigned) == (400, "IncompleteSignature")
    assert "x-acs-extra" in unsigned[2]["Message"]  # type: ignore[operator]
    no_host = acs3_call(ep, "GetRepository", params, unsigned=("host",))
    assert code_of(no_host) == (400, "IncompleteSignature")
    body = acs3_call(
        ep, "GetRepository", params, body=b"x", after_signing={"x-acs-content-sha256": EMPTY_SHA256}
    )
    assert code_of(body) == (400, "SignatureDoesNotMatch")
    assert code_of(acs3_call(ep, "GetRepository", params, date=now - 901)) == (
        400,
        "InvalidTimeStamp.Expired",
    )
    assert code_of(acs3_call(ep, "GetRepository", params, date=now + 901)) == (
        400,
        "InvalidTimeStamp.Expired",
    )
    assert code_of(acs3_call(ep, "GetRepository", params, date=now - 600))[0] == 200


def test_a_nonce_is_accepted_once(emu: Emulator) -> None:
    nonce = uuid.uuid4().hex
    first = acs3_call(emu.endpoint, "GetRepository", {"InstanceId": "cri-nothere1"}, nonce=nonce)
    again = acs3_call(emu.endpoint, "GetRepository", {"InstanceId": "cri-nothere1"}, nonce=nonce)
    assert first[0] == 200 and code_of(again) == (400, "SignatureNonceUsed")


def test_the_legacy_query_signature_is_refused_with_a_reason(emu: Emulator) -> None:
    from .helpers import raw_http

    query = urlencode({"Action": "GetRepository", "SignatureMethod": "HMAC-SHA1", "Signature": "x"})
    status, _, body = raw_http(emu.endpoint, "POST", f"/?{query}", b"", {"x-acs-action": "GetRepository"})
    assert (status, body["Code"]) == (400, "IncompleteSignature") and "v2" in body["Message"]


def test_temporary_credentials_need_their_token(emu: Emulator) -> None:
    emu.seed(
        {
            "accounts": [
                {
                    "access_key_id": "STS.a",
                    "access_key_secret": "s",
                    "account_id": "7",
                    "security_token": "tok",
                }
            ]
        }
    )
    params = {"InstanceId": "cri-nothere1"}
    without = acs3_call(emu.endpoint, "GetRepository", params, access_key_id="STS.a", secret="s")
    wrong = acs3_call(
        emu.endpoint,
        "GetRepository",
        params,
        access_key_id="STS.a",
        secret="s",
        extra_headers={"x-acs-security-token": "no"},
    )
    right = acs3_call(
        emu.endpoint,
        "GetRepository",
        params,
        access_key_id="STS.a",
        secret="s",
        extra_headers={"x-acs-security-token": "tok"},
    )
    assert code_of(without) == code_of(wrong) == (400, "InvalidSecurityToken.Mismatch")
    assert code_of(right) == (200, "INSTANCE_NOT_EXIST")
