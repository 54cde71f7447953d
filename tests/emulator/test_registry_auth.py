"""How clients log in to the emulated registries: each cloud's login API, the token flow, Basic.

Logins are issued by the clouds' own APIs through their real SDKs (TCR ``CreateInstanceToken``,
SWR ``CreateSecret``, ACR ``GetAuthorizationToken``) and belong to one registry and one account.
"""

from __future__ import annotations

import base64
import json
import re
from typing import Any

import httpx
import pytest
from alibabacloud_tea_openapi.exceptions import ClientException
from huaweicloudsdkswr.v2 import CreateSecretRequest
from tencentcloud.common.exception.tencent_cloud_sdk_exception import TencentCloudSDKException

from pulumi_imagesync.emulator import Emulator
from tests.support.clouds import acr_call, swr, tencent_call
from tests.support.oci_client import OciClient, refusal
from tests.support.registry_logins import client, login, tcr_login

from .helpers import sdk_call, tcr_client_for
from .registry_world import (
    ACR,
    ACR_HZ,
    GZ,
    PEER,
    PEER_KEYS,
    PLAIN,
    PLAIN_LOGIN,
    REGISTRIES,
    SWR_BJ,
    TCR,
    TCR_PEER,
    WORLD,
)

REALMS = {
    "tencentcloud": ("/service/token", "harbor-registry"),
    "huaweicloud": ("/swr/auth/v2/registry/auth/", "dockyard"),
    "alibabacloud": ("/auth", f"registry.aliyuncs.com:{ACR_HZ}:{ACR}"),
}
PEER_TCR_KEYS = {"secret_id": PEER_KEYS["access_key_id"], "secret_key": PEER_KEYS["access_key_secret"]}


@pytest.fixture
def world(emu: Emulator) -> Emulator:
    emu.seed(WORLD)
    return emu


def endpoint(emu: Emulator, cloud: str, registry_id: str) -> str:
    return str(emu.registry(cloud, registry_id)["endpoint"])


def basic(username: str, password: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()}


@pytest.mark.parametrize(("cloud", "registry_id", "region", "repository"), REGISTRIES[:3])
def test_a_cloud_registry_challenges_with_its_token_service(
    world: Emulator, cloud: str, registry_id: str, region: str, repository: str
) -> None:
    base = f"http://{endpoint(world, cloud, registry_id)}"
    answer = httpx.get(f"{base}/v2/{repository}/manifests/v1")
    assert answer.status_code == 401
    assert answer.json()["errors"][0]["code"] == "UNAUTHORIZED"
    realm, service = REALMS[cloud]
    challenge = dict(re.findall(r'(\w+)="([^"]*)"', answer.headers["www-authenticate"]))
    assert answer.headers["www-authenticate"].startswith("Bearer ")
    assert challenge == {"realm": base + realm, "service": service, "scope": f"repository:{repository}:pull"}
    username, password = login(world, cloud, registry_id, region)
    assert (
        httpx.get(f"{base}/v2/", headers=basic(username, password)).status_code == 401
    )  # Basic is not enough
    refused = httpx.get(base + realm, params={"service": service}, headers=basic(username, "wrong"))
    assert refused.status_code == 401 and refused.json()["errors"][0]["code"] == "UNAUTHORIZED"
    token = httpx.get(
        base + realm,
        params={"service": service, "scope": f"repository:{repository}:pull"},
        headers=basic(username, password),
    ).json()
    assert token["token"] == token["access_token"] and token["expires_in"] == 900 and token["issued_at"]
    pulled = httpx.get(
        f"{base}/v2/{repository}/manifests/v1", headers={"Authorization": f"Bearer {token['token']}"}
    )
    assert pulled.status_code == 200


def test_the_cloud_apis_issue_the_logins_as_documented(world: Emulator) -> None:
    issued = tencent_call(world, "tcr", GZ, "CreateInstanceToken", {"RegistryId": TCR})
    emulated_now = world.state()["emulated_time"]
    assert issued["Username"] == "100000000001" and abs(issued["ExpTime"] / 1000 - emulated_now - 3600) < 5
    long_term = tencent_call(
        world, "tcr", GZ, "CreateInstanceToken", {"RegistryId": TCR, "TokenType": "longterm"}
    )
    assert long_term["ExpTime"] == 0 and long_term["TokenId"].startswith("tk-")
    client_ = swr(world, SWR_BJ)
    try:
        answer = client_.create_secret(CreateSecretRequest(projectname=SWR_BJ))
    finally:
        client_.close()
    host = endpoint(world, "huaweicloud", SWR_BJ)
    username, password = base64.b64decode(answer.auths[host].auth).decode().split(":")
    assert (
        username.startswith(f"{SWR_BJ}@")
        and answer.x_swr_dockerlogin == f"docker login -u {username} -p {password} {host}"
    )
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", answer.x_swr_expireat)
    token = acr_call(world, ACR_HZ, "GetAuthorizationToken", {"InstanceId": ACR, "ExpiresInHours": 2})
    assert token["TempUsername"] == "cr_temp_user" and token["AuthorizationToken"]
    assert abs(token["ExpireTime"] / 1000 - world.state()["emulated_time"] - 7200) < 5
    with pytest.raises(ClientException, match="ExpiresInHours"):
        acr_call(world, ACR_HZ, "GetAuthorizationToken", {"InstanceId": ACR, "ExpiresInHours": 25})
    assert "secret" not in str(world.state()) and password not in str(world.registries())


def test_a_login_of_one_account_does_not_open_another_accounts_registry(world: Emulator) -> None:
    with pytest.raises(TencentCloudSDKException) as refused:  # the peer cannot get a login for TCR
        tencent_call_as_peer(world, "CreateInstanceToken", {"RegistryId": TCR})
    assert refused.value.code == "UnauthorizedOperation"
    peer_login = tencent_call_as_peer(world, "CreateInstanceToken", {"RegistryId": TCR_PEER})
    with OciClient(
        endpoint(world, "tencentcloud", TCR), peer_login["Username"], peer_login["Token"]
    ) as stranger:
        assert refusal(lambda: stranger.manifest("team/app", "v1")).status == 401  # bound to its instance
    peer_secret = swr_login_as_peer(world)
    with OciClient(endpoint(world, "huaweicloud", SWR_BJ), *peer_secret) as peer:
        assert peer.manifest("peer-team/app", "v1").digest
        assert refusal(lambda: peer.manifest("team/app", "v1")).codes == ["DENIED"]  # the default account's
        assert refusal(lambda: peer.request("POST", "/v2/team/app/blobs/uploads/")).codes == ["DENIED"]
    keys = {"access_key_id": PEER_KEYS["access_key_id"], "access_key_secret": PEER_KEYS["access_key_secret"]}
    hidden = acr_call(world, ACR_HZ, "GetAuthorizationToken", {"InstanceId": ACR}, **keys)
    assert hidden["Code"] == "INSTANCE_NOT_EXIST"


def test_logins_and_tokens_expire_on_the_emulated_clock(world: Emulator) -> None:
    username, password = tcr_login(world, TCR)
    with OciClient(endpoint(world, "tencentcloud", TCR), username, password) as oci:
        assert oci.manifest("team/app", "v1")
        world.advance(901)  # the bearer token is gone; the login still gets a new one
        assert oci.manifest("team/app", "v1")
        world.advance(3600)  # the temporary login is gone too
        assert refusal(lambda: oci.manifest("team/app", "v1")).status == 401


def test_a_token_grants_the_scopes_it_was_asked_for(world: Emulator) -> None:
    base = f"http://{endpoint(world, 'tencentcloud', TCR)}"
    username, password = tcr_login(world, TCR)
    realm = f"{base}/service/token"
    pull_only = httpx.get(
        realm, params={"scope": "repository:team/app:pull"}, headers=basic(username, password)
    ).json()
    bearer = {
        "Authorization": f"Bearer {pull_only['token']}",
        "Content-Type": "application/vnd.oci.image.manifest.v1+json",
    }
    pushed = httpx.put(f"{base}/v2/team/app/manifests/x", headers=bearer, content=b"{}")
    assert pushed.status_code == 401
    assert 'scope="repository:team/app:pull,push"' in pushed.headers["www-authenticate"]
    other = httpx.get(f"{base}/v2/other/app/tags/list", headers=bearer)
    assert other.status_code == 401  # not in the token's scope


def test_a_plain_registry_takes_basic_credentials(world: Emulator) -> None:
    base = f"http://{endpoint(world, 'oci', PLAIN)}"
    challenge = httpx.get(f"{base}/v2/")
    assert challenge.status_code == 401 and challenge.headers["www-authenticate"].startswith("Basic realm=")
    assert httpx.get(f"{base}/v2/", headers=basic(PLAIN_LOGIN["username"], "wrong")).status_code == 401
    assert httpx.get(f"{base}/v2/team/app/tags/list", headers=basic(**PLAIN_LOGIN)).json()["tags"] == ["v1"]


def test_registry_requests_are_in_the_call_log(world: Emulator) -> None:
    since = world.calls()["calls"][-1]["seq"] if world.calls()["calls"] else 0
    with client(world, "tencentcloud", TCR, GZ) as oci:
        layer = json.loads(oci.manifest("team/app", "v1").body)["layers"][0]
        oci.blob("team/app", layer["digest"])
    calls = [c for c in world.calls(since)["calls"] if c["service"] == "registry"]
    assert [c["action"] for c in calls] == [
        "GET manifest",
        "GET token",
        "GET manifest",
        "HEAD blob",
        "GET blob",
    ]
    blob = calls[-1]
    assert (blob["cloud"], blob["region"], blob["account_id"], blob["outcome"]) == (
        "tencentcloud",
        GZ,
        "100000000001",
        "ok",
    )
    assert (blob["target"], blob["bytes"]) == (f"{TCR}/team/app@{layer['digest']}", layer["size"])
    assert calls[0]["outcome"] == "UNAUTHORIZED" and calls[0]["account_id"] == ""


def tencent_call_as_peer(emu: Emulator, action: str, params: dict[str, Any]) -> dict[str, Any]:
    return sdk_call(tcr_client_for(emu.endpoint, GZ, **PEER_TCR_KEYS), action, params)


def swr_login_as_peer(emu: Emulator) -> tuple[str, str]:
    client_ = swr(
        emu,
        SWR_BJ,
        access_key=PEER_KEYS["access_key_id"],
        secret_key=PEER_KEYS["access_key_secret"],
        account_id=PEER,
    )
    try:
        answer = client_.create_secret(CreateSecretRequest(projectname=SWR_BJ))
    finally:
        client_.close()
    (auth,) = (entry.auth for entry in answer.auths.values())
    username, _, password = base64.b64decode(auth).decode().partition(":")
    return username, password
