"""Raw cloud SDK clients pointed at the emulator, for changes made "out of band" in tests.

These are what a colleague with the console or a script would do behind Pulumi's back; they
use the real SDKs, exactly as the provider does.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

from pulumi_imagesync.emulator import (
    DEFAULT_ACCESS_KEY_ID,
    DEFAULT_ACCESS_KEY_SECRET,
    DEFAULT_ACCOUNT_ID,
    Emulator,
)
from pulumi_imagesync.emulator.huawei_regions import project_id


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


def swr(
    emulator: Emulator,
    region: str,
    *,
    access_key: str = DEFAULT_ACCESS_KEY_ID,
    secret_key: str = DEFAULT_ACCESS_KEY_SECRET,
    account_id: str = DEFAULT_ACCOUNT_ID,
) -> Any:
    """An `SwrClient` acting in `region` (its project id in `X-Project-Id`), SDK retries off."""
    from huaweicloudsdkcore.auth.credentials import BasicCredentials
    from huaweicloudsdkcore.http.http_config import HttpConfig
    from huaweicloudsdkswr.v2 import SwrClient

    config = HttpConfig.get_default_config()
    config.timeout = 10
    config.retry_times = 0
    return (
        SwrClient.new_builder()
        .with_credentials(BasicCredentials(access_key, secret_key, project_id(account_id, region)))
        .with_endpoints([emulator.url])
        .with_http_config(config)
        .build()
    )


def swr_call(emulator: Emulator, region: str, action: str, **params: Any) -> Any:
    """Call an SWR action with the real SDK: `params` are the request's attributes (a `body` as a
    dict of the body model's attributes, snake_case); the answer is the JSON the API returned."""
    import re

    from huaweicloudsdkswr import v2

    body = params.pop("body", None)
    if "repository" in params:
        params["repository"] = params["repository"].replace("/", "$")
    request = getattr(v2, f"{action}Request")(**params)
    if body is not None:
        request.body = getattr(v2, f"{action}RequestBody")(**body)
    client = swr(emulator, region)
    method = re.sub(r"(?<!^)(?=[A-Z])", "_", action).lower()
    try:
        return getattr(client, method)(request).to_json_object()
    finally:
        client.close()


def acr(
    emulator: Emulator,
    region: str,
    *,
    access_key_id: str = DEFAULT_ACCESS_KEY_ID,
    access_key_secret: str = DEFAULT_ACCESS_KEY_SECRET,
    security_token: str | None = None,
) -> Any:
    """An Alibaba ACR (cr 2018-12-01) client for a region, sending `RegionId` as the provider does."""
    from alibabacloud_cr20181201.client import Client
    from alibabacloud_tea_openapi.models import Config, GlobalParameters

    return Client(
        Config(
            access_key_id=access_key_id,
            access_key_secret=access_key_secret,
            security_token=security_token,
            region_id=region,
            endpoint=urlparse(emulator.url).netloc,
            protocol="http",
            read_timeout=10_000,
            connect_timeout=5_000,
            global_parameters=GlobalParameters(queries={"RegionId": region}),
        )
    )


def acr_call(
    emulator: Emulator, region: str, action: str, params: dict[str, Any], **keys: Any
) -> dict[str, Any]:
    """Call an ACR action with the real SDK (`CreateRepoSyncTask` -> `create_repo_sync_task`); the body.

    The SDK raises for HTTP errors only: a body with `IsSuccess: false` is returned as it is.
    """
    import re

    from alibabacloud_cr20181201 import models

    request = getattr(models, f"{action}Request")().from_map(params)
    method = re.sub(r"(?<!^)(?=[A-Z])", "_", action).lower()
    body: dict[str, Any] = getattr(acr(emulator, region, **keys), method)(request).body.to_map()
    return body
