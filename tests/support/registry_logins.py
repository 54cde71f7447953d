"""Docker logins for the emulated registries, issued by each cloud's own API through its real SDK.

TCR ``CreateInstanceToken``, SWR ``CreateSecret``, ACR ``GetAuthorizationToken``: what a user (or
the ``registry.ImageCopy`` resource) calls before talking to a registry. Plain registries (cloud
``oci``) have the user their seed gave them.
"""

from __future__ import annotations

import base64
from typing import Any

from pulumi_imagesync.emulator import Emulator

from .clouds import acr_call, swr_call, tencent_call
from .oci_client import OciClient


def tcr_login(emulator: Emulator, registry_id: str, region: str = "ap-guangzhou") -> tuple[str, str]:
    answer = tencent_call(emulator, "tcr", region, "CreateInstanceToken", {"RegistryId": registry_id})
    return answer["Username"], answer["Token"]


def swr_login(emulator: Emulator, region: str) -> tuple[str, str]:
    answer = swr_call(emulator, region, "CreateSecret", projectname=region)
    (auth,) = (entry["auth"] for entry in answer["auths"].values())
    username, _, password = base64.b64decode(auth).decode().partition(":")
    return username, password


def acr_login(emulator: Emulator, instance_id: str, region: str) -> tuple[str, str]:
    answer = acr_call(emulator, region, "GetAuthorizationToken", {"InstanceId": instance_id})
    assert answer["IsSuccess"] is True, answer
    return answer["TempUsername"], answer["AuthorizationToken"]


def login(emulator: Emulator, cloud: str, registry_id: str, region: str, **plain: Any) -> tuple[str, str]:
    """The login of a registry as its cloud issues it (``oci``: ``plain["username"]``/``["password"]``)."""
    if cloud == "tencentcloud":
        return tcr_login(emulator, registry_id, region)
    if cloud == "huaweicloud":
        return swr_login(emulator, region)
    if cloud == "alibabacloud":
        return acr_login(emulator, registry_id, region)
    return plain["username"], plain["password"]


def client(emulator: Emulator, cloud: str, registry_id: str, region: str = "", **plain: Any) -> OciClient:
    """An `OciClient` logged in to the registry (a plain one without a user: anonymous)."""
    endpoint = emulator.registry(cloud, registry_id)["endpoint"]
    if cloud == "oci" and not plain:
        return OciClient(endpoint)
    return OciClient(endpoint, *login(emulator, cloud, registry_id, region, **plain))
