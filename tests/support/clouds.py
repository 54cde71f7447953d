"""Raw cloud SDK clients pointed at the emulator, for changes made "out of band" in tests.

These are what a colleague with the console or a script would do behind Pulumi's back; they
use the real SDKs, exactly as the provider does.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

from pulumi_imagesync.emulator import DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, Emulator


def tencent(emulator: Emulator, service: str, region: str) -> Any:
    from tencentcloud.common import credential
    from tencentcloud.common.profile.client_profile import ClientProfile
    from tencentcloud.common.profile.http_profile import HttpProfile

    module = {
        "tcr": ("tencentcloud.tcr.v20190924.tcr_client", "TcrClient"),
        "cvm": ("tencentcloud.cvm.v20170312.cvm_client", "CvmClient"),
    }[service]
    client_class = getattr(__import__(module[0], fromlist=[module[1]]), module[1])
    http = HttpProfile(endpoint=urlparse(emulator.url).netloc, protocol="http", reqTimeout=10)
    return client_class(
        credential.Credential(DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET),
        region,
        ClientProfile(httpProfile=http),
    )


def tencent_call(
    emulator: Emulator, service: str, region: str, action: str, params: dict[str, Any]
) -> dict[str, Any]:
    """Call a Tencent action with the real SDK; the `Response` part of the answer."""
    return tencent(emulator, service, region).call_json(action, params)["Response"]
